import type Resolver from '@forge/resolver';
import { z } from 'zod';
import type { ViewerSummary } from '../contract/results';
import { ConfluenceClient, isConfluenceAdmin } from '../confluence/client';
import { forgeTransport } from '../confluence/forge-transport';
import { defineFunction } from './define';

/**
 * The admin settings page's functions. Who the caller is comes from the platform
 * (`accountId`) and what they may do from Confluence, read as the user — never from the
 * module the request claims to come from.
 */
export function registerAdminFeature(resolver: Resolver): void {
  defineFunction(resolver, 'getViewer', {
    payload: z.strictObject({}),
    async handle({ caller }): Promise<ViewerSummary> {
      const client = new ConfluenceClient(forgeTransport('user'));
      const user = await client.getCurrentUser({ withOperations: true });
      return {
        accountId: caller.accountId,
        displayName: user.displayName ?? user.publicName ?? null,
        isConfluenceAdmin: isConfluenceAdmin(user),
      };
    },
  });
}
