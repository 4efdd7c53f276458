/**
 * What the engine answers: a decision per action with one reason per layer, so the UI can show every
 * layer (not only the first failing one) and the audit can count them.
 */
import type { GroupRef, NodeRef, Operation, RoleVia, TeamRef, UnknownCause } from './model';

/**
 * How a subject gets through a layer. `via` names the role when access comes from a space role
 * assignment rather than the legacy permission list.
 */
export type Through =
  /** A grant or restriction entry naming the user themself. */
  | { readonly kind: 'direct'; readonly via?: RoleVia }
  /** A guest's own grant: the space they are assigned to. */
  | { readonly kind: 'guest-assignment'; readonly via?: RoleVia }
  | { readonly kind: 'group'; readonly group: GroupRef; readonly via?: RoleVia }
  /** The space is open to anonymous visitors (principal `ANONYMOUS` or class `anonymous-users`). */
  | { readonly kind: 'anonymous'; readonly via?: RoleVia }
  | { readonly kind: 'access-class'; readonly accessClass: string; readonly via?: RoleVia }
  /**
   * An app's own account: apps reach every space through the scopes their admin consented to,
   * not through the space's grants (docs/ARCHITECTURE.md, "The effective audience"); content
   * restrictions still apply to them.
   */
  | { readonly kind: 'app-scopes'; readonly via?: RoleVia }
  /**
   * A team: only ever in `Layer.unconfirmed`, because no API the app may call lists a team's
   * members, so whether the subject is one is never known.
   */
  | { readonly kind: 'team'; readonly team: TeamRef; readonly via?: RoleVia }
  /** A principal of a type Access Lens does not recognise: only ever in `Layer.unconfirmed`. */
  | {
      readonly kind: 'unrecognised';
      readonly type: string;
      readonly id: string;
      readonly via?: RoleVia;
    };

export type Rule =
  | 'site-access'
  | 'space-permission'
  | 'inherited-restriction'
  | 'own-restriction'
  | 'content-status'
  | 'space-edit-permission'
  | 'update-restriction';

/**
 * Why a layer could not be checked (`checked: false`), as data:
 * - `unreadable`: the data for the layer could not be read;
 * - `site-setting`: Confluence does not reveal whether the site lets visitors in without logging in;
 * - `unlisted-members`: only a team or an unrecognised principal could let the subject through, and
 *   Access Lens cannot know who they include;
 * - `archived`: the content is archived and Confluence may no longer apply this inherited
 *   restriction to it (Atlassian Support, CONFCLOUD-83913).
 */
export type UncheckedCause = 'unreadable' | 'site-setting' | 'unlisted-members' | 'archived';

/**
 * How a user's account stands on the site, as the site-access layer found it:
 * - `active`: an active account with Confluence product access;
 * - `guest`: a guest, who sees only the space they are assigned to and anonymous-enabled spaces;
 * - `no-product-access`: logged in, but may not use Confluence (e.g. a Jira-only user);
 * - `customer`: a service-desk customer account, which never has Confluence product access;
 * - `deactivated`: the account cannot log in at all.
 */
export type AccountStanding = 'active' | 'guest' | 'no-product-access' | 'customer' | 'deactivated';

export interface Layer {
  readonly rule: Rule;
  /** True only when the subject is known to get through; unknown data never passes. */
  readonly passes: boolean;
  /** False when the layer could not be decided, so `passes` is false for that reason. */
  readonly checked: boolean;
  /** Set exactly when `checked` is false. */
  readonly uncheckedBecause?: UncheckedCause;
  /** Every route through the layer (all of them, so removing one grant is not mistaken for a fix). */
  readonly through: readonly Through[];
  /**
   * Routes that may let the subject through but could not be confirmed (teams, unrecognised
   * principals); absent when there are none. When `through` is empty they make the layer unchecked;
   * otherwise the subject passes without them, but removing the confirmed routes may not lock the
   * subject out.
   */
  readonly unconfirmed?: readonly Through[];
  /** Set for inherited restrictions: the ancestor that carries the restriction. */
  readonly ancestor?: NodeRef;
  /**
   * Set for `space-edit-permission`: the space permissions any one of which lets the subject edit,
   * which depends on the site's role mode (`create/page` on legacy sites, `update/page` on role-based
   * sites, either during the transition).
   */
  readonly operations?: readonly Operation[];
  /** Set for the user's `site-access` layer. */
  readonly account?: AccountStanding;
  /** Set exactly when `uncheckedBecause` is `unreadable`: why the data could not be read. */
  readonly unreadable?: UnknownCause;
  /** Set for a restriction that lists someone: how many people, groups and teams it lists. */
  readonly listed?: ListedCounts;
  /**
   * Set (true) for a failing `space-edit-permission` layer on a role-based site when the subject
   * may add this kind of content but not edit it: there, creating and editing are separate.
   */
  readonly canAdd?: true;
}

/** The size of a restriction's list, so a reason can say "1 person and 2 groups". */
export interface ListedCounts {
  readonly users: number;
  readonly groups: number;
  readonly teams: number;
}

/**
 * Who a decision is about, as data a reason names: the person, the group or anonymous visitors,
 * with what changes the wording (a guest, an account without Confluence product access).
 */
export type SubjectRef =
  | {
      readonly kind: 'user';
      readonly accountId: string;
      readonly displayName?: string;
      readonly isGuest?: true;
      readonly withoutProductAccess?: true;
    }
  | { readonly kind: 'group'; readonly groupId: string; readonly name?: string }
  | { readonly kind: 'anonymous' };

/**
 * `allowed`: every layer passes. `denied`: some layer is known to block. `unchecked`: nothing is
 * known to block, but some layer could not be checked, so `allowed` is false without being a
 * verdict.
 */
export type Verdict = 'allowed' | 'denied' | 'unchecked';

export interface Decision {
  readonly allowed: boolean;
  readonly verdict: Verdict;
  readonly reasons: readonly Layer[];
}

export interface AccessDecision {
  readonly view: Decision;
  readonly edit: Decision;
}

export function verdictOf(reasons: readonly Layer[]): Verdict {
  if (reasons.every((layer) => layer.passes)) return 'allowed';
  return reasons.some((layer) => !layer.passes && layer.checked) ? 'denied' : 'unchecked';
}
