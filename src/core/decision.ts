/**
 * What the engine answers: a decision per action with one reason per layer, so the UI can show every
 * layer (not only the first failing one) and the audit can count them.
 */
import type { GroupRef, NodeRef, RoleVia } from './model';

/**
 * How a subject gets through a layer. `via` names the role when access comes from a space role
 * assignment (issue 8) rather than the legacy permission list.
 */
export type Through =
  /** A grant or restriction entry naming the user themself. */
  | { readonly kind: 'direct'; readonly via?: RoleVia }
  /** A guest's own grant: the space they are assigned to. */
  | { readonly kind: 'guest-assignment'; readonly via?: RoleVia }
  | { readonly kind: 'group'; readonly group: GroupRef; readonly via?: RoleVia }
  /** The space is open to anonymous visitors (principal `ANONYMOUS` or class `anonymous-users`). */
  | { readonly kind: 'anonymous'; readonly via?: RoleVia }
  | { readonly kind: 'access-class'; readonly accessClass: string; readonly via?: RoleVia };

export type Rule =
  | 'site-access'
  | 'space-permission'
  | 'inherited-restriction'
  | 'own-restriction'
  | 'space-edit-permission'
  | 'update-restriction';

export interface Layer {
  readonly rule: Rule;
  /** True only when the subject is known to get through; unknown data never passes. */
  readonly passes: boolean;
  /** False when the data for this layer could not be read, so `passes` is false for that reason. */
  readonly checked: boolean;
  /** Every route through the layer (all of them, so removing one grant is not mistaken for a fix). */
  readonly through: readonly Through[];
  /** Set for inherited restrictions: the ancestor that carries the restriction. */
  readonly ancestor?: NodeRef;
  /** A sentence a page owner understands. */
  readonly message: string;
}

export interface Decision {
  readonly allowed: boolean;
  readonly reasons: readonly Layer[];
}

export interface AccessDecision {
  readonly view: Decision;
  readonly edit: Decision;
}
