/**
 * Confluence's word that an account administers Confluence, remembered for at most a minute.
 *
 * Every admin function asks Confluence, as the caller, whether they are a Confluence admin
 * (`user/current`, 3 points from the app's shared pool). The admin page polls while an audit runs,
 * so asking on every call would cost a tab thousands of points an hour. The verdict is kept per
 * account id (which the platform vouches for, never the browser) with the time Confluence gave it,
 * and trusted for ADMIN_VERDICT_TTL_MS only: an admin whose rights are taken away is refused
 * within that time. Only "is an admin" is kept; a refusal is asked again on every call, so someone
 * just made an admin is let in at once (docs/ARCHITECTURE.md, "Security rules").
 */
import { kvs } from '@forge/kvs';

/** How long Confluence's "is an admin" is trusted without asking again. */
export const ADMIN_VERDICT_TTL_MS = 60_000;

export const adminVerdictKey = (accountId: string): string => `admin-verdict:${accountId}`;

/** Account ids are `557058:…` or hex; anything the KVS key pattern refuses is never cached. */
const CACHEABLE_ACCOUNT_ID = /^[a-zA-Z0-9:._-]{1,128}$/;

interface StoredVerdict {
  readonly admin: true;
  /** When Confluence said so (ms since the epoch, the platform's clock). */
  readonly checkedAt: number;
}

/** A verdict still within its minute: when Confluence gave it. */
export interface FreshVerdict {
  readonly checkedAt: number;
}

function isStoredVerdict(value: unknown): value is StoredVerdict {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.admin === true && typeof record.checkedAt === 'number';
}

/**
 * The remembered "is an admin" for `accountId`, if Confluence gave it less than a minute ago by
 * `now`. A time in the future (a clock that jumped back) is not trusted either.
 */
export async function readAdminVerdict(
  accountId: string,
  now: number,
): Promise<FreshVerdict | undefined> {
  if (!CACHEABLE_ACCOUNT_ID.test(accountId)) return undefined;
  const stored = await kvs.get<unknown>(adminVerdictKey(accountId));
  if (!isStoredVerdict(stored)) return undefined;
  const age = now - stored.checkedAt;
  return age >= 0 && age < ADMIN_VERDICT_TTL_MS ? { checkedAt: stored.checkedAt } : undefined;
}

/** Remembers that Confluence said, at `checkedAt`, that `accountId` administers Confluence. */
export async function rememberAdmin(accountId: string, checkedAt: number): Promise<void> {
  if (!CACHEABLE_ACCOUNT_ID.test(accountId)) return;
  const verdict: StoredVerdict = { admin: true, checkedAt };
  // The KVS TTL only tidies storage; freshness is decided by `checkedAt` above.
  await kvs.set(adminVerdictKey(accountId), verdict, { ttl: { value: 2, unit: 'MINUTES' } });
}
