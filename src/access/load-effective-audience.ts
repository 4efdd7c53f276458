/**
 * Reads what the effective audience needs (src/core/effective-audience.ts), a round at a time:
 * the sizes of the groups in the smallest layers, the members of the seed's groups, the standing
 * of the candidates, and the groups of the candidates not yet let in. Every read of a round runs
 * in parallel; the engine decides who gets in.
 */
import { NO_KNOWLEDGE, effectiveAudience } from '../core/effective-audience';
import type {
  AudienceAction,
  AudienceKnowledge,
  AudienceLimits,
  EffectiveAudience,
  PersonFacts,
} from '../core/effective-audience';
import type { AccessInput, GroupRef } from '../core';

/** The reads, as a port: the Confluence client's version is in audience-source.ts. */
export interface AudienceSource {
  /** The group's member count as Confluence reports it; undefined when it is not told. */
  groupSize(groupId: string): Promise<number | undefined>;
  /**
   * Every member of the group (at most `max`), with what the listing says about each; 'hidden'
   * when Confluence will not list the group's members to this reader.
   */
  groupMembers(
    groupId: string,
    max: number,
  ): Promise<{ readonly members: readonly PersonFacts[]; readonly truncated: boolean } | 'hidden'>;
  /** Standing of each account (guest, active, Confluence access, account type). */
  standing(accountIds: readonly string[]): Promise<readonly PersonFacts[]>;
  /** All the account's groups; undefined when they could not be read. */
  groupsOf(accountId: string): Promise<readonly GroupRef[] | undefined>;
}

export interface LoadedAudience {
  readonly audience: EffectiveAudience;
  /** Sequential rounds of reads it took (0 when the layers alone told the answer). */
  readonly rounds: number;
}

/** A safety stop: each round answers what the last one asked, so a few always suffice. */
const MAX_ROUNDS = 6;

export async function loadEffectiveAudience(
  source: AudienceSource,
  input: AccessInput,
  action: AudienceAction,
  options: { readonly limits?: AudienceLimits; readonly known?: AudienceKnowledge } = {},
): Promise<LoadedAudience & { readonly known: AudienceKnowledge }> {
  const known = mutable(options.known ?? NO_KNOWLEDGE);
  const hiddenGroups = new Set<string>();
  const seen = { truncatedGroups: false, undescribed: false };
  for (let rounds = 0; rounds <= MAX_ROUNDS; rounds++) {
    const step = effectiveAudience(input, action, known, {
      hiddenGroups,
      ...(options.limits ? { limits: options.limits } : {}),
    });
    if (step.done) {
      let audience = seen.truncatedGroups ? incomplete(step.audience, 'too-many') : step.audience;
      if (seen.undescribed) audience = incomplete(audience, 'unchecked');
      return { audience, rounds, known };
    }
    const { sizeOfGroups, membersOfGroups, standingOf, groupsOf } = step.needs;
    const max = (options.limits?.listUpTo ?? 50) + 1;
    await Promise.all([
      ...sizeOfGroups.map(async (groupId) => {
        // An unknown size counts as very large: the group is then not the seed.
        known.groupSizes.set(groupId, (await source.groupSize(groupId)) ?? Number.MAX_SAFE_INTEGER);
      }),
      ...membersOfGroups.map(async (groupId) => {
        const listed = await source.groupMembers(groupId, max);
        if (listed === 'hidden') {
          hiddenGroups.add(groupId);
          return;
        }
        if (listed.truncated) seen.truncatedGroups = true;
        known.groupMembers.set(
          groupId,
          listed.members.map((m) => m.accountId),
        );
      }),
      (async () => {
        if (standingOf.length === 0) return;
        const read = await source.standing(standingOf);
        for (const facts of read) known.people.set(facts.accountId, facts);
        // An account Confluence did not describe is kept with nothing known: never let in by
        // assumption, never asked again.
        for (const id of standingOf) {
          if (known.people.has(id)) continue;
          known.people.set(id, { accountId: id, active: false });
          seen.undescribed = true;
        }
      })(),
      ...groupsOf.map(async (accountId) => {
        known.personGroups.set(accountId, (await source.groupsOf(accountId)) ?? []);
      }),
    ]);
  }
  throw new Error('The effective audience did not settle');
}

interface MutableKnowledge extends AudienceKnowledge {
  readonly groupSizes: Map<string, number>;
  readonly groupMembers: Map<string, readonly string[]>;
  readonly people: Map<string, PersonFacts>;
  readonly personGroups: Map<string, readonly GroupRef[]>;
}

function mutable(known: AudienceKnowledge): MutableKnowledge {
  return {
    groupSizes: new Map(known.groupSizes),
    groupMembers: new Map(known.groupMembers),
    people: new Map(known.people),
    personGroups: new Map(known.personGroups),
  };
}

function incomplete(
  audience: EffectiveAudience,
  cause: NonNullable<EffectiveAudience['incompleteBecause']>[number],
): EffectiveAudience {
  const causes = [...new Set([...(audience.incompleteBecause ?? []), cause])].sort();
  return { ...audience, complete: false, incompleteBecause: causes };
}
