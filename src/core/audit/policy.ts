/**
 * The audit policy an admin edits on the settings page (and a CLI user passes as `--policy`).
 *
 * `src/core` stays free of runtime dependencies, so validation is written out here rather than with
 * zod. Every problem is reported against the form field it belongs to, so the Policies tab can show
 * it next to that field, and nothing is stored unless the whole policy is valid. Problems are data
 * (`PolicyProblem`): the admin page and the CLI word them (src/messages/audit.ts).
 */
import { DEFAULT_SENSITIVE_LABELS } from '../labels';

export const AUDIT_SCHEDULES = ['off', 'daily', 'weekly'] as const;
export type AuditSchedule = (typeof AUDIT_SCHEDULES)[number];
/**
 * How often an audit re-reads every space (a full reconciliation) instead of only the spaces a
 * change signal names (docs/ARCHITECTURE.md, "Re-audits"): `always` makes every audit full.
 */
export const AUDIT_RECONCILES = ['always', 'daily', 'weekly', 'monthly'] as const;
export type AuditReconcile = (typeof AUDIT_RECONCILES)[number];

export interface Policy {
  /**
   * Increases by one on every save; a save based on an older version is refused by the storage
   * layer so two admins editing at once never clobber each other.
   */
  readonly version: number;
  /** Lower-case, trimmed, no duplicates, in the order the admin gave them. */
  readonly sensitiveLabels: readonly string[];
  /**
   * Groups that reach (nearly) everyone, each by name or by group id; matched case-insensitively
   * against both. Stored lower-case.
   */
  readonly broadGroups: readonly string[];
  /**
   * A group is broad, whatever its name, when it has at least this share of the site's licensed
   * users (as Confluence counts them); 0 turns detection by size off.
   */
  readonly broadGroupShare: number;
  /** Space keys that are meant to be public, so an anonymous grant there is not a finding. */
  readonly allowedAnonymousSpaces: readonly string[];
  readonly schedule: AuditSchedule;
  /** Fraction of the app's hourly points pool (shared by all installs) one audit may spend. */
  readonly pointsBudgetShare: number;
  /** How often an audit re-reads every space rather than only those that may have changed. */
  readonly reconcile: AuditReconcile;
}

export type PolicyField = keyof Policy;

/** The lists of the policy, as problems with one of their items name them. */
export type PolicyList = 'sensitiveLabels' | 'broadGroups' | 'allowedAnonymousSpaces';

/** What is wrong with one setting, as data. Values are cut to 40 characters (`…`) when longer. */
export type PolicyProblem =
  | { readonly kind: 'not-an-object' }
  | {
      readonly kind: 'unknown-setting';
      readonly setting: string;
      readonly settings: readonly string[];
    }
  | { readonly kind: 'bad-version' }
  | { readonly kind: 'bad-schedule'; readonly schedules: readonly string[] }
  | { readonly kind: 'bad-share' }
  /** The broad-group share is not a number from 0 to 1. */
  | { readonly kind: 'bad-broad-share' }
  | { readonly kind: 'bad-reconcile'; readonly reconciles: readonly string[] }
  | { readonly kind: 'not-a-list'; readonly list: PolicyList }
  | { readonly kind: 'item-not-text'; readonly list: PolicyList; readonly position: number }
  | { readonly kind: 'item-empty'; readonly list: PolicyList; readonly position: number }
  | {
      readonly kind: 'too-many';
      readonly list: PolicyList;
      readonly max: number;
      readonly got: number;
    }
  | { readonly kind: 'label-too-long'; readonly value: string; readonly max: number }
  /**
   * The labels together take `got` characters of the audit's search URL, more than `max`: the
   * search would no longer fit in a request Confluence accepts.
   */
  | { readonly kind: 'labels-too-long-for-search'; readonly max: number; readonly got: number }
  | { readonly kind: 'label-invalid'; readonly value: string }
  | { readonly kind: 'group-too-long'; readonly value: string; readonly max: number }
  | { readonly kind: 'group-control'; readonly value: string }
  | { readonly kind: 'bad-space-key'; readonly value: string };

export interface PolicyError {
  /**
   * The policy field at fault (a `PolicyField`, or the name of an unknown field), or `policy` when
   * the input is not an object at all.
   */
  readonly field: string;
  readonly problem: PolicyProblem;
}

export type PolicyValidation =
  | { readonly ok: true; readonly policy: Policy }
  | { readonly ok: false; readonly errors: readonly PolicyError[] };

/**
 * Only `confluence-users` by default: it is the product's own default group, which every licensed
 * user joins on most sites. Names such as `all-staff` are site-specific, so admins add their own;
 * the role model's `authenticated-users` and `all-licensed-users` access classes are always treated
 * as broad and need no entry here.
 */
export const DEFAULT_BROAD_GROUPS: readonly string[] = ['confluence-users'];

export const DEFAULT_POINTS_BUDGET_SHARE = 0.25;

/** Half the site's licensed users: a group that large is "everyone" for an admin grant. */
export const DEFAULT_BROAD_GROUP_SHARE = 0.5;

export const DEFAULT_POLICY: Policy = {
  version: 0,
  sensitiveLabels: DEFAULT_SENSITIVE_LABELS,
  broadGroups: DEFAULT_BROAD_GROUPS,
  broadGroupShare: DEFAULT_BROAD_GROUP_SHARE,
  allowedAnonymousSpaces: [],
  schedule: 'off',
  pointsBudgetShare: DEFAULT_POINTS_BUDGET_SHARE,
  reconcile: 'weekly',
};

/** Bounds that keep a stored policy well inside a KVS value and a CQL query of reasonable size. */
export const POLICY_LIMITS = {
  maxSensitiveLabels: 50,
  maxBroadGroups: 50,
  maxAllowedAnonymousSpaces: 500,
  maxLabelLength: 255,
  maxGroupLength: 255,
  maxSpaceKeyLength: 255,
  /**
   * Characters the labels may take in the audit's search, form-encoded as in the request URL
   * (`labelSearchLength`). Confluence refuses over-long URLs (431); with this much for labels,
   * one search still fits with its space keys, its expansions and a paging cursor.
   */
  maxLabelSearchLength: 2_500,
} as const;

/**
 * Characters Confluence refuses in a label, plus `"` and `\` so that a label can always be placed
 * inside a CQL string literal without escaping tricks.
 */
const LABEL_FORBIDDEN = /[\s:;,.?&[\]()#^*@!<>"\\]/u;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse.
const CONTROL = /[\u0000-\u001f\u007f]/u;
/** Global space keys are letters and digits; personal space keys start with `~`. */
const SPACE_KEY = /^(?:[A-Z0-9]+|~[A-Za-z0-9:_-]+)$/u;

const FIELDS: readonly PolicyField[] = [
  'version',
  'sensitiveLabels',
  'broadGroups',
  'broadGroupShare',
  'allowedAnonymousSpaces',
  'schedule',
  'pointsBudgetShare',
  'reconcile',
];

/**
 * Length of `text` form-encoded (`application/x-www-form-urlencoded`, what URLSearchParams
 * writes): letters, digits and `*-._` as they are, a space as `+`, every other UTF-8 byte as `%XX`.
 */
export function formEncodedLength(text: string): number {
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (/^[A-Za-z0-9*\-._ ]$/u.test(char)) length += 1;
    else length += 3 * (code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4);
  }
  return length;
}

/**
 * Encoded length of the audit search's label clause, `label in ("a","b")`: the opening
 * (`label+in+%28`, 12), each label quoted (`%22`, 3 on each side), `%2C` between labels, and the
 * closing `%29`. src/access/audit-cql.ts builds that clause; its test pins the two together.
 */
export function labelSearchLength(labels: readonly string[]): number {
  const quoted = labels.reduce((sum, label) => sum + formEncodedLength(label) + 6, 0);
  return 12 + quoted + 3 * Math.max(0, labels.length - 1) + 3;
}

/** Confluence stores labels lower-case; admins may type them otherwise. */
export function normaliseLabel(label: string): string {
  return label.trim().toLowerCase();
}

/** Atlassian group names are case-insensitive; group ids are lower-case UUIDs. */
export function normaliseGroup(group: string): string {
  return group.trim().toLowerCase();
}

/** Global space keys are upper-case in Confluence; personal keys (`~…`) are kept as typed. */
export function normaliseSpaceKey(key: string): string {
  const trimmed = key.trim();
  return trimmed.startsWith('~') ? trimmed : trimmed.toUpperCase();
}

/**
 * Checks and normalises a policy. Missing fields take their default (so a stored policy from an
 * older version, or a partial `--policy` file, still loads); present fields must be valid; unknown
 * fields are refused, so a typo such as `sensitiveLabel` is not silently ignored.
 */
export function validatePolicy(input: unknown): PolicyValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: 'policy', problem: { kind: 'not-an-object' } }] };
  }
  const record = input as Record<string, unknown>;
  const errors: PolicyError[] = [];
  for (const key of Object.keys(record)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      errors.push({
        field: key,
        problem: { kind: 'unknown-setting', setting: key, settings: FIELDS },
      });
    }
  }
  const version = field(record, 'version', DEFAULT_POLICY.version, errors, checkVersion);
  const sensitiveLabels = field(
    record,
    'sensitiveLabels',
    DEFAULT_POLICY.sensitiveLabels,
    errors,
    (value) =>
      checkList(value, {
        list: 'sensitiveLabels',
        max: POLICY_LIMITS.maxSensitiveLabels,
        normalise: normaliseLabel,
        check: checkLabel,
      }),
  );
  const broadGroups = field(record, 'broadGroups', DEFAULT_POLICY.broadGroups, errors, (value) =>
    checkList(value, {
      list: 'broadGroups',
      max: POLICY_LIMITS.maxBroadGroups,
      normalise: normaliseGroup,
      check: checkGroup,
    }),
  );
  const broadGroupShare = field(
    record,
    'broadGroupShare',
    DEFAULT_POLICY.broadGroupShare,
    errors,
    checkBroadShare,
  );
  const allowedAnonymousSpaces = field(
    record,
    'allowedAnonymousSpaces',
    DEFAULT_POLICY.allowedAnonymousSpaces,
    errors,
    (value) =>
      checkList(value, {
        list: 'allowedAnonymousSpaces',
        max: POLICY_LIMITS.maxAllowedAnonymousSpaces,
        normalise: normaliseSpaceKey,
        check: checkSpaceKey,
      }),
  );
  const schedule = field(record, 'schedule', DEFAULT_POLICY.schedule, errors, checkSchedule);
  const pointsBudgetShare = field(
    record,
    'pointsBudgetShare',
    DEFAULT_POLICY.pointsBudgetShare,
    errors,
    checkShare,
  );
  const reconcile = field(record, 'reconcile', DEFAULT_POLICY.reconcile, errors, checkReconcile);
  if (
    !errors.some((error) => error.field === 'sensitiveLabels') &&
    labelSearchLength(sensitiveLabels) > POLICY_LIMITS.maxLabelSearchLength
  ) {
    errors.push({
      field: 'sensitiveLabels',
      problem: {
        kind: 'labels-too-long-for-search',
        max: POLICY_LIMITS.maxLabelSearchLength,
        got: labelSearchLength(sensitiveLabels),
      },
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    policy: {
      version,
      sensitiveLabels,
      broadGroups,
      broadGroupShare,
      allowedAnonymousSpaces,
      schedule,
      pointsBudgetShare,
      reconcile,
    },
  };
}

type Checked<T> = { readonly value: T } | { readonly problems: readonly PolicyProblem[] };

function field<T>(
  record: Record<string, unknown>,
  name: PolicyField,
  fallback: T,
  errors: PolicyError[],
  check: (value: unknown) => Checked<T>,
): T {
  const raw = record[name];
  if (raw === undefined) return fallback;
  const checked = check(raw);
  if ('value' in checked) return checked.value;
  for (const problem of checked.problems) errors.push({ field: name, problem });
  return fallback;
}

function checkVersion(value: unknown): Checked<number> {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return { problems: [{ kind: 'bad-version' }] };
  }
  return { value };
}

function checkSchedule(value: unknown): Checked<AuditSchedule> {
  const found = AUDIT_SCHEDULES.find((schedule) => schedule === value);
  if (found === undefined) {
    return { problems: [{ kind: 'bad-schedule', schedules: AUDIT_SCHEDULES }] };
  }
  return { value: found };
}

function checkShare(value: unknown): Checked<number> {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1) {
    return { problems: [{ kind: 'bad-share' }] };
  }
  return { value };
}

function checkReconcile(value: unknown): Checked<AuditReconcile> {
  const found = AUDIT_RECONCILES.find((reconcile) => reconcile === value);
  if (found === undefined) {
    return { problems: [{ kind: 'bad-reconcile', reconciles: AUDIT_RECONCILES }] };
  }
  return { value: found };
}

function checkBroadShare(value: unknown): Checked<number> {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    return { problems: [{ kind: 'bad-broad-share' }] };
  }
  return { value };
}

interface ListSpec {
  readonly list: PolicyList;
  readonly max: number;
  readonly normalise: (value: string) => string;
  /** A problem with one normalised, non-empty item, or undefined when it is fine. */
  readonly check: (value: string) => PolicyProblem | undefined;
}

function checkList(value: unknown, spec: ListSpec): Checked<readonly string[]> {
  const { list } = spec;
  if (!Array.isArray(value)) return { problems: [{ kind: 'not-a-list', list }] };
  const problems: PolicyProblem[] = [];
  const seen = new Set<string>();
  const items: string[] = [];
  value.forEach((raw: unknown, index) => {
    const position = index + 1;
    if (typeof raw !== 'string') {
      problems.push({ kind: 'item-not-text', list, position });
      return;
    }
    const normalised = spec.normalise(raw);
    if (normalised === '') {
      problems.push({ kind: 'item-empty', list, position });
      return;
    }
    const problem = spec.check(normalised);
    if (problem !== undefined) {
      problems.push(problem);
      return;
    }
    if (seen.has(normalised)) return;
    seen.add(normalised);
    items.push(normalised);
  });
  if (items.length > spec.max) {
    problems.push({ kind: 'too-many', list, max: spec.max, got: items.length });
  }
  return problems.length > 0 ? { problems } : { value: items };
}

/** Cut so a huge value does not flood the form. */
function shown(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

function checkLabel(label: string): PolicyProblem | undefined {
  if (label.length > POLICY_LIMITS.maxLabelLength) {
    return { kind: 'label-too-long', value: shown(label), max: POLICY_LIMITS.maxLabelLength };
  }
  if (LABEL_FORBIDDEN.test(label) || CONTROL.test(label)) {
    return { kind: 'label-invalid', value: shown(label) };
  }
  return undefined;
}

function checkGroup(group: string): PolicyProblem | undefined {
  if (group.length > POLICY_LIMITS.maxGroupLength) {
    return { kind: 'group-too-long', value: shown(group), max: POLICY_LIMITS.maxGroupLength };
  }
  if (CONTROL.test(group)) return { kind: 'group-control', value: shown(group) };
  return undefined;
}

function checkSpaceKey(key: string): PolicyProblem | undefined {
  if (key.length > POLICY_LIMITS.maxSpaceKeyLength || !SPACE_KEY.test(key)) {
    return { kind: 'bad-space-key', value: shown(key) };
  }
  return undefined;
}
