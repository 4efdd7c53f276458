import type {
  AncestorResponse,
  GroupResponse,
  PrincipalUserResponse,
  RestrictionTeamResponse,
} from './schemas';

// What callers of `ConfluenceClient` pass in beyond ids, and the shapes only it builds.

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
