/**
 * What Confluence says about its rate limits in the headers of one response, in one typed shape.
 *
 * Atlassian documents two systems side by side
 * (https://developer.atlassian.com/cloud/confluence/rate-limiting/):
 *
 * - the **points quota**: an hourly pool of points, reported as structured fields in the
 *   `RateLimit-Policy` (`"global-app-quota";q=65000;w=3600`) and `RateLimit`
 *   (`"global-app-quota";r=11000;t=600`) headers, `Beta-` prefixed while not enforced. `r`, the
 *   points left, is sent only once usage passes about 80% of the pool. Tier 1 (`global-app-quota`)
 *   is one pool for the app across every install; Tier 2 (`tenant-app-quota`) is per site.
 * - **burst limits** per second: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`
 *   (ISO 8601) and, on a 429, `Retry-After`. `X-RateLimit-NearLimit: true` says less than 20% of
 *   the hourly quota is left.
 *
 * On a 429, `RateLimit-Reason` says which limit refused: a quota reason means the pool is empty
 * (pause every request until the window resets), a burst reason means "slow down this endpoint".
 * The documented names (`confluence-quota-global-based`, `confluence-quota-tenant-based`) have
 * been seen to differ in the field, so reasons are classified by their words, not matched exactly.
 *
 * The structured headers follow the IETF draft "RateLimit header fields for HTTP"
 * (https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/): a list of quoted
 * policy names, each with `;key=value` parameters. Entries may come in any number and order and
 * carry parameters this code does not know; a malformed entry or value is skipped, never thrown.
 */
import { parseRetryAfter } from './retry';

/** One points quota as the structured headers report it. */
export interface QuotaInfo {
  /** Policy name, e.g. `global-app-quota` (Tier 1, every install) or `tenant-app-quota`. */
  readonly policy: string;
  /** `q` of `RateLimit-Policy`: points in one window. */
  readonly limit?: number;
  /** `w` of `RateLimit-Policy`: the window, in seconds. */
  readonly windowSeconds?: number;
  /** `r` of `RateLimit`: points left; absent while usage is well within the quota. */
  readonly remaining?: number;
  /** `t` of `RateLimit`: seconds until the window resets. */
  readonly resetSeconds?: number;
  /** Reported by the unprefixed headers (enforced: exceeding it answers 429), not `Beta-`. */
  readonly enforced: boolean;
}

/** The per-second burst limit (`X-RateLimit-*`). */
export interface BurstInfo {
  readonly limit?: number;
  readonly remaining?: number;
  /** `X-RateLimit-Reset` as sent (ISO 8601). */
  readonly reset?: string;
  /** `X-RateLimit-Reset` as epoch ms, when it parses. */
  readonly resetAtMs?: number;
  /** `X-RateLimit-NearLimit: true`: less than 20% of the hourly quota is left. */
  readonly nearLimit: boolean;
}

/** Which limit refused a request: the points pool, or a burst limit. */
export type RateLimitKind = 'quota' | 'burst';

export interface RateLimitInfo {
  /**
   * The points pool: the first quota entry that is not a burst policy, enforced headers before
   * `Beta-` ones. Absent when the response reports no quota (a user's own credential, for one).
   */
  readonly quota?: QuotaInfo;
  /** Every entry the structured headers named, burst policies included, in header order. */
  readonly policies: readonly QuotaInfo[];
  readonly burst: BurstInfo;
  /** `RateLimit-Reason` as sent, e.g. `confluence-quota-global-based`. */
  readonly reason?: string;
  /** What `reason` says, when its words say it; see `rateLimitedBy` for a 429 without one. */
  readonly reasonKind?: RateLimitKind;
  /** `Retry-After` in seconds (delta-seconds or an HTTP date). */
  readonly retryAfterSeconds?: number;
}

/** Reads every rate-limit header of one response; `header` looks a name up case-insensitively. */
export function parseRateLimit(
  header: (name: string) => string | null,
  nowMs: number,
): RateLimitInfo {
  const policies = mergePolicies([
    ...entriesOf(header('ratelimit-policy'), 'policy', true),
    ...entriesOf(header('ratelimit'), 'state', true),
    ...entriesOf(header('beta-ratelimit-policy'), 'policy', false),
    ...entriesOf(header('beta-ratelimit'), 'state', false),
  ]);
  const quota = policies.find((policy) => !isBurstName(policy.policy));
  const reason = textHeader(header('ratelimit-reason'));
  const reasonKind = reason === undefined ? undefined : classifyReason(reason);
  const retryAfterSeconds = parseRetryAfter(header('retry-after'), nowMs);
  return {
    ...(quota === undefined ? {} : { quota }),
    policies,
    burst: burstOf(header),
    ...(reason === undefined ? {} : { reason }),
    ...(reasonKind === undefined ? {} : { reasonKind }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}

/**
 * Which limit a 429 hit. The reason header decides when it names one; without it, a points pool
 * reported empty (`r=0`) means the quota, and anything else is treated as a burst limit, which
 * is what every 429 meant before the points quota existed.
 */
export function rateLimitedBy(info: RateLimitInfo): RateLimitKind {
  if (info.reasonKind !== undefined) return info.reasonKind;
  return info.policies.some((policy) => !isBurstName(policy.policy) && policy.remaining === 0)
    ? 'quota'
    : 'burst';
}

/**
 * How long to stay away after a quota 429: `Retry-After` when sent (Atlassian's own advice is
 * to take it as the minimum), else the pool's reset.
 */
export function quotaWaitSeconds(info: RateLimitInfo): number | undefined {
  return info.retryAfterSeconds ?? info.quota?.resetSeconds;
}

// ── RateLimit-Reason ─────────────────────────────────────────────────────────────────────────

function classifyReason(reason: string): RateLimitKind | undefined {
  const words = reason.toLowerCase();
  // `jira-per-issue-on-write` is a local limit too: slow down, other requests are unaffected.
  if (words.includes('burst') || words.includes('per-issue')) return 'burst';
  if (words.includes('quota') || /(?:^|-)(?:global|tenant)-based$/u.test(words)) return 'quota';
  return undefined;
}

const isBurstName = (name: string): boolean => name.toLowerCase().includes('burst');

// ── X-RateLimit-* ────────────────────────────────────────────────────────────────────────────

function burstOf(header: (name: string) => string | null): BurstInfo {
  const limit = countOf(header('x-ratelimit-limit'));
  const remaining = countOf(header('x-ratelimit-remaining'));
  const reset = textHeader(header('x-ratelimit-reset'));
  const resetAtMs = reset === undefined ? undefined : Date.parse(reset);
  return {
    nearLimit: (header('x-ratelimit-nearlimit') ?? '').trim().toLowerCase() === 'true',
    ...(limit === undefined ? {} : { limit }),
    ...(remaining === undefined ? {} : { remaining }),
    ...(reset === undefined ? {} : { reset }),
    ...(resetAtMs === undefined || Number.isNaN(resetAtMs) ? {} : { resetAtMs }),
  };
}

function countOf(value: string | null): number | undefined {
  const text = value?.trim();
  return text !== undefined && /^\d{1,15}$/u.test(text) ? Number(text) : undefined;
}

function textHeader(value: string | null): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}

// ── structured fields ────────────────────────────────────────────────────────────────────────

interface Entry {
  readonly name: string;
  readonly enforced: boolean;
  readonly params: ReadonlyMap<string, number>;
  readonly kind: 'policy' | 'state';
}

/** One header's entries; a member that does not parse is skipped, the others are kept. */
function entriesOf(value: string | null, kind: Entry['kind'], enforced: boolean): Entry[] {
  if (value === null) return [];
  return splitOutsideQuotes(value, ',').flatMap((member) => {
    const parsed = parseMember(member);
    return parsed === undefined ? [] : [{ ...parsed, kind, enforced }];
  });
}

/** Splits on `separator` where it is not inside a quoted string; drops empty parts. */
function splitOutsideQuotes(text: string, separator: ',' | ';'): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (quoted && c === '\\') {
      current += c + text.charAt(i + 1);
      i += 1;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

const TOKEN = /^[A-Za-z*][A-Za-z0-9!#$%&'*+\-.^_`|~:/]*/u;
const QUOTED = /^"((?:[^"\\]|\\.)*)"/u;
const KEY = /^[a-z*][a-z0-9_\-.*]*$/u;
const NUMBER = /^\d{1,15}(?:\.\d{1,3})?$/u;

/**
 * `"name";key=value;…` (a token name is accepted too). Numeric parameters are kept; others
 * (strings, booleans, a partition key) are valid and ignored. Keys are matched in lower case.
 */
function parseMember(member: string): { name: string; params: Map<string, number> } | undefined {
  const quoted = QUOTED.exec(member);
  const token = quoted ? undefined : TOKEN.exec(member);
  const item = quoted ?? token;
  if (!item) return undefined;
  const name = quoted ? (quoted[1] ?? '').replace(/\\(.)/gu, '$1') : item[0];
  const rest = member.slice(item[0].length).trim();
  if (name === '' || (rest !== '' && !rest.startsWith(';'))) return undefined;
  const params = new Map<string, number>();
  for (const part of splitOutsideQuotes(rest.slice(1), ';')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (!KEY.test(key)) return undefined;
    if (eq < 0) continue; // a bare key is boolean true: nothing to keep
    const value = part.slice(eq + 1).trim();
    if (NUMBER.test(value)) params.set(key, Number(value));
  }
  return { name, params };
}

interface Draft {
  readonly policy: string;
  readonly enforced: boolean;
  limit?: number | undefined;
  windowSeconds?: number | undefined;
  remaining?: number | undefined;
  resetSeconds?: number | undefined;
}

/**
 * Joins the `RateLimit-Policy` and `RateLimit` entries of one policy (same name, same prefix).
 * Enforced entries come first, so where a quota is reported both ways the enforced one is the
 * `quota`; a policy named twice in one header keeps its first values.
 */
function mergePolicies(entries: readonly Entry[]): QuotaInfo[] {
  const drafts = new Map<string, Draft>();
  for (const entry of entries) {
    const key = `${entry.enforced ? 'enforced' : 'beta'} ${entry.name}`;
    const draft = drafts.get(key) ?? { policy: entry.name, enforced: entry.enforced };
    drafts.set(key, draft);
    if (entry.kind === 'policy') {
      draft.limit ??= entry.params.get('q');
      draft.windowSeconds ??= entry.params.get('w');
    } else {
      draft.remaining ??= entry.params.get('r');
      draft.resetSeconds ??= entry.params.get('t');
    }
  }
  return [...drafts.values()].map((draft) => ({
    policy: draft.policy,
    enforced: draft.enforced,
    ...(draft.limit === undefined ? {} : { limit: draft.limit }),
    ...(draft.windowSeconds === undefined ? {} : { windowSeconds: draft.windowSeconds }),
    ...(draft.remaining === undefined ? {} : { remaining: draft.remaining }),
    ...(draft.resetSeconds === undefined ? {} : { resetSeconds: draft.resetSeconds }),
  }));
}
