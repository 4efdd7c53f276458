// Who is calling. HTTP Basic `email:apiToken` is how the CLI authenticates (API-token traffic,
// exempt from the hourly points budget as in Cloud). The loopback-only `X-Sim-Identity` header
// stands in for Forge's asUser()/asApp() in tests and the local preview; its traffic is app
// traffic, charged to the app's hourly points pool.
import type { IncomingHttpHeaders } from 'node:http';
import type { Subject } from './accounts';
import type { SiteModel } from './model';

export const IDENTITY_HEADER = 'x-sim-identity';
/**
 * Org admins on Premium and Enterprise send it to use their admin key through REST
 * (https://community.atlassian.com/forums/Confluence-Cloud-Admins-articles/Introducing-admin-key-support-for-REST-APIs/ba-p/2996259).
 */
export const ADMIN_KEY_HEADER = 'atl-confluence-with-admin-key';

export type CallerSubject = Exclude<Subject, { kind: 'group' }>;

export interface Caller {
  subject: CallerSubject;
  /** Stats key: `user:<accountId>`, `app` or `anonymous`. */
  label: string;
  /** `header` is app traffic (points pool); `basic` and `none` are exempt from the hourly budget. */
  via: 'basic' | 'header' | 'none';
}

export type IdentityResult =
  | { ok: true; caller: Caller }
  | { ok: false; status: 400 | 401 | 403; message: string; label: string };

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export const DEACTIVATED_MESSAGE = 'Current user not permitted to use Confluence';

export function labelOf(subject: CallerSubject): string {
  switch (subject.kind) {
    case 'user':
      return `user:${subject.user.accountId}`;
    case 'app':
      return 'app';
    case 'anonymous':
      return 'anonymous';
  }
}

function fromHeader(model: SiteModel, value: string): IdentityResult {
  const v = value.trim();
  if (v === 'app')
    return { ok: true, caller: { subject: { kind: 'app' }, label: 'app', via: 'header' } };
  if (v === 'anonymous') {
    return {
      ok: true,
      caller: { subject: { kind: 'anonymous' }, label: 'anonymous', via: 'header' },
    };
  }
  if (v.startsWith('user:')) {
    const user = model.usersById.get(v.slice('user:'.length));
    if (!user)
      return {
        ok: false,
        status: 401,
        message: `Unknown account in X-Sim-Identity`,
        label: 'unauthenticated',
      };
    return {
      ok: true,
      caller: { subject: { kind: 'user', user }, label: `user:${user.accountId}`, via: 'header' },
    };
  }
  return {
    ok: false,
    status: 400,
    message: 'X-Sim-Identity must be "user:<accountId>", "app" or "anonymous"',
    label: 'unauthenticated',
  };
}

function fromBasic(model: SiteModel, authorization: string): IdentityResult {
  const fail: IdentityResult = {
    ok: false,
    status: 401,
    message: 'Authentication failed: unknown email or API token',
    label: 'unauthenticated',
  };
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!m?.[1]) return fail;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return fail;
  const user = model.usersByEmail.get(decoded.slice(0, colon).toLowerCase());
  if (user?.apiToken === undefined || user.apiToken !== decoded.slice(colon + 1)) return fail;
  return {
    ok: true,
    caller: { subject: { kind: 'user', user }, label: `user:${user.accountId}`, via: 'basic' },
  };
}

/**
 * Resolves the caller; site-access checks (deactivated, anonymous off) come after, in
 * siteAccessRefusal. A user's admin-key header is kept on the subject: the model decides whether
 * it counts (an org admin on Premium or Enterprise), and ignores it otherwise.
 */
export function resolveIdentity(
  model: SiteModel,
  headers: IncomingHttpHeaders,
  remoteAddress: string | undefined,
): IdentityResult {
  const result = resolveCaller(model, headers, remoteAddress);
  const adminKey = headers[ADMIN_KEY_HEADER];
  const wantsKey = (Array.isArray(adminKey) ? adminKey[0] : adminKey)?.trim().toLowerCase();
  if (result.ok && wantsKey === 'true' && result.caller.subject.kind === 'user') {
    return {
      ok: true,
      caller: { ...result.caller, subject: { ...result.caller.subject, adminKey: true } },
    };
  }
  return result;
}

function resolveCaller(
  model: SiteModel,
  headers: IncomingHttpHeaders,
  remoteAddress: string | undefined,
): IdentityResult {
  const simHeader = headers[IDENTITY_HEADER];
  const authorization = headers.authorization;
  if (simHeader !== undefined) {
    if (!isLoopback(remoteAddress)) {
      return {
        ok: false,
        status: 403,
        message: 'X-Sim-Identity is accepted from loopback only',
        label: 'unauthenticated',
      };
    }
    if (authorization !== undefined) {
      return {
        ok: false,
        status: 400,
        message: 'Send either Authorization or X-Sim-Identity, not both',
        label: 'unauthenticated',
      };
    }
    return fromHeader(model, Array.isArray(simHeader) ? (simHeader[0] ?? '') : simHeader);
  }
  if (authorization !== undefined) return fromBasic(model, authorization);
  return { ok: true, caller: { subject: { kind: 'anonymous' }, label: 'anonymous', via: 'none' } };
}

/** Site access for an identified caller: null when allowed, else the refusal. */
export function siteAccessRefusal(
  model: SiteModel,
  caller: Caller,
): { status: 401 | 403; message: string } | null {
  const s = caller.subject;
  if (s.kind === 'user' && !s.user.active) return { status: 403, message: DEACTIVATED_MESSAGE };
  if (s.kind === 'anonymous' && !model.fixture.site.anonymousAccess) {
    return {
      status: 401,
      message: 'This site does not allow anonymous access; authenticate to continue',
    };
  }
  return null;
}
