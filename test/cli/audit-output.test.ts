/**
 * `access-lens audit --csv` is the admin page's CSV export byte for byte (one function,
 * src/jobs/findings-csv.ts: links absolute, the exception column filled from `--exceptions`), and
 * `--output <file>` writes the report to a file: never over an existing file without `--force`,
 * and a path that cannot be written is exit 1 with one line naming it, nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import { createSpaceAuditReads, loadAuditSpaces } from '../../src/access/load-space-audit';
import { auditSpaceList } from '../../src/app/audit-space';
import { ConfluenceClient } from '../../src/confluence/client';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import { validatePolicy } from '../../src/core';
import type { Finding, FindingException } from '../../src/core';
import { csvExport } from '../../src/jobs/report';
import type { AuditRecord } from '../../src/storage/audits';
import { demoSite, runCli, tokenEnv } from './helpers';

const site = demoSite();
const alice = site.users.find((u) => u.accountId === 'u-alice');
const NOW = Date.parse('2026-12-02T12:00:00Z');
const FAST = ['--max-requests-per-second', '0', '--concurrency', '8'];

describe('access-lens audit --csv and --output', () => {
  let sim: RunningSimulator;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: site as never, burstPerSecond: 1_000_000 });
    dir = mkdtempSync(join(tmpdir(), 'access-lens-output-'));
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function audit(args: string[], files: Record<string, string> = {}) {
    if (alice === undefined) throw new Error('no Alice in the demo site');
    return runCli(['audit', '--site', sim.baseUrl, ...FAST, ...args], tokenEnv(alice), {
      files,
      now: NOW,
    });
  }

  /** The findings as the admin job's loader and rules find them, read as Alice. */
  async function findingsAsAlice(): Promise<Finding[]> {
    if (alice?.email === undefined || alice.apiToken === undefined) throw new Error('no token');
    const basic = Buffer.from(`${alice.email}:${alice.apiToken}`).toString('base64');
    const client = new ConfluenceClient(
      fetchTransport({ baseUrl: sim.baseUrl, authHeader: `Basic ${basic}` }),
    );
    const { spaces } = await loadAuditSpaces(client, []);
    const policy = validatePolicy({});
    if (!policy.ok) throw new Error('the default policy is invalid');
    return auditSpaceList(createSpaceAuditReads(client, { concurrency: 8 }), spaces, policy.policy);
  }

  /** Only the fields `csvExport` reads (its file name); the CSV does not depend on them. */
  const record = {
    auditId: 'a-cli',
    startedAt: '2026-12-02T11:00:00.000Z',
    finishedAt: '2026-12-02T11:30:00.000Z',
  } as AuditRecord;

  it('prints the admin page export of the same findings, links and exceptions included', async () => {
    const findings = await findingsAsAlice();
    const high = findings.filter((f) => f.severity === 'high');
    expect(high.length).toBeGreaterThan(0);
    const exceptions: FindingException[] = high.map((f) => ({
      findingId: f.id,
      rule: f.rule,
      spaceKey: f.spaceKey,
      reason: 'Accepted for the test',
      ownerAccountId: 'u-carol',
      expiresOn: '2027-01-31',
      acceptedAt: '2026-12-01T09:00:00.000Z',
      acceptedBy: 'u-alice',
    }));
    const file = JSON.stringify({
      exceptions: exceptions.map((e) => ({ ...e, active: true })),
      asOf: '2026-12-01T09:00:00.000Z',
    });
    const { code, stdout, stderr } = await audit(['--csv', '--exceptions', 'x.json'], {
      'x.json': file,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const admin = csvExport(
      record,
      findings,
      {},
      sim.baseUrl,
      new Map(exceptions.map((e) => [e.findingId, e])),
    );
    expect(admin.rows).toBe(findings.length);
    expect(stdout).toBe(admin.csv);
    // The columns the admin page fills are filled here too.
    expect(stdout).toContain(`${sim.baseUrl}/wiki/`);
    expect(stdout.split('Accepted for the test').length - 1).toBe(high.length);
    // Without --exceptions the exception column is empty, as in an export with none accepted.
    const plain = await audit(['--csv']);
    expect(plain.stdout).toBe(csvExport(record, findings, {}, sim.baseUrl).csv);
  });

  it('writes the same bytes to --output, and prints nothing on stdout', async () => {
    const printed = await audit(['--csv']);
    const path = join(dir, 'findings.csv');
    const { code, stdout, stderr } = await audit(['--csv', '--output', path]);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(path, 'utf8')).toBe(printed.stdout);
    const json = join(dir, 'report.json');
    expect((await audit(['--json', '--output', json])).code).toBe(0);
    expect(readFileSync(json, 'utf8')).toBe((await audit(['--json'])).stdout);
  });

  it('refuses to overwrite a file unless --force is given', async () => {
    const path = join(dir, 'kept.csv');
    writeFileSync(path, 'keep me\n');
    const refused = await audit(['--csv', '--output', path]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `access-lens: --output ${JSON.stringify(path)} already exists: choose another file, or add --force to overwrite it. Nothing was written.\n`,
    );
    expect(readFileSync(path, 'utf8')).toBe('keep me\n');
    const forced = await audit(['--csv', '--output', path, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe((await audit(['--csv'])).stdout);
  });

  it('fails with exit 1 and one clear line on a path that cannot be written', async () => {
    const path = join(dir, 'no-such-folder', 'findings.csv');
    const { code, stdout, stderr } = await audit(['--csv', '--output', path]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `access-lens: --output ${JSON.stringify(path)} cannot be written (ENOENT): check that its folder exists and that you may write there. Nothing was written.\n`,
    );
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });

  it('refuses --force without --output before reading anything', async () => {
    sim.resetStats();
    const { code, stdout, stderr } = await audit(['--csv', '--force']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'access-lens: --force only overwrites the file named by --output: add --output <file>, or leave out --force. Nothing was read.\n',
    );
    expect(sim.stats().totalRequests).toBe(0);
  });
});
