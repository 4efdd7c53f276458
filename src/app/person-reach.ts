/**
 * "What can this person see?" over whichever client it is given (the CLI: the token's owner; the
 * admin page's person job: the app): the person as `check` reads them, the site as
 * load-person-reach.ts reads it, the answer from the engine. One set of functions for every front
 * end, so they cannot drift apart.
 *
 * The engine answers space by space, so the answer over all spaces is the answers over a few
 * spaces at a time put together (`combineReach`): the person job stores those parts as it goes
 * and ends with exactly what `answerPersonReach` gives in one go.
 */
import { personReach } from '../core';
import type { PersonReach, ReachSpace, SiteSettings, Subject } from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { loadPersonReach } from '../access/load-person-reach';
import { loadSubject } from '../access/load-subject';
import { isConfluenceError } from '../confluence/errors';
import { siteAnonymousAccess } from '../access/to-model';

export interface PersonReachAnswer {
  readonly subject: Subject;
  readonly reach: PersonReach;
}

/** Who the person is and what the site says about anonymous access: read once per answer. */
export interface PersonContext {
  readonly subject: Subject;
  readonly site: SiteSettings;
}

export async function answerPersonReach(
  client: ConfluenceClient,
  accountId: string,
): Promise<PersonReachAnswer> {
  const [{ subject }, { spaces }, anonymousAccess] = await Promise.all([
    loadSubject(client, { accountId }),
    loadPersonReach(client),
    readAnonymousAccess(client),
  ]);
  return { subject, reach: personReach({ site: { anonymousAccess }, spaces }, subject) };
}

/** The person and the site's anonymous evidence, as `answerPersonReach` reads them. */
export async function readPersonContext(
  client: ConfluenceClient,
  accountId: string,
): Promise<PersonContext> {
  const [{ subject }, anonymousAccess] = await Promise.all([
    loadSubject(client, { accountId }),
    readAnonymousAccess(client),
  ]);
  return { subject, site: { anonymousAccess } };
}

/** The engine's answer for some of the site's spaces: one part of the whole. */
export function reachOfSpaces(context: PersonContext, spaces: readonly ReachSpace[]): PersonReach {
  return personReach({ site: context.site, spaces }, context.subject);
}

/**
 * The answer over all spaces from the answers over consecutive groups of them, in order. Every
 * list the engine gives is built space by space and coverage is counts and lists per space, so
 * this equals one `personReach` over every space.
 */
export function combineReach(context: PersonContext, parts: readonly PersonReach[]): PersonReach {
  const { standing } = reachOfSpaces(context, []);
  return {
    ...(standing === undefined ? {} : { standing }),
    spaces: parts.flatMap((part) => part.spaces),
    pages: parts.flatMap((part) => part.pages),
    footprint: parts.flatMap((part) => part.footprint),
    coverage: {
      spaces: parts.reduce((sum, part) => sum + part.coverage.spaces, 0),
      contentRead: parts.reduce((sum, part) => sum + part.coverage.contentRead, 0),
      spacesWithoutGrants: parts.flatMap((part) => part.coverage.spacesWithoutGrants),
      contentGaps: parts.flatMap((part) => part.coverage.contentGaps),
    },
  };
}

/** As `check` reads it: evidence only, so a refusal leaves it "unknown". */
async function readAnonymousAccess(client: ConfluenceClient) {
  const anonymous = await client
    .getAnonymousUser({ withOperations: true })
    .catch((error: unknown) => {
      if (!isConfluenceError(error)) throw error;
      return undefined;
    });
  return siteAnonymousAccess(anonymous);
}
