/**
 * What the admin settings page costs in rate-limit points while it follows an audit, and that the
 * remembered admin verdict never outlives its minute. The page's own reducer decides when to poll;
 * the real resolvers answer on the local Forge platform against the simulated demo site; one hour
 * passes on the platform's virtual clock, never on the wall clock.
 */
import type { Invoker } from '../../dev/forge-platform/platform';
import type { AdminOverview, AuditStatusView } from '../../src/contract/admin';
import type { ResolverResult } from '../../src/contract/results';
import {
  auditProgressFrom,
  auditProgressReducer,
  nextPollDelay,
} from '../../src/frontend/admin/state/auditProgress';
import type {
  AuditProgressState,
  AuditRequest,
} from '../../src/frontend/admin/state/auditProgress';
import { ADMIN_VERDICT_TTL_MS } from '../../src/storage/admin-verdict';
import { demoSite, useApp } from './app-harness';

const SETTINGS = { moduleKey: 'access-lens-settings' } as const;
const ALICE = { accountId: 'u-alice' } as const;
const HOUR_MS = 3_600_000;

describe('admin page points', () => {
  const app = useApp({}, { jobs: true });

  const call = async <T>(functionKey: string, payload: unknown = {}, as = ALICE) =>
    (await app().call(as, functionKey, payload, SETTINGS)) as ResolverResult<T>;

  /** What the page sends for a request its reducer made (as hooks/useAuditProgress.ts does). */
  const send = (request: AuditRequest) => {
    switch (request.kind) {
      case 'poll':
        return call<AuditStatusView>('getAuditStatus', { auditId: request.auditId });
      case 'load':
        return call<AuditStatusView>('getAuditStatus', {});
      case 'cancel':
        return call<AuditStatusView>('cancelAudit', { auditId: request.auditId });
      case 'start':
        throw new Error('The page does not start an audit here');
    }
  };

  const points = () => app().sim.stats().appPoolPoints;

  it('opens with one call and follows a running audit for an hour on at most 100 points', async () => {
    // An audit that runs the whole hour: started, its queued work never delivered.
    const started = await call<{ auditId: string }>('startAudit');
    expect(started.ok).toBe(true);
    app().platform.queues.advance(ADMIN_VERDICT_TTL_MS);
    app().sim.resetStats();
    app().platform.clearRequests();

    const opened = await call<AdminOverview>('getAdminOverview');
    if (!opened.ok || opened.data.status === undefined) throw new Error('no overview');
    expect(opened.data.viewer.isConfluenceAdmin).toBe(true);
    expect(app().platform.requests).toHaveLength(1);
    let state: AuditProgressState = auditProgressFrom(opened.data.status);
    expect(state.audit?.state).toBe('queued');

    const begin = app().platform.queues.now();
    let polls = 0;
    for (;;) {
      const delay = nextPollDelay(state);
      if (delay === undefined) throw new Error('the page stopped polling a running audit');
      if (app().platform.queues.now() + delay - begin > HOUR_MS) break;
      app().platform.queues.advance(delay);
      state = auditProgressReducer(state, { type: 'poll-due' });
      const pending = state.pending;
      if (pending === undefined) throw new Error('a due poll made no request');
      state = auditProgressReducer(state, {
        type: 'answered',
        seq: pending.seq,
        result: await send(pending),
      });
      expect(state.error).toBeUndefined();
      polls += 1;
    }

    const askings = app().platform.requests.length;
    // Every Confluence read of the hour is the caller's own `user/current`, as the caller.
    expect(
      app().platform.requests.every(
        (r) => r.identity === 'user:u-alice' && r.path.startsWith('/wiki/rest/api/user/current'),
      ),
    ).toBe(true);
    // Live while the verdict holds: far more polls than askings (5 s apart for each minute).
    expect(polls).toBeGreaterThan(300);
    expect(askings).toBeLessThanOrEqual(31);
    expect(points()).toBeLessThanOrEqual(100);
    expect(points()).toBe(askings * 3);
  });

  it('refuses a revoked admin within a minute of Confluence last saying yes', async () => {
    const first = await call<AuditStatusView>('getAuditStatus');
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const checkedAgo = first.data.adminCheck?.ageMs ?? 0;

    // Alice stops being a Confluence admin.
    const site = demoSite() as { users: { accountId: string; confluenceAdmin?: boolean }[] };
    const revoked = {
      ...site,
      users: site.users.map((u) =>
        u.accountId === 'u-alice' ? { ...u, confluenceAdmin: false } : u,
      ),
    };
    await app().replaceSite(revoked);
    try {
      // Within the minute the remembered "yes" may still answer; by its end it may not.
      app().platform.queues.advance(ADMIN_VERDICT_TTL_MS - checkedAgo);
      for (const [functionKey, payload] of [
        ['getAuditStatus', {}],
        ['getSettings', {}],
        ['getAuditHistory', {}],
      ] as const) {
        const result = await call(functionKey, payload);
        expect({ functionKey, result }).toEqual({
          functionKey,
          result: { ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } },
        });
      }
      // The start-up call tells the page she is no longer an admin, and answers nothing else.
      const overview = await call<AdminOverview>('getAdminOverview');
      expect(overview).toEqual({
        ok: true,
        data: { viewer: expect.objectContaining({ isConfluenceAdmin: false }) },
      });
    } finally {
      await app().replaceSite(demoSite());
    }
  });

  it('answers a non-admin who opens the page who they are and nothing about audits', async () => {
    const notAdmins: Invoker[] = [
      { accountId: 'u-bob' },
      { accountId: 'u-dan' },
      { anonymous: true },
    ];
    for (const who of notAdmins) {
      const result = (await app().call(who, 'getAdminOverview', {}, SETTINGS)) as ResolverResult<
        Record<string, unknown>
      >;
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(Object.keys(result.data)).toEqual(['viewer']);
    }
  });
});
