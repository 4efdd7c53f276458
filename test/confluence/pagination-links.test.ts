import { normaliseNextLink } from '../../src/confluence/pagination';
import { isSiteApiPath } from '../../src/confluence/site-path';

/** The one guard both transports apply to a pagination link before following it. */
describe('isSiteApiPath', () => {
  it.each([
    '/wiki/api/v2/spaces?cursor=abc%3D%3D&limit=25',
    '/wiki/api/v2/pages/1013/ancestors?limit=250',
    '/wiki/rest/api/group/g-1/membersByGroupId?start=25&limit=25',
    '/wiki/rest/api/group/grp%201%2B%C3%A9/membersByGroupId?start=2',
    // Confluence writes CQL into v1 search links as given; the query cannot move the path.
    '/wiki/rest/api/content/search?cql=type=page and space="ENG"&cursor=_f_MjU%3D_sa_Wy..Jd',
  ])('accepts %s', (link) => {
    expect(isSiteApiPath(link)).toBe(true);
  });

  it.each([
    ['outside /wiki', '/admin'],
    ['a /wiki path outside the REST APIs', '/wiki/admin'],
    ['the API prefix without its slash', '/wiki/api/v2'],
    ['a protocol-relative URL', '//evil.example/wiki/api/v2/spaces'],
    ['an absolute URL', 'https://evil.example/wiki/api/v2/spaces'],
    ['dot-dot', '/wiki/api/v2/../../admin'],
    ['a dot segment', '/wiki/api/v2/./spaces'],
    ['encoded dots', '/wiki/api/v2/%2e%2e/%2e%2e/admin'],
    ['upper-case encoded dots', '/wiki/api/v2/%2E%2E/%2E%2E/admin'],
    ['mixed dots', '/wiki/api/v2/.%2e/%2E./admin'],
    ['double-encoded dots', '/wiki/api/v2/%252e%252e/%252e%252e/admin'],
    ['triple-encoded dots', '/wiki/api/v2/%25252e%25252e/admin'],
    ['encoded slashes', '/wiki/api/v2/spaces%2f%2e%2e%2f%2e%2e%2fadmin'],
    ['a tab between dots', '/wiki/api/v2/.\t./.\t./admin'],
    ['a newline between dots', '/wiki/api/v2/.\n./admin'],
    ['a carriage return', '/wiki/api/v2/spaces\r'],
    ['a leading space', ' /wiki/api/v2/spaces'],
    ['a space in the path', '/wiki/api/v2/spa ces'],
    ['a non-breaking space', '/wiki/api/v2/spaces?cursor=a\u00a0b'],
    ['a control character in the query', '/wiki/api/v2/spaces?cursor=a\u0000b'],
    ['an encoded control character', '/wiki/api/v2/%00/spaces'],
    ['a backslash', '/wiki/api/v2\\..\\..\\admin'],
    ['an encoded backslash', '/wiki/api/v2/%5c..%5c..%5cadmin'],
    ['a path parameter on dots', '/wiki/api/v2/%2e%2e;x/%2e%2e;/admin'],
    ['full-width dots', '/wiki/api/v2/%EF%BC%8E%EF%BC%8E/admin'],
    ['raw non-ASCII', '/wiki/api/v2/\uff0e\uff0e/admin'],
    ['malformed encoding', '/wiki/api/v2/spaces/%E0%A4%A'],
    ['a lone percent sign', '/wiki/api/v2/spaces/%'],
    ['a fragment', '/wiki/api/v2/spaces#x'],
  ])('refuses %s', (_name, link) => {
    expect(isSiteApiPath(link)).toBe(false);
  });
});

describe('normaliseNextLink output goes through the same guard', () => {
  const links = { base: 'https://site.atlassian.net/wiki', context: '/wiki' };

  it('prefixes v1 context-relative links, which then pass', () => {
    const link = normaliseNextLink('/rest/api/user/memberof?start=25&limit=25', links);
    expect(link).toBe('/wiki/rest/api/user/memberof?start=25&limit=25');
    expect(isSiteApiPath(link)).toBe(true);
  });

  it.each([
    '/rest/api/%2e%2e/%2e%2e/admin',
    'https://site.atlassian.net/wiki/%2e%2e/admin',
    '/api/v2/.%2E/.%2E/admin',
  ])('a bypass written relative to the context or on the base is still refused: %s', (raw) => {
    expect(isSiteApiPath(normaliseNextLink(raw, links))).toBe(false);
  });
});
