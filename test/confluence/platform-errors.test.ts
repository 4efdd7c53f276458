/**
 * The Forge platform's own errors (consent, proxy, egress) are not Confluence's: the client and
 * the Forge transport hand them on exactly as thrown, without a retry, and a request that never
 * answers ends at the client's deadline as a typed, Confluence-shaped failure.
 */
import { NeedsAuthenticationError, ProxyRequestError } from '@forge/api';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import { ConfluenceClient } from '../../src/confluence/client';
import { ConfluenceError } from '../../src/confluence/errors';
import { forgeTransport } from '../../src/confluence/forge-transport';
import type { ConfluenceTransport } from '../../src/confluence/transport';
import { demoSite } from '../resolvers/app-harness';

function throwingTransport(error: Error): ConfluenceTransport & { sent: number } {
  const transport = {
    identity: 'user' as const,
    sent: 0,
    send: () => {
      transport.sent += 1;
      return Promise.reject(error);
    },
  };
  return transport;
}

describe('the client and platform errors', () => {
  it.each([
    [
      'consent',
      new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key'),
    ],
    ['proxy', new ProxyRequestError(502, 'PROXY_ERR')],
  ])('rethrows the platform %s error untouched, after one attempt', async (_name, error) => {
    const transport = throwingTransport(error);
    const client = new ConfluenceClient(transport, { sleep: () => Promise.resolve() });
    await expect(client.getPage('1013')).rejects.toBe(error);
    expect(transport.sent).toBe(1);
    expect(client.usage().retries).toBe(0);
  });
});

describe('the Forge transport on the local platform', () => {
  let sim: RunningSimulator;
  let platform: LocalPlatform;
  beforeAll(async () => {
    sim = await startSimulator({
      fixture: demoSite() as never,
      faults: { rules: [{ path: '/wiki/api/v2/pages/1013', action: 'hang' }] },
    });
    platform = installLocalPlatform({ confluenceBaseUrl: sim.baseUrl });
  });
  afterAll(async () => {
    platform.uninstall();
    await sim.close();
  });

  it('gives up on a request that never answers at the client deadline: a typed failure', async () => {
    const outcome = await platform.runAs({ accountId: 'u-bob' }, async () => {
      const client = new ConfluenceClient(forgeTransport('user'), { deadlineMs: 300 });
      try {
        await client.getPage('1013');
        return 'answered';
      } catch (error) {
        return error;
      }
    });
    expect(outcome).toBeInstanceOf(ConfluenceError);
    expect(outcome).toMatchObject({ kind: 'upstream' });
  });

  it('still answers requests that do answer', async () => {
    const page = await platform.runAs({ accountId: 'u-bob' }, () =>
      new ConfluenceClient(forgeTransport('user')).getPage('1012'),
    );
    expect(page.id).toBe('1012');
  });
});
