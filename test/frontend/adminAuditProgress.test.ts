import {
  MAX_POLL_INTERVAL_MS,
  POLL_INTERVAL_MS,
  auditProgressReducer,
  canCancel,
  canStart,
  initialAuditProgress,
  nextPollDelay,
} from '../../src/frontend/admin/state/auditProgress';
import type {
  AuditProgressAction,
  AuditProgressState,
} from '../../src/frontend/admin/state/auditProgress';
import type { AuditProgress, AuditStatusView } from '../../src/contract/admin';
import type { ResolverError, ResolverResult } from '../../src/contract/results';

const progress = (overrides: Partial<AuditProgress> = {}): AuditProgress => ({
  auditId: 'a-1',
  state: 'running',
  startedAt: '2026-03-10T09:00:00.000Z',
  startedBy: 'u-alice',
  spacesDone: 1,
  spacesTotal: 4,
  pointsUsed: 10,
  pointsBudget: 100,
  ...overrides,
});

const busy: ResolverError = { code: 'RATE_LIMITED', message: 'Busy.', retryAfterSeconds: 20 };

function answer(state: AuditProgressState, result: ResolverResult<AuditStatusView>) {
  return auditProgressReducer(state, { type: 'answered', seq: state.pending!.seq, result });
}

const okStatus = (audit: AuditProgress | null): ResolverResult<AuditStatusView> => ({
  ok: true,
  data: { audit },
});

function run(state: AuditProgressState, ...actions: AuditProgressAction[]) {
  return actions.reduce(auditProgressReducer, state);
}

describe('auditProgressReducer', () => {
  const runningState = answer(initialAuditProgress, okStatus(progress()));

  it('loads the latest audit first and polls only while it is active', () => {
    expect(initialAuditProgress.pending).toEqual({ seq: 1, kind: 'load' });
    expect(nextPollDelay(initialAuditProgress)).toBeUndefined();
    expect(runningState).toMatchObject({ status: 'ready', audit: { state: 'running' } });
    expect(nextPollDelay(runningState)).toBe(POLL_INTERVAL_MS);

    const polling = run(runningState, { type: 'poll-due' });
    expect(polling.pending).toEqual({ seq: 2, kind: 'poll', auditId: 'a-1' });
    expect(nextPollDelay(polling)).toBeUndefined();
    // A second timer firing while a poll is out asks for nothing more.
    expect(run(polling, { type: 'poll-due' })).toBe(polling);

    const done = answer(polling, okStatus(progress({ state: 'completed', spacesDone: 4 })));
    expect(nextPollDelay(done)).toBeUndefined();
    expect(run(done, { type: 'poll-due' })).toBe(done);
  });

  it('never polls before the first audit, and starts one only when none is running', () => {
    const none = answer(initialAuditProgress, okStatus(null));
    expect(nextPollDelay(none)).toBeUndefined();
    expect(canStart(none)).toBe(true);
    const starting = run(none, { type: 'start-requested' });
    expect(starting.pending).toEqual({ seq: 2, kind: 'start' });
    expect(canStart(starting)).toBe(false);
    expect(run(starting, { type: 'start-requested' })).toBe(starting);
    expect(canStart(runningState)).toBe(false);
    expect(run(runningState, { type: 'start-requested' })).toBe(runningState);
  });

  it('slows polling down on passing failures and keeps the audit on screen', () => {
    const polling = run(runningState, { type: 'poll-due' });
    const limited = answer(polling, { ok: false, error: busy });
    expect(limited).toMatchObject({ status: 'ready', failedCall: 'poll', error: busy });
    expect(limited.audit).toEqual(progress());
    expect(nextPollDelay(limited)).toBe(20_000);

    let state = limited;
    for (let i = 0; i < 10; i++) {
      state = answer(run(state, { type: 'poll-due' }), {
        ok: false,
        error: { code: 'UPSTREAM', message: 'down' },
      });
    }
    expect(nextPollDelay(state)).toBe(MAX_POLL_INTERVAL_MS);

    const recovered = answer(run(state, { type: 'poll-due' }), okStatus(progress()));
    expect(recovered.error).toBeUndefined();
    expect(nextPollDelay(recovered)).toBe(POLL_INTERVAL_MS);
  });

  it('stops on a refusal that will not pass', () => {
    const polling = run(runningState, { type: 'poll-due' });
    const refused = answer(polling, {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Admins only.' },
    });
    expect(refused.status).toBe('failed');
    expect(nextPollDelay(refused)).toBeUndefined();
    expect(run(refused, { type: 'retried' })).toMatchObject({
      status: 'loading',
      pending: { kind: 'load' },
    });
  });

  it('cancels: supersedes a poll, stays "cancelling" until the audit stops', () => {
    const polling = run(runningState, { type: 'poll-due' });
    const cancelling = run(polling, { type: 'cancel-requested' });
    expect(cancelling.pending).toEqual({ seq: 3, kind: 'cancel', auditId: 'a-1' });
    expect(canCancel(cancelling)).toBe(false);
    // The superseded poll's answer is dropped.
    const late = auditProgressReducer(cancelling, {
      type: 'answered',
      seq: 2,
      result: okStatus(progress({ spacesDone: 2 })),
    });
    expect(late).toBe(cancelling);

    const stillRunning = answer(cancelling, okStatus(progress({ spacesDone: 2 })));
    expect(stillRunning.cancelling).toBe(true);
    expect(nextPollDelay(stillRunning)).toBe(POLL_INTERVAL_MS);
    const polledAgain = answer(run(stillRunning, { type: 'poll-due' }), okStatus(progress()));
    expect(polledAgain.cancelling).toBe(true);

    const stopped = answer(
      run(polledAgain, { type: 'poll-due' }),
      okStatus(progress({ state: 'cancelled' })),
    );
    expect(stopped.cancelling).toBe(false);
    expect(canStart(stopped)).toBe(true);
  });

  it('a refused cancel or start leaves the audit as it was', () => {
    const cancelling = run(runningState, { type: 'cancel-requested' });
    const refused = answer(cancelling, { ok: false, error: busy });
    expect(refused).toMatchObject({ status: 'ready', cancelling: false, failedCall: 'cancel' });
    expect(refused.audit).toEqual(progress());
    expect(canCancel(refused)).toBe(true);

    const none = answer(initialAuditProgress, okStatus(null));
    const crashed = auditProgressReducer(run(none, { type: 'start-requested' }), {
      type: 'crashed',
      seq: 2,
      message: 'offline',
    });
    expect(crashed).toMatchObject({
      status: 'ready',
      audit: null,
      failedCall: 'start',
      error: { code: 'UPSTREAM', message: 'offline' },
    });
    // Trying again clears the old error.
    expect(run(crashed, { type: 'start-requested' }).error).toBeUndefined();
  });

  it('a failed first load can be retried; retry does nothing otherwise', () => {
    const failed = answer(initialAuditProgress, { ok: false, error: busy });
    expect(failed).toMatchObject({ status: 'failed', failedCall: 'load' });
    expect(run(failed, { type: 'retried' }).pending).toEqual({ seq: 2, kind: 'load' });
    expect(run(runningState, { type: 'retried' })).toBe(runningState);
  });

  it('a new audit started elsewhere is not marked as cancelling', () => {
    const cancelling = answer(
      run(runningState, { type: 'cancel-requested' }),
      okStatus(progress()),
    );
    const other = answer(
      run(cancelling, { type: 'poll-due' }),
      okStatus(progress({ auditId: 'a-2' })),
    );
    expect(other.cancelling).toBe(false);
  });
});
