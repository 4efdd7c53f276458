/**
 * The `all-product-admins` access class reaches Confluence admins: the subject loader learns who
 * is one from `administer` on `application` in their operations.
 */
import type { SiteFixtureInput } from '../../dev/simulator/fixture';
import { useApp } from './app-harness';

const fixture: SiteFixtureInput = {
  site: { anonymousAccess: false, roleMode: 'ROLES' },
  app: { accountId: 'app-lens', displayName: 'Access Lens' },
  users: [
    { accountId: 'u-admin', displayName: 'Ada Admin', email: 'ada@x.test', confluenceAdmin: true },
    { accountId: 'u-bea', displayName: 'Bea', email: 'bea@x.test' },
  ],
  groups: [],
  roles: [{ id: '9', type: 'SYSTEM', name: 'Viewer', spacePermissions: ['read/space'] }],
  spaces: [
    {
      id: '300',
      key: 'ADM',
      name: 'Admins only',
      roleAssignments: [
        {
          principal: { principalType: 'ACCESS_CLASS', principalId: 'all-product-admins' },
          roleId: '9',
        },
      ],
    },
  ],
  content: [{ id: '3100', type: 'page', spaceId: '300', title: 'Runbook' }],
};

describe('all-product-admins', () => {
  const app = useApp({ fixture });
  const on = { moduleKey: 'access-lens-macro', contentId: '3100' };

  it('lets a Confluence admin view, through the access class and its role', async () => {
    const result = (await app().call(
      { accountId: 'u-admin' },
      'checkAccess',
      { accountId: 'u-admin' },
      on,
    )) as {
      ok: boolean;
      data?: { view: { allowed: boolean; reasons: { rule: string; through: unknown[] }[] } };
    };
    expect(result.data?.view.allowed).toBe(true);
    const space = result.data?.view.reasons.find((r) => r.rule === 'space-permission');
    expect(space?.through).toEqual([
      {
        kind: 'access-class',
        accessClass: 'all-product-admins',
        via: { role: 'Viewer', roleId: '9' },
      },
    ]);
  });

  it('does not reach other users', async () => {
    const result = (await app().call(
      { accountId: 'u-admin' },
      'checkAccess',
      { accountId: 'u-bea' },
      on,
    )) as {
      data?: { view: { allowed: boolean } };
    };
    expect(result.data?.view.allowed).toBe(false);
  });
});
