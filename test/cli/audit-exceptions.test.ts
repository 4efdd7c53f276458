/**
 * `access-lens audit --json`: every finding carries `link`, the absolute URL where it is fixed;
 * `--exceptions <file>` (the admin page's export) marks the findings it covers, lists the
 * exceptions, and only findings no active exception covers can fail `--fail-on`.
 */
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import { DAY_MS, dayOf } from '../../src/core';
import { demoSite, runCli, tokenEnv } from './helpers';

const site = demoSite();
const alice = site.users.find((u) => u.accountId === 'u-alice');
const NOW = Date.parse('2026-12-02T12:00:00Z');
const FAST = ['--max-requests-per-second', '0', '--concurrency', '8'];

interface Report {
  findings: {
    id: string;
    severity: string;
    link: string;
    exception?: { reason: string; ownerAccountId: string; expiresOn: string };
  }[];
  exceptions: { findingId: string; active: boolean; found: boolean }[];
}

describe('access-lens audit --exceptions and links', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: site as never, burstPerSecond: 1_000_000 });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function audit(args: string[], files: Record<string, string> = {}, now = NOW) {
    if (alice === undefined) throw new Error('no Alice in the demo site');
    return runCli(['audit', '--site', sim.baseUrl, ...FAST, ...args], tokenEnv(alice), {
      files,
      now: now,
    });
  }

  /** An exceptions file covering every high finding of `report`, expiring `expiresOn`. */
  function exceptionsFile(report: Report, expiresOn: string): string {
    return JSON.stringify({
      exceptions: report.findings
        .filter((f) => f.severity === 'high')
        .map((f) => ({
          findingId: f.id,
          reason: 'Accepted for the test',
          ownerAccountId: 'u-carol',
          expiresOn,
          acceptedAt: '2026-12-01T09:00:00.000Z',
          acceptedBy: 'u-alice',
          active: true,
        })),
      asOf: '2026-12-01T09:00:00.000Z',
    });
  }

  it('links each finding to the Confluence page where it is fixed', async () => {
    const { code, stdout } = await audit(['--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.exceptions).toEqual([]);
    expect(report.findings.length).toBeGreaterThan(0);
    const byId = new Map(report.findings.map((f) => [f.id, f.link]));
    expect(byId.get('anonymous-space-access|PUBLIC||anonymous')).toBe(
      `${sim.baseUrl}/wiki/spaces/spacepermissions.action?key=PUBLIC`,
    );
    expect(byId.get('sensitive-page-unrestricted|PUBLIC|3005|')).toBe(
      `${sim.baseUrl}/wiki/pages/viewpage.action?pageId=3005`,
    );
    for (const finding of report.findings) {
      expect(finding.link.startsWith(`${sim.baseUrl}/wiki/`)).toBe(true);
    }
  });

  it('exits 2 without exceptions, 0 when every high finding is excepted, 2 again once they expire', async () => {
    const without = await audit(['--json', '--fail-on', 'high']);
    expect(without.code).toBe(2);
    const report = JSON.parse(without.stdout) as Report;
    const highs = report.findings.filter((f) => f.severity === 'high');
    expect(highs.length).toBeGreaterThan(1);

    const expiresOn = dayOf(NOW + 30 * DAY_MS);
    const files = { 'exceptions.json': exceptionsFile(report, expiresOn) };
    const withFile = await audit(
      ['--json', '--fail-on', 'high', '--exceptions', 'exceptions.json'],
      files,
    );
    expect(withFile.code).toBe(0);
    const excepted = JSON.parse(withFile.stdout) as Report;
    expect(excepted.exceptions).toHaveLength(highs.length);
    expect(excepted.exceptions.every((e) => e.active && e.found)).toBe(true);
    expect(excepted.findings.filter((f) => f.exception !== undefined)).toHaveLength(highs.length);
    expect(excepted.findings.find((f) => f.severity === 'high')?.exception).toEqual({
      reason: 'Accepted for the test',
      ownerAccountId: 'u-carol',
      expiresOn,
    });
    // Medium findings are not excepted: failing on medium still fails.
    const medium = await audit(
      ['--json', '--fail-on', 'medium', '--exceptions', 'exceptions.json'],
      files,
    );
    expect(medium.code).toBe(report.findings.some((f) => f.severity === 'medium') ? 2 : 0);

    const expired = await audit(
      ['--json', '--fail-on', 'high', '--exceptions', 'exceptions.json'],
      files,
      NOW + 31 * DAY_MS,
    );
    expect(expired.code).toBe(2);
    const after = JSON.parse(expired.stdout) as Report;
    expect(after.exceptions.every((e) => !e.active)).toBe(true);
    expect(after.findings.every((f) => f.exception === undefined)).toBe(true);
  });

  it('refuses a file that is not an exceptions file, naming it', async () => {
    const bad = await audit(['--json', '--exceptions', 'bad.json'], {
      'bad.json': '{"exceptions": [{"findingId": 1}]}',
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('exceptions[0].findingId');
    expect(bad.stderr).toContain('--exceptions "bad.json" is not an exceptions file');
    const missing = await audit(['--json', '--exceptions', 'missing.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--exceptions "missing.json" cannot be read');
  });
});
