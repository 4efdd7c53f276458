/** The hourly scheduled trigger starts an audit only when the policy's schedule says it is due. */
import { auditSchedule } from '../../src/index';
import { useApp } from '../resolvers/app-harness';
import { runAudit, setPolicy } from './audit-helpers';

describe('scheduled audits', () => {
  const app = useApp({}, { jobs: true });
  const fire = () => app().platform.runAsApp(() => auditSchedule());
  const HOUR = 3_600_000;

  it('does nothing while the schedule is off', async () => {
    await expect(fire()).resolves.toEqual({ started: false, reason: 'off' });
    expect(app().platform.queues.listJobs()).toEqual([]);
  });

  it('runs daily: once, then again a day later, as "schedule"', async () => {
    await setPolicy(app(), { schedule: 'daily' });
    const first = await fire();
    expect(first).toMatchObject({ started: true });
    // Still running: the latest audit is recent, so it is not due either way.
    await expect(fire()).resolves.toEqual({ started: false, reason: 'not-due' });
    await app().drain();
    await expect(fire()).resolves.toEqual({ started: false, reason: 'not-due' });
    app().platform.queues.advance(23 * HOUR);
    await expect(fire()).resolves.toEqual({ started: false, reason: 'not-due' });
    app().platform.queues.advance(HOUR);
    await expect(fire()).resolves.toMatchObject({ started: true });
    await app().drain();
  });

  it('runs weekly, counting an audit started by hand', async () => {
    await setPolicy(app(), { schedule: 'weekly' });
    app().platform.queues.advance(48 * HOUR);
    const manual = await runAudit(app());
    expect(manual.startedBy).toBe('u-alice');
    app().platform.queues.advance(6 * 24 * HOUR);
    await expect(fire()).resolves.toEqual({ started: false, reason: 'not-due' });
    app().platform.queues.advance(24 * HOUR);
    await expect(fire()).resolves.toMatchObject({ started: true });
  });
});
