// Serializers for people: fixture users and the app account → v1 `User` and v2 `User`, v1
// `Group`. Each adds what it emits to an ObjectCounts, so the points charged follow the body.
import { hasProductAccess, isConfluenceAdmin } from './accounts';
import type { FixtureGroup, FixtureUser } from './fixture';
import type { ObjectCounts } from './http';
import type { SiteModel } from './model';

export function tally(counts: ObjectCounts, kind: keyof ObjectCounts, n = 1): void {
  counts[kind] = (counts[kind] ?? 0) + n;
}

const PROFILE_PICTURE = {
  path: '/wiki/aa-avatar/default.png',
  width: 48,
  height: 48,
  isDefault: true,
};

export type Account = { kind: 'user'; user: FixtureUser } | { kind: 'app' };

export function accountOf(model: SiteModel, accountId: string): Account | undefined {
  if (accountId === model.fixture.app.accountId) return { kind: 'app' };
  const user = model.usersById.get(accountId);
  return user ? { kind: 'user', user } : undefined;
}

/**
 * `use` on `application` is "Can use" Confluence: active accounts with Confluence product
 * access. A logged-in account without it (Jira only, service-desk customer) has no `use`, and
 * is not deactivated: its `accountStatus` stays `active`.
 */
export function applicationOperations(
  account: Account,
): { operation: string; targetType: string }[] {
  const ops = [];
  if (account.kind === 'user' && isConfluenceAdmin({ kind: 'user', user: account.user })) {
    ops.push({ operation: 'administer', targetType: 'application' });
  }
  if (account.kind === 'app' || (account.user.active && hasProductAccess(account.user)))
    ops.push({ operation: 'use', targetType: 'application' });
  return ops;
}

function accountType(account: Account): 'app' | 'atlassian' | 'customer' {
  return account.kind === 'app' ? 'app' : account.user.accountType;
}

/**
 * v1 User (also fits BulkUserLookup). A service-desk customer is `accountType: customer`, as in
 * the v2 `AccountType`; the v1 document's enum predates it (test/support/openapi-validator.ts
 * lists that allowance).
 */
export function v1User(
  model: SiteModel,
  account: Account,
  wikiBase: string,
  expandOperations: boolean,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'user');
  const accountId = account.kind === 'app' ? model.fixture.app.accountId : account.user.accountId;
  const displayName =
    account.kind === 'app' ? model.fixture.app.displayName : account.user.displayName;
  const isGuest = account.kind === 'user' && account.user.isGuest;
  const body: Record<string, unknown> = {
    type: 'known',
    accountId,
    accountType: accountType(account),
    email: account.kind === 'app' ? '' : account.user.email,
    publicName: displayName,
    profilePicture: PROFILE_PICTURE,
    displayName,
    timeZone: null,
    externalCollaborator: isGuest,
    isExternalCollaborator: isGuest,
    isGuest,
  };
  if (expandOperations) body.operations = applicationOperations(account);
  body._expandable = expandOperations
    ? { personalSpace: '' }
    : { operations: '', personalSpace: '' };
  body._links = {
    self: `${wikiBase}/rest/api/user?accountId=${encodeURIComponent(accountId)}`,
    base: wikiBase,
    context: '/wiki',
  };
  return body;
}

/** v2 User (`POST /users-bulk`): `accountStatus` tells deactivated accounts apart. */
export function v2User(
  model: SiteModel,
  account: Account,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'user');
  if (account.kind === 'app') {
    return {
      accountId: model.fixture.app.accountId,
      accountType: 'app',
      accountStatus: 'active',
      displayName: model.fixture.app.displayName,
      publicName: model.fixture.app.displayName,
      isExternalCollaborator: false,
      profilePicture: PROFILE_PICTURE,
    };
  }
  const u = account.user;
  return {
    accountId: u.accountId,
    accountType: u.accountType,
    // The fixture knows active and deactivated; `closed` (a deleted account) it does not model.
    accountStatus: u.active ? 'active' : 'inactive',
    displayName: u.displayName,
    publicName: u.displayName,
    email: u.email,
    isExternalCollaborator: u.isGuest,
    profilePicture: PROFILE_PICTURE,
  };
}

export function v1Group(
  g: FixtureGroup,
  wikiBase: string,
  counts: ObjectCounts,
): Record<string, unknown> {
  tally(counts, 'group');
  return {
    type: 'group',
    name: g.name,
    id: g.id,
    usageType: 'USERBASE_GROUP',
    managedBy: 'ADMINS',
    _links: { self: `${wikiBase}/rest/api/group/by-id?id=${encodeURIComponent(g.id)}` },
  };
}
