/**
 * One site expressed in the legacy model and in the roles model (the same effective grants) must
 * give identical answers for every (named user, page) pair: that is what supporting role-based
 * space access means. Answers come through the engine fed by `loadPageAccess` (read as a viewer
 * who can read the page) and through the macro's `checkAccess`, for both readings of the legacy
 * list on a ROLES site. A transition site whose grants are split between the two sources answers
 * the same too, so both count. One test per (variant, page), so that a slow machine spreads the
 * work over many short tests instead of running out of time in one.
 */
import { buildDemoSite } from '../../dev/fixtures/build-demo-site';
import type { SiteFixtureInput } from '../../dev/simulator/fixture';
import type { SimulatorOptions } from '../../dev/simulator/server';
import { loadPageAccess } from '../../src/access/load-page-access';
import { loadSubject } from '../../src/access/load-subject';
import { ConfluenceClient } from '../../src/confluence/client';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import { evaluateAccess } from '../../src/core';
import type { AccessDecision, Decision } from '../../src/core';
import type { LoadedSubject } from '../../src/access/load-subject';
import { demoSite, demoSiteRoles, useApp } from './app-harness';

interface DemoUser {
  accountId: string;
  email: string;
  apiToken?: string;
}
interface DemoSite {
  users: DemoUser[];
  content: { id: string; type: string; title: string }[];
}

const legacySite = demoSite() as DemoSite;
const NAMED = legacySite.users.filter((u) => !u.accountId.startsWith('u-staff'));
const PAGES = legacySite.content.filter((c) => c.type === 'page');
const SUBJECTS: readonly ({ accountId: string } | { anonymous: true })[] = [
  ...NAMED.map((u) => ({ accountId: u.accountId })),
  { anonymous: true },
];
const subjectKey = (s: (typeof SUBJECTS)[number]) => ('anonymous' in s ? 'anonymous' : s.accountId);

/**
 * The demo site in transition: ENG's engineering grants and PUBLIC's docs-writers grants move
 * to role assignments, everything else stays in the legacy list.
 */
function transitionSite(): SiteFixtureInput {
  const legacy = buildDemoSite();
  const moved: Record<string, string> = { ENG: 'g-engineering', PUBLIC: 'g-docs-writers' };
  return {
    ...legacy,
    site: { ...legacy.site, roleMode: 'ROLES_TRANSITION' },
    roles: [
      {
        id: '3',
        type: 'SYSTEM',
        name: 'Collaborator',
        // A contributing role: creating and editing are separate permissions in the roles model.
        spacePermissions: [
          'read/space',
          'create/page',
          'update/page',
          'create/blogpost',
          'update/blogpost',
          'create/comment',
          'create/attachment',
        ],
      },
    ],
    spaces: legacy.spaces.map((space) => {
      const group = moved[space.key];
      if (group === undefined) return space;
      return {
        ...space,
        permissions: (space.permissions ?? []).filter(
          (p) => !(p.principal.type === 'group' && p.principal.id === group),
        ),
        roleAssignments: [
          { principal: { principalType: 'GROUP', principalId: group }, roleId: '3' },
        ],
      };
    }),
  };
}

interface Variant {
  readonly name: string;
  readonly options: Partial<SimulatorOptions>;
}
const LEGACY = 'legacy model';
const VARIANTS: readonly Variant[] = [
  { name: LEGACY, options: { fixture: demoSite() as SiteFixtureInput } },
  {
    name: 'roles model, legacy list derived from roles',
    options: { fixture: demoSiteRoles() as SiteFixtureInput, legacyListOnRolesSites: 'derived' },
  },
  {
    name: 'roles model, legacy list empty',
    options: { fixture: demoSiteRoles() as SiteFixtureInput, legacyListOnRolesSites: 'empty' },
  },
  { name: 'transition, grants split between both sources', options: { fixture: transitionSite() } },
];

/** What an answer is, without the wording (which rightly names roles on a roles site). */
function summary(decision: Pick<AccessDecision, 'view' | 'edit'>) {
  const layers = (d: Decision) =>
    d.reasons.map((r) => `${r.rule}:${r.passes ? 'passes' : 'fails'}${r.checked ? '' : '?'}`);
  return JSON.stringify({
    view: [decision.view.allowed, ...layers(decision.view)],
    edit: [decision.edit.allowed, ...layers(decision.edit)],
  });
}

const basic = (user: DemoUser) =>
  `Basic ${Buffer.from(`${user.email}:${user.apiToken ?? ''}`).toString('base64')}`;

/** variant → `page subject channel` → answer */
const answers = new Map<string, Map<string, string>>();
/** How many answers a variant has once every page's test ran to its end. */
const EXPECTED_ANSWERS = PAGES.length * (1 + 2 * SUBJECTS.length);

for (const variant of VARIANTS) {
  describe(`demo site, ${variant.name}`, () => {
    const app = useApp({
      ...variant.options,
      pointsPerHour: 100_000_000,
      burstPerSecond: 1_000_000,
    });
    const found = new Map<string, string>();
    answers.set(variant.name, found);

    /**
     * A subject as one viewer reads them: their groups do not depend on the page, so they are
     * read once per (viewer, subject) rather than once per page.
     */
    const subjects = new Map<string, Promise<LoadedSubject>>();
    const subjectAs = (
      client: ConfluenceClient,
      viewer: DemoUser,
      subject: (typeof SUBJECTS)[number],
    ): Promise<LoadedSubject> => {
      const key = `${viewer.accountId} ${subjectKey(subject)}`;
      let loaded = subjects.get(key);
      if (loaded === undefined) {
        loaded = loadSubject(client, subject);
        subjects.set(key, loaded);
      }
      return loaded;
    };

    it.each(PAGES)(
      'answers every subject on page $id "$title" through the engine and the macro',
      async (page) => {
        const { baseUrl } = app().sim;
        const statuses = await Promise.all(
          NAMED.map(async (user) => {
            const res = await fetch(`${baseUrl}/wiki/api/v2/pages/${page.id}`, {
              headers: { 'X-Sim-Identity': `user:${user.accountId}` },
            });
            await res.text();
            return res.status;
          }),
        );
        const readers = NAMED.filter((_, i) => statuses[i] === 200);
        found.set(`${page.id} readers`, readers.map((u) => u.accountId).join(','));
        // Every page has a reader to ask as.
        const viewer = readers[0];
        expect(viewer).toBeDefined();
        if (viewer === undefined) return;

        // The engine fed by loadPageAccess, as a viewer who can read the page.
        const client = new ConfluenceClient(fetchTransport({ baseUrl, authHeader: basic(viewer) }));
        const { input } = await loadPageAccess(client, page.id);
        // The subjects are independent of one another: asked side by side, recorded in order.
        const results = await Promise.all(
          SUBJECTS.map(async (subject) => {
            const [{ subject: loaded }, macro] = await Promise.all([
              subjectAs(client, viewer, subject),
              // The macro resolver, as the same viewer.
              app().call({ accountId: viewer.accountId }, 'checkAccess', subject, {
                moduleKey: 'access-lens-macro',
                contentId: page.id,
              }) as Promise<{ ok: boolean; data?: AccessDecision }>,
            ]);
            return { subject, engine: summary(evaluateAccess(input, loaded)), macro };
          }),
        );
        for (const { subject, engine, macro } of results) {
          found.set(`${page.id} ${subjectKey(subject)} engine`, engine);
          found.set(
            `${page.id} ${subjectKey(subject)} macro`,
            macro.ok && macro.data ? summary(macro.data) : JSON.stringify(macro),
          );
        }
      },
    );

    it('answered every (subject, page) pair both ways', () => {
      // A page whose test did not run to its end is missing here.
      expect(found.size).toBe(EXPECTED_ANSWERS);
    });
  });
}

describe('legacy model ↔ roles model equivalence', () => {
  it.each(VARIANTS.filter((v) => v.name !== LEGACY))('$name answers as the legacy model', (v) => {
    const legacy = answers.get(LEGACY);
    const other = answers.get(v.name);
    // Both complete: a missing page on either side fails here rather than going uncompared.
    expect(legacy?.size).toBe(EXPECTED_ANSWERS);
    expect(other?.size).toBe(EXPECTED_ANSWERS);
    const differences = [...(legacy ?? new Map<string, string>())]
      .filter(([key, answer]) => other?.get(key) !== answer)
      .map(([key, answer]) => `${key}: legacy ${answer}, ${v.name} ${String(other?.get(key))}`);
    expect(differences).toEqual([]);
  });

  it('the site is varied enough for the comparison to mean something', () => {
    expect(answers.get(LEGACY)?.size).toBe(EXPECTED_ANSWERS);
    const legacy = [...(answers.get(LEGACY) ?? new Map<string, string>()).values()];
    const allowed = (action: 'view' | 'edit', value: boolean) =>
      legacy.filter(
        (a) =>
          a.startsWith('{') && (JSON.parse(a) as Record<string, unknown[]>)[action]?.[0] === value,
      ).length;
    expect(allowed('view', true)).toBeGreaterThan(50);
    expect(allowed('view', false)).toBeGreaterThan(50);
    expect(allowed('edit', true)).toBeGreaterThan(20);
  });
});

describe('transition site: both sources count', () => {
  const split = transitionSite();
  const ivan = NAMED.find((u) => u.accountId === 'u-ivan')!;
  const cases = [
    // Ivan edits "Dev Environment Setup" only through the engineering role assignment; Dan (a
    // guest) views it only through his legacy grant.
    { pageId: '1021', subject: 'u-ivan', action: 'edit' as const },
    { pageId: '1021', subject: 'u-dan', action: 'view' as const },
  ];

  describe.each([
    ['ROLES_TRANSITION', true],
    ['PRE_ROLES', false],
  ] as const)('on a %s site', (roleMode, ivanEdits) => {
    const app = useApp({
      fixture: { ...split, site: { ...split.site, roleMode } },
      pointsPerHour: 100_000_000,
    });
    it(`Ivan (role only) ${ivanEdits ? 'edits' : 'does not edit'}; Dan (legacy only) views`, async () => {
      const client = new ConfluenceClient(
        fetchTransport({ baseUrl: app().sim.baseUrl, authHeader: basic(ivan) }),
      );
      const { input } = await loadPageAccess(client, '1021');
      const allowed: boolean[] = [];
      for (const c of cases) {
        const { subject } = await loadSubject(client, { accountId: c.subject });
        allowed.push(evaluateAccess(input, subject)[c.action].allowed);
      }
      expect(allowed).toEqual([ivanEdits, true]);
    });
  });
});
