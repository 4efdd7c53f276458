import { checkPersonReducer, initialCheckPerson } from '../../src/frontend/macro/state/checkPerson';
import type { CheckTarget } from '../../src/frontend/macro/state/checkPerson';
import type { CheckAccessView } from '../../src/contract/results';

const dave: CheckTarget = { subject: { accountId: 'u-dave' }, label: 'Dave' };
const anonymous: CheckTarget = { subject: { anonymous: true }, label: 'An anonymous visitor' };
const decision = { allowed: false, verdict: 'denied' as const, reasons: [] };
const answer: CheckAccessView = {
  view: decision,
  edit: decision,
  subject: { kind: 'user', accountId: 'u-dave', displayName: 'Dave' },
  page: { contentType: 'page', space: { key: 'ENG', name: 'Engineering' } },
};

describe('checkPersonReducer', () => {
  it('starts idle and checks whoever is picked', () => {
    expect(initialCheckPerson.status).toBe('idle');
    expect(checkPersonReducer(initialCheckPerson, { type: 'picked', target: dave })).toEqual({
      status: 'checking',
      target: dave,
      seq: 1,
    });
  });

  it('keeps the answer of the current check', () => {
    const checking = checkPersonReducer(initialCheckPerson, { type: 'picked', target: dave });
    expect(
      checkPersonReducer(checking, {
        type: 'answered',
        seq: 1,
        result: { ok: true, data: answer },
      }),
    ).toEqual({ status: 'answered', target: dave, result: answer, seq: 1 });
  });

  it('drops the answer of a check replaced by a newer pick', () => {
    const first = checkPersonReducer(initialCheckPerson, { type: 'picked', target: dave });
    const second = checkPersonReducer(first, { type: 'picked', target: anonymous });
    expect(
      checkPersonReducer(second, { type: 'answered', seq: 1, result: { ok: true, data: answer } }),
    ).toBe(second);
  });

  it('fails with the typed error and retries the same person', () => {
    const checking = checkPersonReducer(initialCheckPerson, { type: 'picked', target: dave });
    const error = { code: 'RATE_LIMITED' as const, message: 'busy', retryAfterSeconds: 3 };
    const failed = checkPersonReducer(checking, {
      type: 'answered',
      seq: 1,
      result: { ok: false, error },
    });
    expect(failed).toEqual({ status: 'failed', target: dave, error, seq: 1 });
    expect(checkPersonReducer(failed, { type: 'retried' })).toEqual({
      status: 'checking',
      target: dave,
      seq: 2,
    });
  });

  it('turns a crash into an upstream failure, and clearing forgets everything', () => {
    const checking = checkPersonReducer(initialCheckPerson, { type: 'picked', target: anonymous });
    const crashed = checkPersonReducer(checking, { type: 'crashed', seq: 1, message: 'offline' });
    expect(crashed).toMatchObject({
      status: 'failed',
      error: { code: 'UPSTREAM', message: 'offline' },
    });
    const cleared = checkPersonReducer(crashed, { type: 'cleared' });
    expect(cleared.status).toBe('idle');
    // A late answer after clearing is dropped.
    expect(
      checkPersonReducer(cleared, { type: 'answered', seq: 1, result: { ok: true, data: answer } }),
    ).toBe(cleared);
  });

  it('ignores a retry when nothing failed', () => {
    expect(checkPersonReducer(initialCheckPerson, { type: 'retried' })).toBe(initialCheckPerson);
  });
});
