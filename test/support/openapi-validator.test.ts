import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  matchOperation,
  openapiDir,
  requiredScopesFor,
  validateComponent,
  validateResponse,
} from './openapi-validator';

const v2Page = {
  id: '1001',
  status: 'current',
  title: 'Home',
  spaceId: '101',
  // A root page omits parentId/parentType: the v2 document does not make them nullable.
  position: null,
  authorId: 'u-alice',
  ownerId: null,
  createdAt: '2026-01-02T03:04:05.000Z',
  version: { number: 1, createdAt: '2026-01-02T03:04:05.000Z', authorId: 'u-alice' },
  _links: { webui: '/spaces/ENG/pages/1001', base: 'https://example.atlassian.net/wiki' },
};

const v1User = {
  type: 'known',
  accountId: 'u-alice',
  accountType: 'atlassian',
  displayName: 'Alice Admin',
  publicName: 'Alice Admin',
  email: 'alice@example.com',
  profilePicture: { path: '/p.png', width: 48, height: 48, isDefault: true },
  _links: { self: 'https://example.atlassian.net/wiki/rest/api/user?accountId=u-alice' },
};

describe('matchOperation', () => {
  it('finds v2 operations through the /wiki/api/v2 server prefix', () => {
    expect(matchOperation('GET', '/wiki/api/v2/pages/123/ancestors?limit=10')).toMatchObject({
      api: 'v2',
      specPath: '/pages/{id}/ancestors',
      template: '/wiki/api/v2/pages/{id}/ancestors',
      operationId: 'getPageAncestors',
      pathParams: { id: '123' },
    });
  });

  it('prefers literal segments over parameters', () => {
    expect(matchOperation('get', '/wiki/rest/api/content/search')?.operationId).toBe(
      'searchContentByCQL',
    );
    expect(matchOperation('get', '/wiki/rest/api/settings/theme/selected')?.specPath).toBe(
      '/wiki/rest/api/settings/theme/selected',
    );
    expect(matchOperation('get', '/wiki/rest/api/settings/theme/dark')?.specPath).toBe(
      '/wiki/rest/api/settings/theme/{themeKey}',
    );
    expect(
      matchOperation('GET', '/wiki/rest/api/content/5/restriction/byOperation/read')?.specPath,
    ).toBe('/wiki/rest/api/content/{id}/restriction/byOperation/{operationKey}');
  });

  it('accepts absolute URLs and rejects unknown paths and methods', () => {
    expect(
      matchOperation('GET', 'https://x.atlassian.net/wiki/api/v2/spaces?limit=2')?.operationId,
    ).toBe('getSpaces');
    expect(matchOperation('GET', '/wiki/api/v2/no-such-thing')).toBeUndefined();
    expect(matchOperation('PATCH', '/wiki/api/v2/pages/1')).toBeUndefined();
  });
});

describe('requiredScopesFor', () => {
  it('returns the Current scopes of the calls the app makes', () => {
    expect(requiredScopesFor('GET', '/wiki/api/v2/pages/1')).toEqual(['read:page:confluence']);
    expect(requiredScopesFor('GET', '/wiki/api/v2/pages/1/ancestors')).toEqual([
      'read:content.metadata:confluence',
    ]);
    expect(requiredScopesFor('GET', '/wiki/api/v2/spaces/1/permissions')).toEqual([
      'read:space:confluence',
    ]);
    // Beta scopes (read:content-details:confluence) are not required.
    expect(requiredScopesFor('GET', '/wiki/rest/api/content/1/restriction/byOperation')).toEqual([
      'read:confluence-content.all',
    ]);
    expect(requiredScopesFor('POST', '/wiki/rest/api/content/1/permission/check')).toEqual([
      'read:confluence-content.permission',
    ]);
    expect(requiredScopesFor('GET', '/wiki/rest/api/group/g1/membersByGroupId')).toEqual([
      'read:confluence-groups',
    ]);
    expect(requiredScopesFor('GET', '/wiki/rest/api/content/search')).toEqual([
      'search:confluence',
    ]);
  });

  it('is undefined for a path no document has', () => {
    expect(requiredScopesFor('GET', '/rest/api/3/issue/1')).toBeUndefined();
  });
});

describe('validateResponse', () => {
  it('accepts a well-formed v2 page with nullable fields set to null', () => {
    const r = validateResponse({
      method: 'GET',
      path: '/wiki/api/v2/pages/1001',
      status: 200,
      body: v2Page,
    });
    expect(r).toMatchObject({
      ok: true,
      errors: [],
      operation: 'getPageById',
      schemaSource: 'spec',
    });
  });

  it('rejects a v2 page whose id is a number and whose status is not in the enum', () => {
    const r = validateResponse({
      method: 'GET',
      path: '/wiki/api/v2/pages/1001',
      status: 200,
      body: { ...v2Page, id: 1001, status: 'published' },
    });
    expect(r.ok).toBe(false);
    expect(r.errors.some((e) => e.startsWith('/id must be string'))).toBe(true);
    expect(r.errors.some((e) => e.startsWith('/status'))).toBe(true);
  });

  it('rejects null where the schema is not nullable', () => {
    const r = validateResponse({
      method: 'GET',
      path: '/wiki/api/v2/pages/1001',
      status: 200,
      body: { ...v2Page, title: null },
    });
    expect(r.ok).toBe(false);
    expect(r.errors).toContain('/title must be string');
  });

  it('checks v1 required fields through $refs', () => {
    expect(
      validateResponse({
        method: 'GET',
        path: '/wiki/rest/api/user/current',
        status: 200,
        body: v1User,
      }).ok,
    ).toBe(true);
    const { type: _omitted, ...withoutType } = v1User;
    const r = validateResponse({
      method: 'GET',
      path: '/wiki/rest/api/user/current?expand=operations',
      status: 200,
      body: withoutType,
    });
    expect(r.ok).toBe(false);
    expect(r.errors.join('\n')).toContain("must have required property 'type'");
  });

  it('validates nested array items of a v1 page of results', () => {
    const members = {
      results: [v1User],
      start: 0,
      limit: 200,
      size: 1,
      _links: { base: 'https://example.atlassian.net/wiki' },
    };
    const path = '/wiki/rest/api/group/g-eng/membersByGroupId?limit=200';
    expect(validateResponse({ method: 'GET', path, status: 200, body: members }).ok).toBe(true);
    const broken = { ...members, results: [{ ...v1User, accountId: 42 }], size: '1' };
    const r = validateResponse({ method: 'GET', path, status: 200, body: broken });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual(expect.arrayContaining(['/size must be integer']));
    expect(r.errors.some((e) => e.startsWith('/results/0/accountId'))).toBe(true);
  });

  it('checks error bodies against the documented error envelope', () => {
    const v2NotFound = {
      errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }],
    };
    expect(
      validateResponse({
        method: 'GET',
        path: '/wiki/api/v2/pages/9',
        status: 404,
        body: v2NotFound,
      }),
    ).toMatchObject({ ok: true, schemaSource: 'error-envelope' });
    // Wrong envelope for the API version, and a status that disagrees with the HTTP status.
    expect(
      validateResponse({
        method: 'GET',
        path: '/wiki/api/v2/pages/9',
        status: 404,
        body: { statusCode: 404, message: 'No content found' },
      }).ok,
    ).toBe(false);
    expect(
      validateResponse({
        method: 'GET',
        path: '/wiki/api/v2/pages/9',
        status: 400,
        body: v2NotFound,
      }).ok,
    ).toBe(false);
    expect(
      validateResponse({
        method: 'POST',
        path: '/wiki/rest/api/content/9/permission/check',
        status: 403,
        body: {
          statusCode: 403,
          message: 'Only admins may check others',
          data: { authorized: false },
        },
      }),
    ).toMatchObject({ ok: true, schemaSource: 'error-envelope' });
    // Undocumented error statuses (429) still get the envelope check.
    expect(
      validateResponse({
        method: 'GET',
        path: '/wiki/rest/api/user/current',
        status: 429,
        body: 'slow down',
      }).ok,
    ).toBe(false);
  });

  it('validates against a named component schema', () => {
    const restriction = {
      operation: 'read',
      restrictions: { user: { results: [v1User], start: 0, limit: 100, size: 1 } },
      _expandable: {},
      _links: {},
    };
    expect(
      validateComponent({ api: 'v1', schema: 'ContentRestriction', body: restriction }).ok,
    ).toBe(true);
    const { operation: _op, ...noOperation } = restriction;
    expect(
      validateComponent({ api: 'v1', schema: 'ContentRestriction', body: noOperation }).errors,
    ).toContain(`(body) must have required property 'operation' {"missingProperty":"operation"}`);
    expect(() => validateComponent({ api: 'v2', schema: 'NoSuchSchema', body: {} })).toThrow(
      /NoSuchSchema/,
    );
  });

  it('fails for undocumented success statuses and unknown operations', () => {
    expect(
      validateResponse({ method: 'GET', path: '/wiki/api/v2/pages/1', status: 201, body: v2Page })
        .ok,
    ).toBe(false);
    const unknown = validateResponse({
      method: 'GET',
      path: '/wiki/api/v3/x',
      status: 200,
      body: {},
    });
    expect(unknown.ok).toBe(false);
    expect(unknown.operation).toBeUndefined();
  });

  it('compiles the schema of every documented response in both documents', () => {
    let checked = 0;
    for (const [file, prefix] of [
      ['confluence-v1.json', ''],
      ['confluence-v2.json', '/wiki/api/v2'],
    ] as const) {
      const doc = JSON.parse(readFileSync(join(openapiDir(), file), 'utf8')) as {
        paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
      };
      for (const [specPath, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          for (const status of Object.keys(op.responses ?? {}).filter((s) => /^\d{3}$/.test(s))) {
            const path = prefix + specPath.replace(/\{[^}]+\}/g, '1');
            const r = validateResponse({ method, path, status: Number(status), body: {} });
            expect(r.route).toBe(`${method.toUpperCase()} ${prefix}${specPath}`);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
