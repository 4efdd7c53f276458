// v2 users and the admin key: `POST /users-bulk` (the v2 User shape, whose `accountStatus` tells
// a deactivated account from one without Confluence access) and `GET /admin-key`.
import { z } from 'zod';
import { mayUseAdminKey } from '../accounts';
import { HttpError, type ObjectCounts, type SimResponse } from '../http';
import { accountOf, v2User, type Account } from '../render';
import { refusePeopleBrowsing } from './v1-users';
import type { Route, RouteContext } from './types';

// The spec's BulkUsersRequest: 1 to 250 account ids.
const bulkRequestSchema = z.object({ accountIds: z.array(z.string()).min(1).max(250) });

function usersBulk(ctx: RouteContext): SimResponse {
  refusePeopleBrowsing(ctx);
  const parsed = bulkRequestSchema.safeParse(ctx.body);
  if (!parsed.success) throw new HttpError(400, 'accountIds must list 1 to 250 account ids');
  const objects: ObjectCounts = {};
  // Unknown ids are left out, as the v1 bulk lookup does.
  const results = parsed.data.accountIds
    .map((id) => accountOf(ctx.model, id))
    .filter((a): a is Account => a !== undefined)
    .map((a) => v2User(ctx.model, a, objects));
  return { status: 200, body: { results, _links: { base: ctx.wikiBase } }, objects };
}

/** How long a key the simulator reports stays valid ("a few minutes of inactivity"). */
const ADMIN_KEY_MINUTES = 10;

/**
 * The admin key of the calling org admin on Premium and Enterprise. The simulator treats the key
 * as always enabled for them (Confluence answers it once enabled with `POST /admin-key`, which
 * the simulator does not serve); everyone else gets the spec's 404.
 */
function adminKey(ctx: RouteContext): SimResponse {
  const s = ctx.caller.subject;
  if (s.kind === 'anonymous') throw new HttpError(401, 'Authentication required');
  if (s.kind !== 'user' || !mayUseAdminKey(s.user, ctx.model.fixture.site.plan)) {
    throw new HttpError(404, 'No admin key is available for the calling user');
  }
  return {
    status: 200,
    body: {
      accountId: s.user.accountId,
      expirationTime: new Date(ctx.now() + ADMIN_KEY_MINUTES * 60_000).toISOString(),
    },
  };
}

export const v2UserRoutes: Route[] = [
  { method: 'POST', template: '/wiki/api/v2/users-bulk', flavor: 'v2', handle: usersBulk },
  { method: 'GET', template: '/wiki/api/v2/admin-key', flavor: 'v2', handle: adminKey },
];
