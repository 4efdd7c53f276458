/**
 * The Changes tab tells a change of the site from a change of the policy or of the app's rules:
 * after a policy-only edit on the demo site (the real resolvers, audit job, local Forge platform
 * and simulator), the public space is "allowed by the policy now", never "resolved".
 */
// The fixtures install the bridge, which `@forge/bridge` captures when it loads: keep them first.
import {
  ManualTimers,
  adminStub,
  audit,
  diff,
  finding,
  history,
  ok,
  openTab,
  renderAdmin,
  status,
  eventually,
  liveAdmin,
} from './admin-fixtures';
import type { RenderedView } from '../harness/forge-ui';
import { useApp } from '../resolvers/app-harness';
import { runAudit, setPolicy } from '../jobs/audit-helpers';
import type { AuditDiffView } from '../../src/contract/admin';

function tableRows(view: RenderedView, label: string): string[] {
  const table = view.findAll('DynamicTable').find((node) => node.props.label === label);
  if (table === undefined) throw new Error(`No table ${label}`);
  return view.findAll('Row', table).map((row) => view.text(row));
}

function tableLabels(view: RenderedView): unknown[] {
  return view.findAll('DynamicTable').map((table) => table.props.label);
}

describe('admin page: what changed, with its causes (demo site)', () => {
  const app = useApp({}, { jobs: true });

  it('shows the public space as allowed by the policy after a policy-only change', async () => {
    await runAudit(app());
    await setPolicy(app(), { allowedAnonymousSpaces: ['PUBLIC'] });
    await runAudit(app());

    // No poll is due once both audits have ended; a hand-driven clock keeps it so.
    const timers = new ManualTimers();
    const view = await renderAdmin(liveAdmin(app()), timers);
    await eventually(view, (v) => v.has('Tab'));
    await openTab(view, 'Changes');
    await eventually(view, (v) => v.text().includes('Allowed by the policy now'));

    const text = view.text();
    // The site did not change: nothing new, nothing resolved.
    expect(text).toContain('0 new findings, 0 resolved findings');
    expect(tableRows(view, 'Resolved findings')).toEqual([]);
    expect(tableRows(view, 'New findings')).toEqual([]);
    expect(text).toContain('Allowed by the policy now (1)');
    expect(text).toContain('Nothing was fixed.');
    expect(tableRows(view, 'Findings the policy allows now')).toEqual([
      expect.stringMatching(/anonymous.*PUBLIC|PUBLIC.*anonymous/is),
    ]);
    // Only the group that has findings is shown.
    expect(text).not.toContain('Newly flagged by the policy');
    expect(text).not.toContain("Changed by the app's rules");
  }, 60_000);
});

describe('admin page: the groups of causes', () => {
  const second = audit({ auditId: 'a-2', startedAt: '2026-03-10T09:00:00.000Z' });
  const first = audit({ auditId: 'a-1', startedAt: '2026-03-03T09:00:00.000Z' });

  async function changes(answer: AuditDiffView) {
    const stub = adminStub({
      getAuditStatus: () => status(second),
      getAuditHistory: () => ok(history(first, second)),
      diffAudits: () => ok(answer),
    });
    const view = await renderAdmin(stub);
    await eventually(view, (v) => v.has('Tab'));
    await openTab(view, 'Changes');
    await eventually(view, (v) => !v.has('Spinner'));
    return view;
  }

  it('labels each cause apart from the changes of the site', async () => {
    const view = await changes(
      diff({
        unchanged: 3,
        flaggedByPolicy: [finding({ rule: 'guest-space-access', spaceKey: 'OPS' })],
        flaggedByRules: [finding({ rule: 'departed-account-access', spaceKey: 'ENG' })],
        droppedByRules: [
          finding({ rule: 'user-grants', spaceKey: '~alice' }),
          finding({ rule: 'user-grants', spaceKey: '~bob' }),
        ],
      }),
    );
    const text = view.text();
    expect(text).toContain('Newly flagged by the policy (1)');
    expect(text).toContain("Changed by the app's rules (3)");
    expect(text).not.toContain('Allowed by the policy now');
    expect(tableLabels(view)).toEqual([
      'New findings',
      'Resolved findings',
      'Findings newly flagged by the policy',
      'Findings flagged by the updated rules',
      'Findings the updated rules no longer report',
    ]);
    expect(tableRows(view, 'Findings the updated rules no longer report')).toHaveLength(2);
  });

  it('keeps an answer without causes as it was: nothing changed is "No changes"', async () => {
    const view = await changes(diff({ unchanged: 6 }));
    expect(view.find('EmptyState').props.header).toBe('No changes');
    expect(view.has('DynamicTable')).toBe(false);
  });
});
