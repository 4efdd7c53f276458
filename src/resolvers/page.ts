import type Resolver from '@forge/resolver';
import { z } from 'zod';
import type { PageSummary } from '../contract/results';
import { ConfluenceClient } from '../confluence/client';
import { forgeTransport } from '../confluence/forge-transport';
import { ResolverFailure, defineFunction } from './define';
import type { ClaimedContext } from './define';

/** Confluence content ids are decimal numbers; anything else is refused before any call. */
export const contentIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a Confluence content id');

/**
 * The macro's functions. They only ever read as the user: the page id comes from a context
 * the browser can forge, so Confluence's own answer to *this viewer* decides what is shown.
 */
export function registerPageFeature(resolver: Resolver): void {
  defineFunction(resolver, 'getPageSummary', {
    payload: z.strictObject({}),
    async handle({ claimed }): Promise<PageSummary> {
      const contentId = claimedContentId(claimed);
      const client = new ConfluenceClient(forgeTransport('user'));
      const page = await client.getPage(contentId);
      const space = await client.getSpace(page.spaceId);
      return { title: page.title, space: { key: space.key, name: space.name } };
    },
  });
}

function claimedContentId(claimed: ClaimedContext): string {
  const parsed = contentIdSchema.safeParse(claimed.contentId);
  if (!parsed.success) {
    throw new ResolverFailure({
      code: 'BAD_REQUEST',
      message: 'Access Lens can only be used on a Confluence page.',
    });
  }
  return parsed.data;
}
