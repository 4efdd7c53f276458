/**
 * The macro's headline and its list of people, through the real reconciler, answered by the
 * real resolver against the simulated demo site (not a fixture): what a page owner reads first.
 */
import { renderView } from '../harness/forge-ui';
import type { RenderedView } from '../harness/forge-ui';
import { MacroApp } from '../../src/frontend/macro/MacroApp';
import { useApp } from '../resolvers/app-harness';
import { macroContext, ok, pageAccess, twoRestrictedAncestors } from './macro-fixtures';
import { READ_SPACE, markNamedPeople } from '../../src/core';
import type { NamedPeople } from '../../src/core';
import { resolverStub } from './macro-stub';

async function loaded(view: RenderedView): Promise<void> {
  await view.waitFor((v) => !v.has('Spinner') && v.has('Heading'));
}

describe('the macro states its answer first', () => {
  const app = useApp();

  function render(accountId: string, contentId: string, locale?: string) {
    const invoke = (key: string, payload: unknown) =>
      app().call({ accountId }, key, payload, { moduleKey: 'access-lens-macro', contentId });
    return renderView(MacroApp, {
      invoke,
      context: macroContext(),
      ...(locale === undefined ? {} : { locale }),
    });
  }

  it('Breach Playbook: how many can view and edit, then who', async () => {
    const view = await render('u-bob', '1013');
    await loaded(view);
    const text = view.text();
    // Exactly Bob, Priya and the app (through its scopes); only Priya can edit.
    expect(text).toContain('3 people can view this page; 1 can edit.');
    expect(view.has('Lozenge', 'app')).toBe(true);
    expect(text).toContain('People who can view');
    expect(text).toContain('Bob Engineer');
    expect(text).toContain('Priya Security');
    expect(view.has('Lozenge', 'can edit')).toBe(true);
    // The headline comes before the layer-by-layer reasons, which are all still there.
    expect(text.indexOf('can view this page')).toBeLessThan(text.indexOf('Who can view'));
    expect(text).not.toContain('⟦');
  });

  it('says it in German', async () => {
    const view = await render('u-bob', '1013', 'de-DE');
    await loaded(view);
    expect(view.text()).toContain('3 Personen können diese Seite ansehen; 1 kann sie bearbeiten.');
    expect(view.text()).toContain('Personen, die diese Seite ansehen können');
    expect(view.text()).not.toContain('⟦');
  });

  it('marks a guest who can view the page', async () => {
    const view = await render('u-bob', '1022');
    await loaded(view);
    expect(view.text()).toContain('Dan Contractor');
    // The space's groups are told by their sizes; the team on the space keeps it "at least".
    expect(view.text()).toContain(
      'At least 1 person, the 1,500 members of all-staff, the 4 members of engineering and the 2 members of eng-leads can view this page;',
    );
    expect(view.has('Lozenge', 'guest')).toBe(true);
  });

  it('marks the people the layers name: the guest and the departed account on the space', async () => {
    const view = await render('u-bob', '1013');
    await loaded(view);
    // Neither can view the page, so the lozenges are the layers' own.
    expect(view.has('Lozenge', 'guest')).toBe(true);
    expect(view.has('Lozenge', 'deactivated')).toBe(true);
    const users = view.findAll('User').map((u) => String(u.props.accountId));
    expect(users).toEqual(expect.arrayContaining(['u-dan', 'u-erin']));
    expect(view.text()).not.toContain('not checked for guest');
  });

  it('says how many people on a list were not checked, past the limit', async () => {
    const grants = Array.from({ length: 105 }, (_, i) => ({
      principal: { kind: 'user' as const, accountId: `u-${i}` },
      operation: READ_SPACE,
    }));
    const input = { ...twoRestrictedAncestors, grants };
    const named = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`u-${i}`, { markers: i === 7 ? ['guest'] : [] }]),
    ) as NamedPeople;
    const answer = pageAccess(input);
    const stub = resolverStub({
      getPageAccess: () =>
        ok({
          ...answer,
          audience: markNamedPeople(answer.audience, named),
          peopleChecked: true,
        }),
    });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await loaded(view);
    expect(view.text()).toContain(
      '5 people on this list were not checked for guest or deactivated accounts.',
    );
    expect(view.has('Lozenge', 'guest')).toBe(true);
  });

  it('says so for a list past the limit of which nobody was checked, and never to a viewer not checked for', async () => {
    const grants = Array.from({ length: 3 }, (_, i) => ({
      principal: { kind: 'user' as const, accountId: `u-${i}` },
      operation: READ_SPACE,
    }));
    const answer = pageAccess({ ...twoRestrictedAncestors, grants });
    const render = async (peopleChecked: boolean) => {
      const stub = resolverStub({ getPageAccess: () => ok({ ...answer, peopleChecked }) });
      const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
      await loaded(view);
      return view.text();
    };
    expect(await render(true)).toContain(
      '3 people on this list were not checked for guest or deactivated accounts.',
    );
    expect(await render(false)).not.toContain('not checked for guest');
  });

  it('shows a long list ten at a time, with "Show more"', async () => {
    const people = Array.from({ length: 12 }, (_, i) => ({
      accountId: `u-${i + 1}`,
      displayName: `Person ${i + 1}`,
      markers: [],
      routes: [],
    }));
    const effective = {
      view: { count: 12, complete: true, people, groups: [], everyone: [], anonymous: false },
      edit: { count: 0, complete: true, people: [], groups: [], everyone: [], anonymous: false },
    };
    const stub = resolverStub({
      getPageAccess: () => ok(pageAccess(twoRestrictedAncestors, { effective })),
    });
    const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
    await loaded(view);
    expect(view.text()).toContain('12 people can view this page; nobody can edit.');
    expect(view.text()).toContain('Person 10');
    expect(view.text()).not.toContain('Person 11');
    expect(view.text()).toContain('Showing 10 of 12');
    await view.fire(view.findByText('Button', 'Show more'), 'onClick');
    await view.waitFor((v) => v.text().includes('Person 12'));
    expect(view.has('Button', 'Show more')).toBe(false);
  });
});
