import { ConfluenceHttp } from './http';
import type { ConfluenceClientOptions } from './http';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_LIMIT,
  USERS_PER_BULK_READ,
  clampLimit,
  flag,
  roleQuery,
  v1Window,
  v2Page,
} from './limits';
import { DEFAULT_MAX_ITEMS } from './pagination';
import type { Page } from './pagination';
import {
  countEach,
  countOne,
  countRestriction,
  countRestrictions,
  countSearchResults,
} from './points';
import { walkAncestors } from './ancestors';
import type { AncestorOptions } from './ancestors';
import { completeRestriction } from './restrictions';
import {
  ancestorsSchema,
  anonymousUserSchema,
  blogPostSchema,
  bulkUsersSchema,
  contentRestrictionSchema,
  currentUserSchema,
  folderSchema,
  groupMembersSchema,
  groupSchema,
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
  userSearchSchema,
  v2UsersSchema,
} from './schemas';
import type {
  AnonymousUserResponse,
  BlogPostResponse,
  ContentRestrictionResponse,
  CurrentUserResponse,
  FolderResponse,
  GroupResponse,
  PageResponse,
  PermissionCheckResponse,
  PrincipalUserResponse,
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
import type {
  AncestorChain,
  ContentRestrictions,
  OperationRestrictions,
  RestrictionOperation,
  PageOptions,
  PermissionSubject,
  RoleAssignmentFilter,
  SearchOptions,
  SpaceFilter,
  SpaceRoleFilter,
  WindowOptions,
} from './client-types';
import type { ConfluenceTransport } from './transport';
import type { ConfluenceUsage } from './usage';
import type { QuotaInfo } from './rate-limit';

export type { ConfluenceClientOptions, ResponseEvent } from './http';
export type { ConfluenceUsage, EndpointUsage } from './usage';
export type * from './client-types';
export { accountName, isConfluenceAdmin } from './users';

/**
 * Typed Confluence calls: one method per operation the app makes, with its query, its page size
 * and what its answer counts for the points model. Retries, the deadline, validation, status
 * mapping and accounting are the HTTP machinery's (http.ts), so resolvers, jobs and the CLI all
 * see the same typed errors and the same costs.
 */
export class ConfluenceClient {
  private readonly http: ConfluenceHttp;
  private latestQuota: QuotaInfo | undefined;

  constructor(transport: ConfluenceTransport, options: ConfluenceClientOptions = {}) {
    const { onResponse } = options;
    this.http = new ConfluenceHttp(transport, {
      ...options,
      onResponse: (event) => {
        if (event.rateLimit.quota !== undefined) this.latestQuota = event.rateLimit.quota;
        onResponse?.(event);
      },
    });
  }

  /**
   * The app's points pool as the latest response reported it (the quota headers every install
   * shares), or undefined before any response named it.
   */
  pool(): QuotaInfo | undefined {
    return this.latestQuota;
  }

  get identity(): ConfluenceTransport['identity'] {
    return this.http.identity;
  }

  /** Requests, points and retries so far, in total and per endpoint. */
  usage(): ConfluenceUsage {
    return this.http.usage();
  }

  // ── content ──────────────────────────────────────────────────────────────────────────────

  getPage(
    id: string,
    options: { readonly includeLabels?: boolean; readonly includeOperations?: boolean } = {},
  ): Promise<PageResponse> {
    const query = {
      'include-labels': flag(options.includeLabels),
      'include-operations': flag(options.includeOperations),
    };
    return this.http.call('getPage', { params: { id }, query }, pageSchema, countOne('content'));
  }

  /** A blog post: the macro can sit on one, and its space is its only parent. */
  getBlogPost(
    id: string,
    options: { readonly includeLabels?: boolean } = {},
  ): Promise<BlogPostResponse> {
    const query = { 'include-labels': flag(options.includeLabels) };
    return this.http.call(
      'getBlogPost',
      { params: { id }, query },
      blogPostSchema,
      countOne('content'),
    );
  }

  getFolder(id: string): Promise<FolderResponse> {
    return this.http.call('getFolder', { params: { id } }, folderSchema, countOne('content'));
  }

  /** The ancestors of a page or folder, highest first (ancestors.ts walks past Cloud's limit). */
  getAncestors(id: string, options: AncestorOptions = {}): Promise<AncestorChain> {
    const limit = clampLimit(options.limit, MAX_LIMIT.ancestors, MAX_LIMIT.ancestors);
    return walkAncestors({ id, type: options.type ?? 'page' }, limit, options.maxDepth, (from) =>
      this.http.call(
        from.type === 'folder' ? 'getFolderAncestors' : 'getPageAncestors',
        { params: { id: from.id }, query: { limit } },
        ancestorsSchema,
        (data) => ({ content: data.results.length }),
      ),
    );
  }

  // ── spaces ───────────────────────────────────────────────────────────────────────────────

  getSpace(id: string): Promise<SpaceResponse> {
    return this.http.call('getSpace', { params: { id } }, spaceSchema, countOne('space'));
  }

  /** Pages by id (≤ 250 per call), only those the caller can view; e.g. ancestors' titles. */
  listPages(ids: readonly string[], page: PageOptions = {}): Promise<Page<PageResponse>> {
    const query = { id: ids.join(','), ...v2Page(page) };
    return this.http.list('getPages', { query }, pagesSchema, countEach('content'));
  }

  listSpaces(filter: SpaceFilter = {}, page: PageOptions = {}): Promise<Page<SpaceResponse>> {
    const { ids, keys, type, status } = filter;
    const query = { ids, keys, type, status, ...v2Page(page) };
    return this.http.list('getSpaces', { query }, spacesSchema, countEach('space'));
  }

  /** The space's grants (needs space view). Principals: user, group or role; anonymous by id. */
  listSpacePermissions(
    spaceId: string,
    page: PageOptions = {},
  ): Promise<Page<SpacePermissionResponse>> {
    const request = { params: { id: spaceId }, query: v2Page(page) };
    return this.http.list(
      'getSpacePermissions',
      request,
      spacePermissionsSchema,
      countEach('permission'),
    );
  }

  // ── space roles ──────────────────────────────────────────────────────────────────────────

  /** Which model decides space access on this site: legacy grants, roles, or both. */
  getSpaceRoleMode(): Promise<SpaceRoleModeResponse> {
    return this.http.call('getSpaceRoleMode', {}, spaceRoleModeSchema, () => ({}));
  }

  /**
   * The site's space roles with the permissions each is made of. Counted as permission
   * objects: a role is a named set of permissions (the points model names no role kind).
   */
  listSpaceRoles(
    filter: SpaceRoleFilter = {},
    page: PageOptions = {},
  ): Promise<Page<SpaceRoleResponse>> {
    const query = {
      'space-id': filter.spaceId,
      ...roleQuery(filter),
      ...v2Page(page),
    };
    return this.http.list('getSpaceRoles', { query }, spaceRolesSchema, countEach('permission'));
  }

  /** The catalogue of space permission ids (`read/space`, …) roles are made of. */
  listSpacePermissionCatalogue(page: PageOptions = {}): Promise<Page<SpacePermissionInfoResponse>> {
    return this.http.list(
      'getSpacePermissionCatalogue',
      { query: v2Page(page) },
      spacePermissionCatalogueSchema,
      countEach('permission'),
    );
  }

  /** Who holds which role in the space (needs space view). */
  listSpaceRoleAssignments(
    spaceId: string,
    filter: RoleAssignmentFilter = {},
    page: PageOptions = {},
  ): Promise<Page<SpaceRoleAssignmentResponse>> {
    const query = { 'role-id': filter.roleId, ...roleQuery(filter), ...v2Page(page) };
    return this.http.list(
      'getSpaceRoleAssignments',
      { params: { id: spaceId }, query },
      spaceRoleAssignmentsSchema,
      countEach('permission'),
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
    const first = await this.http.call(
      'getRestrictionsByOperation',
      { params: { id: contentId } },
      restrictionsByOperationSchema,
      (data) => countRestrictions(data),
    );
    const rest = (operation: RestrictionOperation) =>
      completeRestriction(operation, first[operation], maxItems, (window) =>
        this.getRestrictionsForOperation(contentId, operation, window),
      );
    const [read, update] = await Promise.all([rest('read'), rest('update')]);
    return { read, update };
  }

  /**
   * One operation's restriction of one piece of content, every principal included: a
   * `byOperation/{op}` window, then further windows only while a list was full. For an ancestor,
   * whose edit restriction plays no part (edit restrictions do not inherit), this reads the view
   * restriction alone and pays nothing for its editors.
   */
  async getRestriction(
    contentId: string,
    operation: RestrictionOperation,
    options: { readonly maxItems?: number } = {},
  ): Promise<OperationRestrictions> {
    const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
    const window = (at: WindowOptions) =>
      this.getRestrictionsForOperation(contentId, operation, at);
    const first = await window({ limit: MAX_LIMIT.restrictions });
    return completeRestriction(operation, first, maxItems, window);
  }

  /** One start/limit window of one operation's restrictions (users and groups alike). */
  getRestrictionsForOperation(
    contentId: string,
    operation: RestrictionOperation,
    window: WindowOptions = {},
  ): Promise<ContentRestrictionResponse> {
    return this.http.call(
      'getRestrictionsForOperation',
      {
        params: { id: contentId, operationKey: operation },
        query: v1Window(window, MAX_LIMIT.restrictions),
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
    return this.http.call(
      'checkContentPermission',
      {
        params: { id: contentId },
        body: { subject: { type: subject.type, identifier: subject.identifier }, operation },
      },
      permissionCheckSchema,
      () => ({ permission: 1 }),
    );
  }

  // ── users and groups ─────────────────────────────────────────────────────────────────────

  /**
   * Users by account id with their status and type (≤ 100 ids per call in the spec). A POST that
   * only reads: never retried (retry.ts), so a failure is the caller's to explain.
   */
  async getUsersBulk(accountIds: readonly string[]): Promise<V2UserResponse[]> {
    const body = { accountIds: [...accountIds] };
    const data = await this.http.call('getUsersBulk', { body }, v2UsersSchema, (users) => ({
      user: users.results.length,
    }));
    return data.results;
  }

  getCurrentUser(options: { readonly withOperations: boolean }): Promise<CurrentUserResponse> {
    const query = { expand: options.withOperations ? 'operations' : undefined };
    return this.http.call('getCurrentUser', { query }, currentUserSchema, countOne('user'));
  }

  /** What an anonymous visitor may do (`operations`), e.g. whether they may use Confluence. */
  getAnonymousUser(options: { readonly withOperations: boolean }): Promise<AnonymousUserResponse> {
    const query = { expand: options.withOperations ? 'operations' : undefined };
    return this.http.call('getAnonymousUser', { query }, anonymousUserSchema, countOne('user'));
  }

  getUser(
    accountId: string,
    options: { readonly withOperations?: boolean } = {},
  ): Promise<UserResponse> {
    const query = { accountId, expand: options.withOperations ? 'operations' : undefined };
    return this.http.call('getUser', { query }, userSchema, countOne('user'));
  }

  /** Users by id with their operations (`use` on `application`), a call per hundred ids. */
  async getUsersWithOperations(accountIds: readonly string[]): Promise<PrincipalUserResponse[]> {
    const users: PrincipalUserResponse[] = [];
    for (let at = 0; at < accountIds.length; at += USERS_PER_BULK_READ) {
      const ids = accountIds.slice(at, at + USERS_PER_BULK_READ);
      const query = { accountId: ids.join(','), expand: 'operations' };
      const page = await this.http.call('getUsersV1Bulk', { query }, bulkUsersSchema, (body) => ({
        user: body.results.length,
      }));
      users.push(...page.results);
    }
    return users;
  }

  /** A group's member count as Confluence reports it (`totalSize`), without listing it. */
  async getGroupSize(groupId: string): Promise<number | undefined> {
    const body = await this.http.call(
      'getGroupMembers',
      { params: { groupId }, query: { start: 0, limit: 1, shouldReturnTotalSize: true } },
      groupMembersSchema,
      (page) => ({ user: page.results.length }),
    );
    return body.totalSize;
  }

  /**
   * The site's licensed users as the user search counts them (`totalSize` of `cql=type=user`
   * with `sitePermissionTypeFilter=none`, which the v1 document defines as licensed users; the
   * document says such a search returns up to 10k users). Confluence documents no licence count.
   */
  async countLicensedUsers(): Promise<number | undefined> {
    const query = { cql: 'type=user', sitePermissionTypeFilter: 'none', start: 0, limit: 1 };
    const body = await this.http.call('searchUsers', { query }, userSearchSchema, (page) => ({
      user: page.results.length,
    }));
    return body.totalSize;
  }

  /** The groups a user belongs to, one start/limit window (≤ 200). */
  listUserGroups(accountId: string, window: WindowOptions = {}): Promise<Page<GroupResponse>> {
    const query = { accountId, ...v1Window(window, MAX_LIMIT.memberOf) };
    return this.http.list('getUserGroups', { query }, userGroupsSchema, countEach('group'));
  }

  /** Groups whose name contains `query` (Confluence's group picker), one start/limit window. */
  searchGroups(query: string, window: WindowOptions = {}): Promise<Page<GroupResponse>> {
    const params = { query, ...v1Window(window, MAX_LIMIT.memberOf) };
    return this.http.list('searchGroups', { query: params }, userGroupsSchema, countEach('group'));
  }

  /** One group by id: its name, for grants that name groups by id only. */
  getGroup(groupId: string): Promise<GroupResponse> {
    return this.http.call('getGroup', { query: { id: groupId } }, groupSchema, countOne('group'));
  }

  /**
   * The first members of a group with its member count (`totalSize`) in the same request: what
   * checking a group needs, without a separate size read.
   */
  async firstGroupMembers(
    groupId: string,
    window: WindowOptions & { readonly withOperations?: boolean } = {},
  ): Promise<{ members: PrincipalUserResponse[]; size?: number }> {
    const query = {
      ...v1Window(window, MAX_LIMIT.members),
      expand: window.withOperations ? 'operations' : undefined,
      shouldReturnTotalSize: true,
    };
    const body = await this.http.call(
      'getGroupMembers',
      { params: { groupId }, query },
      groupMembersSchema,
      (page) => ({ user: page.results.length }),
    );
    return {
      members: body.results,
      ...(body.totalSize === undefined ? {} : { size: body.totalSize }),
    };
  }

  /**
   * Members of a group by group id, one start/limit window (≤ 200: Cloud refuses more), with
   * their operations when asked (`use` on `application`: who may use Confluence).
   */
  listGroupMembers(
    groupId: string,
    window: WindowOptions & { readonly withOperations?: boolean } = {},
  ): Promise<Page<PrincipalUserResponse>> {
    const query = {
      ...v1Window(window, MAX_LIMIT.members),
      expand: window.withOperations ? 'operations' : undefined,
    };
    return this.http.list(
      'getGroupMembers',
      { params: { groupId }, query },
      groupMembersSchema,
      countEach('user'),
    );
  }

  /**
   * People whose name starts with `name`'s words (CQL `user.fullname~`), guests included, one
   * start/limit window, with the number of matches Confluence reports.
   */
  async searchUsersByName(
    name: string,
    window: WindowOptions = {},
  ): Promise<{ users: PrincipalUserResponse[]; matches?: number }> {
    const query = {
      cql: `user.fullname~${cqlString(name)}`,
      sitePermissionTypeFilter: 'all',
      expand: 'operations',
      ...v1Window(window, MAX_LIMIT.userSearch),
    };
    const body = await this.http.call('searchUsers', { query }, userSearchSchema, (page) => ({
      user: page.results.length,
    }));
    const users = body.results.flatMap((result) => (result.user ? [result.user] : []));
    return { users, ...(body.totalSize === undefined ? {} : { matches: body.totalSize }) };
  }

  // ── search ───────────────────────────────────────────────────────────────────────────────

  /** CQL search (v1), cursor-paged. The CQL must already be built from validated values. */
  searchContent(cql: string, options: SearchOptions = {}): Promise<Page<SearchContentResponse>> {
    const query = {
      cql,
      cqlcontext: options.cqlcontext,
      // v1 multi-value parameters are comma-separated (`explode: false` in the spec).
      expand: options.expand && options.expand.length > 0 ? options.expand.join(',') : undefined,
      cursor: options.cursor,
      limit: clampLimit(options.limit, MAX_LIMIT.search, DEFAULT_SEARCH_LIMIT),
    };
    return this.http.list('searchContent', { query }, searchResultsSchema, countSearchResults);
  }
}

/** A CQL string literal: quotes and backslashes escaped, so a name cannot change the query. */
function cqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
