/**
 * The named people's standing rides along the effective audience's first standing read
 * (audience-source.ts, `withStandingAlongside`): each account is asked once, one bulk read's
 * worth at most is added, and the audience is answered only what it asked.
 */
import { withStandingAlongside } from '../../src/access/audience-source';
import type { AudienceSource } from '../../src/access/load-effective-audience';
import type { PersonFacts } from '../../src/core/effective-audience';

/** A source that describes every account but `u-gone`, and records each standing read. */
function recordingSource(): { source: AudienceSource; reads: string[][] } {
  const reads: string[][] = [];
  const source: AudienceSource = {
    groupSize: () => Promise.resolve(undefined),
    groupMembers: () => Promise.resolve('hidden'),
    groupsOf: () => Promise.resolve(undefined),
    standing(accountIds) {
      reads.push([...accountIds]);
      return Promise.resolve(
        accountIds
          .filter((id) => id !== 'u-gone')
          .map((accountId): PersonFacts => ({ accountId, active: true })),
      );
    },
  };
  return { source, reads };
}

describe('withStandingAlongside', () => {
  it('adds the named people to the first read, and answers only what was asked', async () => {
    const { source, reads } = recordingSource();
    const riding = withStandingAlongside(source, ['u-a', 'u-dan', 'u-erin'], 100);
    const answer = await riding.standing(['u-a', 'u-b']);
    expect(answer.map((f) => f.accountId)).toEqual(['u-a', 'u-b']);
    expect(reads).toEqual([['u-a', 'u-b', 'u-dan', 'u-erin']]);
    expect([...riding.told().keys()].sort()).toEqual(['u-a', 'u-b', 'u-dan', 'u-erin']);
    expect(riding.notAsked(['u-dan', 'u-erin', 'u-z'])).toEqual(['u-z']);
  });

  it('never asks an account twice, and answers later calls from what it was told', async () => {
    const { source, reads } = recordingSource();
    const riding = withStandingAlongside(source, ['u-dan'], 100);
    await riding.standing(['u-a']);
    const again = await riding.standing(['u-a', 'u-dan', 'u-c']);
    expect(reads).toEqual([['u-a', 'u-dan'], ['u-c']]);
    expect(again.map((f) => f.accountId)).toEqual(['u-a', 'u-dan', 'u-c']);
  });

  it('adds no more than fills one bulk read, and nothing to a read with nothing to ask', async () => {
    const { source, reads } = recordingSource();
    const named = Array.from({ length: 10 }, (_, i) => `u-n${i}`);
    const riding = withStandingAlongside(source, named, 4);
    await riding.standing([]);
    expect(reads).toEqual([]);
    await riding.standing(['u-a']);
    expect(reads).toEqual([['u-a', 'u-n0', 'u-n1', 'u-n2']]);
    expect(riding.notAsked(named)).toEqual(named.slice(3));
  });

  it('leaves out an account Confluence did not describe, as the source does', async () => {
    const { source } = recordingSource();
    const riding = withStandingAlongside(source, ['u-gone'], 100);
    expect(await riding.standing(['u-a', 'u-gone'])).toEqual([{ accountId: 'u-a', active: true }]);
    expect(riding.told().has('u-gone')).toBe(false);
    expect(riding.notAsked(['u-gone'])).toEqual([]);
  });

  it('shares a read in progress with a call made meanwhile', async () => {
    const { source, reads } = recordingSource();
    const riding = withStandingAlongside(source, [], 100);
    const [first, second] = await Promise.all([
      riding.standing(['u-a', 'u-b']),
      riding.standing(['u-b']),
    ]);
    expect(reads).toEqual([['u-a', 'u-b']]);
    expect(first.map((f) => f.accountId)).toEqual(['u-a', 'u-b']);
    expect(second.map((f) => f.accountId)).toEqual(['u-b']);
  });
});
