import type {
  PageOptions,
  RoleAssignmentFilter,
  SpaceRoleFilter,
  WindowOptions,
} from './client-types';

/** Per-endpoint page size caps from the OpenAPI documents (and Cloud's observed caps). */
export const MAX_LIMIT = {
  v2List: 250,
  ancestors: 250,
  members: 200,
  memberOf: 200,
  restrictions: 100,
  search: 250,
  /** The user search's documented default; Cloud caps it further without saying how far. */
  userSearch: 25,
} as const;

export const DEFAULT_SEARCH_LIMIT = 50;

/** A caller's page size within what the endpoint accepts; `fallback` when none was given. */
export function clampLimit(limit: number | undefined, max: number, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(max, Math.floor(limit)));
}

/** A size or position Confluence reported, when it is a usable one. */
export function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A v2 list's cursor and page size (≤ 250). */
export function v2Page(page: PageOptions): { cursor: string | undefined; limit: number } {
  return {
    cursor: page.cursor,
    limit: clampLimit(page.limit, MAX_LIMIT.v2List, MAX_LIMIT.v2List),
  };
}

/** A v1 start/limit window, at most `max` a window (also the default). */
export function v1Window(
  window: WindowOptions,
  max: number,
): { start: number | undefined; limit: number } {
  return { start: window.start, limit: clampLimit(window.limit, max, max) };
}

/** Account ids per v1 `user/bulk` call. */
export const USERS_PER_BULK_READ = 100;

/** Boolean query flags are sent only when set: `false` and absent mean the same to Confluence. */
export function flag(value: boolean | undefined): true | undefined {
  return value ? true : undefined;
}

/** The role type and principal filters both role endpoints take. */
export function roleQuery(filter: SpaceRoleFilter | RoleAssignmentFilter) {
  return {
    'role-type': filter.roleType,
    'principal-type': filter.principal?.type,
    'principal-id': filter.principal?.id,
  };
}
