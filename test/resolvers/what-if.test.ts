/**
 * "What if" (docs/ARCHITECTURE.md, "What if"), through the real resolver on the local platform:
 * for a set of restriction changes on pages with pages below them, who the preview says gains and
 * loses view (and edit) must be exactly the named demo users whose access the simulator changes
 * once the same change is made to a copy of the site. Only viewers who could make the change may
 * preview it, whatever the payload says; a preview writes nothing to Confluence or to storage.
 */
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import { contentPath, simCanEdit } from '../support/agreement';
import { demoSite, useApp } from './app-harness';

interface FixtureContent {
  id: string;
  type: string;
  title: string;
  parentId?: string | null;
  restrictions: Record<'read' | 'update', { users: string[]; groups: string[] }>;
}
interface FixtureUser {
  accountId: string;
  active?: boolean;
  isGuest?: boolean;
  productAccess?: boolean;
  accountType?: string;
}
interface Fixture {
  users: FixtureUser[];
  groups: { id: string; members: string[] }[];
  content: FixtureContent[];
}

interface Delta {
  people: { accountId: string }[];
  groups: { groupId: string }[];
  everyone: string[];
  anonymous: boolean;
}
interface Change {
  gained: Delta;
  lost: Delta;
  before: Summary;
  after: Summary;
  complete: boolean;
  changed: boolean;
}
interface Preview {
  ok: boolean;
  data?: {
    page: { view: Change; edit: Change };
    below: {
      considered: number;
      truncated: boolean;
      unreadable: number;
      uncertain: number;
      changed: { id: string; view: Change }[];
    };
  };
  error?: { code: string; message: string };
}

interface Payload {
  operation: 'read' | 'update';
  addUsers?: string[];
  addGroups?: string[];
  removeUsers?: string[];
  removeGroups?: string[];
}

const fixture = demoSite() as Fixture;
const NAMED = fixture.users.filter((u) => !u.accountId.startsWith('u-staff'));
const on = (contentId: string) => ({ moduleKey: 'access-lens-macro', contentId });

/** The demo site with the change made, as Confluence's restrictions dialog would make it. */
function changedSite(pageId: string, change: Payload): Fixture {
  const copy = structuredClone(fixture);
  const page = copy.content.find((c) => c.id === pageId);
  if (page === undefined) throw new Error(`no page ${pageId}`);
  const list = page.restrictions[change.operation];
  list.users = [
    ...new Set(
      [...list.users, ...(change.addUsers ?? [])].filter(
        (id) => !(change.removeUsers ?? []).includes(id),
      ),
    ),
  ];
  list.groups = [
    ...new Set(
      [...list.groups, ...(change.addGroups ?? [])].filter(
        (id) => !(change.removeGroups ?? []).includes(id),
      ),
    ),
  ];
  return copy;
}

/** The page and every page below it in the fixture. */
function pageAndBelow(pageId: string): FixtureContent[] {
  const below = (id: string): FixtureContent[] =>
    fixture.content.filter((c) => c.parentId === id).flatMap((c) => [c, ...below(c.id)]);
  const page = fixture.content.find((c) => c.id === pageId);
  return page === undefined ? [] : [page, ...below(pageId)];
}

async function simViews(sim: RunningSimulator, item: FixtureContent, accountId: string) {
  const plural: Record<string, string> = {
    folder: 'folders',
    whiteboard: 'whiteboards',
    database: 'databases',
    embed: 'embeds',
  };
  const kind = plural[item.type];
  const path = kind === undefined ? contentPath(item) : `/wiki/api/v2/${kind}/${item.id}`;
  const res = await fetch(`${sim.baseUrl}${path}`, {
    headers: { 'X-Sim-Identity': `user:${accountId}` },
  });
  await res.text();
  // 404: not visible; 403: may not use Confluence at all (a deactivated account). Anything else
  // (a 429, say) would make the comparison meaningless.
  if (![200, 403, 404].includes(res.status)) throw new Error(`${path}: ${String(res.status)}`);
  return res.status === 200;
}

/** Plenty of points and burst: the comparisons read every page as every named user. */
const ROOMY = { pointsPerHour: 100_000_000, burstPerSecond: 1_000_000 } as const;

interface Summary {
  people: string[];
  groups: { groupId: string }[];
  everyone: string[];
}

/** Whether an audience lets this user in: listed, in a group told by size, or in a class. */
function covers(audience: Summary, user: FixtureUser): boolean {
  if (audience.people.includes(user.accountId)) return true;
  const licensed =
    user.active !== false && user.productAccess !== false && user.accountType !== 'customer';
  if (audience.everyone.includes('licensed') && licensed && user.isGuest !== true) return true;
  if (audience.everyone.includes('logged-in') && user.active !== false) return true;
  return (
    licensed &&
    user.isGuest !== true &&
    audience.groups.some((g) =>
      fixture.groups.find((f) => f.id === g.groupId)?.members.includes(user.accountId),
    )
  );
}

/** What the preview says happens to this user: gains, loses, or neither. */
function fate(change: Change | undefined, user: FixtureUser): 'gains' | 'loses' | 'same' {
  if (change === undefined) return 'same';
  const [was, is] = [covers(change.before, user), covers(change.after, user)];
  const named = (delta: Delta) => delta.people.some((p) => p.accountId === user.accountId);
  // A listed person's change is the engine's own verdict on both inputs: it must say the same.
  if (
    change.before.people.includes(user.accountId) ||
    change.after.people.includes(user.accountId)
  ) {
    expect({
      user: user.accountId,
      gained: named(change.gained),
      lost: named(change.lost),
    }).toEqual({
      user: user.accountId,
      gained: !was && is,
      lost: was && !is,
    });
  }
  return was === is ? 'same' : is ? 'gains' : 'loses';
}

const CASES: { name: string; as: string; pageId: string; change: Payload }[] = [
  {
    name: 'remove a person and a group from Security (everything below inherits it)',
    as: 'u-priya',
    pageId: '1010',
    change: { operation: 'read', removeUsers: ['u-alice'], removeGroups: ['g-eng-leads'] },
  },
  {
    name: 'add a group to Security',
    as: 'u-priya',
    pageId: '1010',
    change: { operation: 'read', addGroups: ['g-hr'] },
  },
  {
    name: 'restrict an unrestricted parent (Engineering Home) to one person',
    as: 'u-bob',
    pageId: '1000',
    change: { operation: 'read', addUsers: ['u-bob'] },
  },
  {
    name: 'lift the restriction of Incident Runbooks',
    as: 'u-priya',
    pageId: '1012',
    change: { operation: 'read', removeUsers: ['u-priya', 'u-bob', 'app-access-lens'] },
  },
];

describe('what if: the preview agrees with the simulator after the same change', () => {
  const app = useApp(ROOMY);

  it.each(CASES)('$name', async ({ as, pageId, change }) => {
    const answer = (await app().call(
      { accountId: as },
      'previewRestrictionChange',
      change,
      on(pageId),
    )) as Preview;
    expect(answer.error).toBeUndefined();
    const preview = answer.data!;
    const after = await startSimulator({ fixture: changedSite(pageId, change) as never, ...ROOMY });
    try {
      let differences = 0;
      let missed = 0;
      for (const item of pageAndBelow(pageId)) {
        const delta =
          item.id === pageId
            ? preview.page.view
            : preview.below.changed.find((c) => c.id === item.id)?.view;
        for (const user of NAMED) {
          const [was, is] = [
            await simViews(app().sim, item, user.accountId),
            await simViews(after, item, user.accountId),
          ];
          if (was !== is) differences += 1;
          const told = fate(delta, user);
          // An incomplete preview (a team on a restriction: its members cannot be listed) may
          // miss someone, and says so; what it does name must be true.
          if (told === 'same' && delta?.complete === false) {
            missed += was === is ? 0 : 1;
            continue;
          }
          expect({ page: item.id, user: user.accountId, fate: told }).toEqual({
            page: item.id,
            user: user.accountId,
            fate: was === is ? 'same' : is ? 'gains' : 'loses',
          });
        }
      }
      // Each case changes someone's access somewhere, or it could not tell a wrong preview; and
      // what an incomplete answer misses stays the exception.
      expect(differences).toBeGreaterThan(0);
      expect(missed).toBeLessThanOrEqual(Math.max(1, Math.floor(differences / 10)));
      expect(preview.below.considered).toBe(pageAndBelow(pageId).length - 1);
      expect(preview.below.unreadable).toBe(0);
    } finally {
      await after.close();
    }
  });

  it('an edit restriction: who gains edit on the page, and nothing below changes', async () => {
    const change: Payload = { operation: 'update', addUsers: ['u-bob'] };
    const answer = (await app().call(
      { accountId: 'u-priya' },
      'previewRestrictionChange',
      change,
      on('1013'),
    )) as Preview;
    const preview = answer.data!;
    expect(preview.below).toEqual({
      considered: 0,
      truncated: false,
      unreadable: 0,
      uncertain: 0,
      changed: [],
    });
    expect(preview.page.view.changed).toBe(false);
    const after = await startSimulator({ fixture: changedSite('1013', change) as never, ...ROOMY });
    try {
      for (const user of NAMED) {
        const subject = { type: 'user' as const, identifier: user.accountId };
        const was = await simCanEdit(app().sim.baseUrl, '1013', subject);
        const is = await simCanEdit(after.baseUrl, '1013', subject);
        expect({ user: user.accountId, fate: fate(preview.page.edit, user) }).toEqual({
          user: user.accountId,
          fate: was === is ? 'same' : is ? 'gains' : 'loses',
        });
      }
      expect(preview.page.edit.gained.people.map((p) => p.accountId)).toEqual(['u-bob']);
    } finally {
      await after.close();
    }
  });
});

describe('what if: who may preview', () => {
  const app = useApp();
  const change = { operation: 'read', addUsers: ['u-ivan'] };

  it('someone who can edit the page and restrict content in its space may', async () => {
    const access = await app().call({ accountId: 'u-priya' }, 'getWhatIfAccess', {}, on('1010'));
    expect(access).toEqual({ ok: true, data: { allowed: true } });
  });

  it.each([
    ['u-ivan', 'can view Security but holds no restrict permission in ENG'],
    ['u-bob', 'may restrict in ENG but cannot edit Security (its edit list is Priya)'],
  ])('%s is refused: %s', async (accountId) => {
    const access = await app().call({ accountId }, 'getWhatIfAccess', {}, on('1010'));
    expect(access).toEqual({ ok: true, data: { allowed: false } });
    const refused = (await app().call(
      { accountId },
      'previewRestrictionChange',
      change,
      on('1010'),
    )) as Preview;
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('an anonymous visitor is refused, even on a page they can read', async () => {
    const refused = (await app().call(
      { anonymous: true },
      'previewRestrictionChange',
      change,
      on('3000'),
    )) as Preview;
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('someone who cannot read the page learns nothing (not visible), whatever they send', async () => {
    const refused = (await app().call(
      { accountId: 'u-carol' },
      'previewRestrictionChange',
      change,
      on('1010'),
    )) as Preview;
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_VISIBLE' } });
  });

  it.each([
    [{ operation: 'read' }],
    [{ operation: 'delete', addUsers: ['u-ivan'] }],
    [{ operation: 'read', addUsers: ['not an id!'] }],
    [{ operation: 'read', addUsers: Array.from({ length: 51 }, (_, i) => `u-${String(i)}`) }],
    [{ operation: 'read', addUsers: ['u-ivan'], pageId: '1013' }],
  ])('bad payload %j is refused and reads nothing', async (payload) => {
    app().sim.resetStats();
    const refused = (await app().call(
      { accountId: 'u-priya' },
      'previewRestrictionChange',
      payload,
      on('1010'),
    )) as Preview;
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    // The empty change passes the schema, so it is refused after the page's gate read alone.
    expect(app().sim.stats().totalRequests).toBeLessThanOrEqual('addUsers' in payload ? 0 : 20);
  });

  it('writes nothing: no write to Confluence, no key stored', async () => {
    app().platform.kvs.reset();
    app().sim.resetStats();
    const answer = (await app().call(
      { accountId: 'u-priya' },
      'previewRestrictionChange',
      { operation: 'read', removeGroups: ['g-eng-leads'] },
      on('1010'),
    )) as Preview;
    expect(answer.ok).toBe(true);
    const writes = Object.keys(app().sim.stats().requests).filter(
      (route) => !route.startsWith('GET ') && route !== 'POST /wiki/api/v2/users-bulk',
    );
    expect(writes).toEqual([]);
    expect(Object.keys(app().platform.kvs.snapshot().kvs)).toEqual([]);
  });
});
