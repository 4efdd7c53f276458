/**
 * What the real Forge platform does around the app's functions: it asks each user for consent
 * before the app may act as them, and it stops a UI function after its time limit. The app must
 * hand the consent error back to the platform untouched, and answer before the limit.
 */
import { isForgePlatformError } from '@forge/api';
import { ConsentRegistry } from '../../dev/forge-platform/consent';
import { useApp } from './app-harness';

/** `@forge/api`'s name for the consent error (its constant is not exported from the index). */
const NEEDS_AUTHENTICATION_ERR = 'NEEDS_AUTHENTICATION_ERR';
const MACRO = { moduleKey: 'access-lens-macro', contentId: '1013' };
const SETTINGS = { moduleKey: 'access-lens-settings' };

async function platformErrorOf(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`expected an Error, got ${String(error)}`);
  }
  throw new Error('expected the function to throw the platform error');
}

describe('a user who has not yet allowed the app to act as them', () => {
  const consent = new ConsentRegistry({ required: true });
  const app = useApp({}, { platform: { consent } });
  afterEach(() => {
    consent.revoke('u-bob');
    consent.revoke('u-alice');
  });

  it('gets the platform consent error, exactly as thrown, after one refused call and no retry', async () => {
    const error = await platformErrorOf(
      app().call({ accountId: 'u-bob' }, 'getPageAccess', {}, MACRO),
    );
    expect(error.name).toBe(NEEDS_AUTHENTICATION_ERR);
    expect(isForgePlatformError(error)).toBe(true);
    // The platform refused the first call; nothing was retried and Confluence saw nothing.
    expect(app().platform.requests).toHaveLength(1);
    expect(app().platform.requests[0]).toMatchObject({ identity: 'user:u-bob', status: 401 });
    expect(app().sim.stats().totalRequests).toBe(0);
  });

  it('is not told Confluence is down or that they are forbidden on the admin page either', async () => {
    for (const key of ['getAdminOverview', 'getSettings', 'startAudit']) {
      const error = await platformErrorOf(app().call({ accountId: 'u-alice' }, key, {}, SETTINGS));
      expect(error.name).toBe(NEEDS_AUTHENTICATION_ERR);
    }
    expect(app().sim.stats().totalRequests).toBe(0);
  });

  it('gets the answer once they have allowed access; nobody else is affected', async () => {
    consent.grant('u-bob');
    const result = (await app().call({ accountId: 'u-bob' }, 'getPageAccess', {}, MACRO)) as {
      ok: boolean;
    };
    expect(result.ok).toBe(true);
    await expect(
      app().call({ accountId: 'u-priya' }, 'getPageAccess', {}, MACRO),
    ).rejects.toMatchObject({ name: NEEDS_AUTHENTICATION_ERR });
  });

  it('leaves anonymous visitors alone: there is nobody to ask', async () => {
    const result = (await app().call({ anonymous: true }, 'getPageAccess', {}, MACRO)) as {
      ok: boolean;
      error?: { code: string };
    };
    // Page 1013 is restricted: anonymous visitors get "not visible", not a consent prompt.
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_VISIBLE' } });
  });
});

describe('a Confluence request that never answers', () => {
  // The platform's 25 s limit, scaled down so the suite stays quick: the app's deadline is a
  // share of the remaining time the platform reports, whatever the limit is.
  const app = useApp(
    { faults: { rules: [{ path: '/wiki/api/v2/pages/1013', action: 'hang' }] } },
    { platform: { invocationLimitMs: { ui: 1_500 } } },
  );

  it('ends the call with a typed UPSTREAM answer before the platform stops the function', async () => {
    const result = await app().call({ accountId: 'u-bob' }, 'getPageAccess', {}, MACRO);
    expect(result).toEqual({
      ok: false,
      error: { code: 'UPSTREAM', message: expect.any(String) as unknown },
    });
    // One attempt, abandoned at the deadline; no retry could fit after it.
    expect(app().sim.stats().requests['GET /wiki/api/v2/pages/{id}']).toEqual({
      'user:u-bob': 1,
    });
  });

  it('is what the platform would otherwise stop: the same hang outlives the limit', async () => {
    const hung = app().platform.runAs({ accountId: 'u-bob' }, () => new Promise(() => undefined));
    await expect(hung).rejects.toMatchObject({ name: 'INVOCATION_TIME_LIMIT' });
  });
});
