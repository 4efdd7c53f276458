/**
 * The one space-audit loader (src/access/load-space-audit.ts), shared by the admin job (one
 * space at a time, in batches) and the CLI (spaces side by side through a bounded pool). Run
 * against a generated site on the simulator, as the app: the CLI's parallel walk must read exactly
 * what the job's sequential walk reads (each user, group and restriction once, one search per
 * SPACES_PER_SEARCH spaces) and give the same input to the rules.
 */
import { generateSite } from '../../dev/simulator/generate';
import type { SiteFixture } from '../../dev/simulator/fixture';
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import {
  SPACES_PER_SEARCH,
  createSpaceAuditReads,
  loadAuditSpaces,
  loadSpaceAudits,
  readSpace,
  searchLabelled,
} from '../../src/access/load-space-audit';
import { ConfluenceClient } from '../../src/confluence/client';
import { ConfluenceError } from '../../src/confluence/errors';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import type { ConfluenceTransport } from '../../src/confluence/transport';
import { auditSpaces } from '../../src/core';
import type { Restriction, SpaceRef } from '../../src/core';

const LABELS = ['confidential', 'customer-data'];
const SPACES = SPACES_PER_SEARCH + 12;

/** 62 spaces sharing 40 people, with labelled trees; some team groups are space admins. */
function site(): SiteFixture {
  const generated = generateSite({
    seed: 7,
    spaces: SPACES,
    pages: 12,
    depth: 5,
    users: 40,
    teamGroups: 6,
    labelRate: 0.3,
    restrictionRate: 0.2,
    folderRate: 0.1,
  });
  generated.spaces.forEach((space, index) => {
    const team = generated.groups.filter((g) => g.id.startsWith('g-team-'))[index % 3];
    if (team !== undefined) {
      space.permissions.push({
        principal: { type: 'group', id: team.id },
        operation: { key: 'administer', targetType: 'space' },
      });
    }
  });
  return generated;
}

/** A client speaking as `who` through the simulator's loopback identity header. */
function clientAs(sim: RunningSimulator, who: 'app' | 'anonymous'): ConfluenceClient {
  const http = fetchTransport({
    baseUrl: sim.baseUrl,
    fetch: (url, init) => {
      const headers = new Headers(init?.headers);
      headers.set('X-Sim-Identity', who);
      return fetch(url, { ...init, headers });
    },
  });
  // As the app, like the job's Forge transport; otherwise as a token holder, like the CLI.
  const transport: ConfluenceTransport = who === 'app' ? { ...http, identity: 'app' } : http;
  return new ConfluenceClient(transport, { retry: { maxAttempts: 1 } });
}

const appClient = (sim: RunningSimulator) => clientAs(sim, 'app');

function readsOf(sim: RunningSimulator): Record<string, number> {
  return Object.fromEntries(
    Object.entries(sim.stats().requests).map(([route, byIdentity]) => [
      route,
      Object.values(byIdentity).reduce((sum, n) => sum + n, 0),
    ]),
  );
}

describe('loadSpaceAudits', () => {
  let sim: RunningSimulator;
  let spaces: SpaceRef[];
  beforeAll(async () => {
    sim = await startSimulator({ fixture: site(), burstPerSecond: 1e9, pointsPerHour: 1e9 });
    spaces = (await loadAuditSpaces(appClient(sim))).spaces;
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => {
    sim.setFaults({});
    sim.resetStats();
  });

  async function walk(concurrency: number) {
    sim.resetStats();
    const reads = createSpaceAuditReads(appClient(sim), { concurrency });
    const done: string[] = [];
    const inputs = await loadSpaceAudits(reads, spaces, LABELS, {
      spaceConcurrency: concurrency,
      onSpace: (space) => done.push(space.key),
    });
    return { inputs, done, reads: readsOf(sim), points: sim.stats().totalPoints };
  }

  it('side by side reads exactly what one at a time reads, and gives the same input', async () => {
    expect(spaces).toHaveLength(SPACES);
    const sequential = await walk(1);
    const parallel = await walk(8);
    expect(parallel.inputs).toEqual(sequential.inputs);
    expect(parallel.reads).toEqual(sequential.reads);
    expect(parallel.points).toBe(sequential.points);
    expect(sequential.done).toEqual(spaces.map((s) => s.key));
    expect([...parallel.done].sort()).toEqual(spaces.map((s) => s.key).sort());

    const r = sequential.reads;
    // One search per SPACES_PER_SEARCH spaces, the mode once, one grants read per space.
    expect(r['GET /wiki/rest/api/content/search']).toBe(2);
    expect(r['GET /wiki/api/v2/space-role-mode']).toBe(1);
    expect(r['GET /wiki/api/v2/spaces/{id}/permissions']).toBe(SPACES);
    expect(r['GET /wiki/api/v2/spaces/{id}/role-assignments']).toBeUndefined();
    // Each person and each admin group once, however many spaces they are in.
    const grants = sequential.inputs.flatMap((input) =>
      'unknown' in input.grants ? [] : input.grants,
    );
    // People holding grants, and people on the restriction lists read (the departed rule's).
    const listed = (restriction: Restriction) =>
      'unknown' in restriction ? [] : restriction.users.map((user) => user.accountId);
    const people = new Set([
      ...grants.flatMap((g) => (g.principal.kind === 'user' ? [g.principal.accountId] : [])),
      ...sequential.inputs.flatMap((input) =>
        input.labelledContent.flatMap((content) => [
          ...listed(content.read),
          ...(content.update === undefined ? [] : listed(content.update)),
          ...content.ancestors.flatMap((ancestor) => listed(ancestor.read)),
        ]),
      ),
    ]);
    const adminGroups = new Set(
      grants.flatMap((g) =>
        g.principal.kind === 'group' && g.operation.key === 'administer'
          ? [g.principal.groupId]
          : [],
      ),
    );
    expect(people.size).toBeLessThan(SPACES);
    expect(r['GET /wiki/rest/api/user']).toBe(people.size);
    expect(r['GET /wiki/rest/api/group/by-id']).toBe(adminGroups.size);
    // Ancestors' restrictions: some read, none twice.
    const labelled = sequential.inputs.flatMap((input) => input.labelledContent);
    expect(labelled.length).toBeGreaterThan(30);
    const restrictionReads =
      r['GET /wiki/rest/api/content/{id}/restriction/byOperation/{operationKey}'] ?? 0;
    expect(restrictionReads).toBeGreaterThan(0);
    const ancestorsRead = new Set(labelled.flatMap((c) => c.ancestors.map((a) => a.id)));
    expect(restrictionReads).toBe(ancestorsRead.size);
    // The rules have something to say about it.
    const findings = auditSpaces(sequential.inputs, {
      sensitiveLabels: LABELS,
      broadGroups: [],
      allowedAnonymousSpaces: [],
    });
    expect(findings.some((f) => f.rule === 'sensitive-page-unrestricted')).toBe(true);
    expect(findings.some((f) => f.rule === 'user-grants')).toBe(true);
  });

  it('a failure stops the walk: no space is started after it, and it is thrown', async () => {
    const failing = spaces[4]!;
    sim.setFaults({
      rules: [{ path: `^/wiki/api/v2/spaces/${failing.id}/permissions`, action: 503 }],
    });
    const reads = createSpaceAuditReads(appClient(sim), { concurrency: 2 });
    await expect(loadSpaceAudits(reads, spaces, LABELS, { spaceConcurrency: 2 })).rejects.toThrow(
      ConfluenceError,
    );
    // Spaces 0–4 and at most the one beside the failing one.
    expect(readsOf(sim)['GET /wiki/api/v2/spaces/{id}/permissions']).toBeLessThanOrEqual(6);
  });

  it('says when a search had more labelled content than it reads', async () => {
    const truncated: string[][] = [];
    await loadSpaceAudits(createSpaceAuditReads(appClient(sim)), spaces, LABELS, {
      maxLabelledPerSearch: 3,
      onTruncated: (covered) => truncated.push(covered.map((s) => s.key)),
    });
    expect(truncated).toEqual([
      spaces.slice(0, SPACES_PER_SEARCH).map((s) => s.key),
      spaces.slice(SPACES_PER_SEARCH).map((s) => s.key),
    ]);
    const one = await searchLabelled(appClient(sim), spaces.slice(0, 5), LABELS, { maxItems: 1 });
    expect(one.truncated).toBe(true);
  });

  it('reports a space whose key cannot go into CQL without reading anything', async () => {
    const odd: SpaceRef = { id: spaces[0]!.id, key: 'E G' };
    const reads = createSpaceAuditReads(appClient(sim));
    expect(await searchLabelled(reads.client, [odd], LABELS)).toEqual({
      bySpace: new Map(),
      truncated: false,
    });
    expect(await readSpace(reads, odd, [])).toEqual({
      space: odd,
      grants: { unknown: 'read-failed' },
      labelledContent: [],
      notInspectable: [{ reason: 'read-failed' }],
    });
    expect(sim.stats().totalRequests).toBe(0);
  });

  it('a space the reader may not see is not inspectable, in the reader’s terms', async () => {
    // Someone who may not read the space's permissions (here an anonymous visitor): as a token
    // holder the cause is "hidden from the viewer", not "from the app".
    const reads = createSpaceAuditReads(clientAs(sim, 'anonymous'), {
      roleMode: () => Promise.resolve('PRE_ROLES'),
    });
    const input = await readSpace(reads, spaces[0]!, []);
    expect(input.grants).toEqual({ unknown: 'hidden-from-viewer' });
    expect(input.notInspectable).toEqual([{ reason: 'hidden-from-viewer' }]);
    expect(sim.stats().totalRequests).toBe(1);
  });
});
