/**
 * The people the layers name carry their markers in the layer-by-layer audience (guest,
 * deactivated, …) as they do in the effective audience: read with the audience's own standing
 * read, kept and served with it, so a warm answer marks exactly whom the cold one marked, and
 * never given to a viewer who may not browse people (docs/ARCHITECTURE.md, "The effective
 * audience").
 */
import { useApp } from './app-harness';

interface Member {
  principal: { kind: string; accountId?: string };
  markers?: string[];
}
interface Term {
  rule: string;
  members: Member[] | { unknown: string };
}
interface Answer {
  ok: boolean;
  data?: {
    fromCache: boolean;
    peopleChecked?: boolean;
    audience: { view: { terms: Term[] }; edit: { terms: Term[] } };
  };
}

const on = (contentId: string) => ({ moduleKey: 'access-lens-macro', contentId });

/** Every person entry of the view formula, by rule: account id → markers (or "unchecked"). */
function marked(answer: Answer, rule: string): Record<string, string[] | 'unchecked'> {
  const out: Record<string, string[] | 'unchecked'> = {};
  for (const term of answer.data?.audience.view.terms ?? []) {
    if (term.rule !== rule || !Array.isArray(term.members)) continue;
    for (const member of term.members) {
      if (member.principal.kind !== 'user' || member.principal.accountId === undefined) continue;
      out[member.principal.accountId] = member.markers ?? 'unchecked';
    }
  }
  return out;
}

describe('markers on the people the layers name', () => {
  const app = useApp();
  beforeEach(() => {
    app().platform.kvs.reset();
  });
  const view = async (invoker: { accountId: string } | { anonymous: true }, id: string) =>
    (await app().call(invoker, 'getPageAccess', {}, on(id))) as Answer;

  it('Breach Playbook: Dan (guest) and Erin (deactivated) on the space grants, the same warm', async () => {
    const cold = await view({ accountId: 'u-bob' }, '1013');
    expect(cold.data?.fromCache).toBe(false);
    expect(cold.data?.peopleChecked).toBe(true);
    expect(marked(cold, 'space-permission')).toEqual({
      'u-dan': ['guest'],
      'u-erin': ['deactivated'],
    });
    // Everyone on the restrictions was checked too: plain accounts carry no marker, the app its own.
    const inherited = marked(cold, 'inherited-restriction');
    expect(inherited['u-alice']).toEqual([]);
    expect(inherited['u-bob']).toEqual([]);
    expect(Object.values(inherited)).not.toContain('unchecked');
    expect(Object.values(inherited)).toContainEqual(['app']);

    const warm = await view({ accountId: 'u-bob' }, '1013');
    expect(warm.data?.fromCache).toBe(true);
    expect(warm.data?.audience).toEqual(cold.data?.audience);
  });

  it('marks the same on a page of the same space read from the kept space part', async () => {
    await view({ accountId: 'u-bob' }, '1013');
    const onboarding = await view({ accountId: 'u-bob' }, '1020');
    expect(marked(onboarding, 'space-permission')).toEqual({
      'u-dan': ['guest'],
      'u-erin': ['deactivated'],
    });
  });

  it('gives no marker to a viewer who may not browse people, warm or cold', async () => {
    const cold = await view({ anonymous: true }, '3005');
    expect(cold.ok).toBe(true);
    expect(marked(cold, 'space-permission')['u-grace']).toBe('unchecked');
    expect(cold.data?.peopleChecked).toBe(false);
    // Alice's view keeps an audience with the markers; the anonymous visitor is still given none.
    const alice = await view({ accountId: 'u-alice' }, '3005');
    expect(marked(alice, 'space-permission')['u-grace']).toEqual([]);
    const after = await view({ anonymous: true }, '3005');
    expect(after.data?.audience).toEqual(cold.data?.audience);
  });
});
