import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny programmable HTTP server standing in for Confluence in these tests: each test installs
 * a handler, and every request that reached the server is recorded so tests assert counts.
 */
export interface FakeRequest {
  readonly method: string;
  /** Path and query exactly as received, e.g. `/wiki/api/v2/spaces?limit=250`. */
  readonly url: string;
  readonly pathname: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeReply {
  readonly status?: number;
  /** Serialised as JSON unless it is already a string. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Never answer (for timeout tests); the socket is destroyed on close. */
  readonly hang?: boolean;
}

export type FakeHandler = (request: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeConfluence {
  readonly baseUrl: string;
  readonly requests: FakeRequest[];
  handle(handler: FakeHandler): void;
  close(): Promise<void>;
}

export async function startFakeConfluence(): Promise<FakeConfluence> {
  let handler: FakeHandler = () => ({ status: 500, body: { message: 'no handler installed' } });
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const parsed = new URL(url, 'http://fake.invalid');
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        url,
        pathname: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      new Promise<FakeReply>((resolve) => {
        resolve(handler(request));
      })
        .then((reply) => {
          if (reply.hang) return;
          const text =
            typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
          res.writeHead(reply.status ?? 200, {
            'content-type': 'application/json',
            ...reply.headers,
          });
          res.end(text);
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: String(error) }));
        });
    });
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/** Route by pathname; unmatched paths answer a v2-shaped 404 so a wrong path fails loudly. */
export function byPath(routes: Record<string, FakeHandler>): FakeHandler {
  return (request) => {
    const route = routes[request.pathname];
    if (route) return route(request);
    return {
      status: 404,
      body: {
        errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: request.pathname }],
      },
    };
  };
}

/** A fake clock whose `sleep` records the delay and advances time instead of waiting. */
export function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

// ── response bodies shaped like the OpenAPI documents (checked in endpoints.test.ts) ────────

export function v1User(accountId: string, displayName = accountId) {
  return {
    type: 'known',
    accountId,
    accountType: 'atlassian',
    email: '',
    publicName: displayName,
    displayName,
    isExternalCollaborator: false,
    _expandable: { operations: '', personalSpace: '' },
    _links: { self: `/wiki/rest/api/user?accountId=${accountId}` },
  };
}

export function v1Group(id: string, name = id) {
  return { type: 'group', name, id, _links: { self: `/wiki/rest/api/group/by-id?id=${id}` } };
}

export function space(id: string, key: string) {
  return {
    id,
    key,
    name: `Space ${key}`,
    type: 'global',
    status: 'current',
    _links: { webui: `/spaces/${key}` },
  };
}

export function grant(
  id: string,
  principal: { type: string; id: string },
  key = 'read',
  targetType = 'space',
) {
  return { id, principal, operation: { key, targetType } };
}

/** `GET …/restriction/byOperation`: read restricted to u-1, u-2 and g-1; update to u-1. */
export function restrictionsBody() {
  const restriction = (operation: string, users: string[], groups: string[]) => ({
    operation,
    restrictions: {
      user: {
        results: users.map((id) => v1User(id)),
        start: 0,
        limit: 100,
        size: users.length,
        totalSize: users.length,
        _links: {},
      },
      group: {
        results: groups.map((id) => v1Group(id)),
        start: 0,
        limit: 100,
        size: groups.length,
      },
    },
    _expandable: { content: '/rest/api/content/10' },
    _links: { self: '/wiki/rest/api/content/10/restriction/byOperation/' + operation },
  });
  return {
    read: restriction('read', ['u-1', 'u-2'], ['g-1']),
    update: restriction('update', ['u-1'], []),
    _links: { base: 'http://127.0.0.1/wiki', context: '/wiki' },
  };
}
