/**
 * `access-lens person` output shapes on the demo site, as an admin's token: the JSON's top-level
 * fields, standings marked for a guest, a deactivated account, an account without product access
 * and a service-desk customer, and the text and CSV worded from the `cli.person.*` catalogue.
 */
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import { messagesFor } from '../../src/messages/locale-file';
import { demoSite, runCli, tokenEnv } from './helpers';

const site = demoSite();
const alice = site.users.find((u) => u.accountId === 'u-alice')!;
const FAST = ['--max-requests-per-second', '0'];

describe('access-lens person output', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: site as never, burstPerSecond: 1e9 });
  });
  afterAll(async () => {
    await sim.close();
  });
  const person = (...args: string[]) =>
    runCli(['person', ...args, '--site', sim.baseUrl, ...FAST], tokenEnv(alice));

  it.each([
    ['u-dan', 'guest'],
    ['u-erin', 'deactivated'],
    ['u-ravi', 'no-product-access'],
    ['u-cora', 'customer'],
    ['u-bob', 'active'],
  ])('answers %s with the same fields, marked %s', async (accountId, standing) => {
    const result = await person(accountId, '--json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['subject', 'spaces', 'pages', 'footprint', 'coverage']);
    expect(json.subject).toMatchObject({ accountId, standing });
  });

  it('words the text from the catalogue', async () => {
    const m = messagesFor();
    const result = await person('u-dan');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      m.text('cli.person.heading', {
        name: 'Dan Contractor',
        accountId: 'u-dan',
        standing: m.text('cli.person.standing.guest'),
      }),
    );
    expect(result.stdout).toContain(m.text('cli.person.footprint.heading'));
    expect(result.stdout).toContain(m.text('cli.person.route.guestAssignment'));
  });

  it('prints CSV with one header and a row per differing page and footprint entry', async () => {
    const [csv, json] = await Promise.all([person('u-dan', '--csv'), person('u-dan', '--json')]);
    const answer = JSON.parse(json.stdout) as { pages: unknown[]; footprint: unknown[] };
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('kind,spaceKey,contentId,title,view,edit,entry');
    expect(rows).toHaveLength(1 + answer.pages.length + answer.footprint.length);
  });

  it('refuses a malformed account id before reading anything', async () => {
    sim.resetStats();
    const result = await person('not an id');
    expect(result.code).toBe(1);
    expect(sim.stats().totalRequests).toBe(0);
  });
});
