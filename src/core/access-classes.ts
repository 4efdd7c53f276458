/**
 * The role-based model's built-in audiences ("access classes") in one table: who each one reaches,
 * and whether it counts as "every logged-in user" for a page's exposure. The space-permission
 * routes, the audience description and the audit all read this table; the names people read are
 * the catalogue's `access.accessClass.<class>` keys (src/messages/access.ts).
 *
 * Unknown class names are preserved rather than dropped, so that an answer can say "we don't know
 * who this includes"; they reach nobody Access Lens can confirm.
 */

/**
 * Who a class reaches (docs/ARCHITECTURE.md, "The permission model": who can use Confluence,
 * and guests, who are in no class at all):
 * - `anonymous`: everyone, logged in or not (evaluated as an anonymous grant, never as a class);
 * - `logged-in`: every non-guest account that is logged in, with or without product access;
 * - `licensed`: logged-in accounts with Confluence product access;
 * - `product-admins`: licensed accounts that are product admins;
 * - `unknown`: Access Lens cannot tell who is in it, so it never confirms anyone.
 */
export type AccessClassReach =
  'anonymous' | 'logged-in' | 'licensed' | 'product-admins' | 'unknown';

export interface AccessClassRule {
  readonly reach: AccessClassReach;
  /** True when a grant to the class shows the page to every logged-in user of the site. */
  readonly everyoneLoggedIn: boolean;
}

export const ACCESS_CLASSES = {
  'anonymous-users': { reach: 'anonymous', everyoneLoggedIn: true },
  'authenticated-users': { reach: 'logged-in', everyoneLoggedIn: true },
  'all-licensed-users': { reach: 'licensed', everyoneLoggedIn: true },
  'all-product-admins': { reach: 'product-admins', everyoneLoggedIn: false },
  'jsm-project-admins': { reach: 'unknown', everyoneLoggedIn: false },
} as const satisfies Readonly<Record<string, AccessClassRule>>;

export type KnownAccessClass = keyof typeof ACCESS_CLASSES;

export const KNOWN_ACCESS_CLASSES = Object.keys(ACCESS_CLASSES) as readonly KnownAccessClass[];

export function isKnownAccessClass(accessClass: string): accessClass is KnownAccessClass {
  return Object.hasOwn(ACCESS_CLASSES, accessClass);
}

/** The table's row for a class; an unknown class reaches nobody Access Lens can confirm. */
export function accessClassRule(accessClass: string): AccessClassRule {
  return isKnownAccessClass(accessClass)
    ? ACCESS_CLASSES[accessClass]
    : { reach: 'unknown', everyoneLoggedIn: false };
}
