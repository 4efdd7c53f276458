/**
 * Builds the engine's `Subject` for "can X view / edit this page?", reading X's groups with the
 * client it is given (as the viewer, so only what the viewer may read).
 */
import type { Subject } from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { collectAll } from '../confluence/pagination';

export type SubjectRequest =
  | { readonly accountId: string }
  | { readonly anonymous: true }
  | { readonly groupId: string; readonly groupName?: string };

export interface LoadedSubject {
  readonly subject: Subject;
  /** How the UI names the subject, e.g. "Bob Engineer" or "an anonymous visitor". */
  readonly label: string;
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
      label: 'an anonymous visitor',
      permissionSubject: { type: 'user', identifier: 'anonymous' },
    };
  }
  if ('groupId' in request) {
    const name = request.groupName;
    return {
      subject: { kind: 'group', groupId: request.groupId, ...(name ? { name } : {}) },
      label: name ? `a member of ${name}` : 'a member of this group',
      permissionSubject: { type: 'group', identifier: request.groupId },
    };
  }
  const [user, groups] = await Promise.all([
    client.getUser(request.accountId, { withOperations: true }),
    collectAll(client.listUserGroups(request.accountId), { maxItems: MAX_GROUPS }),
  ]);
  const displayName = user.displayName ?? user.publicName ?? undefined;
  return {
    subject: {
      kind: 'user',
      accountId: request.accountId,
      ...(displayName ? { displayName } : {}),
      groups: groups.items.map((group) => ({ groupId: group.id, name: group.name })),
      ...(user.isGuest === undefined ? {} : { isGuest: user.isGuest }),
      ...activeOf(user.operations),
      ...productAdminOf(user.operations),
    },
    label: displayName ?? 'this person',
    permissionSubject: { type: 'user', identifier: request.accountId },
  };
}

/**
 * Whether the account may use Confluence: `use` on `application` among its operations. A
 * deactivated account lacks it. Without operations we cannot tell, and say nothing.
 */
function activeOf(
  operations: readonly { operation: string; targetType: string }[] | null | undefined,
): { active?: boolean } {
  if (!operations) return {};
  return {
    active: operations.some((op) => op.operation === 'use' && op.targetType === 'application'),
  };
}

/** Confluence admins hold `administer` on `application`; they are the `all-product-admins` class. */
function productAdminOf(
  operations: readonly { operation: string; targetType: string }[] | null | undefined,
): { isProductAdmin?: boolean } {
  if (!operations) return {};
  return {
    isProductAdmin: operations.some(
      (op) => op.operation === 'administer' && op.targetType === 'application',
    ),
  };
}
