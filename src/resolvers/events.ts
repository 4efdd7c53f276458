/**
 * Confluence's product events as hints (docs/ARCHITECTURE.md, "Shared parts and who may see
 * them" and "Re-audits"): when a page's, blog post's or folder's restrictions change, or a page
 * moves, the cached parts of that content (its own, and its part as an ancestor of the pages
 * below it) are dropped, so the next view reads them again, and the spaces the event names are
 * noted as changed, so the next incremental audit reads them again. Events are hints only:
 * Confluence may not deliver one (a page becoming restricted may not be), and none exists for
 * space permissions without a write scope, so every part's TTL (src/access/cache.ts) still bounds
 * how stale an answer can be, and the audit's scheduled reconciliation reads every space.
 *
 * The payload is the documented one for content events
 * (https://developer.atlassian.com/platform/forge/events-reference/confluence/): `eventType`,
 * `atlassianId`, `content: { id, type, status, title, space, … }`, and for a move `prevContent`.
 * Only the ids are used; anything malformed is ignored.
 */
import { z } from 'zod';
import { recordChangeEvent } from '../jobs/change-signals';
import { forgetContent } from '../storage/access-cache';

/** The events the `access-events` trigger subscribes to (manifest.yml). */
export const ACCESS_EVENTS = [
  'avi:confluence:permissions_updated:page',
  'avi:confluence:permissions_updated:blogpost',
  'avi:confluence:permissions_updated:folder',
  'avi:confluence:moved:page',
] as const;

const contentId = z.union([z.string().regex(/^\d{1,20}$/u), z.number().int().nonnegative()]);

const eventSchema = z.object({
  eventType: z.string(),
  content: z.looseObject({ id: contentId }),
  prevContent: z.looseObject({ id: contentId }).optional(),
});

/** What one delivery changed. */
export interface AccessEventOutcome {
  /** The content ids whose cached parts were dropped. */
  readonly forgotten: readonly string[];
  /** How many spaces were noted as changed for the next incremental audit. */
  readonly spacesNoted: number;
}

/** The trigger's function: drops the cached parts the event says may have changed. */
export async function onAccessEvent(event: unknown): Promise<AccessEventOutcome> {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success || !(ACCESS_EVENTS as readonly string[]).includes(parsed.data.eventType)) {
    return { forgotten: [], spacesNoted: 0 };
  }
  const ids = [
    ...new Set(
      [parsed.data.content.id, parsed.data.prevContent?.id].flatMap((id) =>
        id === undefined ? [] : [String(id)],
      ),
    ),
  ];
  const [spacesNoted] = await Promise.all([recordChangeEvent(event), ...ids.map(forgetContent)]);
  return { forgotten: ids, spacesNoted };
}
