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

describe('remoteReducer refreshes', () => {
  const loaded: Remote<number> = { status: 'loaded', data: 1 };
  const refreshing = remoteReducer(loaded, { type: 'refreshing' });

  it('keeps the data on screen while refreshing', () => {
    expect(refreshing).toEqual({ status: 'loaded', data: 1, refreshing: true });
    expect(remoteReducer(initialRemote, { type: 'refreshing' })).toEqual({ status: 'loading' });
  });

  it('replaces the data with the new answer', () => {
    expect(remoteReducer(refreshing, { type: 'answered', result: { ok: true, data: 2 } })).toEqual({
      status: 'loaded',
      data: 2,
    });
  });

  it('keeps the old data next to a passing failure', () => {
    const error = { code: 'RATE_LIMITED' as const, message: 'busy', retryAfterSeconds: 8 };
    expect(remoteReducer(refreshing, { type: 'answered', result: { ok: false, error } })).toEqual({
      status: 'loaded',
      data: 1,
      refreshError: error,
    });
    expect(remoteReducer(refreshing, { type: 'crashed', message: 'offline' })).toEqual({
      status: 'loaded',
      data: 1,
      refreshError: { code: 'UPSTREAM', message: 'offline' },
    });
  });

  it('drops the data when the refresh says the viewer may no longer see it', () => {
    for (const code of ['NOT_VISIBLE', 'FORBIDDEN', 'BAD_REQUEST'] as const) {
      const error = { code, message: 'no' };
      expect(remoteReducer(refreshing, { type: 'answered', result: { ok: false, error } })).toEqual(
        { status: 'failed', error },
      );
    }
  });
});
