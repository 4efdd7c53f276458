/**
 * Accepted exceptions through the real resolver handler on the demo site: kept across audits by
 * the finding's fingerprint, apart from the open findings, expiring back into view on the
 * platform's clock; admins only; bad input refused with nothing written.
 */
import type {
  AuditReportPage,
  ExceptionView,
  ExceptionsView,
  RevokeExceptionResult,
} from '../../src/contract/admin';
import { DAY_MS, dayOf, partitionFindings } from '../../src/core';
import type { FindingException } from '../../src/core';
import { installPlatformClock, platformClock } from '../../src/jobs/clock';
import { ADMIN, SETTINGS, allFindings, call, runAudit } from '../jobs/audit-helpers';
import { useApp } from './app-harness';

const PUBLIC_ANONYMOUS = 'anonymous-space-access|PUBLIC||anonymous';
const BOB = { accountId: 'u-bob' } as const;

type Result<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: { code: string; message: string } };

describe('acceptException / listExceptions / revokeException', () => {
  const app = useApp({}, { jobs: true });
  const writes = () =>
    app().platform.kvs.requests.filter(
      (r) =>
        r.path.endsWith('/set') || r.path.endsWith('/delete') || r.path.endsWith('/transaction'),
    );
  const today = () => dayOf(platformClock().now());
  const inDays = (days: number) => dayOf(platformClock().now() + days * DAY_MS);

  /** Runs `body` with the platform's clock `days` ahead, as the app would read it then. */
  async function later<T>(days: number, body: () => Promise<T>): Promise<T> {
    const base = platformClock();
    const restore = installPlatformClock({
      now: () => base.now() + days * DAY_MS,
      sleep: (ms) => base.sleep(ms),
    });
    try {
      return await body();
    } finally {
      restore();
    }
  }

  it('refuses every exception function to a non-admin, and writes nothing', async () => {
    await runAudit(app());
    app().platform.kvs.clearRequests();
    for (const [key, payload] of [
      ['listExceptions', {}],
      [
        'acceptException',
        {
          findingId: PUBLIC_ANONYMOUS,
          reason: 'Public docs',
          ownerAccountId: 'u-bob',
          expiresOn: inDays(30),
        },
      ],
      ['revokeException', { findingId: PUBLIC_ANONYMOUS }],
    ] as const) {
      const result = (await app().call(BOB, key, payload, SETTINGS)) as Result<unknown>;
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(writes()).toEqual([]);
  });

  it('refuses bad input with BAD_REQUEST before anything is written', async () => {
    app().platform.kvs.clearRequests();
    const good = {
      findingId: PUBLIC_ANONYMOUS,
      reason: 'Public product docs',
      ownerAccountId: 'u-carol',
      expiresOn: inDays(30),
    };
    for (const payload of [
      { ...good, reason: '   ' },
      { ...good, expiresOn: inDays(400) },
      { ...good, expiresOn: inDays(-1) },
      { ...good, expiresOn: '2027-02-30' },
      { ...good, ownerAccountId: 'not an id' },
      { ...good, findingId: 'no-such-rule|PUBLIC||anonymous' },
      { ...good, findingId: 'user-grants|PUBLIC||user:u-nobody' },
      { ...good, colour: 'red' },
    ]) {
      const result = (await app().call(
        ADMIN,
        'acceptException',
        payload,
        SETTINGS,
      )) as Result<unknown>;
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const revoke = (await app().call(
      ADMIN,
      'revokeException',
      { findingId: PUBLIC_ANONYMOUS },
      SETTINGS,
    )) as Result<unknown>;
    expect(revoke).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(writes()).toEqual([]);
    expect((await call<ExceptionsView>(app(), 'listExceptions')).exceptions).toEqual([]);
  });

  it('keeps an exception across two audits, apart from the open findings, until it expires', async () => {
    const first = await runAudit(app());
    const before = await allFindings(app(), first.auditId);
    expect(before.map((f) => f.id)).toContain(PUBLIC_ANONYMOUS);

    const accepted = await call<ExceptionView>(app(), 'acceptException', {
      findingId: PUBLIC_ANONYMOUS,
      reason: '  The PUBLIC space is our public product documentation.  ',
      ownerAccountId: 'u-carol',
      expiresOn: inDays(90),
    });
    expect(accepted).toMatchObject({
      findingId: PUBLIC_ANONYMOUS,
      rule: 'anonymous-space-access',
      spaceKey: 'PUBLIC',
      reason: 'The PUBLIC space is our public product documentation.',
      ownerAccountId: 'u-carol',
      acceptedBy: ADMIN.accountId,
      active: true,
      finding: { id: PUBLIC_ANONYMOUS, severity: 'high' },
    });

    // Two more audits: the same problem has the same fingerprint, so the exception still covers it.
    const second = await runAudit(app());
    const third = await runAudit(app());
    expect(new Set([first.auditId, second.auditId, third.auditId]).size).toBe(3);
    const listed = await call<ExceptionsView>(app(), 'listExceptions');
    expect(listed.exceptions).toHaveLength(1);
    expect(listed.defaultExpiry).toBe(inDays(90));
    expect(listed.latestExpiry).toBe(inDays(365));
    const findings = await allFindings(app(), third.auditId);
    const now = platformClock().now();
    const split = partitionFindings(findings, listed.exceptions, now);
    expect(split.excepted.map((e) => e.finding.id)).toEqual([PUBLIC_ANONYMOUS]);
    expect(split.open).toHaveLength(findings.length - 1);
    expect(split.open.map((f) => f.id)).not.toContain(PUBLIC_ANONYMOUS);

    // Its last day it still holds; the day after, the finding is open again.
    await later(90, async () => {
      const onLastDay = await call<ExceptionsView>(app(), 'listExceptions');
      expect(onLastDay.exceptions[0]?.active).toBe(true);
    });
    await later(91, async () => {
      const expired = await call<ExceptionsView>(app(), 'listExceptions');
      expect(expired.exceptions).toMatchObject([{ findingId: PUBLIC_ANONYMOUS, active: false }]);
      const again = partitionFindings(findings, expired.exceptions, platformClock().now());
      expect(again.excepted).toEqual([]);
      expect(again.open.map((f) => f.id)).toContain(PUBLIC_ANONYMOUS);
    });
  });

  it('revokes an exception: its finding is open again', async () => {
    const revoked = await call<RevokeExceptionResult>(app(), 'revokeException', {
      findingId: PUBLIC_ANONYMOUS,
    });
    expect(revoked).toEqual({ revoked: true });
    const listed = await call<ExceptionsView>(app(), 'listExceptions');
    expect(listed.exceptions).toEqual([]);
  });

  it('accepting reads the finding through the report index, not the whole report', async () => {
    const report = await call<AuditReportPage>(app(), 'getAuditReport', { limit: 1 });
    app().platform.kvs.clearRequests();
    await call<ExceptionView>(app(), 'acceptException', {
      findingId: PUBLIC_ANONYMOUS,
      reason: 'Public docs',
      ownerAccountId: 'u-carol',
      expiresOn: today(),
    });
    const reads = app().platform.kvs.requests.filter((r) => !writes().includes(r));
    // The admin verdict, the history and the record, the index, its segment(s), the list of
    // exceptions; never every segment of the report.
    expect(reads.length).toBeLessThanOrEqual(8);
    expect(report.total).toBeGreaterThan(1);
    const kept: readonly FindingException[] = (await call<ExceptionsView>(app(), 'listExceptions'))
      .exceptions;
    expect(kept.map((e) => e.expiresOn)).toEqual([today()]);
  });
});
