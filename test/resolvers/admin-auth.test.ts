/**
 * Authorization of the admin functions: whatever module the call claims to come from, only a
 * Confluence admin (asked of Confluence, as the user) gets anything; everyone else gets
 * FORBIDDEN, and nothing is read as the app, from storage or queued.
 */
import { DEFAULT_POLICY } from '../../src/core';
import type { Invoker } from '../../dev/forge-platform/platform';
import type { ClaimedExtension } from '../harness/resolvers';
import { useApp } from './app-harness';

/** Every admin function with a payload it accepts. */
const ADMIN_CALLS: readonly [string, unknown][] = [
  ['getSettings', {}],
  ['saveSettings', { policy: { ...DEFAULT_POLICY, sensitiveLabels: ['x'] } }],
  ['startAudit', {}],
  ['getAuditStatus', {}],
  ['cancelAudit', {}],
  ['getAuditReport', { severity: 'high' }],
  ['getAuditHistory', {}],
  ['diffAudits', {}],
  ['exportAuditCsv', {}],
];

const CONTEXTS: readonly [string, ClaimedExtension | undefined][] = [
  ['the settings page', { moduleKey: 'access-lens-settings' }],
  ['a macro on a page', { moduleKey: 'access-lens-macro', contentId: '1030', spaceKey: 'ENG' }],
  ['no context at all', undefined],
  ['a module that does not exist', { moduleKey: 'admin-backdoor' }],
];

const NOT_ADMINS: readonly [string, Invoker][] = [
  ['a space admin', { accountId: 'u-bob' }],
  ['a guest', { accountId: 'u-dan' }],
  ['a deactivated user', { accountId: 'u-erin' }],
  ['an anonymous visitor', { anonymous: true }],
];

describe('admin functions refuse everyone but Confluence admins', () => {
  const app = useApp({}, { jobs: true });

  it.each(NOT_ADMINS)(
    '%s gets FORBIDDEN from every admin function, in every context',
    async (_, who) => {
      for (const [functionKey, payload] of ADMIN_CALLS) {
        for (const [, extension] of CONTEXTS) {
          const result = await app().call(who, functionKey, payload, extension);
          expect({ functionKey, result }).toEqual({
            functionKey,
            result: {
              ok: false,
              error: {
                code: 'FORBIDDEN',
                message: expect.stringContaining('Confluence admins only'),
              },
            },
          });
        }
      }
      // At most the one question about the caller, asked as the caller: nothing as the app,
      // nothing queued, nothing written in storage, and nothing read there but (once per call)
      // the caller's own remembered admin verdict, which they do not have.
      const requests = app().platform.requests;
      expect(requests.every((r) => r.provider === 'user')).toBe(true);
      expect(requests.every((r) => r.path.startsWith('/wiki/rest/api/user/current'))).toBe(true);
      const storage = app().platform.kvs.requests;
      expect(storage.every((r) => r.path === '/api/v1/get')).toBe(true);
      expect(storage.length).toBeLessThanOrEqual(ADMIN_CALLS.length * CONTEXTS.length);
      expect(Object.keys(app().platform.kvs.snapshot().kvs)).toEqual([]);
      expect(app().platform.queues.listJobs()).toEqual([]);
    },
  );

  it('asks Confluence about the caller once per call, never trusting the claimed module', async () => {
    await app().call(
      { accountId: 'u-bob' },
      'getSettings',
      {},
      { moduleKey: 'access-lens-settings' },
    );
    expect(app().platform.requests).toEqual([
      expect.objectContaining({
        provider: 'user',
        identity: 'user:u-bob',
        path: '/wiki/rest/api/user/current?expand=operations',
        status: 200,
      }),
    ]);
  });

  it('lets a Confluence admin in from any context', async () => {
    for (const [, extension] of CONTEXTS) {
      const result = (await app().call({ accountId: 'u-alice' }, 'getSettings', {}, extension)) as {
        ok: boolean;
      };
      expect(result.ok).toBe(true);
    }
    expect(app().platform.requests.every((r) => r.identity === 'user:u-alice')).toBe(true);
  });

  it('refuses bad payloads before asking anything', async () => {
    const bad: [string, unknown][] = [
      ['getAuditReport', { auditId: '../../audit:lock' }],
      ['getAuditReport', { limit: 100000 }],
      ['getAuditReport', { rule: 'made-up' }],
      ['startAudit', { policy: {} }],
      ['saveSettings', { policy: { sensitiveLabels: 'x'.repeat(300_000) } }],
    ];
    for (const [functionKey, payload] of bad) {
      const result = (await app().call({ accountId: 'u-alice' }, functionKey, payload)) as {
        error: { code: string };
      };
      expect({ functionKey, code: result.error.code }).toEqual({
        functionKey,
        code: 'BAD_REQUEST',
      });
    }
    expect(app().platform.requests).toEqual([]);
    expect(app().platform.kvs.requests).toEqual([]);
  });
});
