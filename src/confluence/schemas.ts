import { z } from 'zod';

/**
 * Response shapes we rely on, checked at the boundary: only the fields the app reads are
 * required; everything else Confluence sends is allowed through and ignored.
 */
export const pageSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  spaceId: z.string(),
  status: z.string().optional(),
  parentId: z.string().nullish(),
  parentType: z.string().nullish(),
});
export type PageResponse = z.infer<typeof pageSchema>;

export const spaceSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  type: z.string().optional(),
  status: z.string().optional(),
});
export type SpaceResponse = z.infer<typeof spaceSchema>;

export const operationSchema = z.looseObject({
  operation: z.string(),
  targetType: z.string(),
});

export const currentUserSchema = z.looseObject({
  type: z.string().optional(),
  accountId: z.string().optional(),
  accountType: z.string().optional(),
  displayName: z.string().optional(),
  publicName: z.string().optional(),
  operations: z.array(operationSchema).nullish(),
});
export type CurrentUserResponse = z.infer<typeof currentUserSchema>;
