/**
 * The preview server's local Forge runtime, over its HTTP API and without a browser (so these
 * run where chromium is missing too): queue consumers delivered in the background, scheduled
 * triggers on demand, the two demo sites kept apart, job and resolver errors printed and listed,
 * and `--persist` keeping storage and waiting job events across a restart.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobsStatus } from '../../dev/preview/api';
import { buildPreview } from '../../dev/preview/build';
import type { PreviewBuild } from '../../dev/preview/build';
import { startPreviewServer } from '../../dev/preview/server';
import type { PreviewServer, PreviewServerOptions } from '../../dev/preview/server';
import type { AuditProgress, AuditStatusView, SettingsView } from '../../src/contract/admin';
import type { ResolverResult } from '../../src/contract/results';

let build: PreviewBuild;
const servers: PreviewServer[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  build = await buildPreview(mkdtemp('access-lens-preview-build-'));
}, 60_000);

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function mkdtemp(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

interface Started {
  readonly server: PreviewServer;
  readonly terminal: string[];
}

async function start(options: PreviewServerOptions = {}): Promise<Started> {
  const terminal: string[] = [];
  const server = await startPreviewServer({
    build,
    // Quick deliveries: pacing is for people watching, not for tests.
    jobIntervalMs: 20,
    log: (line) => terminal.push(line),
    // The consent step has tests of its own below; the others start from people who allowed it.
    consent: 'assumed',
    ...options,
  });
  servers.push(server);
  return { server, terminal };
}

async function post(server: PreviewServer, route: string, body: unknown) {
  const response = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** One resolver call from the settings page, as `who`, on `site`. */
async function admin<T>(
  server: PreviewServer,
  functionKey: string,
  payload: unknown = {},
  options: { as?: string; site?: string } = {},
): Promise<T> {
  const answer = await post(server, '/api/invoke', {
    site: options.site ?? 'legacy',
    moduleKey: 'access-lens-settings',
    functionKey,
    payload,
    as: options.as ?? 'u-alice',
  });
  expect(answer.status).toBe(200);
  const result = answer.body.result as ResolverResult<T>;
  if (!result.ok) throw new Error(`${functionKey} failed: ${result.error.message}`);
  return result.data;
}

async function jobs(server: PreviewServer, site = 'legacy'): Promise<JobsStatus> {
  const response = await fetch(`${server.url}/api/jobs?site=${site}`);
  return (await response.json()) as JobsStatus;
}

/** Asks again (at most `attempts` times, 50 ms apart) until `done` holds; returns the last answer. */
async function until<T>(ask: () => Promise<T>, done: (value: T) => boolean, attempts = 200) {
  let value = await ask();
  for (let i = 1; i < attempts && !done(value); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await ask();
  }
  return value;
}

const latestAudit = async (server: PreviewServer, site = 'legacy') =>
  (await admin<AuditStatusView>(server, 'getAuditStatus', {}, { site })).audit;

const finished = (audit: AuditProgress | null) =>
  audit !== null && ['completed', 'partial', 'failed', 'cancelled'].includes(audit.state);

describe('preview runtime', () => {
  it('delivers an audit started from the settings page in the background until it completes', async () => {
    const { server } = await start();
    const started = await admin<AuditProgress>(server, 'startAudit');
    expect(started.state).toBe('queued');

    const audit = await until(() => latestAudit(server), finished);
    expect(audit).toMatchObject({ auditId: started.auditId, state: 'completed' });
    expect(audit?.spacesDone).toBe(6);

    const status = await jobs(server);
    expect(status).toMatchObject({ pending: 0, delivered: 2, errors: [] });
    // The audit's consumer among the manifest's (other jobs have queues of their own).
    expect(status.consumers).toContainEqual({
      key: 'audit-consumer',
      queue: 'access-lens-audit',
      functionKey: 'audit-worker',
    });
    expect(status.recent.map((r) => [r.name, r.outcome])).toEqual([
      ['access-lens-audit → auditWorker (batch 0)', 'ok'],
      ['access-lens-audit → auditWorker (plan)', 'ok'],
    ]);
  });

  it('keeps the two demo sites apart: storage, jobs and Confluence', async () => {
    const { server } = await start();
    await admin<AuditProgress>(server, 'startAudit');
    await until(() => latestAudit(server), finished);

    // The roles site is another installation: no audit there, no deliveries.
    expect(await latestAudit(server, 'roles')).toBeNull();
    expect((await jobs(server, 'roles')).delivered).toBe(0);
    const site = await fetch(`${server.url}/api/site?site=roles`);
    expect(await site.json()).toMatchObject({ site: 'roles', roleMode: 'ROLES' });
    const legacy = await server.runtime.site('legacy');
    const roles = await server.runtime.site('roles');
    expect(roles.simulator.baseUrl).not.toBe(legacy.simulator.baseUrl);
    expect(roles.simulator.stats().totalRequests).toBeGreaterThan(0);

    const unknown = await fetch(`${server.url}/api/site?site=nowhere`);
    expect(unknown.status).toBe(404);
  });

  it('runs the scheduled trigger on demand, as the app does on its hourly schedule', async () => {
    const { server, terminal } = await start();
    const first = await post(server, '/api/jobs/trigger', {
      site: 'legacy',
      key: 'audit-schedule',
    });
    expect(first).toEqual({ status: 200, body: { result: { started: false, reason: 'off' } } });

    const { policy } = await admin<SettingsView>(server, 'getSettings');
    await admin(server, 'saveSettings', { policy: { ...policy, schedule: 'daily' } });
    const second = await post(server, '/api/jobs/trigger', {
      site: 'legacy',
      key: 'audit-schedule',
    });
    expect(second.body.result).toMatchObject({ started: true });
    const audit = await until(() => latestAudit(server), finished);
    expect(audit).toMatchObject({ state: 'completed', startedBy: 'schedule' });

    const third = await post(server, '/api/jobs/trigger', {
      site: 'legacy',
      key: 'audit-schedule',
    });
    expect(third.body.result).toEqual({ started: false, reason: 'not-due' });
    expect(
      terminal.filter((line) => line.includes('scheduled trigger audit-schedule ran')),
    ).toHaveLength(3);

    const missing = await post(server, '/api/jobs/trigger', { site: 'legacy', key: 'nope' });
    expect(missing.status).toBe(404);
  });

  it('prints a job that throws in the terminal, lists it for the page, and reports when it is dropped', async () => {
    const { server, terminal } = await start({
      load: (file) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const real = require(path.join(__dirname, '..', '..', 'src', file)) as Record<
          string,
          unknown
        >;
        return {
          ...real,
          auditWorker: () => {
            throw new Error('boom in the worker');
          },
        };
      },
    });
    await admin<AuditProgress>(server, 'startAudit');

    const first = await until(
      () => jobs(server),
      (s) => s.errors.length > 0,
    );
    expect(first.errors[0]).toMatchObject({
      kind: 'delivery',
      name: 'access-lens-audit → auditWorker (plan)',
      outcome: 'error',
      message: 'boom in the worker',
    });
    const printed = terminal.find((line) => line.includes('threw: Error: boom in the worker'));
    expect(printed).toMatch(/^\[jobs legacy\] access-lens-audit → auditWorker \(plan\) threw/);
    expect(printed).toMatch(/\n\s+at /);

    // Each retry waits a second; skip the waits until the platform gives up on the event.
    const dropped = await until(
      async () => {
        await post(server, '/api/jobs/skip', {});
        return jobs(server);
      },
      (s) => s.errors.some((e) => e.outcome === 'failed'),
    );
    expect(dropped.errors.filter((e) => e.outcome === 'error')).toHaveLength(5);
    expect(dropped.errors[0]).toMatchObject({
      outcome: 'failed',
      message: 'gave up after 5 deliveries: boom in the worker',
    });
    expect(dropped.pending).toBe(0);
    expect(dropped.skippedSeconds).toBeGreaterThanOrEqual(4);
    expect(await server.jobErrors()).toHaveLength(6);
  });

  it('answers an unknown resolver function with an error, printed with its stack', async () => {
    const { server, terminal } = await start();
    const answer = await post(server, '/api/invoke', {
      moduleKey: 'access-lens-macro',
      functionKey: 'noSuchFunction',
      payload: {},
      as: 'u-bob',
      contentId: '1013',
    });
    expect(answer.status).toBe(500);
    expect(String(answer.body.error)).toContain('noSuchFunction');
    expect(terminal.join('\n')).toMatch(
      /\[preview\] legacy u-bob invoke noSuchFunction threw: .*\n\s+at /,
    );
  });

  it('keeps storage and waiting job events across a restart with a data directory', async () => {
    const dataDir = mkdtemp('access-lens-preview-data-');
    // First run: the worker asks to be retried in ten minutes, so the event is still waiting.
    const first = await start({
      dataDir,
      load: (file) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const real = require(path.join(__dirname, '..', '..', 'src', file)) as Record<
          string,
          unknown
        >;
        return {
          ...real,
          auditWorker: () => ({ _retry: true, retryOptions: { retryAfter: 600 } }),
        };
      },
    });
    const started = await admin<AuditProgress>(first.server, 'startAudit');
    await until(
      () => jobs(first.server),
      (s) => s.recent.some((r) => r.outcome === 'retry'),
    );
    await first.server.close();
    servers.splice(servers.indexOf(first.server), 1);
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'legacy.queue.json'), 'utf8')) as {
      events: { queueName: string; body: { auditId?: string } }[];
    };
    expect(saved.events).toEqual([
      expect.objectContaining({
        queueName: 'access-lens-audit',
        body: expect.objectContaining({ auditId: started.auditId }),
      }),
    ]);

    // Second run, with the real worker: the audit and its waiting event are back.
    const second = await start({ dataDir });
    expect(second.terminal.join('\n')).toContain('re-queued 1 waiting event(s)');
    expect(await latestAudit(second.server)).toMatchObject({
      auditId: started.auditId,
      state: 'queued',
    });
    const waiting = await jobs(second.server);
    expect(waiting).toMatchObject({ pending: 1, due: 0, persisted: true });
    expect(waiting.nextDueInSeconds).toBeGreaterThan(500);

    const skipped = await post(second.server, '/api/jobs/skip', {});
    expect(Number(skipped.body.skippedSeconds)).toBeGreaterThan(500);
    const audit = await until(() => latestAudit(second.server), finished);
    expect(audit).toMatchObject({ auditId: started.auditId, state: 'completed' });
  });

  describe('consent, as Forge asks for it', () => {
    const pageAccess = (server: PreviewServer, as: string) =>
      post(server, '/api/invoke', {
        moduleKey: 'access-lens-macro',
        functionKey: 'getPageAccess',
        payload: {},
        as,
        contentId: '1013',
      });

    it('refuses a person who has not allowed access with the platform error, then answers once they have', async () => {
      const { server, terminal } = await start({ consent: 'ask' });
      const before = await pageAccess(server, 'u-bob');
      expect(before).toEqual({ status: 401, body: { platformError: 'NEEDS_AUTHENTICATION_ERR' } });
      expect(terminal.join('\n')).toContain('u-bob has not allowed Access Lens to act as them yet');

      expect(await post(server, '/api/consent', { site: 'legacy', as: 'u-bob' })).toEqual({
        status: 200,
        body: { granted: true },
      });
      const after = await pageAccess(server, 'u-bob');
      expect(after.status).toBe(200);
      expect(after.body.result).toMatchObject({ ok: true });
      // Per person and per site: Priya and Bob on the roles site are still asked.
      expect((await pageAccess(server, 'u-priya')).status).toBe(401);
      // Anonymous visitors are never asked, and cannot consent.
      expect((await pageAccess(server, 'anonymous')).status).toBe(200);
      expect((await post(server, '/api/consent', { as: 'anonymous' })).status).toBe(400);
    });

    it('remembers who allowed access across a restart with a data directory', async () => {
      const dataDir = mkdtemp('access-lens-preview-consent-');
      const first = await start({ consent: 'ask', dataDir });
      await post(first.server, '/api/consent', { site: 'legacy', as: 'u-bob' });
      await first.server.close();
      servers.splice(servers.indexOf(first.server), 1);

      const second = await start({ consent: 'ask', dataDir });
      expect((await pageAccess(second.server, 'u-bob')).status).toBe(200);
      expect((await pageAccess(second.server, 'u-priya')).status).toBe(401);
    });
  });
});
