/**
 * The one authorization check of every admin function (the audit's and the Person tab's), in one
 * place so that no admin function can decide it differently.
 */
import type { z } from 'zod';
import type { AdminCheckFreshness } from '../contract/admin';
import type { ViewerSummary } from '../contract/results';
import { accountName, isConfluenceAdmin } from '../confluence/client';
import { isConfluenceError } from '../confluence/errors';
import { platformClock } from '../jobs/clock';
import { ADMIN_VERDICT_TTL_MS, readAdminVerdict, rememberAdmin } from '../storage/admin-verdict';
import { ResolverFailure } from './define';
import type { HandlerInput, ResolverSpec } from './define';

/**
 * THE authorization check of every admin function: before anything else (after the payload is
 * validated, which reads nothing), ask Confluence *as the user* whether the caller administers
 * Confluence. The module key, the page the call claims to come from and anything in the payload
 * play no part: a forged context gets the same answer as a real one. Only past this check may the
 * audit read as the app (the job does, in its consumer).
 *
 * Asked once per invocation. Confluence's "yes" is remembered for the caller's account id (which
 * the platform vouches for) for at most a minute (storage/admin-verdict.ts), so the admin page's
 * polls cost no points while it holds; a "no" is never remembered, and a revoked admin is refused
 * within that minute.
 */
async function requireConfluenceAdmin({
  caller,
  asUser,
}: Pick<HandlerInput<unknown>, 'caller' | 'asUser'>): Promise<AdminCheckFreshness> {
  if (caller.accountId === '') {
    throw new ResolverFailure('FORBIDDEN', 'admins-only');
  }
  const now = platformClock().now();
  const remembered = await readAdminVerdict(caller.accountId, now);
  if (remembered !== undefined) {
    const ageMs = now - remembered.checkedAt;
    return { ageMs, freshForMs: ADMIN_VERDICT_TTL_MS - ageMs };
  }
  const { check } = await askWhoIsLooking({ caller, asUser });
  if (check === undefined) throw new ResolverFailure('FORBIDDEN', 'admins-only');
  return check;
}

/**
 * Asks Confluence, as the caller, who they are and whether they administer Confluence (one
 * `user/current` read); remembers a "yes" (see above). `check` is present only for an admin.
 */
export async function askWhoIsLooking({
  caller,
  asUser,
}: Pick<HandlerInput<unknown>, 'caller' | 'asUser'>): Promise<{
  viewer: ViewerSummary;
  check?: AdminCheckFreshness;
}> {
  const notAdmin: ViewerSummary = {
    accountId: caller.accountId,
    displayName: null,
    isConfluenceAdmin: false,
  };
  if (caller.accountId === '') return { viewer: notAdmin };
  let user;
  try {
    user = await asUser().getCurrentUser({ withOperations: true });
  } catch (error) {
    // Confluence refusing to say who the caller is (deactivated, signed out) is a refusal too.
    if (isConfluenceError(error, 'forbidden') || isConfluenceError(error, 'unauthenticated')) {
      return { viewer: notAdmin };
    }
    throw error;
  }
  const viewer: ViewerSummary = {
    accountId: caller.accountId,
    displayName: accountName(user) ?? null,
    isConfluenceAdmin: isConfluenceAdmin(user),
  };
  if (!viewer.isConfluenceAdmin) return { viewer };
  await rememberAdmin(caller.accountId, platformClock().now());
  return { viewer, check: { ageMs: 0, freshForMs: ADMIN_VERDICT_TTL_MS } };
}

/** The input of an admin function's handler: the caller is a verified Confluence admin. */
export type AdminHandlerInput<Payload> = HandlerInput<Payload> & {
  readonly adminCheck: AdminCheckFreshness;
};

/** Wraps a function's handler so it runs only for a verified Confluence admin. */
export function adminOnly<P extends z.ZodType, T>(spec: {
  readonly payload: P;
  readonly maxPayloadBytes?: number;
  readonly handle: (input: AdminHandlerInput<z.infer<P>>) => Promise<T>;
}): ResolverSpec<P, T> {
  return {
    ...spec,
    async handle(input) {
      const adminCheck = await requireConfluenceAdmin(input);
      return spec.handle({ ...input, adminCheck });
    },
  };
}
