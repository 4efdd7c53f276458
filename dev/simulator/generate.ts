/**
 * Deterministic synthetic Confluence sites for benchmarks and scale tests: N spaces × M pages,
 * deep trees, a big group, team groups, per-space grants, labels and restrictions. The same
 * options (seed included) always give the same fixture, byte for byte.
 *
 *   npx tsx dev/simulator/generate.ts --spaces 10 --pages 100 --seed 1 > site.json
 */
import { Command, InvalidArgumentError } from 'commander';
import type {
  FixtureContent,
  FixtureGroup,
  FixturePrincipal,
  FixtureRestriction,
  FixtureSpace,
  FixtureSpacePermission,
  FixtureUser,
  SiteFixture,
} from './fixture';

export interface GenerateOptions {
  /** PRNG seed; same seed and options → identical site. */
  seed?: number;
  /** Number of spaces. */
  spaces?: number;
  /** Content nodes per space (pages, plus folders when `folderRate` > 0). */
  pages?: number;
  /** Depth of the deepest tree per space, counting the root as 1. Every space reaches it when `pages` ≥ `depth`. */
  depth?: number;
  /** Number of users; raised to `bigGroupSize` when that is larger. */
  users?: number;
  /** Members of the one big group (`g-big`, "all-employees"); 0 for none. */
  bigGroupSize?: number;
  /** Number of team groups (each holds ~5% of users, at least 2). */
  teamGroups?: number;
  /** Fraction of content nodes that carry labels. */
  labelRate?: number;
  /** Fraction of content nodes with a read restriction (some with an update restriction too). */
  restrictionRate?: number;
  /** Fraction of non-root content nodes that are folders. */
  folderRate?: number;
  /** Fraction of spaces with an anonymous `read/space` grant. */
  anonymousSpaceRate?: number;
  /** Site-level anonymous access. */
  anonymousAccess?: boolean;
}

export const DEFAULT_OPTIONS: Required<GenerateOptions> = {
  seed: 1,
  spaces: 3,
  pages: 50,
  depth: 6,
  users: 50,
  bigGroupSize: 0,
  teamGroups: 5,
  labelRate: 0.1,
  restrictionRate: 0.05,
  folderRate: 0.05,
  anonymousSpaceRate: 0.1,
  anonymousAccess: true,
};

export const GENERATED_APP_ID = 'app-access-lens';
const LABELS = ['confidential', 'internal', 'draft', 'hr', 'finance', 'customer-data'];
const WORDS = [
  'Roadmap',
  'Runbook',
  'Design',
  'Meeting Notes',
  'Retro',
  'Plan',
  'Spec',
  'Overview',
  'Guide',
  'Checklist',
  'Report',
  'Policy',
];

/** mulberry32: tiny, fast, good enough for fixtures; no dependency. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }
  /** `n` distinct items (fewer if the list is shorter), in list order for stable output. */
  sample<T>(items: readonly T[], n: number): T[] {
    if (n >= items.length) return [...items];
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(this.int(items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function validate(o: Required<GenerateOptions>): void {
  const counts: (keyof GenerateOptions)[] = [
    'spaces',
    'pages',
    'users',
    'bigGroupSize',
    'teamGroups',
  ];
  for (const k of counts) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new RangeError(`${k} must be a non-negative integer`);
    }
  }
  if (!Number.isInteger(o.depth) || o.depth < 1) throw new RangeError('depth must be ≥ 1');
  for (const k of ['labelRate', 'restrictionRate', 'folderRate', 'anonymousSpaceRate'] as const) {
    if (!(o[k] >= 0 && o[k] <= 1)) throw new RangeError(`${k} must be within [0, 1]`);
  }
}

function makeUsers(o: Required<GenerateOptions>, rng: Rng): FixtureUser[] {
  const total = Math.max(o.users, o.bigGroupSize, 1);
  const width = Math.max(4, String(total).length);
  const users: FixtureUser[] = [];
  for (let i = 1; i <= total; i++) {
    const n = pad(i, width);
    users.push({
      accountId: `gen-user-${n}`,
      displayName: `User ${n}`,
      email: `user${n}@synthetic.example`,
      apiToken: `gen-token-${n}`,
      // The first user administers Confluence; a few leavers appear further down, and guests
      // only beyond the big group (Confluence keeps guests out of ordinary groups).
      confluenceAdmin: i === 1,
      isGuest: i > Math.max(1, o.bigGroupSize) && rng.chance(0.02),
      active: i === 1 || !rng.chance(0.03),
      accountType: 'atlassian',
      productAccess: true,
      orgAdmin: false,
    });
  }
  return users;
}

function makeGroups(o: Required<GenerateOptions>, users: FixtureUser[], rng: Rng): FixtureGroup[] {
  const members = users.filter((u) => !u.isGuest).map((u) => u.accountId);
  const groups: FixtureGroup[] = [{ id: 'g-users', name: 'confluence-users', members }];
  if (o.bigGroupSize > 0) {
    groups.push({
      id: 'g-big',
      name: 'all-employees',
      members: users.slice(0, o.bigGroupSize).map((u) => u.accountId),
    });
  }
  const teamSize = Math.max(2, Math.round(members.length * 0.05));
  for (let i = 1; i <= o.teamGroups; i++) {
    groups.push({
      id: `g-team-${pad(i, 3)}`,
      name: `team-${pad(i, 3)}`,
      members: rng.sample(members, teamSize),
    });
  }
  return groups;
}

type OperationKey = FixtureSpacePermission['operation']['key'];
type TargetType = FixtureSpacePermission['operation']['targetType'];

function grant(
  principal: FixturePrincipal,
  key: OperationKey,
  targetType: TargetType,
): FixtureSpacePermission {
  return { principal, operation: { key, targetType } };
}

function spaceGrants(
  o: Required<GenerateOptions>,
  groups: FixtureGroup[],
  users: FixtureUser[],
  rng: Rng,
): FixtureSpacePermission[] {
  const teams = groups.filter((g) => g.id.startsWith('g-team-'));
  const staff = users.filter((u) => !u.isGuest && u.active);
  const out: FixtureSpacePermission[] = [];
  const broad: FixturePrincipal = { type: 'group', id: o.bigGroupSize > 0 ? 'g-big' : 'g-users' };
  out.push(grant(broad, 'read', 'space'));
  if (teams.length > 0) {
    const editors: FixturePrincipal = { type: 'group', id: rng.pick(teams).id };
    for (const [k, t] of [
      ['read', 'space'],
      ['create', 'page'],
      ['create', 'blogpost'],
      ['create', 'comment'],
    ] as const) {
      out.push(grant(editors, k, t));
    }
  }
  if (staff.length > 0) {
    const admin: FixturePrincipal = { type: 'user', id: rng.pick(staff).accountId };
    for (const [k, t] of [
      ['read', 'space'],
      ['create', 'page'],
      ['restrict_content', 'space'],
      ['administer', 'space'],
    ] as const) {
      out.push(grant(admin, k, t));
    }
  }
  if (rng.chance(o.anonymousSpaceRate)) out.push(grant({ type: 'anonymous' }, 'read', 'space'));
  return out;
}

function open(): FixtureRestriction {
  return { users: [], groups: [], teams: [] };
}

function restriction(users: FixtureUser[], groups: FixtureGroup[], rng: Rng): FixtureRestriction {
  const picked = rng.sample(users, 1 + rng.int(3)).map((u) => u.accountId);
  // Half of the restrictions list the app, so some restricted content stays inspectable.
  if (rng.chance(0.5)) picked.push(GENERATED_APP_ID);
  const teams = groups.filter((g) => g.id.startsWith('g-team-'));
  return {
    users: picked,
    groups: teams.length > 0 && rng.chance(0.5) ? [rng.pick(teams).id] : [],
    teams: [],
  };
}

export function generateSite(options: GenerateOptions = {}): SiteFixture {
  const o: Required<GenerateOptions> = { ...DEFAULT_OPTIONS };
  for (const [k, v] of Object.entries(options) as [keyof GenerateOptions, unknown][]) {
    if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  }
  validate(o);
  const rng = new Rng(o.seed);
  const users = makeUsers(o, rng);
  const groups = makeGroups(o, users, rng);
  const authors = users.filter((u) => !u.isGuest);
  const spaces: FixtureSpace[] = [];
  const content: FixtureContent[] = [];
  let nextContentId = 100000;
  const spaceWidth = Math.max(3, String(o.spaces).length);
  const epoch = Date.UTC(2025, 0, 1);

  for (let s = 1; s <= o.spaces; s++) {
    const spaceId = String(10000 + s);
    const key = `GEN${pad(s, spaceWidth)}`;
    const nodes: { id: string; depth: number; type: 'page' | 'folder' }[] = [];
    const eligible: number[] = []; // indexes of nodes that may take children (depth < o.depth)
    for (let p = 0; p < o.pages; p++) {
      const id = String(nextContentId++);
      let parentIndex: number | undefined;
      if (p === 0) parentIndex = undefined;
      else if (p < o.depth)
        parentIndex = p - 1; // the spine guarantees the requested depth
      else if (eligible.length > 0 && !rng.chance(0.05)) parentIndex = rng.pick(eligible);
      const parent = parentIndex === undefined ? undefined : nodes[parentIndex]!;
      const depth = parent ? parent.depth + 1 : 1;
      const type = p > 0 && rng.chance(o.folderRate) ? 'folder' : 'page';
      nodes.push({ id, depth, type });
      if (depth < o.depth) eligible.push(nodes.length - 1);
      const restricted = p > 0 && rng.chance(o.restrictionRate);
      const labels = rng.chance(o.labelRate) ? rng.sample(LABELS, 1 + rng.int(2)) : [];
      content.push({
        id,
        type,
        spaceId,
        parentId: parent ? parent.id : null,
        title: p === 0 ? `${key} Home` : `${rng.pick(WORDS)} ${id}`,
        status: 'current',
        labels,
        restrictions: {
          read: restricted ? restriction(authors, groups, rng) : open(),
          update: restricted && rng.chance(0.5) ? restriction(authors, groups, rng) : open(),
        },
        authorId: authors.length > 0 ? rng.pick(authors).accountId : undefined,
        createdAt: new Date(epoch + rng.int(365 * 24 * 3600) * 1000).toISOString(),
      });
    }
    spaces.push({
      id: spaceId,
      key,
      name: `Generated Space ${pad(s, spaceWidth)}`,
      type: 'global',
      status: 'current',
      homepageId: nodes[0]?.id,
      permissions: spaceGrants(o, groups, users, rng),
      roleAssignments: [],
    });
  }

  // Guests are assigned to one space each, as Confluence requires.
  if (spaces.length > 0) {
    for (const guest of users.filter((u) => u.isGuest)) {
      const space = rng.pick(spaces);
      const principal: FixturePrincipal = { type: 'user', id: guest.accountId };
      space.permissions.push(grant(principal, 'read', 'space'), grant(principal, 'create', 'page'));
    }
  }

  return {
    site: {
      anonymousAccess: o.anonymousAccess,
      name: `Synthetic site (seed ${String(o.seed)})`,
      roleMode: 'PRE_ROLES',
      plan: 'standard',
    },
    app: { accountId: GENERATED_APP_ID, displayName: 'Access Lens' },
    users,
    groups,
    teams: [],
    roles: [],
    spaces,
    content,
  };
}

function intOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function rateOption(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number within [0, 1]');
  return n;
}

function main(argv: readonly string[]): void {
  const program = new Command()
    .name('generate')
    .description('Print a deterministic synthetic site fixture (JSON) on stdout')
    .option('--seed <n>', 'PRNG seed', intOption, DEFAULT_OPTIONS.seed)
    .option('--spaces <n>', 'number of spaces', intOption, DEFAULT_OPTIONS.spaces)
    .option('--pages <n>', 'content nodes per space', intOption, DEFAULT_OPTIONS.pages)
    .option('--depth <n>', 'deepest tree per space (root = 1)', intOption, DEFAULT_OPTIONS.depth)
    .option('--users <n>', 'number of users', intOption, DEFAULT_OPTIONS.users)
    .option(
      '--big-group <n>',
      'members of the big group (0: none)',
      intOption,
      DEFAULT_OPTIONS.bigGroupSize,
    )
    .option('--team-groups <n>', 'number of team groups', intOption, DEFAULT_OPTIONS.teamGroups)
    .option(
      '--label-rate <r>',
      'fraction of labelled content',
      rateOption,
      DEFAULT_OPTIONS.labelRate,
    )
    .option(
      '--restriction-rate <r>',
      'fraction of restricted content',
      rateOption,
      DEFAULT_OPTIONS.restrictionRate,
    )
    .option('--folder-rate <r>', 'fraction of folders', rateOption, DEFAULT_OPTIONS.folderRate)
    .option(
      '--anonymous-space-rate <r>',
      'fraction of anonymous spaces',
      rateOption,
      DEFAULT_OPTIONS.anonymousSpaceRate,
    )
    .option('--no-anonymous-access', 'site-level anonymous access off')
    .option('--pretty', 'indent the JSON', false)
    .parse(argv);
  const opts = program.opts<{
    seed: number;
    spaces: number;
    pages: number;
    depth: number;
    users: number;
    bigGroup: number;
    teamGroups: number;
    labelRate: number;
    restrictionRate: number;
    folderRate: number;
    anonymousSpaceRate: number;
    anonymousAccess: boolean;
    pretty: boolean;
  }>();
  const site = generateSite({
    seed: opts.seed,
    spaces: opts.spaces,
    pages: opts.pages,
    depth: Math.max(1, opts.depth),
    users: opts.users,
    bigGroupSize: opts.bigGroup,
    teamGroups: opts.teamGroups,
    labelRate: opts.labelRate,
    restrictionRate: opts.restrictionRate,
    folderRate: opts.folderRate,
    anonymousSpaceRate: opts.anonymousSpaceRate,
    anonymousAccess: opts.anonymousAccess,
  });
  process.stdout.write(JSON.stringify(site, null, opts.pretty ? 2 : undefined) + '\n');
}

if (require.main === module) main(process.argv);
