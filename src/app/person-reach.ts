/**
 * "What can this person see?" over whichever client it is given (the CLI: the token's owner):
 * the person as `check` reads them, the site as load-person-reach.ts reads it, the answer from
 * the engine. One function for every front end, so they cannot drift apart.
 */
import { personReach } from '../core';
import type { PersonReach, Subject } from '../core';
import type { ConfluenceClient } from '../confluence/client';
import { loadPersonReach } from '../access/load-person-reach';
import { loadSubject } from '../access/load-subject';
import { isConfluenceError } from '../confluence/errors';
import { siteAnonymousAccess } from '../access/to-model';

export interface PersonReachAnswer {
  readonly subject: Subject;
  readonly reach: PersonReach;
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
