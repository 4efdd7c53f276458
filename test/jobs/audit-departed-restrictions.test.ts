/**
 * Accounts that left, named on the content restrictions the audit reads: the real job on the demo
 * site, where Erin (deactivated) sits on the edit restriction of "Onboarding" (1020).
 */
import { fixLocation } from '../../src/core';
import { demoSite, useApp } from '../resolvers/app-harness';
import { allFindings, describeFinding, messageOf, runAudit, setPolicy } from './audit-helpers';

interface SiteShape {
  content: {
    id: string;
    labels: string[];
    restrictions: { read: { users: string[] }; update: { users: string[] } };
  }[];
}

describe('departed accounts on content restrictions', () => {
  const app = useApp({}, { jobs: true });

  it('reports a deactivated account on the edit and view restrictions of labelled content', async () => {
    const site = demoSite() as SiteShape;
    const onboarding = site.content.find((c) => c.id === '1020');
    const exportPage = site.content.find((c) => c.id === '1030');
    if (onboarding === undefined || exportPage === undefined) throw new Error('demo site changed');
    // Onboarding becomes sensitive, so the audit reads it; Erin also gets onto a view list.
    onboarding.labels = ['confidential'];
    // The app stays on it, or it could not read the page at all.
    exportPage.restrictions.read.users = ['u-erin', 'app-access-lens'];
    await app().replaceSite(site);
    await setPolicy(app(), { broadGroups: ['confluence-users', 'all-staff'] });
    const audit = await runAudit(app());
    expect(audit.state).toBe('completed');
    const findings = (await allFindings(app(), audit.auditId)).filter(
      (f) => f.rule === 'departed-account-access',
    );
    expect(findings.map(describeFinding)).toEqual([
      // Her space grant, as before.
      'departed-account-access ENG Erin Former (u-erin)',
      'departed-account-access ENG 1020',
      'departed-account-access ENG 1030',
    ]);
    const [, edit, view] = findings;
    expect(edit?.severity).toBe('medium');
    expect(view?.severity).toBe('low');
    expect(edit?.principal).toMatchObject({ kind: 'user', accountId: 'u-erin' });
    expect(messageOf(edit!)).toBe(
      `Erin Former (u-erin) is deactivated but is still named on the edit restriction of the page "Onboarding" in space "Engineering" (ENG). The account would be able to change this content again if it were reactivated or given access again. Take it off the content's restrictions (Restrictions, on the content).`,
    );
    expect(fixLocation(view!)).toEqual({
      kind: 'content-restrictions',
      spaceKey: 'ENG',
      contentId: '1030',
    });
    expect(audit.summary?.byRule['departed-account-access']).toBe(3);
  });
});
