/**
 * `access-lens page` states the macro's answer first — the same headline and list of people,
 * from the same renderer — and `--json` carries the same effective audience objects.
 */
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import { demoSite, runCli, tokenEnv } from './helpers';

const site = demoSite();
const bob = site.users.find((u) => u.accountId === 'u-bob');

describe('access-lens page: the effective audience', () => {
  let sim: RunningSimulator;
  const fast = ['--max-requests-per-second', '0', '--concurrency', '8'];
  beforeAll(async () => {
    sim = await startSimulator({ fixture: site as never, burstPerSecond: 1_000_000 });
  });
  afterAll(async () => {
    await sim.close();
  });
  const cli = (args: string[]) => {
    if (bob === undefined) throw new Error('no u-bob in the demo site');
    return runCli([...args, ...fast], { ACCESS_LENS_SITE: sim.baseUrl, ...tokenEnv(bob) });
  };

  it('prints the headline and the people before the layers', async () => {
    const text = await cli(['page', '1013']);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    const lines = text.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '3 people can view this page; 1 can edit.',
      'People who can view:',
      '  Access Lens (app)',
      '  Bob Engineer',
      '  Priya Security (can edit)',
    ]);
    expect(text.stdout).toContain('Breach Playbook (page 1013) in Engineering (ENG)');
  });

  it('marks a guest', async () => {
    const text = await cli(['page', '1022']);
    expect(text.stdout).toContain('  Dan Contractor (guest, can edit)');
  });

  it('names and marks the people the layers name, as the macro does', async () => {
    const text = await cli(['page', '1013']);
    // The space grants name them by account id only; the check gives their names.
    const flat = text.stdout.replace(/\s+/gu, ' ');
    expect(flat).toContain('Dan Contractor (guest); Erin Former (deactivated)');
    expect(text.stdout).not.toContain('u-dan');
    expect(text.stdout).not.toContain('Bob Engineer (');
  });

  it('--json marks them on the audience entries: checked plain accounts with none', async () => {
    const json = await cli(['page', '1013', '--json']);
    const view = JSON.parse(json.stdout) as {
      audience: {
        view: {
          terms: {
            rule: string;
            members: { principal: { kind: string; accountId?: string }; markers?: string[] }[];
          }[];
        };
      };
    };
    const entries = view.audience.view.terms.flatMap((term) => term.members);
    const markersOf = (id: string) => entries.find((e) => e.principal.accountId === id)?.markers;
    expect(markersOf('u-dan')).toEqual(['guest']);
    expect(markersOf('u-erin')).toEqual(['deactivated']);
    expect(markersOf('u-bob')).toEqual([]);
  });

  it('--json carries effective: { view, edit }', async () => {
    const json = await cli(['page', '1013', '--json']);
    expect(json.code).toBe(0);
    const view = JSON.parse(json.stdout) as {
      effective: { view: { people: { displayName: string }[] }; edit: { complete: boolean } };
    };
    expect(Object.keys(view.effective)).toEqual(['view', 'edit']);
    expect(view.effective.view.people.map((p) => p.displayName).sort()).toEqual([
      'Access Lens',
      'Bob Engineer',
      'Priya Security',
    ]);
    expect(view.effective.edit.complete).toBe(true);
  });

  it("check --group says what the group's members get, as the macro does", async () => {
    const text = await cli(['check', '1013', '--group', 'g-security-team']);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    // The CLI wraps long lines; the words are the macro's.
    expect(text.stdout.replace(/\s+/g, ' ')).toContain(
      'Of its 2 members, 1 can view this page and 1 can edit it. ' +
        'Those who can view get in through other groups or their own grants, not through ' +
        'security-team.',
    );
    const json = await cli(['check', '1013', '--group', 'g-security-team', '--json']);
    const answer = JSON.parse(json.stdout) as { members: { view: number; message: string } };
    expect(answer.members).toMatchObject({ checked: 2, size: 2, view: 1, edit: 1 });
    expect(answer.members.message).toContain('Of its 2 members');
  });
});
