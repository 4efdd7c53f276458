import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import { ConfluenceClient, isConfluenceAdmin } from '../../src/confluence/client';
import { ConfluenceError } from '../../src/confluence/errors';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import { forgeTransport } from '../../src/confluence/forge-transport';
import { collectAll } from '../../src/confluence/pagination';

/**
 * The client against the simulated site (demo fixture): every call parses, and the points the
 * client computes from the bodies equal what the simulator charged — two independent readings
 * of the documented points model agreeing.
 */
describe('client ↔ simulator', () => {
  let sim: RunningSimulator;
  let platform: LocalPlatform;

  beforeAll(async () => {
    const fixture: unknown = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'dev', 'fixtures', 'demo-site.json'), 'utf8'),
    );
    sim = await startSimulator({
      fixture: fixture as Parameters<typeof startSimulator>[0]['fixture'],
    });
    platform = installLocalPlatform({ confluenceBaseUrl: sim.baseUrl });
  });
  afterAll(async () => {
    platform.uninstall();
    await sim.close();
  });
  beforeEach(() => {
    sim.resetStats();
  });

  async function exercise(client: ConfluenceClient): Promise<void> {
    const page = await client.getPage('1012');
    expect(page.title).toBe('Incident Runbooks');
    const chain = await client.getAncestors('1012');
    expect(chain.complete).toBe(true);
    expect(chain.ancestors.at(-1)).toEqual({ id: '1011', type: 'folder' });
    await client.getFolder('1011');
    await client.getSpace(page.spaceId);
    const grants = await collectAll(client.listSpacePermissions(page.spaceId, { limit: 10 }));
    expect(grants.items.length).toBeGreaterThan(10);
    const restrictions = await Promise.all(
      [...chain.ancestors.map((a) => a.id), page.id].map((id) => client.getRestrictions(id)),
    );
    expect(restrictions.at(-1)?.read.users.map((u) => u.accountId)).toContain('u-bob');
    await collectAll(client.listSpaces({}, { limit: 2 }));
    await client.getUser('u-bob', { withOperations: true });
    await collectAll(client.listUserGroups('u-bob', { limit: 1 }));
    await collectAll(client.listGroupMembers('g-all-staff', { limit: 7 }), { maxItems: 20 });
    await collectAll(
      client.searchContent('space = ENG and type = page', {
        limit: 3,
        expand: ['space', 'ancestors', 'metadata.labels', 'restrictions.read.restrictions.user'],
      }),
    );
    await client.getAnonymousUser({ withOperations: true });
  }

  it('as the user through Forge: same points and requests as the app pool was charged', async () => {
    const client = new ConfluenceClient(forgeTransport('user'));
    await platform.runAs({ accountId: 'u-priya' }, async () => {
      await exercise(client);
      const me = await client.getCurrentUser({ withOperations: true });
      expect(isConfluenceAdmin(me)).toBe(false);
    });
    const stats = sim.stats();
    expect(client.usage().requests).toBe(stats.totalRequests);
    expect(client.usage().points).toBe(stats.appPoolPoints);
    expect(client.usage().retries).toBe(0);
  });

  it('with an API token through fetch: same points as the simulator counted', async () => {
    const client = new ConfluenceClient(
      fetchTransport({
        baseUrl: sim.baseUrl,
        authHeader: `Basic ${Buffer.from('priya@example.com:demo-token-priya').toString('base64')}`,
      }),
    );
    await exercise(client);
    const stats = sim.stats();
    expect(stats.appPoolPoints).toBe(0);
    expect(client.usage().points).toBe(stats.totalPoints);
  });

  it('a page the viewer cannot read is not-visible; checking others needs admin', async () => {
    const client = new ConfluenceClient(forgeTransport('user'));
    await platform.runAs({ accountId: 'u-carol' }, async () => {
      await expect(client.getPage('1012')).rejects.toMatchObject({ kind: 'not-visible' });
      const denied = await client
        .checkPermission('2010', { type: 'user', identifier: 'u-bob' }, 'read')
        .catch((error: unknown) => error);
      expect(denied).toBeInstanceOf(ConfluenceError);
      expect(denied).toMatchObject({ kind: 'forbidden' });
    });
    await platform.runAs({ accountId: 'u-alice' }, async () => {
      const check = await client.checkPermission(
        '2010',
        { type: 'user', identifier: 'u-bob' },
        'read',
      );
      expect(check.hasPermission).toBe(false);
      expect(check.errors?.[0]?.translation).toMatch(/permission/);
    });
  });
});
