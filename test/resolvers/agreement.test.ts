/**
 * The engine and the simulator are independent implementations of DESIGN.md §3. For every page
 * of the demo site and every named user, the macro's `checkAccess` (engine, fed with what a
 * viewer may read) must give the answer the simulator itself enforces.
 */
import { demoSite, useApp } from './app-harness';

interface DemoSite {
  users: { accountId: string; displayName: string }[];
  content: { id: string; type: string; title: string }[];
}

const site = demoSite() as DemoSite;
const NAMED = site.users.filter(
  (u) => !/^u-\d+$/.test(u.accountId) && !u.accountId.startsWith('u-staff'),
);
const PAGES = site.content.filter((c) => c.type === 'page');

async function simGet(baseUrl: string, accountId: string, path: string): Promise<number> {
  const res = await fetch(`${baseUrl}${path}`, {
    headers: { 'X-Sim-Identity': `user:${accountId}` },
  });
  await res.text();
  return res.status;
}

async function simCanEdit(baseUrl: string, pageId: string, accountId: string): Promise<boolean> {
  // Asked as the app, which the simulator lets check anyone: its own enforcement of "update".
  const res = await fetch(`${baseUrl}/wiki/rest/api/content/${pageId}/permission/check`, {
    method: 'POST',
    headers: { 'X-Sim-Identity': 'app', 'Content-Type': 'application/json' },
    body: JSON.stringify({ subject: { type: 'user', identifier: accountId }, operation: 'update' }),
  });
  return ((await res.json()) as { hasPermission: boolean }).hasPermission;
}

describe('engine ↔ simulator agreement on the demo site', () => {
  const app = useApp({ pointsPerHour: 100_000_000, burstPerSecond: 1_000_000 });

  it('has named users and pages to compare', () => {
    expect(NAMED.length).toBeGreaterThanOrEqual(6);
    expect(PAGES.length).toBeGreaterThanOrEqual(20);
  });

  it('agrees for every (page, named user) pair that some named user can inspect', async () => {
    const { baseUrl } = app().sim;
    const mismatches: string[] = [];
    let compared = 0;
    for (const page of PAGES) {
      const path = `/wiki/api/v2/pages/${page.id}`;
      const readers: string[] = [];
      for (const user of NAMED)
        if ((await simGet(baseUrl, user.accountId, path)) === 200) readers.push(user.accountId);
      const viewer = readers[0];
      if (viewer === undefined) continue;
      for (const subject of NAMED) {
        const result = (await app().call(
          { accountId: viewer },
          'checkAccess',
          { accountId: subject.accountId },
          {
            moduleKey: 'access-lens-macro',
            contentId: page.id,
          },
        )) as { ok: boolean; data?: { view: { allowed: boolean }; edit: { allowed: boolean } } };
        if (!result.ok || !result.data) {
          mismatches.push(`${page.id} ${subject.accountId}: ${JSON.stringify(result)}`);
          continue;
        }
        const canView = readers.includes(subject.accountId);
        const canEdit = await simCanEdit(baseUrl, page.id, subject.accountId);
        compared += 1;
        if (result.data.view.allowed !== canView) {
          mismatches.push(
            `${page.id} "${page.title}" view ${subject.accountId}: engine ${result.data.view.allowed}, simulator ${canView}`,
          );
        }
        if (result.data.edit.allowed !== canEdit) {
          mismatches.push(
            `${page.id} "${page.title}" edit ${subject.accountId}: engine ${result.data.edit.allowed}, simulator ${canEdit}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(150);
  });
});
