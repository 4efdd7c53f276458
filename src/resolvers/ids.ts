import { z } from 'zod';

/** Confluence content ids are decimal numbers; anything else is refused before any call. */
export const contentIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a Confluence content id');

/** Atlassian account ids: opaque, but only letters, digits, `:`, `-` and `_`. */
export const accountIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9:_-]{1,128}$/, 'must be an Atlassian account id');

/** Group ids (UUIDs in Cloud); the same conservative alphabet. */
export const groupIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a Confluence group id');
