/**
 * `getPageAccess` answers who exactly can view and edit (docs/ARCHITECTURE.md, "The effective
 * audience"), the same objects warm as cold, and only to viewers who may browse people from the
 * cache.
 */
import { useApp } from './app-harness';

interface Person {
  accountId: string;
  displayName: string;
  markers: string[];
}
interface Answer {
  ok: boolean;
  data?: {
    fromCache: boolean;
    effective: {
      view: { complete: boolean; people: Person[] };
      edit: { complete: boolean; people: Person[] };
    };
  };
}

const on = (contentId: string) => ({ moduleKey: 'access-lens-macro', contentId });

describe('getPageAccess: the effective audience', () => {
  const app = useApp();
  beforeEach(() => {
    app().platform.kvs.reset();
  });
  const view = async (accountId: string, contentId: string) =>
    (await app().call({ accountId }, 'getPageAccess', {}, on(contentId))) as Answer;

  it('Breach Playbook: the people who can view and edit, the same warm as cold', async () => {
    const cold = await view('u-bob', '1013');
    expect(cold.data?.fromCache).toBe(false);
    const names = (people: Person[] = []) => people.map((p) => p.displayName).sort();
    // Exactly these three: the app reaches the space through its scopes and is on every
    // restriction above the page.
    expect(names(cold.data?.effective.view.people)).toEqual([
      'Access Lens',
      'Bob Engineer',
      'Priya Security',
    ]);
    expect(cold.data?.effective.view.complete).toBe(true);
    expect(names(cold.data?.effective.edit.people)).toEqual(['Priya Security']);
    expect(cold.data?.effective.edit.complete).toBe(true);
    const warm = await view('u-bob', '1013');
    expect(warm.data?.fromCache).toBe(true);
    expect(warm.data?.effective).toEqual(cold.data?.effective);
  });

  it('marks Dan Contractor as a guest on the page for contractors', async () => {
    const answer = await view('u-bob', '1022');
    const dan = answer.data?.effective.view.people.find((p) => p.accountId === 'u-dan');
    expect(dan).toMatchObject({ displayName: 'Dan Contractor', markers: ['guest'] });
  });
});
