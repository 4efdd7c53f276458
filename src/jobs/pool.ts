/**
 * The app's points pool as background jobs see it (docs/ARCHITECTURE.md, "Call plans and
 * points"): one hourly pool shared by every install, read from the quota headers of each
 * response. The audit and the person check both wait for its reset before it runs low, so the
 * macro keeps working on every site.
 */
import type { QuotaInfo } from '../confluence/rate-limit';

/** The app's points pool per hour, shared by every install: Atlassian's default tier. */
export const HOURLY_POINTS_POOL = 65_000;
/**
 * Under this share of the app's pool left (every install's traffic counts), a job waits for the
 * pool's reset before its next step: a background job must not be what empties the pool the
 * macro needs on every site.
 */
export const POOL_FLOOR_SHARE = 0.1;
/** How long a quota 429 that names no reset keeps a job away. */
export const QUOTA_FALLBACK_WAIT_SECONDS = 900;

/** The app's pool as the latest response of this invocation reported it. */
export interface PoolReading {
  readonly quota: QuotaInfo;
  /** Job clock, epoch ms. */
  readonly seenAt: number;
}

/**
 * Seconds to wait for the app's pool to reset before a step that may cost `reserve` points, or
 * undefined to go on. Confluence reports the points left only once under about 20% is left, so
 * no count means plenty; a reading whose reset has passed says nothing of the new window.
 */
export function poolWait(
  pool: PoolReading | undefined,
  reserve: number,
  now: number,
): number | undefined {
  const remaining = pool?.quota.remaining;
  if (pool === undefined || remaining === undefined) return undefined;
  const floor = POOL_FLOOR_SHARE * (pool.quota.limit ?? HOURLY_POINTS_POOL);
  if (remaining - reserve >= floor) return undefined;
  const reset = pool.quota.resetSeconds;
  if (reset === undefined) return QUOTA_FALLBACK_WAIT_SECONDS;
  const left = reset - (now - pool.seenAt) / 1000;
  return left > 0 ? Math.max(1, left) : undefined;
}
