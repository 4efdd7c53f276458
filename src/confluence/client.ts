import type { z } from 'zod';
import { ENDPOINTS } from './endpoints';
import type { EndpointName, QueryParams } from './endpoints';
import { ConfluenceError, errorKindForStatus, errorMessageFromBody } from './errors';
import {
  DEFAULT_MAX_ITEMS,
  nextFromLinkHeader,
  normaliseNextLink,
  queryParamOf,
} from './pagination';
import type { Page } from './pagination';
import {
  addCounts,
  countRestriction,
  countRestrictions,
  countSearchContent,
  pointsFor,
} from './points';
import type { ObjectCounts } from './points';
import { parseRateLimit, quotaWaitSeconds, rateLimitedBy } from './rate-limit';
import type { RateLimitInfo, RateLimitKind } from './rate-limit';
import {
  DEFAULT_DEADLINE_MS,
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  isRetryableStatus,
} from './retry';
import type { RetryPolicy } from './retry';
import {
  ancestorsSchema,
  anonymousUserSchema,
  blogPostSchema,
  contentRestrictionSchema,
  currentUserSchema,
  folderSchema,
  groupSchema,
  groupMembersSchema,
  pageSchema,
  pagesSchema,
  permissionCheckSchema,
  restrictionsByOperationSchema,
  searchResultsSchema,
  spacePermissionCatalogueSchema,
  spacePermissionsSchema,
  spaceRoleAssignmentsSchema,
  spaceRoleModeSchema,
  spaceRolesSchema,
  spaceSchema,
  spacesSchema,
  userGroupsSchema,
  userSchema,
  v2UsersSchema,
} from './schemas';
import type {
  AncestorResponse,
  AnonymousUserResponse,
  BlogPostResponse,
  ContentRestrictionResponse,
  CurrentUserResponse,
  FolderResponse,
  GroupResponse,
  PageResponse,
  PermissionCheckResponse,
  PrincipalUserResponse,
  RestrictionTeamResponse,
  SearchContentResponse,
  SpacePermissionInfoResponse,
  SpacePermissionResponse,
  SpaceResponse,
  SpaceRoleAssignmentResponse,
  SpaceRoleModeResponse,
  SpaceRoleResponse,
  UserResponse,
  V2UserResponse,
} from './schemas';
import { TransportFailure } from './transport';
import type { ConfluenceRequest, ConfluenceTransport, TransportResponse } from './transport';

export interface ConfluenceClientOptions {
  /** Attempts and backoff for idempotent calls; POST is never retried. */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Overall budget for every call of this client, from its construction: retries never wait
   * past it, and a `Retry-After` beyond it fails fast. Default 20 s (resolvers die at 25 s);
   * long-running callers (queue consumers, the CLI) pass their own.
   */
  readonly deadlineMs?: number;
  /**
   * The same budget as an instant (epoch ms), for clients created one after another inside
   * one invocation: they share the invocation's deadline instead of each starting a new one.
   */
  readonly deadlineAt?: number;
  /** Injected so tests control time: never wait for real in a test. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Called for every HTTP response (errors included), e.g. to pace an audit. */
  readonly onResponse?: (event: ResponseEvent) => void;
}

export type { RateLimitInfo } from './rate-limit';

export interface ResponseEvent {
  readonly endpoint: EndpointName;
  readonly status: number;
  /** 1 for the first attempt of a call. */
  readonly attempt: number;
  /** Points this response cost under the documented model. */
  readonly points: number;
  /** The points pool (shared by every install) and burst limits, as this response reports them. */
  readonly rateLimit: RateLimitInfo;
}

export interface EndpointUsage {
  requests: number;
  points: number;
  retries: number;
}

export interface ConfluenceUsage {
  /** HTTP attempts, retries included. */
  readonly requests: number;
  readonly points: number;
  readonly retries: number;
  /** Sequential rounds: a round starts whenever a request is sent while none is in flight. */
  readonly rounds: number;
  readonly byEndpoint: Readonly<Partial<Record<EndpointName, Readonly<EndpointUsage>>>>;
}

export interface PageOptions {
  readonly cursor?: string;
  readonly limit?: number;
}

export interface WindowOptions {
  readonly start?: number;
  readonly limit?: number;
}

export interface SpaceFilter {
  readonly ids?: readonly string[];
  readonly keys?: readonly string[];
  readonly type?: string;
  readonly status?: 'current' | 'archived' | 'trashed';
}

export interface AncestorChain {
  /** Highest ancestor first; ids and types only. */
  readonly ancestors: AncestorResponse[];
  /** False when the chain goes above something whose ancestors cannot be asked for. */
  readonly complete: boolean;
}

export type RestrictionOperation = 'read' | 'update';

export interface OperationRestrictions {
  readonly operation: RestrictionOperation;
  readonly users: PrincipalUserResponse[];
  readonly groups: GroupResponse[];
  readonly teams: RestrictionTeamResponse[];
  /** True when the restriction also lists principals of a kind this client cannot read. */
  readonly unrecognised: boolean;
  /** True when `maxItems` stopped paging and Confluence had more principals. */
  readonly truncated: boolean;
}

export interface ContentRestrictions {
  readonly read: OperationRestrictions;
  readonly update: OperationRestrictions;
}

export interface PermissionSubject {
  readonly type: 'user' | 'group';
  /** accountId (or `anonymous`) for users, group id for groups. */
  readonly identifier: string;
}

/** A role-assignment principal filter; the spec requires both parts together. */
export interface RolePrincipalFilter {
  /** `USER`, `GROUP` or `ACCESS_CLASS`. */
  readonly type: string;
  /** accountId, group id, or an access class such as `all-licensed-users`. */
  readonly id: string;
}

export interface SpaceRoleFilter {
  /** Only the roles available in this space (needs space view). */
  readonly spaceId?: string;
  readonly roleType?: 'SYSTEM' | 'CUSTOM';
  readonly principal?: RolePrincipalFilter;
}

export interface RoleAssignmentFilter {
  readonly roleId?: string;
  readonly roleType?: 'SYSTEM' | 'CUSTOM';
  readonly principal?: RolePrincipalFilter;
}

export interface SearchOptions extends PageOptions {
  /** v1 expansions, e.g. `space`, `ancestors`, `metadata.labels`, `restrictions.read.restrictions.user`. */
  readonly expand?: readonly string[];
  readonly cqlcontext?: string;
}

/** Per-endpoint page size caps from the OpenAPI documents (and Cloud's observed caps). */
const MAX_LIMIT = {
  v2List: 250,
  ancestors: 250,
  members: 200,
  memberOf: 200,
  restrictions: 100,
  search: 250,
} as const;
const DEFAULT_SEARCH_LIMIT = 50;

interface ListBody<T> {
  readonly results: T[];
  readonly start?: number;
  readonly _links?: { readonly next?: string; readonly base?: string; readonly context?: string };
}

/**
 * Typed Confluence calls over a transport. It owns status mapping, response validation, retries
 * and points accounting, so resolvers, jobs and the CLI all see the same typed errors and the
 * same costs.
 */
export class ConfluenceClient {
  private readonly policy: RetryPolicy;
  private readonly deadlineAt: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly onResponse: ((event: ResponseEvent) => void) | undefined;
  private readonly counters = { requests: 0, points: 0, retries: 0, rounds: 0 };
  private readonly perEndpoint: Partial<Record<EndpointName, EndpointUsage>> = {};
  private inFlight = 0;

  constructor(
    private readonly transport: ConfluenceTransport,
    options: ConfluenceClientOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.onResponse = options.onResponse;
    this.deadlineAt =
      options.deadlineAt ?? this.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  }

  get identity(): ConfluenceTransport['identity'] {
    return this.transport.identity;
  }

  /** Requests, points and retries so far, in total and per endpoint. */
  usage(): ConfluenceUsage {
    const byEndpoint: Partial<Record<EndpointName, EndpointUsage>> = {};
    for (const [name, usage] of Object.entries(this.perEndpoint) as [
      EndpointName,
      EndpointUsage,
    ][]) {
      byEndpoint[name] = { ...usage };
    }
    return { ...this.counters, byEndpoint };
  }

  // ── content ──────────────────────────────────────────────────────────────────────────────

  getPage(
    id: string,
    options: { readonly includeLabels?: boolean; readonly includeOperations?: boolean } = {},
  ): Promise<PageResponse> {
    return this.get(
      'getPage',
      {
        params: { id },
        query: {
          'include-labels': options.includeLabels ? true : undefined,
          'include-operations': options.includeOperations ? true : undefined,
        },
      },
      pageSchema,
      () => ({ content: 1 }),
    );
  }

  /** A blog post: the macro can sit on one, and its space is its only parent. */
  getBlogPost(
    id: string,
    options: { readonly includeLabels?: boolean } = {},
  ): Promise<BlogPostResponse> {
    return this.get(
      'getBlogPost',
      { params: { id }, query: { 'include-labels': options.includeLabels ? true : undefined } },
      blogPostSchema,
      () => ({ content: 1 }),
    );
  }

  getFolder(id: string): Promise<FolderResponse> {
    return this.get('getFolder', { params: { id } }, folderSchema, () => ({ content: 1 }));
  }

  /**
   * The ancestors of a page or folder, highest first. Cloud answers with the `limit` nearest
   * ones, so a full answer means there may be more above: ask again from the highest.
   */
  async getAncestors(
    id: string,
    options: {
      readonly type?: 'page' | 'folder';
      readonly limit?: number;
      readonly maxDepth?: number;
    } = {},
  ): Promise<AncestorChain> {
    const limit = clampLimit(options.limit, MAX_LIMIT.ancestors, MAX_LIMIT.ancestors);
    const maxDepth = options.maxDepth ?? 1_000;
    let chain: AncestorResponse[] = [];
    let from: { id: string; type: string } = { id, type: options.type ?? 'page' };
    for (;;) {
      const endpoint = from.type === 'folder' ? 'getFolderAncestors' : 'getPageAncestors';
      const body = await this.get(
        endpoint,
        { params: { id: from.id }, query: { limit } },
        ancestorsSchema,
        (data) => ({ content: data.results.length }),
      );
      chain = [...body.results, ...chain];
      const top = body.results[0];
      if (body.results.length < limit || top === undefined)
        return { ancestors: chain, complete: true };
      if ((top.type !== 'page' && top.type !== 'folder') || chain.length >= maxDepth) {
        return { ancestors: chain, complete: false };
      }
      from = top;
    }
  }

  // ── spaces ───────────────────────────────────────────────────────────────────────────────

  getSpace(id: string): Promise<SpaceResponse> {
    return this.get('getSpace', { params: { id } }, spaceSchema, () => ({ space: 1 }));
  }

  /** Pages by id (≤ 250 per call), only those the caller can view; e.g. ancestors' titles. */
  listPages(ids: readonly string[], page: PageOptions = {}): Promise<Page<PageResponse>> {
    return this.listPage(
      'getPages',
      {
        endpoint: 'getPages',
        query: {
          id: ids.join(','),
          cursor: page.cursor,
          limit: clampLimit(page.limit, MAX_LIMIT.v2List, MAX_LIMIT.v2List),
        },
      },
      pagesSchema,
      (items) => ({ content: items.length }),
    );
  }

  listSpaces(filter: SpaceFilter = {}, page: PageOptions = {}): Promise<Page<SpaceResponse>> {
    return this.listPage(
      'getSpaces',
      {
        endpoint: 'getSpaces',
        query: {
          ids: filter.ids,
          keys: filter.keys,
          type: filter.type,
          status: filter.status,
          cursor: page.cursor,
          limit: clampLimit(page.limit, MAX_LIMIT.v2List, MAX_LIMIT.v2List),
        },
      },
      spacesSchema,
      (items) => ({ space: items.length }),
    );
  }

  /** The space's grants (needs space view). Principals: user, group or role; anonymous by id. */
  listSpacePermissions(
    spaceId: string,
    page: PageOptions = {},
  ): Promise<Page<SpacePermissionResponse>> {
    return this.listPage(
      'getSpacePermissions',
      {
        endpoint: 'getSpacePermissions',
        params: { id: spaceId },
        query: {
          cursor: page.cursor,
          limit: clampLimit(page.limit, MAX_LIMIT.v2List, MAX_LIMIT.v2List),
        },
      },
      spacePermissionsSchema,
      (items) => ({ permission: items.length }),
    );
  }

  // ── space roles (issue 8) ────────────────────────────────────────────────────────────────

  /** Which model decides space access on this site: legacy grants, roles, or both. */
  getSpaceRoleMode(): Promise<SpaceRoleModeResponse> {
    return this.get('getSpaceRoleMode', {}, spaceRoleModeSchema, () => ({}));
  }

  /**
   * The site's space roles with the permissions each is made of. Counted as permission
   * objects: a role is a named set of permissions (the points model names no role kind).
   */
  listSpaceRoles(
    filter: SpaceRoleFilter = {},
    page: PageOptions = {},
  ): Promise<Page<SpaceRoleResponse>> {
    return this.listPage(
      'getSpaceRoles',
      {
        endpoint: 'getSpaceRoles',
        query: {
          'space-id': filter.spaceId,
          'role-type': filter.roleType,
          'principal-type': filter.principal?.type,
          'principal-id': filter.principal?.id,
          cursor: page.cursor,
          limit: clampLimit(page.limit, MAX_LIMIT.v2List, MAX_LIMIT.v2List),
        },
      },
      spaceRolesSchema,
      (items) => ({ permission: items.length }),
    );
  }

  /** The catalogue of space permission ids (`read/space`, …) roles are made of. */
  listSpacePermissionCatalogue(page: PageOptions = {}): Promise<Page<SpacePermissionInfoResponse>> {
    return this.listPage(
      'getSpacePermissionCatalogue',
      {
        endpoint: 'getSpacePermissionCatalogue',
        query: {
          cursor: page.cursor,
          limit: clampLimit(page.limit, MAX_LIMIT.v2List, MAX_LIMIT.v2List),
        },
      },
      spacePermissionCatalogueSchema,
      (items) => ({ permission: items.length }),
    );
  }

  /** Who holds which role in the space (needs space view). */
  listSpaceRoleAssignments(
    spaceId: string,
    filter: RoleAssignmentFilter = {},
    page: PageOptions = {},
  ): Promise<Page<SpaceRoleAssignmentResponse>> {
    return this.listPage(
      'getSpaceRoleAssignments',
      {
        endpoint: 'getSpaceRoleAssignments',
        params: { id: spaceId },
        query: {
          'role-id': filter.roleId,
          'role-type': filter.roleType,
          'principal-type': filter.principal?.type,
          'principal-id': filter.principal?.id,
          cursor: page.cursor,
          limit: clampLimit(page.limit, MAX_LIMIT.v2List, MAX_LIMIT.v2List),
        },
      },
      spaceRoleAssignmentsSchema,
      (items) => ({ permission: items.length }),
    );
  }

  // ── restrictions and permission checks ───────────────────────────────────────────────────

  /**
   * Read and update restrictions of one piece of content, every principal included: one
   * `byOperation` call, then `byOperation/{op}` windows only for an operation whose first
   * window was full.
   */
  async getRestrictions(
    contentId: string,
    options: { readonly maxItems?: number } = {},
  ): Promise<ContentRestrictions> {
    const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
    const first = await this.get(
      'getRestrictionsByOperation',
      { params: { id: contentId } },
      restrictionsByOperationSchema,
      (data) => countRestrictions(data),
    );
    const [read, update] = await Promise.all([
      this.completeRestriction(contentId, 'read', first.read, maxItems),
      this.completeRestriction(contentId, 'update', first.update, maxItems),
    ]);
    return { read, update };
  }

  /** One start/limit window of one operation's restrictions (users and groups alike). */
  getRestrictionsForOperation(
    contentId: string,
    operation: RestrictionOperation,
    window: WindowOptions = {},
  ): Promise<ContentRestrictionResponse> {
    return this.get(
      'getRestrictionsForOperation',
      {
        params: { id: contentId, operationKey: operation },
        query: {
          start: window.start,
          limit: clampLimit(window.limit, MAX_LIMIT.restrictions, MAX_LIMIT.restrictions),
        },
      },
      contentRestrictionSchema,
      (data) => countRestriction(data),
    );
  }

  /**
   * Confluence's own answer for a subject (checking anyone but yourself needs Confluence admin).
   * Never retried: see retry.ts.
   */
  checkPermission(
    contentId: string,
    subject: PermissionSubject,
    operation: 'read' | 'update' | 'delete',
  ): Promise<PermissionCheckResponse> {
    return this.call(
      {
        endpoint: 'checkContentPermission',
        params: { id: contentId },
        body: { subject: { type: subject.type, identifier: subject.identifier }, operation },
      },
      'checkContentPermission',
      permissionCheckSchema,
      () => ({ permission: 1 }),
    ).then(({ data }) => data);
  }

  // ── users and groups ─────────────────────────────────────────────────────────────────────

  /**
   * Users by account id with their status and type (≤ 100 ids per call in the spec). A POST that
   * only reads: never retried (retry.ts), so a failure is the caller's to explain.
   */
  getUsersBulk(accountIds: readonly string[]): Promise<V2UserResponse[]> {
    return this.call(
      { endpoint: 'getUsersBulk', body: { accountIds: [...accountIds] } },
      'getUsersBulk',
      v2UsersSchema,
      (data) => ({ user: data.results.length }),
    ).then(({ data }) => data.results);
  }

  getCurrentUser(options: { readonly withOperations: boolean }): Promise<CurrentUserResponse> {
    return this.get(
      'getCurrentUser',
      { query: { expand: options.withOperations ? 'operations' : undefined } },
      currentUserSchema,
      () => ({ user: 1 }),
    );
  }

  /** What an anonymous visitor may do (`operations`), e.g. whether they may use Confluence. */
  getAnonymousUser(options: { readonly withOperations: boolean }): Promise<AnonymousUserResponse> {
    return this.get(
      'getAnonymousUser',
      { query: { expand: options.withOperations ? 'operations' : undefined } },
      anonymousUserSchema,
      () => ({ user: 1 }),
    );
  }

  getUser(
    accountId: string,
    options: { readonly withOperations?: boolean } = {},
  ): Promise<UserResponse> {
    return this.get(
      'getUser',
      { query: { accountId, expand: options.withOperations ? 'operations' : undefined } },
      userSchema,
      () => ({ user: 1 }),
    );
  }

  /** The groups a user belongs to, one start/limit window (≤ 200). */
  listUserGroups(accountId: string, window: WindowOptions = {}): Promise<Page<GroupResponse>> {
    return this.listPage(
      'getUserGroups',
      {
        endpoint: 'getUserGroups',
        query: {
          accountId,
          start: window.start,
          limit: clampLimit(window.limit, MAX_LIMIT.memberOf, MAX_LIMIT.memberOf),
        },
      },
      userGroupsSchema,
      (items) => ({ group: items.length }),
    );
  }

  /** One group by id: its name, for grants that name groups by id only. */
  getGroup(groupId: string): Promise<GroupResponse> {
    return this.get('getGroup', { query: { id: groupId } }, groupSchema, () => ({ group: 1 }));
  }

  /** Members of a group by group id, one start/limit window (≤ 200: Cloud refuses more). */
  listGroupMembers(
    groupId: string,
    window: WindowOptions = {},
  ): Promise<Page<PrincipalUserResponse>> {
    return this.listPage(
      'getGroupMembers',
      {
        endpoint: 'getGroupMembers',
        params: { groupId },
        query: {
          start: window.start,
          limit: clampLimit(window.limit, MAX_LIMIT.members, MAX_LIMIT.members),
        },
      },
      groupMembersSchema,
      (items) => ({ user: items.length }),
    );
  }

  // ── search ───────────────────────────────────────────────────────────────────────────────

  /** CQL search (v1), cursor-paged. The CQL must already be built from validated values. */
  searchContent(cql: string, options: SearchOptions = {}): Promise<Page<SearchContentResponse>> {
    return this.listPage(
      'searchContent',
      {
        endpoint: 'searchContent',
        query: {
          cql,
          cqlcontext: options.cqlcontext,
          // v1 multi-value parameters are comma-separated (`explode: false` in the spec).
          expand:
            options.expand && options.expand.length > 0 ? options.expand.join(',') : undefined,
          cursor: options.cursor,
          limit: clampLimit(options.limit, MAX_LIMIT.search, DEFAULT_SEARCH_LIMIT),
        },
      },
      searchResultsSchema,
      (items) =>
        items.reduce<ObjectCounts>((sum, item) => addCounts(sum, countSearchContent(item)), {}),
    );
  }

  // ── plumbing ─────────────────────────────────────────────────────────────────────────────

  private async completeRestriction(
    contentId: string,
    operation: RestrictionOperation,
    first: ContentRestrictionResponse | undefined,
    maxItems: number,
  ): Promise<OperationRestrictions> {
    const userWindow = first?.restrictions?.user;
    const groupWindow = first?.restrictions?.group;
    const teamWindow = first?.restrictions?.team;
    const users = [...(userWindow?.results ?? [])];
    const groups = [...(groupWindow?.results ?? [])];
    const teams = [...(teamWindow?.results ?? [])];
    let moreUsers = windowHasMore(userWindow);
    let moreGroups = windowHasMore(groupWindow);
    let moreTeams = windowHasMore(teamWindow);
    const limit =
      positive(userWindow?.limit) ??
      positive(groupWindow?.limit) ??
      positive(teamWindow?.limit) ??
      MAX_LIMIT.restrictions;
    let start = (userWindow?.start ?? groupWindow?.start ?? teamWindow?.start ?? 0) + limit;
    const wanted = () =>
      (moreUsers && users.length < maxItems) ||
      (moreGroups && groups.length < maxItems) ||
      (moreTeams && teams.length < maxItems);
    let unrecognised = hasUnrecognisedList(first);
    while (wanted()) {
      const next = await this.getRestrictionsForOperation(contentId, operation, { start, limit });
      const nextUsers = next.restrictions?.user;
      const nextGroups = next.restrictions?.group;
      const nextTeams = next.restrictions?.team;
      const before = users.length + groups.length + teams.length;
      if (moreUsers) users.push(...(nextUsers?.results ?? []));
      if (moreGroups) groups.push(...(nextGroups?.results ?? []));
      if (moreTeams) teams.push(...(nextTeams?.results ?? []));
      moreUsers = moreUsers && windowHasMore(nextUsers);
      moreGroups = moreGroups && windowHasMore(nextGroups);
      moreTeams = moreTeams && windowHasMore(nextTeams);
      unrecognised ||= hasUnrecognisedList(next);
      // A window that adds nobody cannot be followed by one that does.
      if (users.length + groups.length + teams.length === before) {
        moreUsers = moreGroups = moreTeams = false;
      }
      start += limit;
    }
    return {
      operation,
      users: users.slice(0, maxItems),
      groups: groups.slice(0, maxItems),
      teams: teams.slice(0, maxItems),
      unrecognised,
      truncated:
        moreUsers ||
        moreGroups ||
        moreTeams ||
        users.length > maxItems ||
        groups.length > maxItems ||
        teams.length > maxItems,
    };
  }

  private async get<S extends z.ZodType>(
    endpoint: EndpointName,
    request: { readonly params?: Readonly<Record<string, string>>; readonly query?: QueryParams },
    schema: S,
    count: (data: z.infer<S>) => ObjectCounts,
  ): Promise<z.infer<S>> {
    const { data } = await this.call({ endpoint, ...request }, endpoint, schema, count);
    return data;
  }

  private async listPage<T>(
    endpoint: EndpointName,
    request: ConfluenceRequest,
    schema: z.ZodType<ListBody<T>>,
    count: (items: readonly T[]) => ObjectCounts,
  ): Promise<Page<T>> {
    const { data, response } = await this.call(request, endpoint, schema, (body) =>
      count(body.results),
    );
    const raw = data._links?.next ?? nextFromLinkHeader(response.header('link'));
    let nextLink =
      raw === undefined || raw === '' ? undefined : normaliseNextLink(raw, data._links);
    // A server that points a page at itself would otherwise be followed forever.
    if (nextLink !== undefined && 'nextLink' in request && request.nextLink === nextLink) {
      nextLink = undefined;
    }
    if (nextLink === undefined) return { results: data.results };
    const link = nextLink;
    const cursor = queryParamOf(link, 'cursor');
    const start = positive(Number(queryParamOf(link, 'start')));
    return {
      results: data.results,
      nextLink: link,
      ...(cursor === undefined ? {} : { nextCursor: cursor }),
      ...(start === undefined ? {} : { nextStart: start }),
      fetchNext: () => this.listPage(endpoint, { nextLink: link }, schema, count),
    };
  }

  /**
   * One call with retries. Accounting happens per attempt, so `usage()` shows what Confluence
   * actually charged, retries included.
   */
  private async call<S extends z.ZodType>(
    request: ConfluenceRequest,
    endpoint: EndpointName,
    schema: S,
    count: (data: z.infer<S>) => ObjectCounts,
  ): Promise<{ data: z.infer<S>; response: TransportResponse }> {
    const idempotent = ENDPOINTS[endpoint].method === 'GET';
    for (let attempt = 1; ; attempt += 1) {
      const remaining = this.deadlineAt - this.now();
      if (remaining <= 0) {
        throw new ConfluenceError('upstream', `Confluence did not answer in time (${endpoint})`, {
          endpoint,
          attempts: attempt - 1,
        });
      }
      const canRetry = idempotent && attempt < this.policy.maxAttempts;

      let response: TransportResponse;
      try {
        response = await this.send(endpoint, request, remaining);
      } catch (cause) {
        // Only failures the transport classified are Confluence's: anything else (the Forge
        // platform's consent, proxy or egress errors among them) belongs to the platform and
        // must reach it unchanged — never retried, never reported as Confluence being down.
        if (!(cause instanceof TransportFailure)) throw cause;
        if (cause.reason === 'refused') {
          throw new ConfluenceError('malformed-response', cause.message, {
            endpoint,
            attempts: attempt,
          });
        }
        const delay = backoffDelayMs(attempt, this.policy, this.random);
        if (canRetry && this.fits(delay)) {
          await this.retryAfterWait(endpoint, delay);
          continue;
        }
        throw new ConfluenceError(
          'upstream',
          `Confluence could not be reached (${endpoint}): ${cause.message}`,
          {
            endpoint,
            attempts: attempt,
          },
        );
      }

      const status = response.status;
      const rateLimit = parseRateLimit((name) => response.header(name), this.now());
      if (status >= 200 && status < 300) {
        const parsed = parseBody(response.bodyText, schema, endpoint);
        const points = parsed.ok ? pointsFor(count(parsed.data)) : 1;
        this.account(endpoint, response, attempt, points, rateLimit);
        if (!parsed.ok) throw parsed.error;
        return { data: parsed.data, response };
      }

      // A refused (429) request is not charged; any other answer costs its 1 point.
      this.account(endpoint, response, attempt, status === 429 ? 0 : 1, rateLimit);
      const limitedBy = status === 429 ? rateLimitedBy(rateLimit) : undefined;
      if (limitedBy === 'quota') {
        // The app's pool (shared by every install) is empty: every call fails until it resets,
        // so waiting here would only spend the deadline. The caller pauses until the reset.
        throw errorForResponse(endpoint, response, attempt, quotaWaitSeconds(rateLimit), 'quota');
      }
      const attempts =
        limitedBy === 'burst'
          ? (this.policy.burstAttempts ?? this.policy.maxAttempts)
          : this.policy.maxAttempts;
      if (idempotent && attempt < attempts && isRetryableStatus(status)) {
        const delay =
          rateLimit.retryAfterSeconds !== undefined
            ? rateLimit.retryAfterSeconds * 1000
            : backoffDelayMs(attempt, this.policy, this.random);
        if (this.fits(delay)) {
          await this.retryAfterWait(endpoint, delay);
          continue;
        }
      }
      throw errorForResponse(endpoint, response, attempt, rateLimit.retryAfterSeconds, limitedBy);
    }
  }

  private fits(delayMs: number): boolean {
    return this.now() + delayMs < this.deadlineAt;
  }

  private async retryAfterWait(endpoint: EndpointName, delayMs: number): Promise<void> {
    this.counters.retries += 1;
    this.usageOf(endpoint).retries += 1;
    await this.sleep(delayMs);
  }

  private async send(
    endpoint: EndpointName,
    request: ConfluenceRequest,
    remainingMs: number,
  ): Promise<TransportResponse> {
    // Counted before the first await, so calls started together share one round.
    this.counters.requests += 1;
    this.usageOf(endpoint).requests += 1;
    if (this.inFlight === 0) this.counters.rounds += 1;
    this.inFlight += 1;
    try {
      return await this.transport.send(request, { timeoutMs: remainingMs });
    } finally {
      this.inFlight -= 1;
    }
  }

  private account(
    endpoint: EndpointName,
    response: TransportResponse,
    attempt: number,
    points: number,
    rateLimit: RateLimitInfo,
  ): void {
    this.counters.points += points;
    this.usageOf(endpoint).points += points;
    if (this.onResponse) {
      this.onResponse({ endpoint, status: response.status, attempt, points, rateLimit });
    }
  }

  private usageOf(endpoint: EndpointName): EndpointUsage {
    const existing = this.perEndpoint[endpoint];
    if (existing) return existing;
    const created = { requests: 0, points: 0, retries: 0 };
    this.perEndpoint[endpoint] = created;
    return created;
  }
}

export function isConfluenceAdmin(user: CurrentUserResponse): boolean {
  return (user.operations ?? []).some(
    (op) => op.operation === 'administer' && op.targetType === 'application',
  );
}

function parseBody<S extends z.ZodType>(
  bodyText: string,
  schema: S,
  endpoint: EndpointName,
): { ok: true; data: z.infer<S> } | { ok: false; error: ConfluenceError } {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return {
      ok: false,
      error: new ConfluenceError(
        'malformed-response',
        `Confluence sent a response that is not JSON (${endpoint})`,
        {
          endpoint,
        },
      ),
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      error: new ConfluenceError(
        'malformed-response',
        `Confluence sent an unexpected response (${endpoint})${where}: ${issue?.message ?? 'invalid'}`,
        { endpoint },
      ),
    };
  }
  return { ok: true, data: parsed.data };
}

function errorForResponse(
  endpoint: EndpointName,
  response: TransportResponse,
  attempts: number,
  retryAfterSeconds: number | undefined,
  rateLimit: RateLimitKind | undefined,
): ConfluenceError {
  const status = response.status;
  const kind = errorKindForStatus(status);
  const said = errorMessageFromBody(response.bodyText);
  const waited = kind === 'rate-limited' && attempts > 1 ? ` after ${attempts} attempts` : '';
  const pool = rateLimit === 'quota' ? ": the app's hourly points pool is used up" : '';
  return new ConfluenceError(
    kind,
    `Confluence answered ${status} (${endpoint})${waited}${pool}${said === undefined ? '' : `: ${said}`}`,
    {
      status,
      endpoint,
      attempts,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      ...(rateLimit === undefined ? {} : { rateLimit }),
    },
  );
}

const KNOWN_RESTRICTION_LISTS: ReadonlySet<string> = new Set(['user', 'group', 'team']);

/** A principal list under a key we do not know, with anyone on it. */
function hasUnrecognisedList(restriction: ContentRestrictionResponse | undefined): boolean {
  return Object.entries(restriction?.restrictions ?? {}).some(([key, list]) => {
    if (KNOWN_RESTRICTION_LISTS.has(key)) return false;
    const results = (list as { results?: unknown } | null)?.results;
    return Array.isArray(results) && results.length > 0;
  });
}

function windowHasMore(
  window:
    | {
        results: readonly unknown[];
        start?: number;
        limit?: number;
        totalSize?: number;
        _links?: { next?: string };
      }
    | undefined,
): boolean {
  if (!window || window.results.length === 0) return false;
  if (window._links?.next !== undefined) return true;
  if (window.totalSize !== undefined && window.totalSize > 0) {
    return (window.start ?? 0) + window.results.length < window.totalSize;
  }
  return window.limit !== undefined && window.limit > 0 && window.results.length >= window.limit;
}

function clampLimit(limit: number | undefined, max: number, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(max, Math.floor(limit)));
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}
