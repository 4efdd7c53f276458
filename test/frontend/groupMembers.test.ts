import {
  groupMembersReducer,
  initialGroupMembers,
} from '../../src/frontend/macro/state/groupMembers';
import type {
  GroupMembersAction,
  GroupMembersState,
} from '../../src/frontend/macro/state/groupMembers';
import type { GroupMembersPage } from '../../src/contract/results';

const page = (ids: string[], nextCursor?: string): GroupMembersPage => {
  const members = ids.map((id) => ({ accountId: id, displayName: id, markers: [] }));
  return nextCursor === undefined ? { members } : { members, nextCursor };
};

function run(...actions: GroupMembersAction[]): GroupMembersState {
  return actions.reduce(groupMembersReducer, initialGroupMembers);
}

function answer(state: GroupMembersState, data: GroupMembersPage): GroupMembersState {
  return groupMembersReducer(state, {
    type: 'answered',
    seq: state.pending!.seq,
    result: { ok: true, data },
  });
}

describe('groupMembersReducer', () => {
  it('asks for the first page only when opened', () => {
    expect(initialGroupMembers.pending).toBeUndefined();
    const opened = run({ type: 'expanded' });
    expect(opened).toMatchObject({ open: true, status: 'loading', pending: { seq: 1, query: '' } });
    expect(opened.pending).not.toHaveProperty('cursor');
  });

  it('appends "load more" pages and forgets the cursor on the last one', () => {
    let state = answer(run({ type: 'expanded' }), page(['a', 'b'], 'c2'));
    expect(state).toMatchObject({ status: 'loaded', nextCursor: 'c2' });
    expect(state.pending).toBeUndefined();

    state = groupMembersReducer(state, { type: 'more-requested' });
    expect(state).toMatchObject({ status: 'loading-more', pending: { cursor: 'c2', query: '' } });
    expect(state.members.map((m) => m.accountId)).toEqual(['a', 'b']);

    state = answer(state, page(['c']));
    expect(state.members.map((m) => m.accountId)).toEqual(['a', 'b', 'c']);
    expect(state.nextCursor).toBeUndefined();
    expect(groupMembersReducer(state, { type: 'more-requested' })).toBe(state);
  });

  it('searches for the trimmed draft from the first page, and not twice for the same query', () => {
    let state = answer(run({ type: 'expanded' }), page(['a'], 'c2'));
    state = groupMembersReducer(state, { type: 'typed', text: '  ali ' });
    expect(state.pending).toBeUndefined();
    state = groupMembersReducer(state, { type: 'searched' });
    expect(state).toMatchObject({ status: 'loading', query: 'ali', members: [] });
    expect(state.pending).toEqual({ seq: 2, query: 'ali' });
    state = answer(state, page(['alice']));
    expect(groupMembersReducer(state, { type: 'searched' })).toBe(state);
  });

  it('drops an answer to a request that was replaced', () => {
    let state = run({ type: 'expanded' }, { type: 'typed', text: 'bo' }, { type: 'searched' });
    const stale = groupMembersReducer(state, {
      type: 'answered',
      seq: 1,
      result: { ok: true, data: page(['everyone']) },
    });
    expect(stale).toBe(state);
    state = answer(state, page(['bob']));
    expect(state.members.map((m) => m.accountId)).toEqual(['bob']);
  });

  it('keeps loaded members when "load more" fails, and retries the same page', () => {
    let state = answer(run({ type: 'expanded' }), page(['a'], 'c2'));
    state = groupMembersReducer(state, { type: 'more-requested' });
    const error = { code: 'RATE_LIMITED' as const, message: 'busy', retryAfterSeconds: 5 };
    state = groupMembersReducer(state, {
      type: 'answered',
      seq: state.pending!.seq,
      result: { ok: false, error },
    });
    expect(state).toMatchObject({ status: 'failed', error, nextCursor: 'c2' });
    expect(state.members).toHaveLength(1);

    state = groupMembersReducer(state, { type: 'retried' });
    expect(state).toMatchObject({ status: 'loading-more', pending: { cursor: 'c2' } });
    expect(state.error).toBeUndefined();
  });

  it('turns a crash into an upstream failure', () => {
    const state = run({ type: 'expanded' });
    expect(
      groupMembersReducer(state, { type: 'crashed', seq: 1, message: 'network down' }),
    ).toMatchObject({ status: 'failed', error: { code: 'UPSTREAM', message: 'network down' } });
  });

  it('collapses without losing what was loaded, and reopens without asking again', () => {
    const loaded = answer(run({ type: 'expanded' }), page(['a']));
    expect(initialGroupMembers.open).toBe(false);
    const closed = groupMembersReducer(loaded, { type: 'collapsed' });
    expect(closed).toMatchObject({ open: false, status: 'loaded' });
    const again = groupMembersReducer(closed, { type: 'expanded' });
    expect(again).toMatchObject({ open: true, status: 'loaded' });
    expect(again.pending).toBeUndefined();
  });
});
