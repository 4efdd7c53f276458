/**
 * `access-lens audit` reports accounts that left named on the content restrictions it reads, as
 * the admin job does: Erin (deactivated) on the edit restriction of "Onboarding" (1020).
 */
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import { run } from '../../src/cli/run';
import { demoSite, tokenEnv } from './helpers';

const site = demoSite();
const content = site.content as unknown as { id: string; labels: string[] }[];
const onboarding = content.find((c) => c.id === '1020');
if (onboarding !== undefined) onboarding.labels = ['confidential'];
const alice = site.users.find((u) => u.accountId === 'u-alice');

describe('access-lens audit: departed accounts on restrictions', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: site as never, burstPerSecond: 1_000_000 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('names Erin on the edit restriction, medium, fixed on the content', async () => {
    if (alice === undefined) throw new Error('no Alice in the demo site');
    let stdout = '';
    const code = await run(
      ['audit', '--site', sim.baseUrl, '--max-requests-per-second', '0', '--json'],
      {
        stdout: { write: (text) => (stdout += text) },
        stderr: { write: () => undefined },
        env: tokenEnv(alice),
      },
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      findings: { id: string; severity: string; link: string }[];
    };
    const departed = report.findings.filter((f) => f.id.startsWith('departed-account-access|'));
    expect(departed.map((f) => [f.id, f.severity])).toEqual([
      ['departed-account-access|ENG||user:u-erin', 'high'],
      ['departed-account-access|ENG|1020|user:u-erin', 'medium'],
    ]);
    expect(departed[1]?.link).toContain('1020');
  });
});
