/**
 * The macro's "What if" functions (docs/ARCHITECTURE.md, "What if"). Read-only like every macro
 * function: nothing is written to Confluence or to storage. Authorization is decided here, in one
 * place, from Confluence's answers to the viewer and never from the payload: only someone who
 * could make the change in Confluence (edit the page, restrict content in its space) may preview
 * it, whatever the browser sends.
 */
import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { clientAudienceSource } from '../access/audience-source';
import { loadSubject } from '../access/load-subject';
import type { LoadedPageAccess } from '../access/load-page-access';
import { previewRestrictionChange } from '../app/what-if';
import type { ConfluenceClient } from '../confluence/client';
import type { WhatIfAccessView, WhatIfView } from '../contract/results';
import { mayChangeRestrictions } from '../core/what-if';
import { ResolverFailure, defineFunction } from './define';
import type { TrustedCaller } from './define';
import { accountIdSchema, groupIdSchema } from './ids';
import { loadClaimedContent } from './page';
import { kvsPageAccessCache, kvsRoleModeCache } from '../storage/access-cache';
import type { PageAccessCache, RoleModeCache } from '../access/cache';

/**
 * The shared caches as a what-if call uses them: what is cached answers it, and nothing it reads
 * is stored (a preview writes nothing, not even a cache entry).
 */
const readOnlyCaches: { cache: PageAccessCache; roleModeCache: RoleModeCache } = {
  cache: {
    get: (keys) => kvsPageAccessCache.get(keys),
    getAncestors: (ids) => kvsPageAccessCache.getAncestors(ids),
    putPage: () => Promise.resolve(),
    putSpace: () => Promise.resolve(),
    putAncestors: () => Promise.resolve(),
    putSite: () => Promise.resolve(),
    // Never waits for another view's entry: this call reads what it lacks itself.
    claim: () => Promise.resolve(true),
    release: () => Promise.resolve(),
  },
  roleModeCache: { get: () => kvsRoleModeCache.get(), put: () => Promise.resolve() },
};

/** A restriction dialog holds a handful of changes at a time; more is not a preview. */
const MAX_CHANGES = 50;

const changePayload = z
  .strictObject({
    operation: z.enum(['read', 'update']),
    addUsers: z.array(accountIdSchema).max(MAX_CHANGES).default([]),
    addGroups: z.array(groupIdSchema).max(MAX_CHANGES).default([]),
    removeUsers: z.array(accountIdSchema).max(MAX_CHANGES).default([]),
    removeGroups: z.array(groupIdSchema).max(MAX_CHANGES).default([]),
  })
  .strict();

export function registerWhatIfFeature(resolver: Resolver): void {
  defineFunction(resolver, 'getWhatIfAccess', {
    payload: z.strictObject({}),
    async handle({ caller, claimed, asUser }): Promise<WhatIfAccessView> {
      const client = asUser();
      const access = await loadClaimedContent(client, claimed, readOnlyCaches);
      return { allowed: await mayPreview(client, access, caller) };
    },
  });

  defineFunction(resolver, 'previewRestrictionChange', {
    payload: changePayload,
    async handle({ payload, caller, claimed, asUser }): Promise<WhatIfView> {
      const client = asUser();
      const access = await loadClaimedContent(client, claimed, readOnlyCaches);
      if (!(await mayPreview(client, access, caller))) {
        throw new ResolverFailure('FORBIDDEN', 'cannot-change-restrictions');
      }
      const change = {
        operation: payload.operation,
        addUsers: payload.addUsers.map((accountId) => ({ accountId })),
        addGroups: payload.addGroups.map((groupId) => ({ groupId })),
        removeUserIds: payload.removeUsers,
        removeGroupIds: payload.removeGroups,
      };
      if (
        change.addUsers.length +
          change.addGroups.length +
          change.removeUserIds.length +
          change.removeGroupIds.length ===
        0
      ) {
        throw new ResolverFailure('BAD_REQUEST', 'no-change');
      }
      const preview = await previewRestrictionChange(
        client,
        clientAudienceSource(client),
        access.input,
        change,
      );
      if ('unpreviewable' in preview) {
        throw new ResolverFailure('BAD_REQUEST', 'restriction-unreadable');
      }
      return preview;
    },
  });
}

/**
 * Whether the viewer could make a restriction change on this page themselves, by the engine on
 * what Confluence answers the viewer: their own account and groups, the page's layers.
 */
async function mayPreview(
  client: ConfluenceClient,
  access: LoadedPageAccess,
  caller: TrustedCaller,
): Promise<boolean> {
  if (caller.accountId === '') return false;
  const { subject } = await loadSubject(client, { accountId: caller.accountId });
  return mayChangeRestrictions(access.input, subject);
}
