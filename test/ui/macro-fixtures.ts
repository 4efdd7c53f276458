/**
 * Realistic answers for the macro's resolvers, built by the real engine from small page trees, so
 * the audience, layers and messages have exactly the shape and wording the resolvers send. Every
 * payload is typed against the contract: a change there breaks these fixtures at compile time.
 */
import {
  CREATE_PAGE,
  READ_SPACE,
  describeAudience,
  evaluateAccess,
  labelExposure,
  subjectRef,
} from '../../src/core';
import type { AccessInput, GroupRef, Principal, SpaceGrant, Subject } from '../../src/core';
import { NO_KNOWLEDGE, effectiveAudience } from '../../src/core/effective-audience';
import type { AudienceAction, EffectiveAudience } from '../../src/core/effective-audience';
import type {
  CheckAccessView,
  GroupMembersPage,
  MacroConfig,
  PageAccessView,
  ResolverError,
  ResolverResult,
} from '../../src/contract/results';
import { decisionReasons, othersSummary } from '../../src/messages/access';
import { messagesFor } from '../../src/messages/locale-file';

export const ENGINEERING: GroupRef = { groupId: 'g-eng', name: 'engineering' };
export const LEADS: GroupRef = { groupId: 'g-leads', name: 'team-leads' };
export const EMPTY_GROUP: GroupRef = { groupId: 'g-empty', name: 'contractors' };

const group = (ref: GroupRef): Principal => ({ kind: 'group', ...ref });
const user = (accountId: string): Principal => ({ kind: 'user', accountId });
const grant = (principal: Principal, operation = READ_SPACE): SpaceGrant => ({
  principal,
  operation,
});

const SPACE = { id: '1', key: 'ENG', name: 'Engineering' } as const;

/**
 * "Release plan" under a folder restricted to team-leads and a page restricted to Alice and
 * engineering: two inherited view restrictions, and an edit restriction for Bob on the page.
 */
export const twoRestrictedAncestors: AccessInput = {
  site: { anonymousAccess: 'off' },
  space: SPACE,
  grants: [
    grant(group(ENGINEERING)),
    grant(group(LEADS)),
    grant(user('u-dave')),
    grant(group(ENGINEERING), CREATE_PAGE),
  ],
  ancestors: [
    { id: '10', type: 'page', title: 'Handbook', read: { users: [], groups: [] } },
    { id: '11', type: 'folder', title: 'Drafts', read: { users: [], groups: [LEADS] } },
    {
      id: '12',
      type: 'page',
      title: 'Plans',
      read: { users: [{ accountId: 'u-alice' }], groups: [ENGINEERING] },
    },
  ],
  page: {
    id: '100',
    type: 'page',
    title: 'Release plan',
    read: { users: [], groups: [] },
    update: { users: [{ accountId: 'u-bob' }], groups: [] },
  },
  labels: [],
};

/** A "confidential" page with no restriction at all, in a space open to anonymous visitors. */
export const exposedConfidential: AccessInput = {
  site: { anonymousAccess: 'unknown' },
  space: SPACE,
  grants: [
    grant({ kind: 'anonymous' }),
    grant(group(ENGINEERING)),
    grant(group(ENGINEERING), CREATE_PAGE),
  ],
  ancestors: [],
  page: {
    id: '200',
    type: 'page',
    title: 'Salaries 2026',
    read: { users: [], groups: [] },
    update: { users: [], groups: [] },
  },
  labels: ['Confidential'],
};

/**
 * Restricted to an empty group, in a space where nobody may add pages, and under a folder the app
 * cannot read: empty lists and an unreadable one.
 */
export const emptyLists: AccessInput = {
  site: { anonymousAccess: 'off' },
  space: SPACE,
  grants: [grant(group(ENGINEERING)), grant(group(EMPTY_GROUP))],
  ancestors: [{ id: '30', type: 'folder', title: 'Vault', read: { unknown: 'hidden-from-app' } }],
  page: {
    id: '300',
    type: 'page',
    title: 'Contractor notes',
    read: { users: [], groups: [EMPTY_GROUP] },
    update: { users: [], groups: [] },
  },
  labels: [],
};

const MINUTE = 60_000;

/**
 * The effective audience as far as the layers alone tell it (no reads): complete when no group
 * needs listing, otherwise nobody known yet and incomplete.
 */
export function layersOnlyAudience(input: AccessInput, action: AudienceAction): EffectiveAudience {
  const step = effectiveAudience(input, action, NO_KNOWLEDGE);
  if (step.done) return step.audience;
  return {
    count: 0,
    complete: false,
    people: [],
    groups: [],
    everyone: [],
    anonymous: false,
    incompleteBecause: ['unchecked'],
  };
}

export function pageAccess(
  input: AccessInput,
  options: {
    minutesOld?: number;
    fromCache?: boolean;
    effective?: PageAccessView['effective'];
  } = {},
): PageAccessView {
  const audience = describeAudience(input);
  return {
    page: { title: input.page.title ?? '', space: { key: SPACE.key, name: SPACE.name } },
    audience,
    effective: options.effective ?? {
      view: layersOnlyAudience(input, 'view'),
      edit: layersOnlyAudience(input, 'edit'),
    },
    labels: labelExposure(input.labels ?? [], audience),
    asOf: new Date(Date.now() - (options.minutesOld ?? 0) * MINUTE).toISOString(),
    fromCache: options.fromCache ?? false,
  };
}

export function checkAccess(
  input: AccessInput,
  subject: Subject,
  confluence?: CheckAccessView['confluence'],
): CheckAccessView {
  const decision = evaluateAccess(input, subject);
  const view: CheckAccessView = {
    ...decision,
    subject: subjectRef(subject),
    page: { contentType: input.page.type, space: { key: SPACE.key, name: SPACE.name } },
  };
  return confluence === undefined ? view : { ...view, confluence };
}

/** The English sentence of every layer of a check, as the macro words it. */
export function reasonsOf(view: CheckAccessView): string[] {
  const context = {
    subject: view.subject,
    space: view.page.space,
    contentType: view.page.contentType,
  };
  return [view.view, view.edit].flatMap((d) => decisionReasons(messagesFor('en-US'), d, context));
}

/** The "who else could get in" line, as the macro words it. */
export function othersLine(view: PageAccessView): string {
  return othersSummary(messagesFor('en-US'), view.audience);
}

export const alice: Subject = {
  kind: 'user',
  accountId: 'u-alice',
  displayName: 'Alice Liddell',
  groups: [ENGINEERING, LEADS],
};

export const dave: Subject = {
  kind: 'user',
  accountId: 'u-dave',
  displayName: 'Dave Jones',
  groups: [],
};

/** `count` members named after their position, starting at `from`. */
export function membersPage(from: number, count: number, nextCursor?: string): GroupMembersPage {
  const members = Array.from({ length: count }, (_, i) => ({
    accountId: `u-${from + i}`,
    displayName: `Member ${from + i}`,
    markers: [],
  }));
  return nextCursor === undefined ? { members } : { members, nextCursor };
}

export function ok<T>(data: T): ResolverResult<T> {
  return { ok: true, data };
}

export function fail(error: ResolverError): ResolverResult<never> {
  return { ok: false, error };
}

/** The bridge context of a macro, as `useConfig()` reads it. */
export function macroContext(config?: MacroConfig | Record<string, unknown>) {
  return { extension: config === undefined ? {} : { config } };
}
