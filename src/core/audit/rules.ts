/**
 * The audit rules, in the terms of both space permission models: pure functions from what was read
 * about one space to findings. The admin job and the `access-lens audit` CLI gather the data their
 * own way and call `auditSpace` (through src/app/audit-space.ts); neither re-implements a rule.
 * Findings are data: src/messages/audit.ts words them.
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
  Unknown,
  UnknownCause,
} from '../model';
import { isAnonymousPrincipal } from '../principals';
import { byPrincipal, holdingOf, principalKey, reportedPrincipal } from './grants';
import { fingerprint, normaliseFindings } from './findings';
import type {
  DepartedStanding,
  Finding,
  FindingSentence,
  GroupSizeFact,
  HoldingLevel,
  RestrictionLevel,
} from './findings';
import {
  DEFAULT_BROAD_GROUP_SHARE,
  normaliseGroup,
  normaliseLabel,
  normaliseSpaceKey,
} from './policy';
import type { Policy } from './policy';
import { RULE_SEVERITY } from './rule-catalogue';
import type { RuleId, Severity } from './rule-catalogue';

export { AUDIT_RULES, RULE_SEVERITY } from './rule-catalogue';
export type { AuditRule } from './rule-catalogue';

/**
 * The policy fields the rules read; a full `Policy` fits. `broadGroupShare` may be absent (a
 * policy of an earlier version): the default share applies.
 */
export type AuditPolicy = Pick<
  Policy,
  'sensitiveLabels' | 'broadGroups' | 'allowedAnonymousSpaces'
> &
  Partial<Pick<Policy, 'broadGroupShare'>>;

/** Content found by the labelled-content search, with its own and its ancestors' view restrictions. */
export interface LabelledContent {
  readonly id: string;
  readonly title?: string;
  readonly type: ContentType;
  readonly labels: readonly string[];
  /** Absent means current. No rule reports archived content as editable: nobody can edit it. */
  readonly status?: ContentStatus;
  readonly read: Restriction;
  /** Its own edit restriction, as read; absent when the caller does not read it. */
  readonly update?: Restriction;
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
  /** The space's type as Confluence reports it (v2 `Space.type`: `global`, `personal`, …). */
  readonly spaceType?: string;
  /**
   * Account ids of the people holding grants here, or named on the restrictions read here, who
   * cannot use Confluence: deactivated, or without Confluence product access. Omitted when the
   * caller does not look.
   */
  readonly departed?: Readonly<Record<string, DepartedStanding>>;
  /** Member counts of groups holding grants here, by group id, as Confluence reports them. */
  readonly groupSizes?: Readonly<Record<string, number>>;
  /** The site's licensed users, as Confluence counts them; absent when it could not be told. */
  readonly licensedUsers?: number;
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
    ...departedAccountAccess(input),
    ...departedOnRestrictions(input),
    ...personalSpaceExposed(input, policy),
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
  // A personal space open to anonymous visitors is `personal-space-exposed`.
  if (isUnknown(input.grants) || isPersonal(input)) return [];
  const allowed = new Set(policy.allowedAnonymousSpaces.map(normaliseSpaceKey));
  if (allowed.has(normaliseSpaceKey(input.space.key))) return [];
  const grants = input.grants.filter(
    (grant) => isAnonymousPrincipal(grant.principal) && sameOperation(grant.operation, READ_SPACE),
  );
  if (grants.length === 0) return [];
  return [
    finding({
      rule: 'anonymous-space-access',
      space: input.space,
      principal: { kind: 'anonymous' },
      sentence: { kind: 'anonymous-space', holding: holdingOf(grants) },
    }),
  ];
}

export function broadGroupAdmin(input: SpaceAuditInput, policy: AuditPolicy): Finding[] {
  if (isUnknown(input.grants)) return [];
  // Grouped first so a role assignment that names the group only by id still matches a broad group
  // listed by name, when the legacy list (or another assignment) gives the name.
  const admins = byPrincipal(
    input.grants.filter((grant) => sameOperation(grant.operation, ADMINISTER_SPACE)),
  );
  return admins.flatMap(({ principal, grants }) => {
    const broad = broadness(principal, input, policy);
    if (broad === undefined) return [];
    return [
      finding({
        rule: 'broad-group-admin',
        space: input.space,
        principal,
        sentence: {
          kind: 'broad-admin',
          holding: holdingOf(grants),
          ...(broad === 'named' ? {} : { bySize: broad }),
        },
      }),
    ];
  });
}

/**
 * One finding per account that left (deactivated) or has no Confluence access and still holds
 * grants in a space: nobody uses them, so they are power waiting to be reused (a reactivated
 * account, a licence given back). Severity by the most it holds: admin high, edit medium, view
 * low. Such accounts are not also reported as user or guest grants.
 */
export function departedAccountAccess(input: SpaceAuditInput): Finding[] {
  if (isUnknown(input.grants) || input.departed === undefined) return [];
  const departed = input.departed;
  const held = input.grants.filter(
    (grant) => grant.principal.kind === 'user' && departed[grant.principal.accountId] !== undefined,
  );
  return byPrincipal(held).flatMap(({ principal, grants }) => {
    if (principal.kind !== 'user') return [];
    const standing = departed[principal.accountId];
    if (standing === undefined) return [];
    const level = levelOf(grants);
    return [
      finding({
        rule: 'departed-account-access',
        space: input.space,
        principal,
        sentence: { kind: 'departed-account', standing, level, holding: holdingOf(grants) },
        severity: LEVEL_SEVERITY[level],
      }),
    ];
  });
}

/**
 * One finding per content and account that left or has no Confluence access and is still named
 * on that content's restriction: a reactivated account would get what the restriction gives it
 * back. Reads only the restriction lists the caller read (the labelled content's own view and
 * edit lists, and the ancestors' view lists read on the way up, which may be a window of the
 * list), so it adds no reads. Edit (medium) outranks view (low); an ancestor's finding is about
 * the ancestor, where its restriction is changed.
 */
export function departedOnRestrictions(input: SpaceAuditInput): Finding[] {
  const departed = input.departed;
  if (departed === undefined) return [];
  const found = new Map<
    string,
    { node: NodeRef; accountId: string; level: RestrictionLevel; displayName?: string }
  >();
  const note = (node: NodeRef, restriction: Restriction | undefined, level: RestrictionLevel) => {
    if (restriction === undefined || isUnknown(restriction)) return;
    for (const user of restriction.users) {
      if (departed[user.accountId] === undefined) continue;
      const key = `${node.id}|${user.accountId}`;
      const known = found.get(key);
      if (known !== undefined && (known.level === 'edit' || level === 'view')) continue;
      found.set(key, {
        node,
        accountId: user.accountId,
        level,
        ...(user.displayName === undefined ? {} : { displayName: user.displayName }),
      });
    }
  };
  for (const content of input.labelledContent) {
    note(content, content.update, 'edit');
    note(content, content.read, 'view');
    for (const ancestor of content.ancestors) note(ancestor, ancestor.read, 'view');
  }
  return [...found.values()].flatMap(({ node, accountId, level, displayName }) => {
    const standing = departed[accountId];
    if (standing === undefined) return [];
    return [
      finding({
        rule: 'departed-account-access',
        space: input.space,
        content: nodeFact(node),
        principal: {
          kind: 'user',
          accountId,
          ...(displayName === undefined ? {} : { displayName }),
        },
        sentence: { kind: 'departed-restriction', standing, level },
        severity: level === 'edit' ? 'medium' : 'low',
      }),
    ];
  });
}

/**
 * A personal space belongs to one person, who shares it with people by name; a person's grant
 * there is the normal way to share it and is not reported. What is reported is a personal space
 * open to anonymous visitors (high, unless the policy allows it) or to a broad group or access
 * class (medium): its owner's notes reach (nearly) everyone.
 */
export function personalSpaceExposed(input: SpaceAuditInput, policy: AuditPolicy): Finding[] {
  if (isUnknown(input.grants) || !isPersonal(input)) return [];
  const allowed = new Set(policy.allowedAnonymousSpaces.map(normaliseSpaceKey));
  const anonymousAllowed = allowed.has(normaliseSpaceKey(input.space.key));
  const readers = byPrincipal(
    input.grants.filter((grant) => sameOperation(grant.operation, READ_SPACE)),
  );
  return readers.flatMap(({ principal, grants }) => {
    const anonymous = isAnonymousPrincipal(principal);
    if (anonymous && anonymousAllowed) return [];
    const broad = broadness(principal, input, policy);
    if (broad === undefined) return [];
    return [
      finding({
        rule: 'personal-space-exposed',
        space: input.space,
        principal,
        sentence: {
          kind: 'personal-exposed',
          holding: holdingOf(grants),
          ...(broad === 'named' ? {} : { bySize: broad }),
        },
        severity: anonymous ? 'high' : 'medium',
      }),
    ];
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
    const labels = exposure.sensitiveLabels;
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
            sentence: { kind: 'sensitive-exposed', labels },
          }),
        ];
      case 'unknown': {
        const hidden = nodes.find((node) => isUnknown(node.read)) ?? content;
        const cause = isUnknown(hidden.read) ? hidden.read.unknown : 'read-failed';
        return [
          finding({
            rule: 'not-inspectable',
            space: input.space,
            content,
            sentence: {
              kind: 'sensitive-unknown',
              labels,
              cause,
              ...(hidden === content ? {} : { above: nodeFact(hidden) }),
            },
          }),
        ];
      }
    }
  });
}

export function guestSpaceAccess(input: SpaceAuditInput): Finding[] {
  if (isUnknown(input.grants) || input.guests === undefined || isUnknown(input.guests)) return [];
  const guests = new Set(input.guests);
  const departed = input.departed ?? {};
  const guestGrants = input.grants.filter(
    (grant) =>
      grant.principal.kind === 'user' &&
      guests.has(grant.principal.accountId) &&
      departed[grant.principal.accountId] === undefined,
  );
  return byPrincipal(guestGrants).map(({ principal, grants }) =>
    finding({
      rule: 'guest-space-access',
      space: input.space,
      principal,
      sentence: { kind: 'guest-access', holding: holdingOf(grants) },
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
    return [
      finding({
        rule: 'team-space-access',
        space: input.space,
        principal,
        sentence: { kind: 'team-access', holding: holdingOf(grants) },
        severity: principal.verified === true ? 'low' : 'medium',
      }),
    ];
  });
}

/**
 * One finding per person and space, not one per grant nor one per space: a diff then names exactly
 * who was added or removed, a CSV row holds one principal, and a person with several permissions
 * is still a single line. Known guests are left to `guest-space-access`: guests can only be given
 * access individually, so "use a group" would be the wrong advice.
 */
export function userGrants(input: SpaceAuditInput): Finding[] {
  // In a personal space people are shared with by name: see `personalSpaceExposed`.
  if (isUnknown(input.grants) || isPersonal(input)) return [];
  const guests = new Set(input.guests === undefined || isUnknown(input.guests) ? [] : input.guests);
  const departed = input.departed ?? {};
  const userGrantList = input.grants.filter(
    (grant) =>
      grant.principal.kind === 'user' &&
      !isAnonymousPrincipal(grant.principal) &&
      !guests.has(grant.principal.accountId) &&
      departed[grant.principal.accountId] === undefined,
  );
  return byPrincipal(userGrantList).map(({ principal, grants }) =>
    finding({
      rule: 'user-grants',
      space: input.space,
      principal,
      sentence: { kind: 'user-grant', holding: holdingOf(grants) },
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
        sentence: { kind: 'space-unreadable', cause: item.reason },
      });
    }
    const content: NodeRef = {
      id: item.contentId,
      type: 'other',
      ...(item.title === undefined ? {} : { title: item.title }),
    };
    return finding({
      rule: 'not-inspectable',
      space: input.space,
      content,
      sentence: { kind: 'content-unreadable', cause: item.reason },
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
        sentence: { kind: 'permissions-unreadable', cause: grants.unknown },
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
            sentence: { kind: 'guests-unknown' },
          }),
        ]
      : [];
  const unrecognised = byPrincipal(grants.filter((grant) => isUnrecognised(grant.principal))).map(
    ({ principal, grants: held }) =>
      finding({
        rule: 'not-inspectable',
        space: input.space,
        principal,
        sentence: { kind: 'unrecognised-principal', holding: holdingOf(held) },
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
  /** Who the finding is about; it also identifies the finding unless `subject` is given. */
  readonly principal?: Principal;
  /** What the finding is about when it names no principal (`space`, `guests`, …). */
  readonly subject?: string;
  readonly sentence: FindingSentence;
  /** Only for rules whose severity depends on the finding; `RULE_SEVERITY` otherwise. */
  readonly severity?: Severity;
}): Finding {
  const { rule, space, content, sentence } = parts;
  const principal = parts.principal === undefined ? undefined : reportedPrincipal(parts.principal);
  const subject = principal === undefined ? parts.subject : principalKey(principal);
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
    ...(space.name === undefined ? {} : { spaceName: space.name }),
    ...(content === undefined ? {} : { contentId: content.id, contentType: content.type }),
    ...(content?.title === undefined ? {} : { title: content.title }),
    ...(principal === undefined ? {} : { principal }),
    sentence,
  };
}

function nodeFact(node: NodeRef): NodeRef {
  return {
    id: node.id,
    type: node.type,
    ...(node.title === undefined ? {} : { title: node.title }),
  };
}

const LEVEL_SEVERITY: Readonly<Record<HoldingLevel, Severity>> = {
  admin: 'high',
  edit: 'medium',
  view: 'low',
};

/** Space admin, anything that changes content or the space, or only viewing. */
function levelOf(grants: readonly SpaceGrant[]): HoldingLevel {
  if (grants.some((grant) => sameOperation(grant.operation, ADMINISTER_SPACE))) return 'admin';
  if (grants.some((grant) => !sameOperation(grant.operation, READ_SPACE))) return 'edit';
  return 'view';
}

function isPersonal(input: SpaceAuditInput): boolean {
  return (input.spaceType ?? input.space.type) === 'personal';
}

/**
 * Whether a principal reaches (nearly) everyone: `named` when the policy lists the group (or it is
 * an access class or anonymous), its size facts when it is broad by size, undefined otherwise.
 */
function broadness(
  principal: Principal,
  input: SpaceAuditInput,
  policy: AuditPolicy,
): 'named' | GroupSizeFact | undefined {
  // A grant that reaches anonymous visitors reaches everyone, so admin through it is broadest of all.
  if (isAnonymousPrincipal(principal)) return 'named';
  switch (principal.kind) {
    case 'group': {
      const broadGroups = new Set(policy.broadGroups.map(normaliseGroup));
      const named =
        broadGroups.has(normaliseGroup(principal.groupId)) ||
        (principal.name !== undefined && broadGroups.has(normaliseGroup(principal.name)));
      if (named) return 'named';
      return bySize(principal.groupId, input, policy);
    }
    case 'access-class':
      return BROAD_ACCESS_CLASSES.has(principal.accessClass) ? 'named' : undefined;
    case 'user':
    case 'anonymous':
    case 'team':
    case 'other':
      return undefined;
  }
}

/** A group with at least the policy's share of the site's licensed users (share 0: never). */
function bySize(
  groupId: string,
  input: SpaceAuditInput,
  policy: AuditPolicy,
): GroupSizeFact | undefined {
  const share = policy.broadGroupShare ?? DEFAULT_BROAD_GROUP_SHARE;
  const size = input.groupSizes?.[groupId];
  const licensed = input.licensedUsers;
  if (share <= 0 || size === undefined || licensed === undefined || licensed <= 0) return undefined;
  return size >= share * licensed ? { size, licensed, share } : undefined;
}

/** Whether a size fact recorded in a finding still makes the group broad under `policy`. */
export function broadBySizeUnder(fact: GroupSizeFact, policy: AuditPolicy): boolean {
  const share = policy.broadGroupShare ?? DEFAULT_BROAD_GROUP_SHARE;
  return share > 0 && fact.licensed > 0 && fact.size >= share * fact.licensed;
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
