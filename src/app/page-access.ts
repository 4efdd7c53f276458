/**
 * The page-access use cases, called by the macro's resolvers and by the CLI's `page` and `check`
 * commands, so both answer the same from the same reads (docs/ARCHITECTURE.md, "Layers"):
 * - "page access for a viewer": the page's access as the reader may see it, who its audience is,
 *   who exactly can view and edit it (the effective audience), and whether its labels promise
 *   more protection than it has;
 * - "check a subject": whether a person, a typical member of a group or an anonymous visitor can
 *   view and edit it, and why; for a Confluence admin also Confluence's own answer.
 *
 * Data only: the words are the callers' (src/messages/access.ts). No Forge import: the CLI runs
 * this without the Forge runtime.
 */
import {
  describeAudience,
  evaluateAccess,
  labelExposure,
  markNamedPeople,
  peopleNamedIn,
  subjectRef,
} from '../core';
import type {
  AccessDecision,
  AccessInput,
  Audience,
  LabelExposure,
  NamedPeople,
  NamedPerson,
  SubjectRef,
} from '../core';
import { USERS_PER_BULK_READ } from '../confluence/limits';
import { isConfluenceAdmin } from '../confluence/client';
import type { ConfluenceClient } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { markersOf } from '../core/effective-audience';
import type { EffectiveAudience, PersonMarker } from '../core/effective-audience';
import { loadPageAccess, rememberEffectiveAudience } from '../access/load-page-access';
import type { LoadOptions, LoadedPageAccess } from '../access/load-page-access';
import { loadEffectiveAudience } from '../access/load-effective-audience';
import {
  clientAudienceSource,
  refusedAudienceSource,
  withKeptStanding,
  withStandingAlongside,
} from '../access/audience-source';
import type { StandingCache } from '../access/cache';
import type { AudienceSource } from '../access/load-effective-audience';
import { loadSubject } from '../access/load-subject';
import type { LoadedSubject, SubjectRequest } from '../access/load-subject';

export interface PageAccess extends LoadedPageAccess {
  readonly audience: Audience;
  readonly labels: LabelExposure;
}

/** Who exactly can view and who can edit (docs/ARCHITECTURE.md, "The effective audience"). */
export interface EffectiveAudiences {
  readonly view: EffectiveAudience;
  readonly edit: EffectiveAudience;
}

/** The effective audiences and the people the layers name, checked (named-people.ts). */
export interface AudiencesAndNamedPeople extends EffectiveAudiences {
  readonly namedPeople: NamedPeople;
}

/**
 * People the layers name whose standing is checked for their markers: one bulk read's worth.
 * Past it an entry shows no marker, and the macro says how many were not checked.
 */
export const MAX_MARKED_PEOPLE = USERS_PER_BULK_READ;

export interface PageAccessWithAudience extends PageAccess {
  readonly effective: EffectiveAudiences;
  /** The people the layers name, checked: their markers are set on the audience's entries. */
  readonly namedPeople: NamedPeople;
  /**
   * Whether the named people were checked for this reader at all (not for one who may not browse
   * people): an entry without markers is then one past the check's limit.
   */
  readonly peopleChecked: boolean;
  /**
   * When the oldest knowledge of people behind `effective` was read (a kept audience's
   * computation, or standing served from the site-wide cache); absent when all was read now.
   */
  readonly peopleReadAt?: number;
}

export interface PageAccessOptions extends LoadOptions {
  /** People's standing kept for the site (cache.ts); used only for viewers who may browse. */
  readonly standingCache?: StandingCache;
  /**
   * The site the viewer is on, as the platform vouches for it (its install context): an
   * effective audience being computed is shared only by views of the same site.
   */
  readonly site?: string;
}

interface ComputedAudiences {
  readonly effective: EffectiveAudiences;
  readonly namedPeople: NamedPeople;
  readonly peopleReadAt?: number;
}

/**
 * The page's access as `client`'s identity may read it, with its audience, its effective
 * audience and label warning. The viewer's own read of the page comes first (loadPageAccess);
 * the effective audience's reads follow, as the same viewer. A warm view of a viewer who may
 * look groups up is served the audience the cache entry keeps (cache.ts): no further request.
 */
export async function pageAccess(
  client: ConfluenceClient,
  pageId: string,
  options: PageAccessOptions = {},
): Promise<PageAccessWithAudience> {
  const loaded = await loadPageAccess(client, pageId, options);
  // Without a viewer to ask (the CLI), the reader's own reads say what they may see.
  const mayBrowse = options.viewer === undefined || (await options.viewer.canLookUpGroups());
  const compute = async (): Promise<ComputedAudiences> => {
    if (!mayBrowse) return split(await effectiveAudiences(refusedAudienceSource, loaded));
    if (options.viewer === undefined || options.standingCache === undefined) {
      return split(await effectiveAudiences(clientAudienceSource(client), loaded));
    }
    const source = withKeptStanding(clientAudienceSource(client), options.standingCache);
    const computed = split(await effectiveAudiences(source, loaded));
    const keptAt = source.oldestKept();
    return { ...computed, ...(keptAt === undefined ? {} : { peopleReadAt: keptAt }) };
  };
  if (loaded.cachedEffective !== undefined) {
    const { view, edit, namedPeople = {}, computedAt } = loaded.cachedEffective;
    return {
      ...describeWithNamedPeople(loaded, namedPeople),
      effective: { view, edit },
      namedPeople,
      // Served only to viewers who may browse people, as it was computed by one.
      peopleChecked: true,
      ...(computedAt === undefined ? {} : { peopleReadAt: computedAt }),
    };
  }
  // Viewers of one site who may browse people all get the same audience for the same layers:
  // simultaneous views share the computation in flight, as they share the layers' reads
  // (load-page-access.ts). Never across sites: one process may serve several, and two sites'
  // identical layers may hold different people.
  // A refresh reads people's standing afresh, so it never joins a computation that may not.
  const computed =
    options.viewer !== undefined &&
    mayBrowse &&
    options.site !== undefined &&
    options.refresh !== true
      ? await sharedInFlight(JSON.stringify([options.site, pageId, loaded.basis]), compute)
      : await compute();
  if (options.cache !== undefined && options.viewer && mayBrowse) {
    // Only an audience computed by a viewer who may browse people is kept: another viewer's
    // reads are refused, and theirs is incomplete. It is dated by the oldest standing it used.
    await rememberEffectiveAudience(
      options.cache,
      loaded,
      { ...computed.effective, namedPeople: computed.namedPeople },
      {
        ...(computed.peopleReadAt === undefined ? {} : { computedAt: computed.peopleReadAt }),
      },
    );
  }
  return {
    ...describeWithNamedPeople(loaded, computed.namedPeople),
    ...computed,
    peopleChecked: mayBrowse,
  };
}

function split({ view, edit, namedPeople }: AudiencesAndNamedPeople): ComputedAudiences {
  return { effective: { view, edit }, namedPeople };
}

const audiencesInFlight = new Map<string, Promise<ComputedAudiences>>();

/** One computation per key at a time in this process; a failure is each caller's own. */
async function sharedInFlight(
  key: string,
  compute: () => Promise<ComputedAudiences>,
): Promise<ComputedAudiences> {
  const running = audiencesInFlight.get(key);
  if (running !== undefined) {
    try {
      return await running;
    } catch (error) {
      if (!isConfluenceError(error)) throw error;
      return compute();
    }
  }
  const started = compute();
  audiencesInFlight.set(key, started);
  try {
    return await started;
  } finally {
    if (audiencesInFlight.get(key) === started) audiencesInFlight.delete(key);
  }
}

/**
 * Who can view and who can edit, read through `source` (the reader's client, or what it would
 * be refused), and the markers of the people the layers name. Edit is asked after view with what
 * view's reads taught (group sizes, members, standing), so no read is made twice; the named
 * people's standing rides along the audience's first standing read (points are the scarce
 * resource: docs/ARCHITECTURE.md, "Call plans and points").
 */
export async function effectiveAudiences(
  source: AudienceSource,
  loaded: Pick<LoadedPageAccess, 'input'>,
): Promise<AudiencesAndNamedPeople> {
  const named = peopleNamedIn(loaded.input, MAX_MARKED_PEOPLE);
  const recording = withStandingAlongside(source, named, USERS_PER_BULK_READ);
  const view = await loadEffectiveAudience(recording, loaded.input, 'view');
  const edit = await loadEffectiveAudience(recording, loaded.input, 'edit', { known: view.known });
  const unasked = recording.notAsked(named);
  if (unasked.length > 0) await recording.standing(unasked);
  const told = recording.told();
  const namedPeople: Record<string, NamedPerson> = {};
  for (const accountId of named) {
    const facts = told.get(accountId);
    if (facts === undefined) continue;
    namedPeople[accountId] = {
      markers: markersOf(facts),
      ...(facts.displayName === undefined ? {} : { displayName: facts.displayName }),
    };
  }
  return { view: view.audience, edit: edit.audience, namedPeople };
}

/** The audience with the named people's markers and names, and its label warning. */
export function describeWithNamedPeople(loaded: LoadedPageAccess, named: NamedPeople): PageAccess {
  const described = describePageAccess(loaded);
  return { ...described, audience: markNamedPeople(described.audience, named) };
}

/** The audience and label warning of access already loaded. */
export function describePageAccess(loaded: LoadedPageAccess): PageAccess {
  const audience = describeAudience(loaded.input);
  return { ...loaded, audience, labels: labelExposure(loaded.input.labels ?? [], audience) };
}

/** Who to check, as the caller asked: a group is named as the page's own layers name it. */
export type CheckRequest =
  { readonly accountId: string } | { readonly anonymous: true } | { readonly groupId: string };

/** Confluence's own answer to `permission/check`, asked only when the viewer is an admin. */
export interface ConfluenceAnswer {
  readonly view: { readonly allowed: boolean; readonly reason?: string };
  readonly edit: { readonly allowed: boolean; readonly reason?: string };
  /** The actions on which Confluence and the engine disagree; absent when they agree. */
  readonly disagreesOn?: readonly ('view' | 'edit')[];
}

export interface SubjectCheck {
  readonly subject: SubjectRef;
  /** How the person is marked wherever they appear (guest, deactivated, …); none for others. */
  readonly markers: readonly PersonMarker[];
  readonly decision: AccessDecision;
  readonly confluence?: ConfluenceAnswer;
}

/**
 * Whether the subject can view and edit the page of `access`. With `confirm`, the viewer is asked
 * for alongside the subject and, when they are a Confluence admin, Confluence's own check is
 * added (only admins may check someone else's permissions).
 */
export async function checkSubject(
  client: ConfluenceClient,
  access: Pick<LoadedPageAccess, 'page' | 'input'>,
  request: CheckRequest,
  options: { readonly confirm?: boolean } = {},
): Promise<SubjectCheck> {
  const named: SubjectRequest =
    'groupId' in request ? { ...request, ...groupNameIn(access.input, request.groupId) } : request;
  const [loaded, viewer] = await Promise.all([
    loadSubject(client, named),
    options.confirm === true ? client.getCurrentUser({ withOperations: true }) : undefined,
  ]);
  const decision = evaluateAccess(access.input, loaded.subject);
  const confluence =
    viewer !== undefined && isConfluenceAdmin(viewer)
      ? await confirmWithConfluence(client, access.page.id, loaded, decision)
      : undefined;
  return {
    subject: subjectRef(loaded.subject),
    markers: loaded.subject.kind === 'user' ? markersOf(loaded.subject) : [],
    decision,
    ...(confluence === undefined ? {} : { confluence }),
  };
}

/** Every group that appears in the page's access layers (space grants, view and edit lists). */
export function groupsIn(input: AccessInput): Map<string, string | undefined> {
  const groups = new Map<string, string | undefined>();
  const add = (groupId: string, name?: string) => {
    if (!groups.get(groupId)) groups.set(groupId, name);
  };
  if (!('unknown' in input.grants)) {
    for (const grant of input.grants) {
      if (grant.principal.kind === 'group') add(grant.principal.groupId, grant.principal.name);
    }
  }
  for (const list of [...input.ancestors.map((n) => n.read), input.page.read, input.page.update]) {
    if ('unknown' in list) continue;
    for (const group of list.groups) add(group.groupId, group.name);
  }
  return groups;
}

/** The group's name as the page's own layers give it (the macro and the CLI name it so). */
function groupNameIn(input: AccessInput, groupId: string): { groupName?: string } {
  const name = groupsIn(input).get(groupId);
  return name ? { groupName: name } : {};
}

/**
 * Confluence's own permission check, available to admins. Its answer is shown next to ours;
 * a disagreement is reported, never smoothed over.
 */
async function confirmWithConfluence(
  client: ConfluenceClient,
  pageId: string,
  loaded: LoadedSubject,
  decision: AccessDecision,
): Promise<ConfluenceAnswer | undefined> {
  try {
    const [view, edit] = await Promise.all([
      client.checkPermission(pageId, loaded.permissionSubject, 'read'),
      client.checkPermission(pageId, loaded.permissionSubject, 'update'),
    ]);
    const answer = (check: typeof view) => ({
      allowed: check.hasPermission,
      ...(check.errors?.[0]?.translation ? { reason: check.errors[0].translation } : {}),
    });
    const disagreesOn = [
      ...(view.hasPermission === decision.view.allowed ? [] : (['view'] as const)),
      ...(edit.hasPermission === decision.edit.allowed ? [] : (['edit'] as const)),
    ];
    return {
      view: answer(view),
      edit: answer(edit),
      ...(disagreesOn.length === 0 ? {} : { disagreesOn }),
    };
  } catch (error) {
    // The confirmation is extra evidence; without it the engine's answer still stands. Only
    // Confluence's own refusals are swallowed: the platform's errors go on to the platform.
    if (!isConfluenceError(error)) throw error;
    return undefined;
  }
}
