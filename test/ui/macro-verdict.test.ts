/**
 * "Check a person" answers in one line, and says where to let the person in: through the real
 * reconciler, answered by the real resolver against the simulated demo site.
 */
import { renderView } from '../harness/forge-ui';
import { MacroApp } from '../../src/frontend/macro/MacroApp';
import { useApp } from '../resolvers/app-harness';
import { macroContext } from './macro-fixtures';

const pick = (accountId: string, name: string) => ({
  id: accountId,
  name,
  type: 'user',
  avatarUrl: '',
  email: '',
});

describe('check a person: a verdict line and a fix', () => {
  const app = useApp();

  async function check(
    viewer: string,
    contentId: string,
    person: [string, string],
    locale?: string,
  ) {
    const invoke = (key: string, payload: unknown) =>
      app().call({ accountId: viewer }, key, payload, {
        moduleKey: 'access-lens-macro',
        contentId,
      });
    const view = await renderView(MacroApp, {
      invoke,
      context: macroContext(),
      ...(locale === undefined ? {} : { locale }),
    });
    await view.waitFor((v) => v.has('UserPicker'));
    await view.fire(view.find('UserPicker'), 'onChange', pick(...person));
    // The verdict line names the person: the check has answered.
    const answered = new RegExp(`${person[1]} (can|kann)`, 'u');
    await view.waitFor((v) => answered.test(v.text()) && !v.has('Spinner'));
    return view;
  }

  it('says why Ivan cannot view Breach Playbook, and where to add him', async () => {
    const view = await check('u-priya', '1013', ['u-ivan', 'Ivan Analyst']);
    const text = view.text();
    expect(text).toContain(
      "Ivan Analyst can't view this page: they are not on the view restriction of “Incident Runbooks”. To let them in, add them (or a group they are in) to the view restriction of “Incident Runbooks”.",
    );
    // The verdict comes before the layer-by-layer reasons.
    expect(text.indexOf("Ivan Analyst can't view")).toBeLessThan(
      text.indexOf('Ivan Analyst can view the space Engineering'),
    );
    expect(text).not.toContain('⟦');
  });

  it('says plainly who can, with no fix to offer', async () => {
    const view = await check('u-priya', '1013', ['u-bob', 'Bob Engineer']);
    expect(view.text()).toContain('Bob Engineer can view this page.');
    expect(view.text()).not.toContain('To let them in');
  });

  it('in German', async () => {
    const view = await check('u-priya', '1013', ['u-ivan', 'Ivan Analyst'], 'de-DE');
    expect(view.text()).toContain(
      'Ivan Analyst kann diese Seite nicht ansehen: Sie stehen nicht auf der Ansichtsbeschränkung von „Incident Runbooks“.',
    );
    expect(view.text()).not.toContain('⟦');
  });
});
