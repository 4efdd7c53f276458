import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import api, { route } from '@forge/api';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';

/**
 * The local platform hook lets the real, unchanged `@forge/api` reach an HTTP server and tells
 * it who is calling. A throwaway server here records what arrives.
 */
describe('local Forge platform hook', () => {
  const seen: { path: string; identity: string | undefined; authorization: string | undefined }[] =
    [];
  const server = createServer((req, res) => {
    seen.push({
      path: req.url ?? '',
      identity: req.headers['x-sim-identity'] as string | undefined,
      authorization: req.headers.authorization,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  });
  let platform: LocalPlatform;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    platform = installLocalPlatform({ confluenceBaseUrl: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    platform.uninstall();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
    platform.clearRequests();
  });

  it('sends asUser() calls as the invoking user and asApp() calls as the app', async () => {
    await platform.runAs({ accountId: 'u-bob' }, async () => {
      await api.asUser().requestConfluence(route`/wiki/api/v2/pages/${'42'}`);
      await api.asApp().requestConfluence(route`/wiki/api/v2/spaces`);
    });
    expect(seen).toEqual([
      { path: '/wiki/api/v2/pages/42', identity: 'user:u-bob', authorization: undefined },
      { path: '/wiki/api/v2/spaces', identity: 'app', authorization: undefined },
    ]);
    expect(platform.requests.map((r) => [r.provider, r.identity, r.status])).toEqual([
      ['user', 'user:u-bob', 200],
      ['app', 'app', 200],
    ]);
  });

  it('keeps concurrent invocations apart', async () => {
    await Promise.all(
      ['u-1', 'u-2', 'u-3'].map((accountId) =>
        platform.runAs({ accountId }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          await api.asUser().requestConfluence(route`/wiki/rest/api/user/current?who=${accountId}`);
        }),
      ),
    );
    for (const request of seen) {
      expect(request.identity).toBe(`user:${request.path.split('who=')[1] ?? ''}`);
    }
    expect(seen).toHaveLength(3);
  });

  it('an anonymous invoker stays anonymous', async () => {
    await platform.runAs({ anonymous: true }, async () => {
      await api.asUser().requestConfluence(route`/wiki/rest/api/user/current`);
    });
    expect(seen[0]?.identity).toBe('anonymous');
  });

  it('refuses asUser() outside an invocation and calls that name no identity', async () => {
    await expect(api.asUser().requestConfluence(route`/wiki/x`)).rejects.toThrow(
      'outside of an invocation',
    );
    await platform.runAs({ accountId: 'u-1' }, async () => {
      await expect(api.requestConfluence(route`/wiki/x`)).rejects.toThrow('asUser() or asApp()');
    });
    expect(seen).toEqual([]);
  });
});
