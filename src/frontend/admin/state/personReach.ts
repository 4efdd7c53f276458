import type { PersonCheckView, PersonExport, PersonExportFormat } from '../../../contract/person';
import type { ResolverError } from '../../../contract/results';
import type { CallOutcome } from '../../shared/pending-call';

/** How often the tab asks how far a running check has got. */
export const PERSON_POLL_MS = 2_000;

/** A call the tab asks its hook to send; `seq` guards against late answers. */
export type PersonRequest =
  | { readonly seq: number; readonly kind: 'load' | 'poll'; readonly accountId: string }
  | {
      readonly seq: number;
      readonly kind: 'start';
      readonly accountId: string;
      readonly refresh: boolean;
    }
  | {
      readonly seq: number;
      readonly kind: 'export';
      readonly accountId: string;
      readonly format: PersonExportFormat;
    };

export interface PersonReachState {
  readonly seq: number;
  /** The person picked, with the name the picker showed. */
  readonly person?: { readonly accountId: string; readonly label: string };
  readonly view?: PersonCheckView;
  readonly pending?: PersonRequest;
  readonly error?: ResolverError;
  /** A file the admin asked for, ready to save. */
  readonly file?: Extract<PersonExport, { ready: true }>;
  /** The export found no finished answer (another admin's newer check may be running). */
  readonly nothingToExport?: boolean;
}

export type PersonReachAction =
  | { readonly type: 'picked'; readonly accountId: string; readonly label: string }
  | { readonly type: 'cleared' }
  | { readonly type: 'check'; readonly refresh: boolean }
  | { readonly type: 'poll-due' }
  | { readonly type: 'export'; readonly format: PersonExportFormat }
  | { readonly type: 'file-closed' }
  | CallOutcome<PersonCheckView | PersonExport>;

export const initialPersonReach: PersonReachState = { seq: 0 };

const running = (view: PersonCheckView | undefined) =>
  view?.check?.state === 'queued' || view?.check?.state === 'running';

function ask(state: PersonReachState, request: (seq: number) => PersonRequest): PersonReachState {
  const seq = state.seq + 1;
  const { error: _error, nothingToExport: _nothing, ...rest } = state;
  return { ...rest, seq, pending: request(seq) };
}

export function personReachReducer(
  state: PersonReachState,
  action: PersonReachAction,
): PersonReachState {
  switch (action.type) {
    case 'picked':
      return ask(
        { seq: state.seq, person: { accountId: action.accountId, label: action.label } },
        (seq) => ({ seq, kind: 'load', accountId: action.accountId }),
      );
    case 'cleared':
      return { seq: state.seq + 1 };
    case 'check': {
      const person = state.person;
      if (person === undefined || running(state.view)) return state;
      const { file: _file, ...rest } = state;
      return ask(rest, (seq) => ({
        seq,
        kind: 'start',
        accountId: person.accountId,
        refresh: action.refresh,
      }));
    }
    case 'poll-due': {
      const person = state.person;
      if (person === undefined || state.pending !== undefined || !running(state.view)) {
        return state;
      }
      return ask(state, (seq) => ({ seq, kind: 'poll', accountId: person.accountId }));
    }
    case 'export': {
      const person = state.person;
      if (person === undefined || state.pending !== undefined) return state;
      return ask(state, (seq) => ({
        seq,
        kind: 'export',
        accountId: person.accountId,
        format: action.format,
      }));
    }
    case 'file-closed': {
      const { file: _file, ...rest } = state;
      return rest;
    }
    case 'answered':
    case 'crashed': {
      const pending = state.pending;
      if (pending === undefined || pending.seq !== action.seq) return state;
      const { pending: _pending, ...rest } = state;
      if (action.type === 'crashed') {
        return { ...rest, error: { code: 'UPSTREAM', message: action.message } };
      }
      if (!action.result.ok) return { ...rest, error: action.result.error };
      const data = action.result.data;
      if (pending.kind === 'export') {
        return 'ready' in data && data.ready
          ? { ...rest, file: data }
          : { ...rest, nothingToExport: true };
      }
      return 'accountId' in data ? { ...rest, view: data } : rest;
    }
  }
}

/** When to ask again: only while a check runs and nothing is in flight. */
export function nextPersonPoll(state: PersonReachState): number | undefined {
  return state.pending === undefined && running(state.view) ? PERSON_POLL_MS : undefined;
}

/** The share of spaces done, 0 to 1, for the progress bar. */
export function progressShare(view: PersonCheckView): number {
  const total = view.check?.spacesTotal;
  if (total === undefined || total === 0) return 0;
  return Math.min(1, (view.check?.spacesDone ?? 0) / total);
}
