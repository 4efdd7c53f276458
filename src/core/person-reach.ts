/**
 * "What can this person see?": one person's reach over a whole site, built from the same engine
 * that answers `check` (`evaluateAccess`), so a page's verdict here can never disagree with the
 * verdict for that page alone. Per space: what the person can do on an unrestricted page of it and
 * how they get in. Per page or blog post: only those whose answer differs from their space's.
 * The footprint lists every grant and restriction entry that names the person themself: the
 * offboarding list, each with where Confluence removes it.
 */
import { evaluateAccess } from './access';
import type { AccessDecision, AccountStanding, Layer, Through, Verdict } from './decision';
import { isUnknown } from './model';
import type {
  AncestorNode,
  ContentType,
  Operation,
  PageNode,
  RoleVia,
  SiteSettings,
  SpaceGrant,
  SpaceRef,
  SpaceRoleMode,
  Subject,
  Unknown,
  UnknownCause,
} from './model';
import type { FixLocation } from './audit/fix-location';
import { spaceAccessRoutes } from './space-permissions';

/** One page or blog post the reader could read, with its ancestors root first. */
export interface ReachContent {
  readonly page: PageNode;
  readonly ancestors: readonly AncestorNode[];
}

export interface ReachSpace {
  readonly space: SpaceRef;
  /** `Unknown` when the reader could not read the space's permissions. */
  readonly grants: readonly SpaceGrant[] | Unknown;
  readonly roleMode?: SpaceRoleMode;
  /** The content the reader could read in the space (restricted or not). */
  readonly content: readonly ReachContent[];
  /**
   * Why the content list is incomplete, when it is: content the reader cannot read is absent
   * from every listing, so the answer says so instead of guessing.
   */
  readonly contentGap?: UnknownCause;
}

export interface PersonReachInput {
  readonly site: SiteSettings;
  readonly spaces: readonly ReachSpace[];
}

export interface SpaceReach {
  readonly key: string;
  readonly view: Verdict;
  readonly edit: Verdict;
  readonly admin: Verdict;
  /** How they get into the space (the routes of its `read/space` layer). */
  readonly routes: readonly Through[];
  /** Routes that may let them in but cannot be confirmed (teams, unrecognised principals). */
  readonly unconfirmedRoutes: readonly Through[];
}

export interface PageReach {
  readonly id: string;
  readonly type: ContentType;
  readonly title?: string;
  readonly spaceKey: string;
  readonly view: Verdict;
  readonly edit: Verdict;
  /** The layers that make this answer differ from the space's (every failing or restricting one). */
  readonly reasons: readonly Layer[];
}

export type FootprintEntry =
  | {
      readonly kind: 'space-grant';
      readonly spaceKey: string;
      readonly operation: Operation;
      readonly via?: RoleVia;
      readonly location: FixLocation;
    }
  | {
      readonly kind: 'restriction-entry';
      readonly spaceKey: string;
      readonly contentId: string;
      readonly contentType: ContentType;
      readonly title?: string;
      /** `read` is the view restriction, `update` the edit restriction. */
      readonly restriction: 'read' | 'update';
      readonly location: FixLocation;
    };

export interface ReachCoverage {
  readonly spaces: number;
  readonly contentRead: number;
  /** Spaces whose permissions could not be read: their verdicts are "could not be checked". */
  readonly spacesWithoutGrants: readonly string[];
  /** Spaces whose content list is incomplete, with why. */
  readonly contentGaps: readonly { readonly spaceKey: string; readonly cause: UnknownCause }[];
}

export interface PersonReach {
  /** How the account stands (guest, deactivated, without product access…); absent for non-users. */
  readonly standing?: AccountStanding;
  readonly spaces: readonly SpaceReach[];
  readonly pages: readonly PageReach[];
  readonly footprint: readonly FootprintEntry[];
  readonly coverage: ReachCoverage;
}

const ADMINISTER_SPACE: Operation = { key: 'administer', targetType: 'space' };
const RESTRICTING_RULES: ReadonlySet<Layer['rule']> = new Set([
  'inherited-restriction',
  'own-restriction',
  'update-restriction',
]);

export function personReach(input: PersonReachInput, subject: Subject): PersonReach {
  const spaces: SpaceReach[] = [];
  const pages: PageReach[] = [];
  const footprint: FootprintEntry[] = [];
  let contentRead = 0;
  for (const entry of input.spaces) {
    const spaceLevel = spaceDecision(input.site, entry, subject);
    spaces.push(spaceReach(entry, spaceLevel, subject));
    footprint.push(...grantFootprint(entry, subject));
    const seen = new Set<string>();
    for (const content of entry.content) {
      contentRead += 1;
      const decision = evaluateAccess(accessInput(input.site, entry, content), subject);
      const page = pageReach(entry.space.key, content.page, decision, spaceLevel);
      if (page !== undefined) pages.push(page);
      for (const node of [...content.ancestors, content.page]) {
        if (seen.has(node.id)) continue;
        seen.add(node.id);
        footprint.push(...restrictionFootprint(entry.space.key, node, subject));
      }
    }
  }
  const standing = standingOf(input.site, subject);
  return {
    ...(standing === undefined ? {} : { standing }),
    spaces,
    pages,
    footprint,
    coverage: coverageOf(input.spaces, contentRead),
  };
}

/** The standing as the site-access layer finds it, so it is worded as `check` words it. */
function standingOf(site: SiteSettings, subject: Subject): AccountStanding | undefined {
  const probe: ReachSpace = { space: { id: '', key: '' }, grants: [], content: [] };
  const decision = spaceDecision(site, probe, subject);
  return decision.view.reasons.find((layer) => layer.rule === 'site-access')?.account;
}

/** The answer for an unrestricted, current page at the top of the space. */
function spaceDecision(site: SiteSettings, entry: ReachSpace, subject: Subject): AccessDecision {
  const open = { users: [], groups: [] };
  const page: PageNode = { id: entry.space.id, type: 'page', read: open, update: open };
  return evaluateAccess(accessInput(site, entry, { page, ancestors: [] }), subject);
}

function accessInput(site: SiteSettings, entry: ReachSpace, content: ReachContent) {
  return {
    site,
    space: entry.space,
    grants: entry.grants,
    page: content.page,
    ancestors: content.ancestors,
    ...(entry.roleMode === undefined ? {} : { roleMode: entry.roleMode }),
  };
}

function spaceReach(entry: ReachSpace, decision: AccessDecision, subject: Subject): SpaceReach {
  const layer = decision.view.reasons.find((reason) => reason.rule === 'space-permission');
  return {
    key: entry.space.key,
    view: decision.view.verdict,
    edit: decision.edit.verdict,
    admin: adminVerdict(entry.grants, decision, subject),
    routes: layer?.through ?? [],
    unconfirmedRoutes: layer?.unconfirmed ?? [],
  };
}

/** Administering needs the space's `administer/space` and being able to get in at all. */
function adminVerdict(
  grants: ReachSpace['grants'],
  decision: AccessDecision,
  subject: Subject,
): Verdict {
  if (decision.view.verdict === 'denied') return 'denied';
  if (isUnknown(grants)) return 'unchecked';
  const routes = spaceAccessRoutes(grants, subject, [ADMINISTER_SPACE]);
  if (routes.through.length > 0) return decision.view.verdict;
  return routes.unconfirmed.length > 0 ? 'unchecked' : 'denied';
}

function pageReach(
  spaceKey: string,
  page: PageNode,
  decision: AccessDecision,
  spaceLevel: AccessDecision,
): PageReach | undefined {
  const differs =
    decision.view.verdict !== spaceLevel.view.verdict ||
    decision.edit.verdict !== spaceLevel.edit.verdict;
  if (!differs) return undefined;
  const reasons = decision.edit.reasons.filter(
    (layer) =>
      !layer.passes || RESTRICTING_RULES.has(layer.rule) || layer.rule === 'content-status',
  );
  return {
    id: page.id,
    type: page.type,
    ...(page.title === undefined ? {} : { title: page.title }),
    spaceKey,
    view: decision.view.verdict,
    edit: decision.edit.verdict,
    reasons: reasons.filter((layer) => layer.rule !== 'space-permission' || !layer.passes),
  };
}

function grantFootprint(entry: ReachSpace, subject: Subject): readonly FootprintEntry[] {
  if (subject.kind !== 'user' || isUnknown(entry.grants)) return [];
  const spaceKey = entry.space.key;
  const seen = new Set<string>();
  const out: FootprintEntry[] = [];
  for (const grant of entry.grants) {
    if (grant.principal.kind !== 'user' || grant.principal.accountId !== subject.accountId) {
      continue;
    }
    const id = JSON.stringify([grant.operation, grant.via]);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      kind: 'space-grant',
      spaceKey,
      operation: grant.operation,
      ...(grant.via === undefined ? {} : { via: grant.via }),
      location: { kind: 'space-permissions', spaceKey },
    });
  }
  return out;
}

function restrictionFootprint(
  spaceKey: string,
  node: AncestorNode | PageNode,
  subject: Subject,
): readonly FootprintEntry[] {
  if (subject.kind !== 'user') return [];
  const lists: ['read' | 'update', AncestorNode['read']][] = [['read', node.read]];
  if ('update' in node) lists.push(['update', node.update]);
  const out: FootprintEntry[] = [];
  for (const [restriction, list] of lists) {
    if (isUnknown(list)) continue;
    if (!list.users.some((user) => user.accountId === subject.accountId)) continue;
    out.push({
      kind: 'restriction-entry',
      spaceKey,
      contentId: node.id,
      contentType: node.type,
      ...(node.title === undefined ? {} : { title: node.title }),
      restriction,
      location: { kind: 'content-restrictions', spaceKey, contentId: node.id },
    });
  }
  return out;
}

function coverageOf(spaces: readonly ReachSpace[], contentRead: number): ReachCoverage {
  return {
    spaces: spaces.length,
    contentRead,
    spacesWithoutGrants: spaces.filter((s) => isUnknown(s.grants)).map((s) => s.space.key),
    contentGaps: spaces.flatMap((s) =>
      s.contentGap === undefined ? [] : [{ spaceKey: s.space.key, cause: s.contentGap }],
    ),
  };
}
