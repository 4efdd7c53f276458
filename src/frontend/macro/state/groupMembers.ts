import type {
  GroupMembersPage,
  MemberSearchProgress,
  ResolverError,
  ResolverResult,
} from '../../../contract/results';

export type Member = GroupMembersPage['members'][number];

/** One call to `listGroupMembers` the view should make now. */
export interface MembersRequest {
  /** Answers are matched to the request by this number, so a late answer to an old one is dropped. */
  readonly seq: number;
  readonly query: string;
  readonly cursor?: string;
}

/**
 * An expandable group's member list: paged with "Load more", searchable. Loading happens only once
 * the group is expanded (each page costs Confluence rate-limit points), and collapsing keeps what
 * was loaded so expanding again costs nothing.
 */
export interface GroupMembersState {
  readonly open: boolean;
  readonly status: 'idle' | 'loading' | 'loading-more' | 'loaded' | 'failed';
  /** The text in the search box, not yet searched for. */
  readonly draft: string;
  /** The search the list shows ('' = everyone). */
  readonly query: string;
  readonly members: readonly Member[];
  readonly nextCursor?: string;
  /** How far the search shown got (absent for the unsearched list). */
  readonly searched?: MemberSearchProgress;
  readonly error?: ResolverError;
  /** The call to make now; cleared by its answer. */
  readonly pending?: MembersRequest;
  /** The last call made, to repeat after a failure. */
  readonly last?: MembersRequest;
  readonly seq: number;
}

export type GroupMembersAction =
  | { readonly type: 'expanded' }
  | { readonly type: 'collapsed' }
  | { readonly type: 'typed'; readonly text: string }
  | { readonly type: 'searched' }
  | { readonly type: 'more-requested' }
  | { readonly type: 'retried' }
  | {
      readonly type: 'answered';
      readonly seq: number;
      readonly result: ResolverResult<GroupMembersPage>;
    }
  | { readonly type: 'crashed'; readonly seq: number; readonly message: string };

export const initialGroupMembers: GroupMembersState = {
  open: false,
  status: 'idle',
  draft: '',
  query: '',
  members: [],
  seq: 0,
};

function request(
  state: GroupMembersState,
  query: string,
  cursor: string | undefined,
): GroupMembersState {
  const seq = state.seq + 1;
  const pending: MembersRequest = cursor === undefined ? { seq, query } : { seq, query, cursor };
  const { error: _error, searched: _searched, ...rest } = state;
  return {
    ...rest,
    ...(cursor !== undefined && state.searched !== undefined ? { searched: state.searched } : {}),
    seq,
    pending,
    last: pending,
    status: cursor === undefined ? 'loading' : 'loading-more',
    query,
    members: cursor === undefined ? [] : state.members,
  };
}

export function groupMembersReducer(
  state: GroupMembersState,
  action: GroupMembersAction,
): GroupMembersState {
  switch (action.type) {
    case 'expanded':
      if (state.status !== 'idle') return { ...state, open: true };
      return { ...request(state, '', undefined), open: true };
    case 'collapsed':
      return { ...state, open: false };
    case 'typed':
      return { ...state, draft: action.text };
    case 'searched': {
      const query = state.draft.trim();
      if (state.status === 'loaded' && query === state.query) return state;
      return request(state, query, undefined);
    }
    case 'more-requested':
      if (state.status !== 'loaded' || state.nextCursor === undefined) return state;
      return request(state, state.query, state.nextCursor);
    case 'retried':
      if (state.status !== 'failed' || state.last === undefined) return state;
      return request(state, state.last.query, state.last.cursor);
    case 'answered':
      if (action.seq !== state.pending?.seq) return state;
      if (!action.result.ok) return failed(state, action.result.error);
      return loaded(state, action.result.data);
    case 'crashed':
      if (action.seq !== state.pending?.seq) return state;
      return failed(state, { code: 'UPSTREAM', message: action.message });
  }
}

function loaded(state: GroupMembersState, page: GroupMembersPage): GroupMembersState {
  const { pending: _pending, nextCursor: _cursor, error: _error, searched: _s, ...rest } = state;
  const members =
    state.status === 'loading-more' ? [...state.members, ...page.members] : page.members;
  const base = {
    ...rest,
    status: 'loaded' as const,
    members,
    ...(page.searched === undefined ? {} : { searched: page.searched }),
  };
  return page.nextCursor === undefined ? base : { ...base, nextCursor: page.nextCursor };
}

/** A failed "load more" keeps the members already shown. */
function failed(state: GroupMembersState, error: ResolverError): GroupMembersState {
  const { pending: _pending, ...rest } = state;
  return { ...rest, status: 'failed', error };
}
