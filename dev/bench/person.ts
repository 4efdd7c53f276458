/**
 * `npm run bench -- person`: `access-lens person <id> --json` on both demo sites, as an admin's
 * token (u-alice), one JSON line per site and person with the requests and points it spent.
 * Counts, not time: points are what the app's hourly pool is charged. Then the same people through
 * the admin page's person job (person-job.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../simulator/server';
import { run } from '../../src/cli/run';
import { benchPersonJob } from './person-job';

interface Fixture {
  users: { accountId: string; email?: string; apiToken?: string }[];
  spaces: unknown[];
}

const SITES = ['demo-site.json', 'demo-site-roles.json'] as const;
const PEOPLE = ['u-dan', 'u-carol', 'u-alice'] as const;

export async function runPersonBench(): Promise<void> {
  for (const file of SITES) {
    const path = join(__dirname, '..', 'fixtures', file);
    const fixture = JSON.parse(readFileSync(path, 'utf8')) as Fixture;
    const admin = fixture.users.find((u) => u.accountId === 'u-alice');
    if (admin?.email === undefined || admin.apiToken === undefined) {
      throw new Error(`${file}: u-alice has no API token`);
    }
    const sim = await startSimulator({ fixture: fixture as never, burstPerSecond: 1e9 });
    try {
      for (const person of PEOPLE) {
        sim.resetStats();
        let stdout = '';
        const code = await run(
          ['person', person, '--json', '--site', sim.baseUrl, '--max-requests-per-second', '0'],
          {
            stdout: { write: (text) => (stdout += text) },
            stderr: { write: () => undefined },
            env: { ATLASSIAN_EMAIL: admin.email, ATLASSIAN_API_TOKEN: admin.apiToken },
          },
        );
        if (code !== 0) throw new Error(`person ${person} on ${file} exited ${String(code)}`);
        const answer = JSON.parse(stdout) as {
          pages: unknown[];
          footprint: unknown[];
          coverage: { contentRead: number };
        };
        const stats = sim.stats();
        process.stdout.write(
          `${JSON.stringify({
            bench: 'person',
            site: file,
            person,
            spaces: fixture.spaces.length,
            contentRead: answer.coverage.contentRead,
            pagesDiffering: answer.pages.length,
            footprint: answer.footprint.length,
            requests: stats.totalRequests,
            points: stats.totalPoints,
          })}\n`,
        );
      }
    } finally {
      await sim.close();
    }
    // The same people through the admin page's person job, read as the app.
    for (const line of await benchPersonJob(file, PEOPLE)) {
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }
}
