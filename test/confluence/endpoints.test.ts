import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ENDPOINTS, fillPath, requestPath } from '../../src/confluence/endpoints';
import { errorMessageFromBody } from '../../src/confluence/errors';
import { nextFromLinkHeader, normaliseNextLink } from '../../src/confluence/pagination';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../../src/confluence/retry';
import {
  acceptedScopesFor,
  matchOperation,
  requiredScopesFor,
  validateResponse,
} from '../support/openapi-validator';
import { grant, restrictionsBody, space, v1Group, v1User } from './fake-confluence';

const SAMPLE = { id: '123', operationKey: 'read', groupId: 'g-1' };

describe('the endpoint catalogue against the official documents', () => {
  it('every endpoint is a documented operation with the same method and API version', () => {
    for (const [name, spec] of Object.entries(ENDPOINTS)) {
      const match = matchOperation(spec.method, fillPath(spec.path, SAMPLE));
      expect({ name, template: match?.template, api: match?.api }).toEqual({
        name,
        template: spec.path,
        api: spec.api,
      });
    }
  });

  it('grants every call one of the scopes its document accepts, from the manifest', () => {
    const manifest = readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8');
    const declared = new Set(
      [...manifest.matchAll(/^\s+- ([a-z:.-]+:[a-z-]+|[a-z-]+:[a-z.-]+)(?:\s|$)/gm)].map(
        (m) => m[1],
      ),
    );
    const uncovered = Object.entries(ENDPOINTS)
      .filter(([, spec]) => {
        const accepted = acceptedScopesFor(spec.method, fillPath(spec.path, SAMPLE)) ?? [];
        return !accepted.some((scope) => declared.has(scope));
      })
      .map(([name]) => name);
    expect(declared.has('read:content-details:confluence')).toBe(true);
    expect(uncovered).toEqual([]);
  });

  it('documents these Current scopes for the calls (Beta alternatives aside)', () => {
    const scopes = Object.fromEntries(
      Object.entries(ENDPOINTS).map(([name, spec]) => [
        name,
        requiredScopesFor(spec.method, fillPath(spec.path, SAMPLE)),
      ]),
    );
    expect(scopes).toEqual({
      getPage: ['read:page:confluence'],
      getPages: ['read:page:confluence'],
      getBlogPost: ['read:page:confluence'],
      getPageAncestors: ['read:content.metadata:confluence'],
      getFolder: ['read:folder:confluence'],
      getFolderAncestors: ['read:content.metadata:confluence'],
      getSpaces: ['read:space:confluence'],
      getSpace: ['read:space:confluence'],
      getSpacePermissions: ['read:space:confluence'],
      getSpaceRoleMode: ['read:configuration:confluence'],
      getSpaceRoles: ['read:space.permission:confluence'],
      getSpacePermissionCatalogue: ['read:space.permission:confluence'],
      getSpaceRoleAssignments: ['read:space.permission:confluence'],
      getRestrictionsByOperation: ['read:confluence-content.all'],
      getRestrictionsForOperation: ['read:confluence-content.all'],
      checkContentPermission: ['read:confluence-content.permission'],
      getCurrentUser: ['read:confluence-user'],
      getAnonymousUser: ['read:confluence-user'],
      getUser: ['read:confluence-user'],
      getUserGroups: ['read:confluence-user'],
      getUsersBulk: ['read:user:confluence'],
      getUsersV1Bulk: ['read:confluence-user'],
      getGroup: ['read:confluence-groups'],
      searchGroups: ['read:confluence-groups'],
      getGroupMembers: ['read:confluence-groups'],
      searchContent: ['search:confluence'],
      searchUsers: ['read:content-details:confluence'],
    });
  });

  it('the test server’s bodies are valid responses under the documents', () => {
    const cases = [
      { path: '/wiki/rest/api/content/10/restriction/byOperation', body: restrictionsBody() },
      { path: '/wiki/rest/api/user?accountId=u-1', body: v1User('u-1') },
      {
        path: '/wiki/rest/api/user/memberof?accountId=u-1',
        body: { results: [v1Group('g-1')], start: 0, limit: 200, size: 1, _links: {} },
      },
      {
        path: '/wiki/rest/api/group/g-1/membersByGroupId',
        body: { results: [v1User('u-1')], start: 0, limit: 200, size: 1, _links: {} },
      },
      { path: '/wiki/api/v2/spaces', body: { results: [space('1', 'A')], _links: {} } },
      {
        path: '/wiki/api/v2/spaces/1/permissions',
        body: { results: [grant('p1', { type: 'group', id: 'g-1' })], _links: {} },
      },
    ];
    for (const { path, body } of cases) {
      const result = validateResponse({ method: 'GET', path, status: 200, body });
      expect({ path, errors: result.errors }).toEqual({ path, errors: [] });
    }
  });

  it('requestPath encodes path values and keeps repeated query values', () => {
    expect(requestPath('getGroupMembers', { groupId: 'a/b c' }, { start: 0, limit: 200 })).toBe(
      '/wiki/rest/api/group/a%2Fb%20c/membersByGroupId?start=0&limit=200',
    );
    expect(requestPath('getSpaces', {}, { keys: ['A', 'B'], cursor: undefined })).toBe(
      '/wiki/api/v2/spaces?keys=A&keys=B',
    );
    expect(() => requestPath('getPage', {}, {})).toThrow("Missing path parameter 'id'");
  });
});

describe('protocol helpers', () => {
  it('parses Retry-After as seconds or an HTTP date, ignoring junk', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Mon, 02 Mar 2026 10:00:12 GMT', now)).toBe(12);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('backs off exponentially within the upper half of each capped step', () => {
    const steps = [1, 2, 3, 4, 5, 6].map((n) => [
      backoffDelayMs(n, DEFAULT_RETRY_POLICY, () => 0),
      backoffDelayMs(n, DEFAULT_RETRY_POLICY, () => 1),
    ]);
    expect(steps).toEqual([
      [250, 500],
      [500, 1000],
      [1000, 2000],
      [2000, 4000],
      [2500, 5000],
      [2500, 5000],
    ]);
  });

  it('reads rel="next" from a Link header', () => {
    expect(
      nextFromLinkHeader(
        '</wiki/api/v2/spaces?cursor=a,b>; rel="next", <https://x/wiki>; rel="base"',
      ),
    ).toBe('/wiki/api/v2/spaces?cursor=a,b');
    expect(nextFromLinkHeader('<https://x/wiki>; rel="base"')).toBeUndefined();
    expect(nextFromLinkHeader(null)).toBeUndefined();
  });

  it('normalises next links to site paths and leaves foreign ones for the transport to refuse', () => {
    const links = { base: 'https://site.atlassian.net/wiki', context: '/wiki' };
    expect(normaliseNextLink('/wiki/api/v2/spaces?cursor=x', links)).toBe(
      '/wiki/api/v2/spaces?cursor=x',
    );
    expect(normaliseNextLink('/rest/api/user/memberof?start=2', links)).toBe(
      '/wiki/rest/api/user/memberof?start=2',
    );
    expect(normaliseNextLink('/rest/api/x', { context: '/../evil' })).toBe('/wiki/rest/api/x');
    expect(normaliseNextLink('https://site.atlassian.net/wiki/rest/api/x?start=1', links)).toBe(
      '/wiki/rest/api/x?start=1',
    );
    expect(normaliseNextLink('https://evil.example/wiki/rest/api/x', links)).toBe(
      'https://evil.example/wiki/rest/api/x',
    );
    expect(normaliseNextLink('//evil.example/wiki/x', links)).toBe('//evil.example/wiki/x');
  });

  it('takes only the documented text fields of error bodies', () => {
    expect(
      errorMessageFromBody(
        JSON.stringify({
          errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }],
        }),
      ),
    ).toBe('Not Found');
    expect(
      errorMessageFromBody(
        JSON.stringify({ statusCode: 400, message: 'bad\u0000\ncql', headers: 'x' }),
      ),
    ).toBe('bad cql');
    expect(errorMessageFromBody('<html>')).toBeUndefined();
    expect(errorMessageFromBody(JSON.stringify({ message: 'x'.repeat(1000) }))?.length).toBe(300);
  });
});

describe('layering of src/confluence', () => {
  const root = resolve(__dirname, '..', '..');

  /** Files reachable from `entry` through relative imports, and every package they import. */
  function reachable(entry: string): { files: string[]; packages: string[] } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const spec = match[1] ?? '';
        if (spec.startsWith('.')) visit(`${resolve(dirname(file), spec)}.ts`);
        else packages.add(spec);
      }
    };
    visit(join(root, entry));
    return {
      files: [...files].map((f) => relative(root, f)).sort(),
      packages: [...packages].sort(),
    };
  }

  it('the CLI’s path (client + fetch transport) reaches no @forge package', () => {
    for (const entry of ['src/confluence/client.ts', 'src/confluence/fetch-transport.ts']) {
      const { files, packages } = reachable(entry);
      expect(files).not.toContain('src/confluence/forge-transport.ts');
      expect(packages.filter((p) => p.startsWith('@forge/'))).toEqual([]);
      expect(packages.filter((p) => !p.startsWith('node:'))).toEqual(
        entry.endsWith('client.ts') ? ['zod'] : [],
      );
    }
  });
});
