import { z } from 'zod';

/**
 * Response shapes we rely on, checked at the boundary: only the fields the app reads are
 * required; everything else Confluence sends is allowed through and ignored. Field names and
 * nesting follow the official OpenAPI documents (`dev/openapi/`).
 */

// ── shared pieces ──────────────────────────────────────────────────────────────────────────

/** `_links` of a list: `next` is absent on the last page. */
const listLinksSchema = z
  .looseObject({
    next: z.string().optional(),
    base: z.string().optional(),
    context: z.string().optional(),
  })
  .optional();

/** v2 `MultiEntityResult<T>`. */
export function v2ListSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ results: z.array(item), _links: listLinksSchema });
}

/** v1 start/limit arrays (`UserArray`, `GroupArrayWithLinks`, `ContentArray`). */
export function v1ArraySchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    results: z.array(item),
    start: z.number().optional(),
    limit: z.number().optional(),
    size: z.number().optional(),
    totalSize: z.number().optional(),
    _links: listLinksSchema,
  });
}

export const operationSchema = z.looseObject({
  operation: z.string(),
  targetType: z.string(),
});
export type OperationResponse = z.infer<typeof operationSchema>;

// ── v2 content and spaces ──────────────────────────────────────────────────────────────────

const labelSchema = z.looseObject({ name: z.string(), prefix: z.string().optional() });

export const pageSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  spaceId: z.string(),
  status: z.string().optional(),
  parentId: z.string().nullish(),
  parentType: z.string().nullish(),
  /** Present with `include-labels=true`. */
  labels: z.looseObject({ results: z.array(labelSchema) }).optional(),
  /** Present with `include-operations=true`: what the caller may do on this page. */
  operations: z.looseObject({ results: z.array(operationSchema) }).optional(),
});
export type PageResponse = z.infer<typeof pageSchema>;
export const pagesSchema = v2ListSchema(pageSchema);

/** v2 `BlogPost`: a page's fields without a parent (the space is its parent). */
export const blogPostSchema = pageSchema.omit({ parentId: true, parentType: true });
export type BlogPostResponse = z.infer<typeof blogPostSchema>;

export const folderSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  spaceId: z.string(),
  type: z.string().optional(),
  status: z.string().optional(),
  parentId: z.string().nullish(),
  parentType: z.string().nullish(),
});
export type FolderResponse = z.infer<typeof folderSchema>;

/** v2 `Ancestor`: ids and types only, highest ancestor first. */
export const ancestorSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
});
export type AncestorResponse = z.infer<typeof ancestorSchema>;
export const ancestorsSchema = v2ListSchema(ancestorSchema);

export const spaceSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  type: z.string().optional(),
  status: z.string().optional(),
  homepageId: z.string().nullish(),
});
export type SpaceResponse = z.infer<typeof spaceSchema>;
export const spacesSchema = v2ListSchema(spaceSchema);

/**
 * v2 `SpacePermissionAssignment`. Anonymous access appears as principal id `ANONYMOUS`, under
 * whatever principal type: callers match on the id, not the type.
 */
export const spacePermissionSchema = z.looseObject({
  id: z.string().optional(),
  principal: z.looseObject({ type: z.string(), id: z.string() }),
  operation: z.looseObject({ key: z.string(), targetType: z.string() }),
});
export type SpacePermissionResponse = z.infer<typeof spacePermissionSchema>;
export const spacePermissionsSchema = v2ListSchema(spacePermissionSchema);

// ── v2 space roles (marked experimental by Atlassian) ────────────────────────────────────

/** The site's space role modes (`GET /space-role-mode`). */
export const SPACE_ROLE_MODES = ['PRE_ROLES', 'ROLES_TRANSITION', 'ROLES'] as const;
export type SpaceRoleMode = (typeof SPACE_ROLE_MODES)[number];

/** A mode we do not know is kept as sent, so the caller can say it cannot tell. */
export const spaceRoleModeSchema = z.looseObject({ mode: z.string() });
export type SpaceRoleModeResponse = z.infer<typeof spaceRoleModeSchema>;

/**
 * v2 `SpaceRole`. The spec names it `name`; some captures show `displayName`: either is
 * accepted and surfaced as `name` (the id when both are missing, so a role is never nameless).
 */
export const spaceRoleSchema = z
  .looseObject({
    id: z.string(),
    type: z.string().optional(),
    name: z.string().optional(),
    displayName: z.string().optional(),
    description: z.string().nullish(),
    spacePermissions: z.array(z.string()),
  })
  .transform((role) => ({ ...role, name: role.name ?? role.displayName ?? role.id }));
export type SpaceRoleResponse = z.output<typeof spaceRoleSchema>;
export const spaceRolesSchema = v2ListSchema(spaceRoleSchema);

/** v2 `SpacePermission`: an entry of the catalogue of permission ids such as `read/space`. */
export const spacePermissionInfoSchema = z.looseObject({
  id: z.string(),
  displayName: z.string().optional(),
  description: z.string().optional(),
  requiredPermissionIds: z.array(z.string()).optional(),
});
export type SpacePermissionInfoResponse = z.infer<typeof spacePermissionInfoSchema>;
export const spacePermissionCatalogueSchema = v2ListSchema(spacePermissionInfoSchema);

/**
 * v2 `SpaceRoleAssignment`. `principalType` is a plain string: a type we do not know (the spec
 * lists USER, GROUP, ACCESS_CLASS) is kept so it can be reported, never dropped.
 */
export const spaceRoleAssignmentSchema = z.looseObject({
  principal: z.looseObject({ principalType: z.string(), principalId: z.string() }),
  roleId: z.string(),
});
export type SpaceRoleAssignmentResponse = z.infer<typeof spaceRoleAssignmentSchema>;
export const spaceRoleAssignmentsSchema = v2ListSchema(spaceRoleAssignmentSchema);

// ── v1 users and groups ────────────────────────────────────────────────────────────────────

/** v1 `User`; anonymous and unknown users carry no accountId. */
export const userSchema = z.looseObject({
  type: z.string(),
  accountId: z.string().optional(),
  accountType: z.string().optional(),
  displayName: z.string().nullish(),
  publicName: z.string().optional(),
  email: z.string().nullish(),
  isGuest: z.boolean().optional(),
  operations: z.array(operationSchema).nullish(),
});
export type UserResponse = z.infer<typeof userSchema>;

/**
 * v2 `User` from `POST /users-bulk`: `accountStatus` (active, inactive, closed, unknown) and
 * `accountType` (atlassian, app, customer, unknown) are what v1 does not say.
 */
export const v2UserSchema = z.looseObject({
  accountId: z.string(),
  accountStatus: z.string().optional(),
  accountType: z.string().optional(),
  displayName: z.string().nullish(),
  publicName: z.string().optional(),
});
export type V2UserResponse = z.infer<typeof v2UserSchema>;
export const v2UsersSchema = v2ListSchema(v2UserSchema);

/** A user listed as a principal (restriction or group member): always has an account. */
export const principalUserSchema = userSchema.extend({ accountId: z.string() });
export type PrincipalUserResponse = z.infer<typeof principalUserSchema>;

export const currentUserSchema = z.looseObject({
  type: z.string().optional(),
  accountId: z.string().optional(),
  accountType: z.string().optional(),
  displayName: z.string().nullish(),
  publicName: z.string().optional(),
  isGuest: z.boolean().optional(),
  operations: z.array(operationSchema).nullish(),
});
export type CurrentUserResponse = z.infer<typeof currentUserSchema>;

/** v1 `UserAnonymous`: what an anonymous visitor may do on this site. */
export const anonymousUserSchema = z.looseObject({
  type: z.string(),
  displayName: z.string().optional(),
  operations: z.array(operationSchema).nullish(),
});
export type AnonymousUserResponse = z.infer<typeof anonymousUserSchema>;

/** v1 `Group`. */
export const groupSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string().optional(),
});
export type GroupResponse = z.infer<typeof groupSchema>;

export const userGroupsSchema = v1ArraySchema(groupSchema);
export const groupMembersSchema = v1ArraySchema(principalUserSchema);
/** v1 `user/bulk` (BulkUserLookupArray): users by id, each with an account. */
export const bulkUsersSchema = v1ArraySchema(principalUserSchema);

// ── v1 restrictions and the permission check ───────────────────────────────────────────────

/** v1 `ContentRestriction`: `restrictions.user` / `.group` are start/limit windows. */
/**
 * A team on a restriction. Atlassian documents no shape for it; this reads the most plausible one
 * (`restrictions.team`, shaped like the group list). Lists under any other key are principals we
 * cannot name: the client reports them so the restriction is never mistaken for a known list.
 */
export const restrictionTeamSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  verified: z.boolean().optional(),
});
export type RestrictionTeamResponse = z.infer<typeof restrictionTeamSchema>;

export const contentRestrictionSchema = z.looseObject({
  operation: z.string(),
  restrictions: z
    .looseObject({
      user: v1ArraySchema(principalUserSchema).optional(),
      group: v1ArraySchema(groupSchema).optional(),
      team: v1ArraySchema(restrictionTeamSchema).optional(),
    })
    .optional(),
  _links: listLinksSchema,
});
export type ContentRestrictionResponse = z.infer<typeof contentRestrictionSchema>;

/** `GET …/restriction/byOperation`: one `ContentRestriction` per operation key. */
export const restrictionsByOperationSchema = z.looseObject({
  read: contentRestrictionSchema.optional(),
  update: contentRestrictionSchema.optional(),
});
export type RestrictionsByOperationResponse = z.infer<typeof restrictionsByOperationSchema>;

/** v1 `PermissionCheckResponse`: `errors[].translation` is Confluence's own reason text. */
export const permissionCheckSchema = z.looseObject({
  hasPermission: z.boolean(),
  errors: z
    .array(
      z.looseObject({
        translation: z.string().optional(),
        args: z.array(z.unknown()).optional(),
      }),
    )
    .optional(),
});
export type PermissionCheckResponse = z.infer<typeof permissionCheckSchema>;

// ── v1 content search ──────────────────────────────────────────────────────────────────────

/** v1 `Content` with the expansions the app asks search for. */
export const searchContentSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  title: z.string(),
  space: z
    .looseObject({ key: z.string(), id: z.union([z.number(), z.string()]).optional() })
    .optional(),
  ancestors: z
    .array(z.looseObject({ id: z.string(), type: z.string(), title: z.string().optional() }))
    .nullish(),
  metadata: z
    .looseObject({ labels: z.looseObject({ results: z.array(labelSchema) }).optional() })
    .optional(),
  restrictions: z
    .looseObject({
      read: contentRestrictionSchema.optional(),
      update: contentRestrictionSchema.optional(),
    })
    .optional(),
});
export type SearchContentResponse = z.infer<typeof searchContentSchema>;
export const searchResultsSchema = v1ArraySchema(searchContentSchema);

/** v1 user search: each result carries the `user` it found (and `totalSize` the match count). */
export const userSearchSchema = v1ArraySchema(
  z.looseObject({ user: principalUserSchema.optional() }),
);
