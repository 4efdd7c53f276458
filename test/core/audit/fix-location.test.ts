/** Every finding links to where it is fixed: the space's permissions, or the content's restrictions. */
import { RULE_IDS, fingerprint, fixLocation } from '../../../src/core';
import type { Finding, RuleId } from '../../../src/core';
import { findingLink, fixPath, siteRoot } from '../../../src/messages/links';

const SITE = 'https://acme.atlassian.net';

function about(rule: RuleId, spaceKey: string, contentId?: string): Finding {
  return {
    id: fingerprint({ rule, spaceKey, ...(contentId === undefined ? {} : { contentId }) }),
    rule,
    severity: 'high',
    spaceKey,
    ...(contentId === undefined ? {} : { contentId }),
  };
}

describe('fixLocation and findingLink', () => {
  it.each(RULE_IDS)('%s about a space links to the space permissions', (rule) => {
    const finding = about(rule, 'ENG');
    expect(fixLocation(finding)).toEqual({ kind: 'space-permissions', spaceKey: 'ENG' });
    expect(findingLink(SITE, finding)).toBe(
      'https://acme.atlassian.net/wiki/spaces/spacepermissions.action?key=ENG',
    );
  });

  it.each(RULE_IDS)('%s about a page links to the page, where its restrictions are', (rule) => {
    const finding = about(rule, 'HR', '1013');
    expect(fixLocation(finding)).toEqual({
      kind: 'content-restrictions',
      spaceKey: 'HR',
      contentId: '1013',
    });
    expect(findingLink(SITE, finding)).toBe(
      'https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=1013',
    );
  });

  it('encodes space keys (personal spaces start with ~) and takes a site given with /wiki or a slash', () => {
    expect(fixPath({ kind: 'space-permissions', spaceKey: '~alice' })).toBe(
      '/wiki/spaces/spacepermissions.action?key=~alice',
    );
    expect(fixPath({ kind: 'space-permissions', spaceKey: 'A&B' })).toBe(
      '/wiki/spaces/spacepermissions.action?key=A%26B',
    );
    for (const given of [SITE, `${SITE}/`, `${SITE}/wiki`, `${SITE}/wiki/`]) {
      expect(siteRoot(given)).toBe(SITE);
    }
    expect(siteRoot('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(siteRoot('javascript:alert(1)')).toBeUndefined();
    expect(siteRoot('not a url')).toBeUndefined();
  });

  it('without a known site the link is the path from the site root', () => {
    expect(findingLink(undefined, about('user-grants', 'ENG'))).toBe(
      '/wiki/spaces/spacepermissions.action?key=ENG',
    );
    expect(findingLink('javascript:alert(1)', about('user-grants', 'ENG'))).toBe(
      '/wiki/spaces/spacepermissions.action?key=ENG',
    );
  });
});
