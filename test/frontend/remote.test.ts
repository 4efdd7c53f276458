import { initialRemote, remoteReducer } from '../../src/frontend/shared/remote';
import type { Remote } from '../../src/frontend/shared/remote';

describe('remoteReducer', () => {
  const loaded: Remote<number> = { status: 'loaded', data: 1 };

  it('starts loading and goes back to loading when requested again', () => {
    expect(initialRemote).toEqual({ status: 'loading' });
    expect(remoteReducer(loaded, { type: 'requested' })).toEqual({ status: 'loading' });
  });

  it('keeps the data of a successful answer', () => {
    expect(
      remoteReducer(initialRemote, { type: 'answered', result: { ok: true, data: 7 } }),
    ).toEqual({ status: 'loaded', data: 7 });
  });

  it('keeps the typed error of a failed answer', () => {
    const error = { code: 'NOT_VISIBLE' as const, message: 'no' };
    expect(remoteReducer(loaded, { type: 'answered', result: { ok: false, error } })).toEqual({
      status: 'failed',
      error,
    });
  });

  it('turns a crash into an UPSTREAM failure with its message', () => {
    expect(remoteReducer(initialRemote, { type: 'crashed', message: 'boom' })).toEqual({
      status: 'failed',
      error: { code: 'UPSTREAM', message: 'boom' },
    });
  });
});
