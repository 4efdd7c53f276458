import type Resolver from '@forge/resolver';
import { z } from 'zod';
import type {
  CheckAccessView,
  ConfluenceConfirmation,
  GroupMembersPage,
  PageAccessView,
} from '../contract/results';
import { describeAudience, evaluateAccess, labelExposure } from '../core';
import type { AccessDecision, AccessInput } from '../core';
import { isConfluenceAdmin } from '../confluence/client';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { loadPageAccess } from '../access/load-page-access';
import { loadSubject } from '../access/load-subject';
import {
  kvsPageAccessCache,
  kvsPeopleBrowsingCache,
  kvsRoleModeCache,
} from '../storage/access-cache';
import type { ViewerAbilities } from '../access/cache';
import type { LoadedSubject } from '../access/load-subject';
import { ResolverFailure, defineFunction } from './define';
import type { ClaimedContext, TrustedCaller } from './define';
import { accountIdSchema, contentIdSchema, groupIdSchema } from './ids';

/**
 * The macro's functions. They only ever read as the user: the page id comes from a context the
 * browser can forge, so Confluence's own answer to *this viewer* decides what is shown, and
 * every answer starts with the viewer's own read of the page.
 */
export function registerPageFeature(resolver: Resolver): void {
  defineFunction(resolver, 'getPageAccess', {
    payload: z.strictObject({ refresh: z.boolean().optional() }),
    async handle({ payload, caller, claimed, asUser }): Promise<PageAccessView> {
      const client = asUser();
      const { page, input, readAt, fromCache } = await loadClaimedContent(client, claimed, {
        refresh: payload.refresh === true,
        viewer: viewerAbilities(client, caller),
      });
      const audience = describeAudience(input);
      return {
        page: { title: page.title, space: { key: page.space.key, name: page.space.name } },
        audience,
        labels: labelExposure(input.labels ?? [], audience),
        asOf: new Date(readAt).toISOString(),
        fromCache,
      };
    },
  });

  defineFunction(resolver, 'checkAccess', {
    payload: z.union([
      z.strictObject({ accountId: accountIdSchema }),
      z.strictObject({ anonymous: z.literal(true) }),
      z.strictObject({ groupId: groupIdSchema }),
    ]),
    async handle({ payload, claimed, asUser }): Promise<CheckAccessView> {
      const client = asUser();
      const { page, input } = await loadClaimedContent(client, claimed);
      const pageId = page.id;
      const request =
        'groupId' in payload
          ? { groupId: payload.groupId, ...groupNameIn(input, payload.groupId) }
          : payload;
      const [loaded, viewer] = await Promise.all([
        loadSubject(client, request),
        client.getCurrentUser({ withOperations: true }),
      ]);
      const decision = evaluateAccess(input, loaded.subject);
      const confluence = isConfluenceAdmin(viewer)
        ? await confirmWithConfluence(client, pageId, loaded, decision)
        : undefined;
      return {
        ...decision,
        subject: { label: loaded.label },
        ...(confluence ? { confluence } : {}),
      };
    },
  });

  defineFunction(resolver, 'listGroupMembers', {
    payload: z.strictObject({
      groupId: groupIdSchema,
      cursor: z
        .string()
        .regex(/^\d{1,6}$/, 'must be a cursor from a previous answer')
        .optional(),
      query: z.string().trim().max(100).optional(),
    }),
    async handle({ payload, claimed, asUser }): Promise<GroupMembersPage> {
      const client = asUser();
      const { input } = await loadClaimedContent(client, claimed);
      if (!groupsIn(input).has(payload.groupId)) {
        throw new ResolverFailure({
          code: 'FORBIDDEN',
          message:
            "That group isn't part of this page's access, so Access Lens won't list it here.",
        });
      }
      return listMembers(client, payload.groupId, Number(payload.cursor ?? 0), payload.query);
    },
  });
}

/**
 * The page or blog post the macro claims to sit on, read as the viewer (the claim is checked by
 * that read: someone who cannot read it learns nothing), through the shared access cache.
 */
function loadClaimedContent(
  client: ConfluenceClient,
  claimed: ClaimedContext,
  options: { readonly refresh?: boolean; readonly viewer?: ViewerAbilities } = {},
): ReturnType<typeof loadPageAccess> {
  const parsed = contentIdSchema.safeParse(claimed.contentId);
  if (!parsed.success) {
    throw new ResolverFailure({
      code: 'BAD_REQUEST',
      message: 'Access Lens can only be used on a Confluence page or blog post.',
    });
  }
  // The claimed type only picks which read to make; a wrong one finds nothing.
  const contentType = claimed.contentType === 'blogpost' ? 'blogpost' : 'page';
  return loadPageAccess(client, parsed.data, {
    cache: kvsPageAccessCache,
    roleModeCache: kvsRoleModeCache,
    contentType,
    ...options,
  });
}

/**
 * What the viewer may look up, for the cache's fields not every reader may see. Anonymous
 * visitors may not look up groups; an account may when it may use Confluence (`use` on
 * `application`: accounts without product access may not browse people), asked once and
 * remembered per account.
 */
function viewerAbilities(client: ConfluenceClient, caller: TrustedCaller): ViewerAbilities {
  return {
    async canLookUpGroups() {
      if (caller.accountId === '') return false;
      const remembered = await kvsPeopleBrowsingCache.get(caller.accountId);
      if (remembered !== undefined) return remembered;
      try {
        const me = await client.getCurrentUser({ withOperations: true });
        const may = (me.operations ?? []).some(
          (op) => op.operation === 'use' && op.targetType === 'application',
        );
        await kvsPeopleBrowsingCache.put(caller.accountId, may);
        return may;
      } catch (error) {
        // Not knowing means not serving the field: the answer then shows group ids.
        if (!isConfluenceError(error)) throw error;
        return false;
      }
    },
    async learnt(canLookUpGroups) {
      if (caller.accountId !== '')
        await kvsPeopleBrowsingCache.put(caller.accountId, canLookUpGroups);
    },
  };
}

/** Every group that appears in the page's access layers: space grants and view/edit lists. */
function groupsIn(input: AccessInput): Map<string, string | undefined> {
  const groups = new Map<string, string | undefined>();
  const add = (groupId: string, name?: string) => {
    if (!groups.get(groupId)) groups.set(groupId, name);
  };
  if (!('unknown' in input.grants)) {
    for (const grant of input.grants) {
      if (grant.principal.kind === 'group') add(grant.principal.groupId, grant.principal.name);
    }
  }
  for (const node of [...input.ancestors, input.page]) {
    if (!('unknown' in node.read))
      node.read.groups.forEach((g) => {
        add(g.groupId, g.name);
      });
  }
  if (!('unknown' in input.page.update)) {
    input.page.update.groups.forEach((g) => {
      add(g.groupId, g.name);
    });
  }
  return groups;
}

function groupNameIn(input: AccessInput, groupId: string): { groupName?: string } {
  const name = groupsIn(input).get(groupId);
  return name ? { groupName: name } : {};
}

const MEMBERS_PER_PAGE = 50;
/** A search scans at most this many members, so one request stays within a few calls. */
const SEARCH_SCAN_LIMIT = 1_000;

async function listMembers(
  client: ConfluenceClient,
  groupId: string,
  start: number,
  query: string | undefined,
): Promise<GroupMembersPage> {
  if (!query) {
    const page = await client.listGroupMembers(groupId, { start, limit: MEMBERS_PER_PAGE });
    return {
      members: page.results.map(member),
      ...(page.nextStart === undefined ? {} : { nextCursor: String(page.nextStart) }),
    };
  }
  const needle = query.toLowerCase();
  const found: GroupMembersPage['members'][number][] = [];
  let next: number | undefined = start;
  while (
    next !== undefined &&
    next - start < SEARCH_SCAN_LIMIT &&
    found.length < MEMBERS_PER_PAGE
  ) {
    const page = await client.listGroupMembers(groupId, { start: next, limit: 200 });
    found.push(
      ...page.results.map(member).filter((m) => m.displayName.toLowerCase().includes(needle)),
    );
    next = page.nextStart;
  }
  return { members: found, ...(next === undefined ? {} : { nextCursor: String(next) }) };
}

function member(user: { accountId: string; displayName?: string | null; publicName?: string }) {
  return {
    accountId: user.accountId,
    displayName: user.displayName ?? user.publicName ?? user.accountId,
  };
}

/**
 * Confluence's own permission check, available to admins. Its answer is shown next to ours;
 * a disagreement is reported, never smoothed over.
 */
async function confirmWithConfluence(
  client: ConfluenceClient,
  pageId: string,
  loaded: LoadedSubject,
  decision: AccessDecision,
): Promise<ConfluenceConfirmation | undefined> {
  try {
    const [view, edit] = await Promise.all([
      client.checkPermission(pageId, loaded.permissionSubject, 'read'),
      client.checkPermission(pageId, loaded.permissionSubject, 'update'),
    ]);
    const answer = (check: typeof view) => ({
      allowed: check.hasPermission,
      ...(check.errors?.[0]?.translation ? { reason: check.errors[0].translation } : {}),
    });
    const differs = [
      view.hasPermission !== decision.view.allowed ? 'view' : undefined,
      edit.hasPermission !== decision.edit.allowed ? 'edit' : undefined,
    ].filter((x): x is string => x !== undefined);
    return {
      view: answer(view),
      edit: answer(edit),
      ...(differs.length === 0
        ? {}
        : {
            disagreement: `Confluence's own check disagrees with Access Lens about whether ${loaded.label} can ${differs.join(' and ')} this page. Trust Confluence's answer, and tell us: something Access Lens cannot see (for example a public link or a permission it could not read) may be involved.`,
          }),
    };
  } catch (error) {
    // The confirmation is extra evidence; without it the engine's answer still stands. Only
    // Confluence's own refusals are swallowed: the platform's errors go on to the platform.
    if (!isConfluenceError(error)) throw error;
    return undefined;
  }
}
