import type Resolver from '@forge/resolver';
import { z } from 'zod';
import type { CheckAccessView, GroupMembersPage, PageAccessView } from '../contract/results';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { loadPageAccess } from '../access/load-page-access';
import type { LoadOptions } from '../access/load-page-access';
import { checkSubject, groupsIn, pageAccess } from '../app/page-access';
import { MEMBERS_CURSOR, groupMembersPage } from '../app/group-members';
import { checkGroupMembers } from '../app/group-check';
import {
  kvsPageAccessCache,
  kvsPeopleBrowsingCache,
  kvsStandingCache,
  kvsRoleModeCache,
} from '../storage/access-cache';
import type { ViewerAbilities } from '../access/cache';
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
      const { pageId, options } = claimedContent(claimed);
      const {
        page,
        audience,
        effective,
        labels,
        readAt,
        fromCache,
        parts,
        peopleReadAt,
        peopleChecked,
      } = await pageAccess(client, pageId, {
        ...options,
        refresh: payload.refresh === true,
        viewer: viewerAbilities(client, caller),
        ...(caller.installContext === '' ? {} : { site: caller.installContext }),
        // Refresh reads people's standing again too.
        ...(payload.refresh === true ? {} : { standingCache: kvsStandingCache }),
      });
      const answeredAt = Date.now();
      const age = (at: number) => Math.max(0, Math.floor((answeredAt - at) / 1000));
      return {
        page: { title: page.title, space: { key: page.space.key, name: page.space.name } },
        audience,
        effective,
        labels,
        peopleChecked,
        asOf: new Date(Math.min(readAt, peopleReadAt ?? readAt)).toISOString(),
        fromCache: fromCache || peopleReadAt !== undefined,
        ages: {
          page: age(parts.page),
          space: age(parts.space),
          ...(parts.ancestors === undefined ? {} : { ancestors: age(parts.ancestors) }),
          site: age(parts.site),
          ...(peopleReadAt === undefined ? {} : { people: age(peopleReadAt) }),
        },
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
      const access = await loadClaimedContent(client, claimed);
      const [{ subject, markers, decision, confluence }, members] = await Promise.all([
        checkSubject(client, access, payload, { confirm: true }),
        // Members are read only for groups the page's layers name, as for the member lists.
        'groupId' in payload && groupsIn(access.input).has(payload.groupId)
          ? checkGroupMembers(client, access.input, payload.groupId)
          : Promise.resolve(undefined),
      ]);
      const { page } = access;
      return {
        ...decision,
        subject,
        ...(markers.length > 0 ? { markers } : {}),
        page: { contentType: page.type, space: { key: page.space.key, name: page.space.name } },
        ...(confluence ? { confluence } : {}),
        ...(members ? { members } : {}),
      };
    },
  });

  defineFunction(resolver, 'listGroupMembers', {
    payload: z.strictObject({
      groupId: groupIdSchema,
      cursor: z
        .string()
        .regex(MEMBERS_CURSOR, 'must be a cursor from a previous answer')
        .optional(),
      query: z.string().trim().max(100).optional(),
    }),
    async handle({ payload, claimed, asUser }): Promise<GroupMembersPage> {
      const client = asUser();
      const { input } = await loadClaimedContent(client, claimed);
      if (!groupsIn(input).has(payload.groupId)) {
        throw new ResolverFailure('FORBIDDEN', 'group-not-on-page');
      }
      return groupMembersPage(client, payload.groupId, payload);
    },
  });
}

/**
 * The page or blog post the macro claims to sit on, read as the viewer (the claim is checked by
 * that read: someone who cannot read it learns nothing), through the shared access cache.
 */
export function loadClaimedContent(
  client: ConfluenceClient,
  claimed: ClaimedContext,
  caches: Partial<Pick<LoadOptions, 'cache' | 'roleModeCache'>> = {},
): ReturnType<typeof loadPageAccess> {
  const { pageId, options } = claimedContent(claimed);
  return loadPageAccess(client, pageId, { ...options, ...caches });
}

/** The claimed content's id, checked for shape, and how to read it through the shared cache. */
function claimedContent(claimed: ClaimedContext): { pageId: string; options: LoadOptions } {
  const parsed = contentIdSchema.safeParse(claimed.contentId);
  if (!parsed.success) {
    throw new ResolverFailure('BAD_REQUEST', 'not-a-page');
  }
  // The claimed type only picks which read to make; a wrong one finds nothing.
  const contentType = claimed.contentType === 'blogpost' ? 'blogpost' : 'page';
  // The claimed space only lets its grants be read alongside the page; the loader uses them
  // only if the page read shows the page is in that space.
  const spaceId = contentIdSchema.safeParse(claimed.spaceId);
  return {
    pageId: parsed.data,
    options: {
      cache: kvsPageAccessCache,
      roleModeCache: kvsRoleModeCache,
      contentType,
      ...(spaceId.success ? { claimedSpaceId: spaceId.data } : {}),
    },
  };
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
