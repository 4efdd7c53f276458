// Who a permission question is about, and what kind of account that is: licensed or not,
// Confluence admin, org admin with the admin key, member of an access class.
import type { FixtureGroup, FixtureUser, Plan } from './fixture';

/** Who a permission question is about. */
export type Subject =
  | {
      kind: 'user';
      user: FixtureUser;
      /**
       * The request carried `Atl-Confluence-With-Admin-Key: true`; it counts only for an org
       * admin on Premium or Enterprise (`mayUseAdminKey`).
       */
      adminKey?: boolean;
    }
  | { kind: 'app' }
  | { kind: 'anonymous' }
  /** Only as the subject of a permission check: a group on its own, without any user. */
  | { kind: 'group'; group: FixtureGroup };

/**
 * Whether the account may use Confluence as a licensed user. Jira-only users and Jira Service
 * Management customers (`accountType: customer`) are logged in without it.
 */
export function hasProductAccess(user: FixtureUser): boolean {
  return user.productAccess && user.accountType !== 'customer';
}

export function isConfluenceAdmin(subject: Subject): boolean {
  return (
    subject.kind === 'user' &&
    subject.user.active &&
    !subject.user.isGuest &&
    hasProductAccess(subject.user) &&
    subject.user.confluenceAdmin
  );
}

/**
 * The admin key: org admins on Premium and Enterprise
 * (https://support.atlassian.com/confluence-cloud/docs/bypass-access-restrictions-on-a-page-with-admin-key/).
 */
export function mayUseAdminKey(user: FixtureUser, plan: Plan): boolean {
  return (
    user.orgAdmin &&
    user.active &&
    hasProductAccess(user) &&
    (plan === 'premium' || plan === 'enterprise')
  );
}

/**
 * Whether the subject is in an access class (other than anonymous-users, which is an anonymous
 * grant). Where Atlassian is silent, the choices are the README's ("Access classes"):
 * - guests are in no class: they hold their own assignments and anonymous spaces only;
 * - `authenticated-users`: every active non-guest account, with or without Confluence product
 *   access (Jira-only users, service-desk customers); a group subject, a typical licensed member;
 * - `all-licensed-users`: every active non-guest user with product access, and a group subject;
 * - `all-product-admins`: Confluence admins; `jsm-project-admins`: nobody here;
 * - the app is in none: roles reach an app through a USER assignment.
 */
export function inAccessClass(subject: Subject, accessClass: string): boolean {
  switch (subject.kind) {
    case 'anonymous':
    case 'app':
      return false;
    case 'group':
      return accessClass === 'authenticated-users' || accessClass === 'all-licensed-users';
    case 'user':
      if (subject.user.isGuest || !subject.user.active) return false;
      switch (accessClass) {
        case 'authenticated-users':
          return true;
        case 'all-licensed-users':
          return hasProductAccess(subject.user);
        case 'all-product-admins':
          return isConfluenceAdmin(subject);
        default:
          return false;
      }
  }
}
