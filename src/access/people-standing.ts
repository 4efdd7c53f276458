/**
 * What a v1 listing with operations says about each person, completed by one v2 read for those
 * it does not vouch for (docs/ARCHITECTURE.md, "The permission model"): `use` on `application`
 * means an active account with Confluence access; without it, v2 `users-bulk` tells a
 * deactivated account from an active one without Confluence access.
 */
import type { PersonFacts } from '../core/effective-audience';
import type { ConfluenceClient } from '../confluence/client';
import type { PrincipalUserResponse } from '../confluence/schemas';
import { accountName } from '../confluence/users';

export async function standingFromListing(
  client: ConfluenceClient,
  users: readonly PrincipalUserResponse[],
): Promise<PersonFacts[]> {
  const facts = new Map<string, PersonFacts>();
  const withoutAccess: string[] = [];
  for (const user of users) {
    const ops = user.operations ?? [];
    const uses = ops.some((op) => op.operation === 'use' && op.targetType === 'application');
    const admin = ops.some(
      (op) => op.operation === 'administer' && op.targetType === 'application',
    );
    const name = accountName(user);
    facts.set(user.accountId, {
      accountId: user.accountId,
      ...(name ? { displayName: name } : {}),
      ...(user.isGuest === undefined ? {} : { isGuest: user.isGuest }),
      ...(user.accountType === undefined ? {} : { accountType: user.accountType }),
      ...(uses ? { active: true, productAccess: true } : {}),
      isProductAdmin: admin,
    });
    if (!uses) withoutAccess.push(user.accountId);
  }
  if (withoutAccess.length > 0) {
    const accounts = await client.getUsersBulk(withoutAccess);
    for (const account of accounts) {
      const known = facts.get(account.accountId);
      if (!known) continue;
      const type = account.accountType ?? known.accountType;
      facts.set(account.accountId, {
        ...known,
        ...(type === undefined ? {} : { accountType: type }),
        ...(account.accountStatus === 'active'
          ? { active: true, productAccess: false }
          : { active: false }),
      });
    }
    for (const id of withoutAccess) {
      const known = facts.get(id);
      // Without a v2 answer the account's standing is unknown: never let in by assumption.
      if (known && known.active === undefined) facts.set(id, { ...known, active: false });
    }
  }
  return [...facts.values()];
}
