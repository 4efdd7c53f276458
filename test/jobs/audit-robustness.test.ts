/**
 * The audit finishes on every site: failures that repeat end one space, not the audit (nor loop);
 * two starts never both win; a step the platform stops on every delivery cannot leave the audit
 * "running"; the scheduled trigger ends a dead audit and frees its lock; an audit needing more
 * queue pushes than Forge allows one chain goes on from fresh chains. All on the demo site,
 * through the real resolvers, the local Forge platform (KVS, queues with Forge's push limit per
 * chain, invocation time limits) and the simulator's fault injection; time is the queues'
 * virtual clock, and every assertion is a count or a state.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditProgress } from '../../src/contract/admin';
import { InvocationTimeLimitError } from '../../dev/forge-platform/platform';
import { registerManifestConsumers } from '../../dev/forge-platform/manifest-consumers';
import { auditSchedule } from '../../src/index';
import {
  AUDIT_QUEUE,
  DEAD_AFTER_MS,
  MAX_SKIPPED_IN_ROW,
  MAX_SPACE_ATTEMPTS,
  createAuditJob,
  retryDelaySeconds,
} from '../../src/jobs/audit-job';
import { forgeAuditPorts, kvsAuditStore } from '../../src/jobs/forge-adapters';
import type { AuditJobPorts, AuditStore } from '../../src/jobs/ports';
import { runScheduledAudit } from '../../src/jobs/schedule';
import { auditSkippedText, auditStopText } from '../../src/messages/audit';
import { messagesFor } from '../../src/messages/locale-file';
import { readLock } from '../../src/storage/audits';
import { useApp } from '../resolvers/app-harness';
import type { AppUnderTest } from '../resolvers/app-harness';
import {
  allFindings,
  appRequests,
  call,
  describeFinding,
  english,
  runAudit,
  setPolicy,
} from './audit-helpers';

const HOUR = 3_600_000;
const SALES_GRANTS = '^/wiki/api/v2/spaces/104/permissions';
const paths = (app: AppUnderTest) => appRequests(app).map((r) => r.path.replace(/\?.*$/u, ''));

async function status(app: AppUnderTest, auditId?: string): Promise<AuditProgress> {
  const { audit } = await call<{ audit: AuditProgress | null }>(
    app,
    'getAuditStatus',
    auditId === undefined ? {} : { auditId },
  );
  if (audit === null) throw new Error('No audit');
  return audit;
}

/** The audit queue served by a job over `store` changes, instead of the manifest's consumer. */
function serveWith(app: AppUnderTest, store: Partial<AuditStore>): void {
  const ports = (): AuditJobPorts => ({
    ...forgeAuditPorts(),
    store: { ...kvsAuditStore, ...store },
  });
  app.platform.queues.registerConsumer(AUDIT_QUEUE, (event) =>
    createAuditJob(ports()).worker(event),
  );
}

/** Back to the manifest's consumer, as the harness registered it. */
function serveManifest(app: AppUnderTest): void {
  registerManifestConsumers(
    app.platform.queues,
    readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8'),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (file) => require(join(__dirname, '..', '..', 'src', file)) as Record<string, unknown>,
  );
}

const lockHolder = (app: AppUnderTest) => app.platform.runAsApp(() => readLock());

describe('failures that repeat give up one space, never loop and never end the audit', () => {
  const app = useApp({}, { jobs: true });
  let clean: string[] = [];
  beforeAll(async () => {
    // Every audit reads every space: the faults below are injected into reads.
    await setPolicy(app(), { broadGroups: ['confluence-users', 'all-staff'], reconcile: 'always' });
    const audit = await runAudit(app());
    clean = (await allFindings(app(), audit.auditId)).map(describeFinding);
  });
  afterEach(() => {
    app().sim.setFaults({});
    serveManifest(app());
  });

  it('a space whose commit always fails is given up after its attempts; progress stays in bounds', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let refused = 0;
    // What a space with more findings than one transaction holds, or any storage error that
    // repeats, does: every commit of HR's findings throws.
    serveWith(app(), {
      commitSpace: (commit) => {
        if (commit.checkpoint.spaces[commit.spaceIndex]?.key === 'HR' && commit.users) {
          refused += 1;
          return Promise.reject(
            new Error('A space produced more findings than an audit can store'),
          );
        }
        return kvsAuditStore.commitSpace(commit);
      },
    });
    try {
      const started = await call<AuditProgress>(app(), 'startAudit');
      // A loop would run until this stop; the audit needs a few dozen deliveries.
      await app().drain({ maxDeliveries: 200 });
      const audit = await status(app(), started.auditId);
      expect(audit).toMatchObject({
        state: 'completed',
        spacesDone: 6,
        spacesTotal: 6,
        spacesSkipped: 1,
        skippedSpaces: [
          {
            spaceKey: 'HR',
            error: 'Error',
            attempts: MAX_SPACE_ATTEMPTS,
          },
        ],
      });
      expect(refused).toBe(MAX_SPACE_ATTEMPTS);
      const findings = (await allFindings(app(), audit.auditId)).map(describeFinding);
      expect(findings).toContain('not-inspectable HR');
      expect(findings.filter((f) => f !== 'not-inspectable HR')).toEqual(
        clean.filter((f) => !f.includes(' HR ')),
      );
      expect(auditSkippedText(english, audit)).toBe(
        '1 space could not be audited and is listed in the report as not inspected: Human Resources (HR) (Error, after 8 attempts).',
      );
      expect(auditSkippedText(messagesFor('de-DE'), audit)).toBe(
        '1 Bereich konnte nicht geprüft werden und steht im Bericht unter „Konnte nicht geprüft werden“: Human Resources (HR) (Error, nach 8 Versuchen).',
      );
      // The lock is released: the next audit starts.
      expect(await lockHolder(app())).toBeUndefined();
    } finally {
      logged.mockRestore();
    }
  });

  it('a users cache beyond the KVS value limit is not stored, and never fails a commit', async () => {
    // 300 users with long names: far fewer entries than any count cap, more bytes than 240 KiB.
    const padding = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [
        `u-pad-${String(i)}`,
        { guest: false, displayName: 'x'.repeat(1000) },
      ]),
    );
    serveWith(app(), {
      commitSpace: (commit) =>
        kvsAuditStore.commitSpace({
          ...commit,
          ...(commit.users === undefined
            ? {}
            : {
                users: {
                  ...commit.users,
                  users: { ...commit.users.users, ...padding },
                },
              }),
        }),
    });
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const started = await call<AuditProgress>(app(), 'startAudit');
      await app().drain({ maxDeliveries: 200 });
      const audit = await status(app(), started.auditId);
      expect(audit).toMatchObject({ state: 'completed', spacesDone: 6 });
      expect(audit.spacesSkipped).toBeUndefined();
      expect(logged).not.toHaveBeenCalled();
      expect((await allFindings(app(), audit.auditId)).map(describeFinding)).toEqual(clean);
    } finally {
      logged.mockRestore();
    }
  });

  it('Confluence failing for a few minutes is ridden out with backoff: nothing is given up', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // Seven 5xx in a row (five used to end the audit): the eighth attempt succeeds.
    app().sim.setFaults({ rules: [{ path: SALES_GRANTS, action: 503, times: 7 }] });
    try {
      const before = app().platform.queues.now();
      const audit = await runAudit(app());
      expect(audit).toMatchObject({ state: 'completed', spacesDone: 6 });
      expect(audit.spacesSkipped).toBeUndefined();
      expect((await allFindings(app(), audit.auditId)).map(describeFinding)).toEqual(clean);
      expect(paths(app()).filter((p) => p === '/wiki/api/v2/spaces/104/permissions')).toHaveLength(
        8,
      );
      // The waits between attempts: 15 s doubling, capped at the queue's 900 s.
      const waits = [1, 2, 3, 4, 5, 6, 7].map(retryDelaySeconds);
      expect(waits).toEqual([15, 30, 60, 120, 240, 480, 900]);
      expect(app().platform.queues.now() - before).toBeGreaterThanOrEqual(
        waits.reduce((a, b) => a + b, 0) * 1000,
      );
    } finally {
      logged.mockRestore();
    }
  });

  it('a space that never answers is given up and reported as not inspected; the audit goes on', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    app().sim.setFaults({ rules: [{ path: SALES_GRANTS, action: 503 }] });
    try {
      const audit = await runAudit(app());
      expect(audit).toMatchObject({ state: 'completed', spacesDone: 6, spacesSkipped: 1 });
      expect(audit.skippedSpaces?.[0]).toMatchObject({
        spaceKey: 'SALES',
        attempts: MAX_SPACE_ATTEMPTS,
      });
      expect(audit.skippedSpaces?.[0]?.error).toMatch(/503|unavailable|failed/iu);
      expect(paths(app()).filter((p) => p === '/wiki/api/v2/spaces/104/permissions')).toHaveLength(
        MAX_SPACE_ATTEMPTS,
      );
      const findings = (await allFindings(app(), audit.auditId)).map(describeFinding);
      expect(findings.filter((f) => f.includes(' SALES'))).toEqual(['not-inspectable SALES']);
      expect(findings.filter((f) => !f.includes(' SALES'))).toEqual(
        clean.filter((f) => !f.includes(' SALES')),
      );
    } finally {
      logged.mockRestore();
    }
  });

  it(`Confluence failing for every space ends the audit after ${String(MAX_SKIPPED_IN_ROW)} spaces given up in a row`, async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    app().sim.setFaults({
      rules: [{ path: '^/wiki/api/v2/spaces/\\d+/permissions', action: 503 }],
    });
    try {
      const audit = await runAudit(app());
      expect(audit).toMatchObject({
        state: 'failed',
        spacesDone: MAX_SKIPPED_IN_ROW,
        spacesSkipped: MAX_SKIPPED_IN_ROW,
        stop: { kind: 'spaces-failing', skipped: MAX_SKIPPED_IN_ROW },
      });
      expect(auditStopText(english, audit)).toMatch(/kept failing for 3 spaces in a row/u);
      expect(await lockHolder(app())).toBeUndefined();
    } finally {
      logged.mockRestore();
    }
  });
});

describe('two starts never both win', () => {
  const app = useApp({}, { jobs: true });

  it('a start that finds the lock before its winner wrote the record waits, and so does the trigger', async () => {
    await setPolicy(app(), { schedule: 'daily' });
    const second: unknown[] = [];
    let interleaved = false;
    // The first start pauses right after claiming the lock, before its record exists; a
    // resolver start and the scheduled trigger run in that gap.
    const first = createAuditJob({
      ...forgeAuditPorts(),
      store: {
        ...kvsAuditStore,
        writeRecord: async (record) => {
          if (!interleaved) {
            interleaved = true;
            second.push(await createAuditJob(forgeAuditPorts()).start('u-bob'));
            second.push(await runScheduledAudit(forgeAuditPorts()));
          }
          return kvsAuditStore.writeRecord(record);
        },
      },
    });
    const winner = await app().platform.runAsApp(() => first.start('u-alice'));
    expect(winner.started).toBe(true);
    expect(second).toEqual([{ started: false }, { started: false, reason: 'running' }]);
    const lock = await lockHolder(app());
    expect(lock?.auditId).toBe(winner.started ? winner.record.auditId : '');
    await app().drain();
    expect((await status(app())).state).toBe('completed');
    // One audit ran: one space list was read.
    expect(paths(app()).filter((p) => p === '/wiki/api/v2/spaces')).toHaveLength(1);
  });

  it('of two takers of a stale lock, exactly one wins', async () => {
    // A lock whose claimer never wrote a record, claimed long ago: stale.
    await app().platform.runAsApp(() =>
      kvsAuditStore.claimLock('gone', app().platform.queues.now() - HOUR),
    );
    let other: unknown;
    const late = createAuditJob({
      ...forgeAuditPorts(),
      store: {
        ...kvsAuditStore,
        replaceLock: async (stale, next) => {
          other ??= await createAuditJob(forgeAuditPorts()).start('u-carol');
          return kvsAuditStore.replaceLock(stale, next);
        },
      },
    });
    const outcome = await app().platform.runAsApp(() => late.start('u-bob'));
    expect(outcome.started).toBe(false);
    expect(other).toMatchObject({ started: true });
    const lock = await lockHolder(app());
    expect(lock?.auditId).toBe((other as { record: { auditId: string } }).record.auditId);
    await app().drain();
    expect((await status(app())).state).toBe('completed');
    expect(await lockHolder(app())).toBeUndefined();
  });
});

describe('a step the platform stops on every delivery', () => {
  // A short invocation limit stands for the consumer's 900 s: the same rule at a test's scale.
  const app = useApp({}, { jobs: true, platform: { invocationLimitMs: { app: 1_500 } } });

  it('a space that alone outlasts the invocation fails in time and is given up; the audit completes', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    app().sim.setFaults({ rules: [{ path: SALES_GRANTS, action: 'hang' }] });
    try {
      const started = await call<AuditProgress>(app(), 'startAudit');
      await app().drain({ maxDeliveries: 200 });
      // No delivery was stopped by the platform: the job's own deadline came first.
      const errors = app().platform.queues.deliveries.filter((d) => d.outcome === 'error');
      expect(errors).toEqual([]);
      const audit = await status(app(), started.auditId);
      expect(audit).toMatchObject({ state: 'completed', spacesDone: 6, spacesSkipped: 1 });
      expect(audit.skippedSpaces?.[0]).toMatchObject({ spaceKey: 'SALES' });
    } finally {
      logged.mockRestore();
      app().sim.setFaults({});
    }
  });
});

describe('the watchdog: the hourly trigger ends a dead audit and frees its lock', () => {
  const app = useApp({}, { jobs: true });

  it(`within one interval of ${String(DEAD_AFTER_MS / 60_000)} minutes without a sign of life`, async () => {
    const queues = app().platform.queues;
    // Every delivery is stopped by the platform (as a step that runs past the consumer's limit
    // is): the audit's events run out of retries and nothing is left to move it on.
    queues.registerConsumer(AUDIT_QUEUE, () => {
      throw new InvocationTimeLimitError(900_000);
    });
    const fire = () => app().platform.runAsApp(() => auditSchedule());
    try {
      const started = await call<AuditProgress>(app(), 'startAudit');
      const lastSeen = queues.now();
      await app().drain();
      expect(queues.pending()).toBe(0);
      expect((await status(app(), started.auditId)).state).toBe('queued');
      // Hourly firings: alive until the silence exceeds what a live audit can keep.
      let ended: number | undefined;
      for (let hour = 1; hour <= 4 && ended === undefined; hour += 1) {
        queues.advance(lastSeen + hour * HOUR - queues.now());
        const outcome = await fire();
        if (outcome.watchdog?.tended === 'stalled') ended = queues.now();
        else expect(outcome.watchdog).toBeUndefined();
      }
      expect(ended).toBeDefined();
      expect((ended ?? 0) - lastSeen).toBeGreaterThanOrEqual(DEAD_AFTER_MS);
      expect((ended ?? 0) - lastSeen).toBeLessThanOrEqual(DEAD_AFTER_MS + HOUR);
      const audit = await status(app(), started.auditId);
      expect(audit).toMatchObject({
        state: 'failed',
        stop: { kind: 'stalled', lastSeenAt: new Date(lastSeen).toISOString() },
      });
      expect(auditStopText(english, audit)).toMatch(/stopped responding/u);
      expect(await lockHolder(app())).toBeUndefined();
    } finally {
      serveManifest(app());
    }
    // The lock is free: a new audit starts and completes.
    expect((await runAudit(app())).state).toBe('completed');
  });
});

describe('an audit needing more queue pushes than one chain may make', () => {
  const app = useApp({}, { jobs: true });
  const LIMIT = 5;
  afterAll(() => {
    app().platform.queues.setMaxChainPushes(1000);
  });

  it('parks before the refused push and goes on from the hourly trigger’s fresh chain', async () => {
    // About two spaces an hour: the audit hops through hours of waits, a push per hop.
    await setPolicy(app(), {
      broadGroups: ['confluence-users', 'all-staff'],
      pointsBudgetShare: 0.0006,
      reconcile: 'always',
    });
    const clean = await runAudit(app());
    expect(clean.state).toBe('completed');
    const cleanFindings = (await allFindings(app(), clean.auditId)).map(describeFinding);
    const queues = app().platform.queues;
    const needed = queues.chainStats().longest;
    expect(needed).toBeGreaterThan(2 * LIMIT);

    queues.reset();
    queues.setMaxChainPushes(LIMIT);
    const started = await call<AuditProgress>(app(), 'startAudit');
    let resumed = 0;
    for (let hour = 0; hour < 200; hour += 1) {
      await app().drain();
      const audit = await status(app(), started.auditId);
      if (audit.state !== 'running' && audit.state !== 'queued') break;
      expect(queues.pending()).toBe(0);
      queues.advance(HOUR);
      const outcome = await app().platform.runAsApp(() => auditSchedule());
      if (outcome.watchdog?.tended === 'resumed') resumed += 1;
    }
    const audit = await status(app(), started.auditId);
    expect(audit).toMatchObject({ state: 'completed', spacesDone: 6 });
    expect((await allFindings(app(), audit.auditId)).map(describeFinding)).toEqual(cleanFindings);
    const chains = queues.chainStats();
    expect(chains.longest).toBeLessThanOrEqual(LIMIT);
    // Parked waits pass while parked, so fewer pushes are needed than in one chain.
    expect(resumed).toBeGreaterThanOrEqual(2);
    expect(chains.refused).toBe(resumed);
  });
});
