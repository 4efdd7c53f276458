/**
 * Builds the engine's `Subject` for "can X view / edit this page?", reading X's groups with the
 * client it is given (as the viewer, so only what the viewer may read).
 */
import type { Subject } from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { accountName } from '../confluence/users';
import { isConfluenceError } from '../confluence/errors';
import { collectAll } from '../confluence/pagination';
import type { V2UserResponse } from '../confluence/schemas';

export type SubjectRequest =
  | { readonly accountId: string }
  | { readonly anonymous: true }
  | { readonly groupId: string; readonly groupName?: string };

export interface LoadedSubject {
  readonly subject: Subject;
  /** Who to ask Confluence's permission check about. */
  readonly permissionSubject: { readonly type: 'user' | 'group'; readonly identifier: string };
}

/** Groups per user beyond which we stop paging: the check then says it may be incomplete. */
const MAX_GROUPS = 1_000;

export async function loadSubject(
  client: ConfluenceClient,
  request: SubjectRequest,
): Promise<LoadedSubject> {
  if ('anonymous' in request) {
    return {
      subject: { kind: 'anonymous' },
      permissionSubject: { type: 'user', identifier: 'anonymous' },
    };
  }
  if ('groupId' in request) {
    const name = request.groupName;
    return {
      subject: { kind: 'group', groupId: request.groupId, ...(name ? { name } : {}) },
      permissionSubject: { type: 'group', identifier: request.groupId },
    };
  }
  const [user, groups] = await Promise.all([
    client.getUser(request.accountId, { withOperations: true }),
    collectAll(client.listUserGroups(request.accountId), { maxItems: MAX_GROUPS }),
  ]);
  const displayName = accountName(user);
  const standing = await accountStanding(client, request.accountId, user.operations);
  return {
    subject: {
      kind: 'user',
      accountId: request.accountId,
      ...(displayName ? { displayName } : {}),
      groups: groups.items.map((group) => ({ groupId: group.id, name: group.name })),
      ...(user.isGuest === undefined ? {} : { isGuest: user.isGuest }),
      ...standing,
      ...productAdminOf(user.operations),
    },
    permissionSubject: { type: 'user', identifier: request.accountId },
  };
}

type Operations = readonly { operation: string; targetType: string }[] | null | undefined;

interface Standing {
  active?: boolean;
  productAccess?: boolean;
  accountType?: string;
}

/**
 * Whether the account may use Confluence. `use` on `application` among its operations means it
 * may. Without it there are two different people (docs/ARCHITECTURE.md, "The permission
 * model"): a deactivated account (v2 `accountStatus` inactive or closed) and a live account
 * without Confluence product access (a Jira-only user, a service-desk customer), who still sees
 * spaces open to everyone. Only v2 `users-bulk` tells them apart, so it is asked only then.
 * Without operations we cannot tell, and say nothing.
 */
async function accountStanding(
  client: ConfluenceClient,
  accountId: string,
  operations: Operations,
): Promise<Standing> {
  if (!operations) return {};
  if (operations.some((op) => op.operation === 'use' && op.targetType === 'application')) {
    return { active: true };
  }
  let account: V2UserResponse | undefined;
  try {
    [account] = await client.getUsersBulk([accountId]);
  } catch (error) {
    if (!isConfluenceError(error)) throw error;
  }
  const accountType = account?.accountType;
  const typed = accountType === undefined ? {} : { accountType };
  // Inactive or closed is deactivated. So is a status we could not read: the account cannot use
  // Confluence, and we cannot say it still sees spaces open to everyone.
  return account?.accountStatus === 'active'
    ? { active: true, productAccess: false, ...typed }
    : { active: false, ...typed };
}

/** Confluence admins hold `administer` on `application`; they are the `all-product-admins` class. */
function productAdminOf(operations: Operations): { isProductAdmin?: boolean } {
  if (!operations) return {};
  return {
    isProductAdmin: operations.some(
      (op) => op.operation === 'administer' && op.targetType === 'application',
    ),
  };
}
