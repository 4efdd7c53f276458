/**
 * The effective audience's reads over the Confluence client, as the reader it speaks for: a
 * viewer who may not browse people (anonymous, no Confluence access) is refused group listings
 * and standing, and the audience then says it is incomplete rather than guess.
 */
import type { GroupRef } from '../core';
import type { PersonFacts } from '../core/effective-audience';
import type { ConfluenceClient } from '../confluence/client';
import { accountName } from '../confluence/users';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import type { AudienceSource } from './load-effective-audience';

/** Groups per person beyond which we stop paging (as `loadSubject` does). */
const MAX_GROUPS = 1_000;

const refused = (error: unknown): boolean =>
  isConfluenceError(error, 'forbidden') ||
  isConfluenceError(error, 'unauthenticated') ||
  isConfluenceError(error, 'not-visible');

/**
 * What Confluence answers a reader who may not browse people (anonymous visitors, accounts
 * without Confluence access), given without asking: their reads would be refused, and each
 * refusal still costs a request from the shared points pool.
 */
export const refusedAudienceSource: AudienceSource = {
  groupSize: () => Promise.resolve(undefined),
  groupMembers: () => Promise.resolve('hidden'),
  standing: () => Promise.resolve([]),
  groupsOf: () => Promise.resolve(undefined),
};

export function clientAudienceSource(client: ConfluenceClient): AudienceSource {
  return {
    async groupSize(groupId) {
      try {
        return await client.getGroupSize(groupId);
      } catch (error) {
        if (!isConfluenceError(error)) throw error;
        return undefined;
      }
    },
    async groupMembers(groupId, max) {
      try {
        const listed = await collectAll(client.listGroupMembers(groupId, { limit: max }), {
          maxItems: max,
        });
        return {
          members: listed.items.map((user) => ({
            accountId: user.accountId,
            ...(user.isGuest === undefined ? {} : { isGuest: user.isGuest }),
          })),
          truncated: listed.truncated,
        };
      } catch (error) {
        if (!isConfluenceError(error) || !refused(error)) throw error;
        return 'hidden';
      }
    },
    async standing(accountIds) {
      try {
        return await standingOf(client, accountIds);
      } catch (error) {
        if (!isConfluenceError(error) || !refused(error)) throw error;
        return [];
      }
    },
    async groupsOf(accountId) {
      try {
        const groups = await collectAll(client.listUserGroups(accountId), {
          maxItems: MAX_GROUPS,
        });
        return groups.items.map((g): GroupRef => ({ groupId: g.id, name: g.name }));
      } catch (error) {
        if (!isConfluenceError(error) || !refused(error)) throw error;
        return undefined;
      }
    },
  };
}

/**
 * Standing in two bulk reads at most: v1 `user/bulk` with operations (`use` on `application`
 * means an active account with Confluence access), then v2 `users-bulk` for those without, which
 * tells a deactivated account from one without Confluence access (docs/ARCHITECTURE.md, "Who can
 * use Confluence").
 */
async function standingOf(
  client: ConfluenceClient,
  accountIds: readonly string[],
): Promise<PersonFacts[]> {
  const users = await client.getUsersWithOperations(accountIds);
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
