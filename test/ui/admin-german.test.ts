/**
 * The admin page in German, through the real reconciler with the translations the Forge CLI
 * bundles: every word from the de-DE catalogue (no `⟦key⟧` marker anywhere), findings worded
 * from their data.
 */
import type { RenderedView } from '../harness/forge-ui';
import {
  ADMIN,
  adminLoaded,
  adminStub,
  audit,
  ok,
  openPanelText,
  openTab,
  policy,
  renderAdmin,
  reportPage,
  status,
} from './admin-fixtures';
import { auditSpace, summarizeFindings } from '../../src/core';
import type { SpaceAuditInput } from '../../src/core';

const ENG: SpaceAuditInput = {
  space: { id: '1', key: 'ENG', name: 'Engineering' },
  grants: [
    { principal: { kind: 'anonymous' }, operation: { key: 'read', targetType: 'space' } },
    {
      principal: { kind: 'user', accountId: 'u-dave', displayName: 'Dave' },
      operation: { key: 'read', targetType: 'space' },
    },
  ],
  labelledContent: [
    {
      id: '4242',
      title: 'Gehälter',
      type: 'page',
      labels: ['confidential'],
      read: { users: [], groups: [] },
      ancestors: [],
    },
  ],
};
const FINDINGS = auditSpace(ENG, policy());

/** Every string the page holds: its text and the props that carry words (titles, labels). */
function everything(view: RenderedView): string {
  const seen = new Set<unknown>();
  const strings: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      strings.push(value);
      return;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    for (const inner of Object.values(value)) visit(inner);
  };
  visit(view.doc);
  return strings.join('\n');
}

async function germanAdmin() {
  const stub = adminStub({
    getViewer: () => ok(ADMIN),
    getAuditStatus: () => status(audit({ summary: summarizeFindings(FINDINGS) })),
    getAuditReport: () => ok(reportPage(FINDINGS)),
    getSettings: () => ok({ policy: policy() }),
  });
  const view = await renderAdmin(stub, undefined, 'de-DE');
  await adminLoaded(view);
  await view.settle();
  return view;
}

describe('the admin page in German', () => {
  it('shows the overview in German', async () => {
    const view = await germanAdmin();
    const tabs = view.findAll('Tab').map((tab) => view.text(tab));
    expect(tabs).toEqual(['Übersicht', 'Befunde', 'Änderungen', 'Richtlinien', 'Person']);
    const text = openPanelText(view);
    expect(text).toContain('Letztes Audit');
    expect(text).toContain('4 von 4 Bereichen geprüft (100 %)');
    expect(text).toContain('Bereiche mit den meisten Befunden');
    expect(view.find('SectionMessage').props.title).toBe('Das Audit ist abgeschlossen');
    // Props carry words too: the chart's title, the table's label.
    expect(everything(view)).toContain('Befunde nach Schwere');
    expect(everything(view)).not.toContain('⟦');
  });

  it('words the findings from their data, in German', async () => {
    const view = await germanAdmin();
    await openTab(view, 'Befunde');
    await view.waitFor((v) => v.has('DynamicTable'));
    const text = openPanelText(view);
    expect(text).toContain('Bereich für anonyme Besucher offen');
    expect(text).toContain(
      'Bereich „Engineering“ (ENG) kann von anonymen Besuchern angesehen werden.',
    );
    expect(text).toContain(
      'Seite „Gehälter“ im Bereich „Engineering“ (ENG) ist mit „confidential“',
    );
    expect(text).toContain('Dave (u-dave) hat die Bereichsberechtigung Anzeigen im Bereich');
    expect(text).toContain('Hoch');
    expect(everything(view)).not.toContain('⟦');
  });

  it('shows the policies in German', async () => {
    const view = await germanAdmin();
    await openTab(view, 'Richtlinien');
    await view.waitFor((v) => v.has('Form'));
    const text = openPanelText(view);
    expect(text).toContain('Sensible Labels');
    expect(text).toContain('Audit-Zeitplan');
    expect(text).toContain('Richtlinie speichern');
    expect(everything(view)).not.toContain('⟦');
  });
});
