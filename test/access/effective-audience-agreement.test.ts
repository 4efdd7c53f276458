/**
 * The effective audience against the simulator's own enforcement: on every page and blog post of
 * both demo sites (legacy permissions and space roles), computed as a reader of the page, the
 * people the audience covers must be exactly the named users the simulator lets view (and edit).
 * An incomplete audience may cover fewer, never more, and such answers stay rare.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientAudienceSource } from '../../src/access/audience-source';
import { loadEffectiveAudience } from '../../src/access/load-effective-audience';
import { loadPageAccess } from '../../src/access/load-page-access';
import { ConfluenceClient } from '../../src/confluence/client';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import type { EffectiveAudience } from '../../src/core/effective-audience';
import { isRestricting, isUnknown } from '../../src/core/model';
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import { contentPath, simCanEdit } from '../support/agreement';

interface FixtureUser {
  accountId: string;
  active?: boolean;
  isGuest?: boolean;
  productAccess?: boolean;
  accountType?: string;
}
interface Fixture {
  app: { accountId: string };
  users: FixtureUser[];
  groups: { id: string; members: string[] }[];
  content: { id: string; type: string; title: string }[];
}

const root = join(__dirname, '..', '..');
const read = (file: string) =>
  JSON.parse(readFileSync(join(root, 'dev', 'fixtures', file), 'utf8')) as Fixture;

const SITES = [
  ['legacy permissions', 'demo-site.json'],
  ['space roles', 'demo-site-roles.json'],
] as const;

/** Whether the audience says this user gets in. */
function covers(audience: EffectiveAudience, user: FixtureUser, fixture: Fixture): boolean {
  const active = user.active !== false;
  const licensed =
    active && user.productAccess !== false && user.accountType !== 'customer' && !user.isGuest;
  if (audience.people.some((p) => p.accountId === user.accountId)) return true;
  if (audience.everyone.includes('licensed') && licensed) return true;
  if (audience.everyone.includes('logged-in') && active) return true;
  if (audience.everyone.includes('guests') && active && user.isGuest === true) return true;
  return (
    licensed &&
    audience.groups.some((g) =>
      fixture.groups.find((f) => f.id === g.groupId)?.members.includes(user.accountId),
    )
  );
}

describe.each(SITES)('effective audience = the simulator, on the demo site (%s)', (_, file) => {
  const fixture = read(file);
  const named = fixture.users.filter((u) => !u.accountId.startsWith('u-staff'));
  const content = fixture.content.filter((c) => c.type === 'page' || c.type === 'blogpost');
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      fixture: fixture as never,
      pointsPerHour: 100_000_000,
      burstPerSecond: 1_000_000,
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  const clientAs = (accountId: string) =>
    new ConfluenceClient(
      fetchTransport({
        baseUrl: sim.baseUrl,
        fetch: (url, init) =>
          fetch(url, {
            ...init,
            headers: {
              ...(init?.headers as Record<string, string>),
              'X-Sim-Identity': `user:${accountId}`,
            },
          }),
      }),
    );

  const canView = (accountId: string, item: { id: string; type: string }) =>
    canViewAs(`user:${accountId}`, item);

  async function canViewAs(identity: string, item: { id: string; type: string }) {
    const res = await fetch(`${sim.baseUrl}${contentPath(item)}`, {
      headers: { 'X-Sim-Identity': identity },
    });
    await res.text();
    return res.status === 200;
  }

  let compared = 0;
  let incomplete = 0;
  let appCompared = 0;

  it.each(content.map((c) => [c.id, c] as const))('content %s', async (_id, item) => {
    const views = await Promise.all(named.map((u) => canView(u.accountId, item)));
    // Read as the first reader who may browse people (a Confluence admin if one can read it).
    const readers = named.filter((u, i) => views[i] && u.active !== false && !u.isGuest);
    const reader = readers.find((u) => u.accountId === 'u-alice') ?? readers[0];
    if (reader === undefined) return;
    const client = clientAs(reader.accountId);
    const { input } = await loadPageAccess(client, item.id, {
      contentType: item.type === 'blogpost' ? 'blogpost' : 'page',
    });
    const source = clientAudienceSource(client);
    const [view, edit] = await Promise.all([
      loadEffectiveAudience(source, input, 'view'),
      loadEffectiveAudience(source, input, 'edit'),
    ]);
    const edits = await Promise.all(
      named.map((u) => simCanEdit(sim.baseUrl, item.id, { type: 'user', identifier: u.accountId })),
    );
    const wrong: string[] = [];
    named.forEach((user, i) => {
      for (const [action, audience, enforced] of [
        ['view', view.audience, views[i] === true],
        ['edit', edit.audience, edits[i] === true],
      ] as const) {
        compared += 1;
        const covered = covers(audience, user, fixture);
        if (covered === enforced) continue;
        if (!audience.complete && !covered) {
          incomplete += 1;
          continue;
        }
        wrong.push(
          `${action} ${user.accountId}: audience ${String(covered)}, simulator ${String(enforced)}`,
        );
      }
    });
    // The app's own account reaches every space through its scopes, so restrictions decide. It
    // is a candidate only where a view restriction on the way lists people: on open content it
    // is one of every app installed on the site, which the list does not try to name.
    const appId = fixture.app.accountId;
    const appViews = await canViewAs('app', item);
    const appListed = view.audience.people.some((p) => p.accountId === appId);
    const restricted = [input.page, ...input.ancestors].some(
      (node) => !isUnknown(node.read) && isRestricting(node.read),
    );
    if (restricted) appCompared += 1;
    if (restricted && appListed !== appViews && (view.audience.complete || appListed)) {
      wrong.push(`view ${appId}: audience ${String(appListed)}, simulator ${String(appViews)}`);
    }
    // It holds no edit permission in any space, and the audience must not say it does.
    if (edit.audience.people.some((p) => p.accountId === appId)) wrong.push(`edit ${appId}`);
    expect(wrong).toEqual([]);
  });

  it('leaves few answers incomplete', () => {
    expect(compared).toBeGreaterThan(200);
    expect(appCompared).toBeGreaterThan(5);
    expect(incomplete).toBeLessThan(compared / 4);
  });
});
