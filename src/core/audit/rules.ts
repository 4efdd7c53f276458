/**
 * The audit rules, in the terms of both space permission models: pure functions from what was read
 * about one space to findings. The admin job and the `access-lens audit` CLI gather the data their own way
 * and call `auditSpace`; neither re-implements a rule.
 *
 * Missing data is never read as "open": grants, guests or restrictions that could not be read become
 * `not-inspectable` findings, and the rules that depend on them stay silent.
 */
import { labelExposure } from '../labels';
import {
  KNOWN_ACCESS_CLASSES,
  READ_SPACE,
  isRestricting,
  isUnknown,
  sameOperation,
} from '../model';
import type {
  AncestorNode,
  ContentStatus,
  ContentType,
  NodeRef,
  Operation,
  Principal,
  Restriction,
  SpaceGrant,
  SpaceRef,
  TeamRef,
  Unknown,
  UnknownCause,
} from '../model';
import { isAnonymousPrincipal } from '../principals';
import {
  accessClassName,
  capitalize,
  joinAnd,
  nodeName,
  plural,
  teamName,
  unknownCause,
} from '../wording';
import { compareText, fingerprint, normaliseFindings } from './findings';
import type { Finding, RuleId, Severity } from './findings';
import { normaliseGroup, normaliseLabel, normaliseSpaceKey } from './policy';
import type { Policy } from './policy';

export interface AuditRule {
  readonly id: RuleId;
  readonly severity: Severity;
  /** A short heading for the UI and the CLI's help. */
  readonly title: string;
  /** When the rule fires, in one sentence. */
  readonly description: string;
}

/** The rules table. Ids and severities are a public contract: never change them. */
export const AUDIT_RULES: readonly AuditRule[] = [
  {
    id: 'anonymous-space-access',
    severity: 'high',
    title: 'Space open to anonymous visitors',
    description:
      'A space lets anonymous visitors view it (legacy anonymous permission or the anonymous-users access class) and is not in the allowed list.',
  },
  {
    id: 'broad-group-admin',
    severity: 'high',
    title: 'Broad group is space admin',
    description:
      'A broad group (from the policy), all logged-in users or all licensed users hold space admin.',
  },
  {
    id: 'sensitive-page-unrestricted',
    severity: 'high',
    title: 'Sensitive content without a view restriction',
    description:
      'Content with a sensitive label has no view restriction on itself or on any page or folder above it.',
  },
  {
    id: 'guest-space-access',
    severity: 'medium',
    title: 'Guests have access',
    description: 'Guests hold permissions or roles in the space.',
  },
  {
    id: 'team-space-access',
    severity: 'medium',
    title: 'Teams have access',
    description:
      'An Atlassian team holds permissions or roles in the space (one finding per team and space). Medium unless the team is verified, whose members only admins change (then low); Access Lens cannot list team members either way.',
  },
  {
    id: 'user-grants',
    severity: 'low',
    title: 'Permissions given to individuals',
    description:
      'People hold space permissions or roles individually rather than through a group (one finding per person and space).',
  },
  {
    id: 'not-inspectable',
    severity: 'info',
    title: 'Could not be inspected',
    description:
      'Spaces, permissions or content the auditing identity could not read, or principals it does not recognise. Never counted as open.',
  },
];

export const RULE_SEVERITY: Readonly<Record<RuleId, Severity>> = {
  'anonymous-space-access': 'high',
  'broad-group-admin': 'high',
  'sensitive-page-unrestricted': 'high',
  'guest-space-access': 'medium',
  /** The most a team finding can be: a verified team's finding is low (see `teamSpaceAccess`). */
  'team-space-access': 'medium',
  'user-grants': 'low',
  'not-inspectable': 'info',
};

/** The policy fields the rules read; a full `Policy` fits. */
export type AuditPolicy = Pick<
  Policy,
  'sensitiveLabels' | 'broadGroups' | 'allowedAnonymousSpaces'
>;

/** Content found by the labelled-content search, with its own and its ancestors' view restrictions. */
export interface LabelledContent {
  readonly id: string;
  readonly title?: string;
  readonly type: ContentType;
  readonly labels: readonly string[];
  /** Absent means current. No rule reports archived content as editable: nobody can edit it. */
  readonly status?: ContentStatus;
  readonly read: Restriction;
  /** Root first, as the ancestors API returns them. */
  readonly ancestors: readonly AncestorNode[];
}

/** Something the auditing identity could not read: the space itself (no `contentId`) or content. */
export interface NotInspectable {
  readonly contentId?: string;
  readonly title?: string;
  readonly reason: UnknownCause;
}

export interface SpaceAuditInput {
  readonly space: SpaceRef;
  /** Legacy grants and role assignments expanded per permission (`via` names the role). */
  readonly grants: readonly SpaceGrant[] | Unknown;
  /**
   * Account ids of the users holding grants here who are guests. `Unknown` when the caller tried
   * and could not tell (reported as not-inspectable); omitted when the caller does not look, in
   * which case guest grants are reported as ordinary user grants.
   */
  readonly guests?: readonly string[] | Unknown;
  readonly labelledContent: readonly LabelledContent[];
  readonly notInspectable?: readonly NotInspectable[];
}

const ADMINISTER_SPACE: Operation = { key: 'administer', targetType: 'space' };

/** The role model's classes that reach every logged-in or every licensed user. */
const BROAD_ACCESS_CLASSES: ReadonlySet<string> = new Set([
  'authenticated-users',
  'all-licensed-users',
]);

/** Every rule over one space, de-duplicated by fingerprint and in the deterministic order. */
export function auditSpace(input: SpaceAuditInput, policy: AuditPolicy): Finding[] {
  return normaliseFindings([
    ...anonymousSpaceAccess(input, policy),
    ...broadGroupAdmin(input, policy),
    ...sensitivePageUnrestricted(input, policy),
    ...guestSpaceAccess(input),
    ...teamSpaceAccess(input),
    ...userGrants(input),
    ...notInspectable(input),
  ]);
}

/** Several spaces (e.g. a CLI run or a merged report): the same as concatenating `auditSpace`. */
export function auditSpaces(inputs: readonly SpaceAuditInput[], policy: AuditPolicy): Finding[] {
  return normaliseFindings(inputs.flatMap((input) => auditSpace(input, policy)));
}

export function anonymousSpaceAccess(input: SpaceAuditInput, policy: AuditPolicy): Finding[] {
  if (isUnknown(input.grants)) return [];
  const allowed = new Set(policy.allowedAnonymousSpaces.map(normaliseSpaceKey));
  if (allowed.has(normaliseSpaceKey(input.space.key))) return [];
  const grants = input.grants.filter(
    (grant) => isAnonymousPrincipal(grant.principal) && sameOperation(grant.operation, READ_SPACE),
  );
  if (grants.length === 0) return [];
  const key = input.space.key;
  const roles = roleNames(grants);
  const fixes: string[] = [];
  if (grants.some((grant) => grant.via === undefined)) {
    fixes.push('remove the anonymous permission in Space settings → Permissions');
  }
  if (roles.length > 0) {
    fixes.push(`remove ${rolesPhrase(roles)} from anonymous users in the space's access settings`);
  }
  const through = roles.length > 0 ? ` through ${rolesPhrase(roles)}` : '';
  return [
    finding({
      rule: 'anonymous-space-access',
      space: input.space,
      principal: 'anonymous',
      subject: 'anonymous',
      message:
        `${capitalize(spaceLabel(input.space))} lets anonymous visitors view it${through}. ` +
        'When the site allows anonymous access anyone on the internet can read it, and every logged-in user, guests included, can read it either way. ' +
        `If this isn't intended, ${joinAnd(fixes)}, or add ${key} to the allowed anonymous spaces in the Access Lens policy.`,
    }),
  ];
}

export function broadGroupAdmin(input: SpaceAuditInput, policy: AuditPolicy): Finding[] {
  if (isUnknown(input.grants)) return [];
  const broad = new Set(policy.broadGroups.map(normaliseGroup));
  // Grouped first so a role assignment that names the group only by id still matches a broad group
  // listed by name, when the legacy list (or another assignment) gives the name.
  const admins = byPrincipal(
    input.grants.filter((grant) => sameOperation(grant.operation, ADMINISTER_SPACE)),
  ).filter(({ principal }) => isBroad(principal, broad));
  return admins.map(({ principal, grants }) => {
    const who = principalPhrase(principal);
    const roles = roleNames(grants);
    const through = roles.length > 0 ? ` through ${rolesPhrase(roles)}` : '';
    // Access class names ("all licensed users") and anonymous visitors are plural nouns.
    const many = principal.kind !== 'group';
    const fixes: string[] = [];
    if (grants.some((grant) => grant.via === undefined)) {
      fixes.push(`remove it from ${who} in Space settings → Permissions`);
    }
    if (roles.length > 0) {
      fixes.push(`remove ${rolesPhrase(roles)} from ${who} in the space's access settings`);
    }
    return finding({
      rule: 'broad-group-admin',
      space: input.space,
      principal: principalLabel(principal),
      subject: principalKey(principal),
      message:
        `${capitalize(who)} ${many ? 'hold' : 'holds'} space admin in ${spaceLabel(input.space)}${through}: ` +
        `${many ? 'every one of them' : 'every member of the group'} can change who sees the space and delete its content. ` +
        `Give space admin to a small group or named people instead, and ${joinAnd(fixes)}.`,
    });
  });
}

export function sensitivePageUnrestricted(input: SpaceAuditInput, policy: AuditPolicy): Finding[] {
  const sensitive = policy.sensitiveLabels.map(normaliseLabel);
  return input.labelledContent.flatMap((content) => {
    const nodes: readonly AncestorNode[] = [...content.ancestors, content];
    const state = nodes.some((node) => !isUnknown(node.read) && isRestricting(node.read))
      ? 'restricted'
      : nodes.some((node) => isUnknown(node.read))
        ? 'unknown'
        : 'none';
    const exposure = labelExposure(content.labels, { viewRestriction: state }, sensitive);
    const quoted = exposure.sensitiveLabels.map((label) => `"${label}"`).join(', ');
    const what = contentLabel(content, input.space);
    switch (exposure.verdict) {
      case 'not-sensitive':
      case 'protected':
        return [];
      case 'exposed':
        return [
          finding({
            rule: 'sensitive-page-unrestricted',
            space: input.space,
            content,
            message:
              `${capitalize(what)} is labelled ${quoted}, but neither it nor anything above it restricts who can view it: everyone who can view the space can read it. ` +
              'Add a view restriction for the people who need it (Restrictions, on the page or a page above it), or remove the label if it is no longer sensitive.',
          }),
        ];
      case 'unknown': {
        const hidden = nodes.find((node) => isUnknown(node.read)) ?? content;
        const cause = isUnknown(hidden.read) ? hidden.read.unknown : 'read-failed';
        const restrictionOf =
          hidden === content
            ? `the view restriction of ${what}`
            : `the view restriction of ${nodeName(hidden)} above ${what}`;
        return [
          finding({
            rule: 'not-inspectable',
            space: input.space,
            content,
            message: `${capitalize(unknownCause(cause, restrictionOf))}. It is labelled ${quoted}, so check by hand that it is restricted; it is not counted as open or as protected.`,
          }),
        ];
      }
    }
  });
}

export function guestSpaceAccess(input: SpaceAuditInput): Finding[] {
  if (isUnknown(input.grants) || input.guests === undefined || isUnknown(input.guests)) return [];
  const guests = new Set(input.guests);
  const guestGrants = input.grants.filter(
    (grant) => grant.principal.kind === 'user' && guests.has(grant.principal.accountId),
  );
  return byPrincipal(guestGrants).map(({ principal, grants }) =>
    finding({
      rule: 'guest-space-access',
      space: input.space,
      principal: principalLabel(principal),
      subject: principalKey(principal),
      message:
        `The guest ${principalLabel(principal)} holds ${holdingPhrase(grants)} in ${spaceLabel(input.space)}. ` +
        'Guests are usually people from outside your organisation: check that they still need this access, or remove it in Space settings → Permissions.',
    }),
  );
}

/**
 * One finding per team and space. A team's members cannot be listed through any API the app may
 * call, so the audit cannot say who gets in through it. The members of a team that is not verified
 * add and remove members themselves, and anyone may join a team with open membership
 * (https://support.atlassian.com/atlassian-account/docs/start-an-atlassian-team), so such a team
 * lets people other than the space's admins decide who is in the space: medium. Verified teams are
 * created by organisation admins and usually synced from a group or a directory
 * (https://support.atlassian.com/platform-experiences/docs/what-is-a-managed-team): low.
 */
export function teamSpaceAccess(input: SpaceAuditInput): Finding[] {
  if (isUnknown(input.grants)) return [];
  const teamGrants = input.grants.filter(
    (grant) => grant.principal.kind === 'team' && !isAnonymousPrincipal(grant.principal),
  );
  return byPrincipal(teamGrants).flatMap(({ principal, grants }) => {
    if (principal.kind !== 'team') return [];
    const verified = principal.verified === true;
    const who = capitalize(teamName(principal));
    const holds = `${holdingPhrase(grants)} in ${spaceLabel(input.space)}`;
    const where = removalPlaces(grants);
    const message = verified
      ? `${who}, a verified team, holds ${holds}. Verified teams are set up by organisation admins and their members usually come from a synced group or directory, but Access Lens cannot list them: check who is in the team on its profile.`
      : `${who} holds ${holds}, and it is ${principal.verified === false ? 'not' : 'not known to be'} a verified team: the members of such a team can add anyone to it, and so to this space, without a space admin. Access Lens cannot list team members. Give this access to a group or a verified team instead, and remove it from the team in ${where}.`;
    return [
      finding({
        rule: 'team-space-access',
        space: input.space,
        principal: principalLabel(principal),
        subject: principalKey(principal),
        message,
        severity: verified ? 'low' : 'medium',
      }),
    ];
  });
}

/** Where a grant is removed: the legacy permission screen, the role settings, or both. */
function removalPlaces(grants: readonly SpaceGrant[]): string {
  const places: string[] = [];
  if (grants.some((grant) => grant.via === undefined)) places.push('Space settings → Permissions');
  if (grants.some((grant) => grant.via !== undefined)) places.push("the space's access settings");
  return joinAnd(places);
}

/**
 * One finding per person and space, not one per grant nor one per space: a diff then names exactly
 * who was added or removed, a CSV row holds one principal, and a person with several permissions
 * is still a single line. Known guests are left to `guest-space-access`: guests can only be given
 * access individually, so "use a group" would be the wrong advice.
 */
export function userGrants(input: SpaceAuditInput): Finding[] {
  if (isUnknown(input.grants)) return [];
  const guests = new Set(input.guests === undefined || isUnknown(input.guests) ? [] : input.guests);
  const userGrantList = input.grants.filter(
    (grant) =>
      grant.principal.kind === 'user' &&
      !isAnonymousPrincipal(grant.principal) &&
      !guests.has(grant.principal.accountId),
  );
  return byPrincipal(userGrantList).map(({ principal, grants }) =>
    finding({
      rule: 'user-grants',
      space: input.space,
      principal: principalLabel(principal),
      subject: principalKey(principal),
      message:
        `${capitalize(principalPhrase(principal))} holds ${holdingPhrase(grants)} in ${spaceLabel(input.space)} personally rather than through a group. ` +
        'Access given person by person is hard to review and lingers when people change teams: give it to a group and remove the personal grant in Space settings → Permissions.',
    }),
  );
}

export function notInspectable(input: SpaceAuditInput): Finding[] {
  const listed = (input.notInspectable ?? []).map((item) => {
    if (item.contentId === undefined) {
      return finding({
        rule: 'not-inspectable',
        space: input.space,
        subject: 'space',
        message: `${capitalize(unknownCause(item.reason, spaceLabel(input.space)))}. Its permissions and content were not audited.`,
      });
    }
    const content = {
      id: item.contentId,
      type: 'other' as const,
      ...(item.title === undefined ? {} : { title: item.title }),
    };
    return finding({
      rule: 'not-inspectable',
      space: input.space,
      content,
      message: `${capitalize(unknownCause(item.reason, contentLabel(content, input.space)))}. It is not counted as open or as restricted.`,
    });
  });
  const spaceListed = (input.notInspectable ?? []).some((item) => item.contentId === undefined);
  const grants = input.grants;
  if (isUnknown(grants)) {
    if (spaceListed) return listed;
    return [
      ...listed,
      finding({
        rule: 'not-inspectable',
        space: input.space,
        subject: 'space-permissions',
        message: `${capitalize(unknownCause(grants.unknown, `the permissions of ${spaceLabel(input.space)}`))}. Anonymous access, admins, guests and personal grants were not checked there.`,
      }),
    ];
  }
  const unknownGuests =
    input.guests !== undefined &&
    isUnknown(input.guests) &&
    grants.some((g) => g.principal.kind === 'user')
      ? [
          finding({
            rule: 'not-inspectable',
            space: input.space,
            subject: 'guests',
            message: `Access Lens could not tell which of the people with access to ${spaceLabel(input.space)} are guests, so guest access was not checked there.`,
          }),
        ]
      : [];
  const unrecognised = byPrincipal(grants.filter((grant) => isUnrecognised(grant.principal))).map(
    ({ principal, grants: held }) =>
      finding({
        rule: 'not-inspectable',
        space: input.space,
        principal: principalLabel(principal),
        subject: principalKey(principal),
        message: `${capitalize(spaceLabel(input.space))} gives ${holdingPhrase(held)} to ${principalPhrase(principal)}, which Access Lens does not recognise, so it cannot tell who that includes. Check it in Space settings → Permissions.`,
      }),
  );
  return [...listed, ...unknownGuests, ...unrecognised];
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

function finding(parts: {
  readonly rule: RuleId;
  readonly space: SpaceRef;
  readonly content?: NodeRef;
  readonly principal?: string;
  readonly subject?: string;
  readonly message: string;
  /** Only for rules whose severity depends on the finding; `RULE_SEVERITY` otherwise. */
  readonly severity?: Severity;
}): Finding {
  const { rule, space, content, principal, subject, message } = parts;
  return {
    id: fingerprint({
      rule,
      spaceKey: space.key,
      ...(content === undefined ? {} : { contentId: content.id }),
      ...(subject === undefined ? {} : { subject }),
    }),
    rule,
    severity: parts.severity ?? RULE_SEVERITY[rule],
    spaceKey: space.key,
    ...(content === undefined ? {} : { contentId: content.id }),
    ...(content?.title === undefined ? {} : { title: content.title }),
    ...(principal === undefined ? {} : { principal }),
    message,
  };
}

function isBroad(principal: Principal, broadGroups: ReadonlySet<string>): boolean {
  // A grant that reaches anonymous visitors reaches everyone, so admin through it is broadest of all.
  if (isAnonymousPrincipal(principal)) return true;
  switch (principal.kind) {
    case 'group':
      return (
        broadGroups.has(normaliseGroup(principal.groupId)) ||
        (principal.name !== undefined && broadGroups.has(normaliseGroup(principal.name)))
      );
    case 'access-class':
      return BROAD_ACCESS_CLASSES.has(principal.accessClass);
    case 'user':
    case 'anonymous':
    case 'team':
    case 'other':
      return false;
  }
}

/**
 * Principals Access Lens does not recognise: reported, never dropped. Teams are recognised and have
 * a rule of their own.
 */
function isUnrecognised(principal: Principal): boolean {
  if (isAnonymousPrincipal(principal)) return false;
  if (principal.kind === 'other') return true;
  return (
    principal.kind === 'access-class' &&
    !(KNOWN_ACCESS_CLASSES as readonly string[]).includes(principal.accessClass)
  );
}

/** Identifies a principal by id only, for fingerprints; every anonymous form is one principal. */
function principalKey(principal: Principal): string {
  if (isAnonymousPrincipal(principal)) return 'anonymous';
  switch (principal.kind) {
    case 'user':
      return `user:${principal.accountId}`;
    case 'group':
      return `group:${principal.groupId}`;
    case 'access-class':
      return `access-class:${principal.accessClass}`;
    case 'team':
      return `team:${principal.teamId}`;
    case 'other':
      return `other:${principal.type}:${principal.id}`;
    case 'anonymous':
      return 'anonymous';
  }
}

/** The `principal` column: short, but precise enough to act on. */
function principalLabel(principal: Principal): string {
  if (isAnonymousPrincipal(principal)) return 'anonymous';
  switch (principal.kind) {
    case 'user':
      return principal.displayName === undefined
        ? principal.accountId
        : `${principal.displayName} (${principal.accountId})`;
    case 'group':
      return principal.name ?? principal.groupId;
    case 'access-class':
      return principal.accessClass;
    case 'team':
      return principal.name ?? principal.teamId;
    case 'other':
      return `${principal.type} ${principal.id}`;
    case 'anonymous':
      return 'anonymous';
  }
}

/** The principal mid-sentence. */
function principalPhrase(principal: Principal): string {
  if (isAnonymousPrincipal(principal)) return 'anonymous visitors';
  switch (principal.kind) {
    case 'user':
      return principal.displayName === undefined
        ? `the user ${principal.accountId}`
        : principalLabel(principal);
    case 'group':
      return `the group ${principal.name ?? principal.groupId}`;
    case 'access-class':
      return accessClassName(principal.accessClass);
    case 'team':
      return teamName(principal);
    case 'other':
      return `the unrecognised ${principal.type} "${principal.id}"`;
    case 'anonymous':
      return 'anonymous visitors';
  }
}

/**
 * Groups grants by principal (first-seen order); the legacy list and role assignments may name the
 * same principal, with or without its display name, so the first name found is kept.
 */
function byPrincipal(
  grants: readonly SpaceGrant[],
): { principal: Principal; grants: SpaceGrant[] }[] {
  const groups = new Map<string, { principal: Principal; grants: SpaceGrant[] }>();
  for (const grant of grants) {
    const key = principalKey(grant.principal);
    const entry = groups.get(key);
    if (entry === undefined) {
      groups.set(key, { principal: grant.principal, grants: [grant] });
      continue;
    }
    entry.grants.push(grant);
    entry.principal = withName(entry.principal, grant.principal);
  }
  return [...groups.values()];
}

/** The first name found wins, or the lowest if the sources disagree, so input order never matters. */
function withName(kept: Principal, other: Principal): Principal {
  const better = (a: string | undefined, b: string | undefined): boolean =>
    b !== undefined && (a === undefined || compareText(b, a) < 0);
  if (kept.kind === 'group' && other.kind === 'group' && better(kept.name, other.name)) {
    return { ...kept, ...(other.name === undefined ? {} : { name: other.name }) };
  }
  if (
    kept.kind === 'user' &&
    other.kind === 'user' &&
    better(kept.displayName, other.displayName)
  ) {
    return {
      ...kept,
      ...(other.displayName === undefined ? {} : { displayName: other.displayName }),
    };
  }
  if (kept.kind === 'team' && other.kind === 'team') return mergeTeams(kept, other);
  return kept;
}

/** A team named by one source and marked verified by another is both. */
function mergeTeams(
  kept: TeamRef & { readonly kind: 'team' },
  other: TeamRef & { readonly kind: 'team' },
): Principal {
  const better =
    other.name !== undefined && (kept.name === undefined || compareText(other.name, kept.name) < 0);
  const name = better ? other.name : kept.name;
  const verified =
    kept.verified === true || other.verified === true ? true : (kept.verified ?? other.verified);
  return {
    kind: 'team',
    teamId: kept.teamId,
    ...(name === undefined ? {} : { name }),
    ...(verified === undefined ? {} : { verified }),
  };
}

function roleNames(grants: readonly SpaceGrant[]): string[] {
  const names = grants.flatMap((grant) => (grant.via === undefined ? [] : [grant.via.role]));
  return [...new Set(names)].sort(compareText);
}

function rolesPhrase(roles: readonly string[]): string {
  return `the ${roles.length === 1 ? 'role' : 'roles'} ${joinAnd(roles)}`;
}

const OPERATION_NAMES: Readonly<Record<string, string>> = {
  'read/space': 'view',
  'create/page': 'add pages',
  'create/blogpost': 'add blog posts',
  'update/page': 'edit pages',
  'update/blogpost': 'edit blog posts',
  'create/comment': 'add comments',
  'create/attachment': 'add attachments',
  'delete/space': 'delete the space',
  'delete/page': 'delete pages',
  'delete/blogpost': 'delete blog posts',
  'delete/comment': 'delete comments',
  'delete/attachment': 'delete attachments',
  'archive/page': 'archive pages',
  'export/space': 'export',
  'restrict_content/space': 'restrict content',
  'administer/space': 'space admin',
};

const OPERATION_ORDER: readonly string[] = Object.values(OPERATION_NAMES);

/** The catalogue order above (view first), then anything unrecognised alphabetically. */
function compareOperationNames(a: string, b: string): number {
  const rank = (name: string): number => {
    const index = OPERATION_ORDER.indexOf(name);
    return index === -1 ? OPERATION_ORDER.length : index;
  };
  return rank(a) - rank(b) || compareText(a, b);
}

function operationName(operation: Operation): string {
  return (
    OPERATION_NAMES[`${operation.key}/${operation.targetType}`] ??
    `${operation.key} ${operation.targetType}`
  );
}

/** "the role Collaborator and the space permissions view and add pages". */
function holdingPhrase(grants: readonly SpaceGrant[]): string {
  const roles = roleNames(grants);
  const operations = [
    ...new Set(
      grants.filter((grant) => grant.via === undefined).map((g) => operationName(g.operation)),
    ),
  ].sort(compareOperationNames);
  const parts: string[] = [];
  if (roles.length > 0) parts.push(rolesPhrase(roles));
  if (operations.length > 0) {
    parts.push(
      `the space ${operations.length === 1 ? 'permission' : 'permissions'} ${joinAnd(operations)}`,
    );
  }
  return parts.length > 0 ? joinAnd(parts) : plural(grants.length, 'permission', 'permissions');
}

function spaceLabel(space: SpaceRef): string {
  return space.name === undefined || space.name === space.key
    ? `space ${space.key}`
    : `space "${space.name}" (${space.key})`;
}

function contentLabel(content: NodeRef, space: SpaceRef): string {
  return `${nodeName(content)} in ${spaceLabel(space)}`;
}
