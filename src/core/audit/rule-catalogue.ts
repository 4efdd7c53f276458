/**
 * The audit rule catalogue: the one table every rule id, severity and heading derives from (the
 * rules, the summary's counts, the report's filters, the admin page and the CLI). Ids and
 * severities are a public contract shared with the CLI: never change them. Titles and
 * descriptions are message keys (the audit catalogue holds their words, src/messages/audit.ts
 * reads them).
 *
 * Imports nothing, so the admin page's bundle can read the table without the rules.
 */
export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AuditRule<Id extends string = string> {
  readonly id: Id;
  /** The most a finding of the rule can be (a verified team's finding is low, see the team rule). */
  readonly severity: Severity;
  /** Message key: a short heading for the UI and the CLI's help. */
  readonly title: string;
  /** Message key: when the rule fires, in one sentence. */
  readonly description: string;
}

/** In report order: findings of one space and severity are listed in this order. */
export const AUDIT_RULES = [
  {
    id: 'anonymous-space-access',
    severity: 'high',
    title: 'audit.rule.anonymousSpaceAccess.title',
    description: 'audit.rule.anonymousSpaceAccess.description',
  },
  {
    id: 'broad-group-admin',
    severity: 'high',
    title: 'audit.rule.broadGroupAdmin.title',
    description: 'audit.rule.broadGroupAdmin.description',
  },
  {
    id: 'departed-account-access',
    severity: 'high',
    title: 'audit.rule.departedAccountAccess.title',
    description: 'audit.rule.departedAccountAccess.description',
  },
  {
    id: 'personal-space-exposed',
    severity: 'high',
    title: 'audit.rule.personalSpaceExposed.title',
    description: 'audit.rule.personalSpaceExposed.description',
  },
  {
    id: 'sensitive-page-unrestricted',
    severity: 'high',
    title: 'audit.rule.sensitivePageUnrestricted.title',
    description: 'audit.rule.sensitivePageUnrestricted.description',
  },
  {
    id: 'guest-space-access',
    severity: 'medium',
    title: 'audit.rule.guestSpaceAccess.title',
    description: 'audit.rule.guestSpaceAccess.description',
  },
  {
    id: 'team-space-access',
    severity: 'medium',
    title: 'audit.rule.teamSpaceAccess.title',
    description: 'audit.rule.teamSpaceAccess.description',
  },
  {
    id: 'user-grants',
    severity: 'low',
    title: 'audit.rule.userGrants.title',
    description: 'audit.rule.userGrants.description',
  },
  {
    id: 'not-inspectable',
    severity: 'info',
    title: 'audit.rule.notInspectable.title',
    description: 'audit.rule.notInspectable.description',
  },
] as const satisfies readonly AuditRule[];

export type RuleId = (typeof AUDIT_RULES)[number]['id'];

/** The ids in table order, as a tuple for validators (`z.enum`). */
export const RULE_IDS = AUDIT_RULES.map((rule) => rule.id) as unknown as readonly [
  RuleId,
  ...RuleId[],
];

export const RULE_SEVERITY = Object.fromEntries(
  AUDIT_RULES.map((rule) => [rule.id, rule.severity]),
) as Readonly<Record<RuleId, Severity>>;

/**
 * The version of the rules as a whole: raised whenever a rule is added or starts to judge
 * differently, so a diff between audits made by different versions can tell a change of the
 * app's rules from a change of the site (docs/ARCHITECTURE.md, "What changed, and why"). Audits
 * stored before versions were recorded count as version 1.
 */
export const RULES_VERSION = 3;

/**
 * The rules each version added or changed. Version 2: accounts that left or lost access get a
 * rule of their own (so their grants are no longer user or guest grants), personal spaces get
 * their own rule (so their owners' grants are no longer user grants, and anonymous access to them
 * is no longer a general anonymous-space finding), and broad groups are found by size too.
 * Version 3: accounts that left or lost access are found on the content restrictions the audit
 * reads as well, not only on space grants.
 */
export const RULE_CHANGES: Readonly<Record<number, readonly RuleId[]>> = {
  2: [
    'departed-account-access',
    'personal-space-exposed',
    'user-grants',
    'guest-space-access',
    'anonymous-space-access',
    'broad-group-admin',
  ],
  3: ['departed-account-access'],
};

/** True when a rule was added or changed by a version after `from`, up to and including `to`. */
export function ruleChangedBetween(rule: RuleId, from: number, to: number): boolean {
  const [low, high] = from <= to ? [from, to] : [to, from];
  for (let version = low + 1; version <= high; version++) {
    if ((RULE_CHANGES[version] ?? []).includes(rule)) return true;
  }
  return false;
}

export function auditRule(id: RuleId): AuditRule<RuleId> {
  return AUDIT_RULES.find((rule) => rule.id === id) ?? AUDIT_RULES[0];
}

/** Lower is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
