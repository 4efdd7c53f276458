import type { CurrentUserResponse } from './schemas';

/** The name fields every Confluence user shape carries (v1 user, group member, principal). */
export interface NamedAccount {
  readonly displayName?: string | null;
  readonly publicName?: string;
}

/**
 * The name to show for an account: its display name, else its public name (a profile's privacy
 * settings may withhold the display name). Undefined when Confluence gave neither; each caller
 * says what stands in then.
 */
export function accountName(user: NamedAccount): string | undefined {
  return user.displayName ?? user.publicName ?? undefined;
}

/** Whether the current user may administer Confluence (the `administer application` operation). */
export function isConfluenceAdmin(user: CurrentUserResponse): boolean {
  return (user.operations ?? []).some(
    (op) => op.operation === 'administer' && op.targetType === 'application',
  );
}
