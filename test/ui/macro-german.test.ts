/**
 * The macro in German, through the real reconciler with the translations the Forge CLI's own
 * bundling service serves: the summary, every layer of a restricted page and a check of a person
 * are in German, and no key is ever shown instead of its words.
 */
import { renderView } from '../harness/forge-ui';
import type { RenderedView } from '../harness/forge-ui';
import { MacroApp } from '../../src/frontend/macro/MacroApp';
import {
  checkAccess,
  dave,
  exposedConfidential,
  macroContext,
  ok,
  pageAccess,
  twoRestrictedAncestors,
} from './macro-fixtures';
import { resolverStub } from './macro-stub';

async function loaded(view: RenderedView): Promise<void> {
  await view.waitFor((v) => !v.has('Spinner') && v.has('Heading'));
}

function panel(view: RenderedView, index: number) {
  const found = view.findAll('TabPanel')[index];
  if (found === undefined) throw new Error(`no tab panel ${String(index)}`);
  return found;
}

describe('the macro in German', () => {
  it('says who can access a restricted page, layer by layer, and checks a person', async () => {
    const stub = resolverStub({
      getPageAccess: () => ok(pageAccess(twoRestrictedAncestors, { minutesOld: 5 })),
      checkAccess: () => ok(checkAccess(twoRestrictedAncestors, dave)),
    });
    const view = await renderView(MacroApp, {
      invoke: stub.invoke,
      context: macroContext(),
      locale: 'de-DE',
    });
    await loaded(view);

    expect(view.findByText('Heading', 'Wer auf „Release plan“ zugreifen kann')).toBeDefined();
    // A fact, not a success: informational blue.
    expect(view.findByText('Lozenge', 'Beschränkt').props.appearance).toBe('inprogress');
    expect(view.has('Lozenge', 'Erbt Beschränkungen von 2 übergeordneten Elementen')).toBe(true);
    expect(view.text()).toContain('Stand: vor 5 Min.');
    expect(view.text()).toContain('Außerdem: Bereichsadministratoren können');
    expect(view.findAll('Tab').map((tab) => view.text(tab))).toEqual([
      'Wer ansehen kann',
      'Wer bearbeiten kann',
      'Person prüfen',
    ]);
    const viewing = view.text(panel(view, 0));
    expect(viewing).toContain('Um diese Seite anzusehen, muss man in jeder dieser');
    expect(viewing).toContain('Personen, die den Bereich Engineering ansehen können');
    expect(viewing).toContain('Personen, die der Ordner „Drafts“ zulässt');

    await view.fire(view.find('UserPicker'), 'onChange', {
      id: 'u-dave',
      name: 'Dave Jones',
      type: 'user',
      avatarUrl: '',
      email: '',
    });
    await view.waitFor((v) => v.has('Heading', 'Dave Jones'));
    const check = view.text(panel(view, 2));
    expect(check).toContain('Kann nicht ansehen');
    expect(check).toContain('Dave Jones hat ein aktives Konto auf dieser Website.');
    expect(check).toContain('Beschränkung geerbt von dem Ordner „Drafts“');
    expect(check).toContain('Blockiert');
    expect(view.text()).not.toContain('⟦');
  });

  it('warns about a sensitive label in German', async () => {
    const stub = resolverStub({ getPageAccess: () => ok(pageAccess(exposedConfidential)) });
    const view = await renderView(MacroApp, {
      invoke: stub.invoke,
      context: macroContext(),
      locale: 'de-DE',
    });
    await loaded(view);
    const warning = view.find('SectionMessage');
    expect(warning.props.title).toBe('Offener, als die Labels vermuten lassen');
    expect(view.text(warning)).toContain('Diese Seite hat das Label „confidential“');
    expect(view.text()).not.toContain('⟦');
  });
});
