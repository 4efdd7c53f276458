import type {
  Audience,
  ResolverError,
  ResolverResult,
  WhatIfView,
} from '../../../contract/results';
import type { RestrictionOperation } from '../../../core/what-if';

/** Someone on, or to be put on, the restriction being changed. */
export interface WhatIfEntry {
  readonly kind: 'user' | 'group';
  readonly id: string;
  readonly label: string;
}

/** The change being drafted, as Confluence's restrictions dialog would make it. */
export interface WhatIfDraft {
  readonly operation: RestrictionOperation;
  readonly add: readonly WhatIfEntry[];
  /** Entries of the current restriction to take off. */
  readonly remove: readonly WhatIfEntry[];
}

/**
 * The "What if" panel: draft a change, preview it, read the answer. Editing the draft after a
 * preview keeps the answer on screen, marked as being for the earlier draft, until the next
 * preview; an answer to an older draft is dropped when it arrives.
 */
export type WhatIfState =
  | { readonly status: 'editing'; readonly draft: WhatIfDraft; readonly seq: number }
  | { readonly status: 'previewing'; readonly draft: WhatIfDraft; readonly seq: number }
  | {
      readonly status: 'previewed';
      readonly draft: WhatIfDraft;
      readonly result: WhatIfView;
      /** The draft changed since this answer. */
      readonly stale: boolean;
      readonly seq: number;
    }
  | {
      readonly status: 'failed';
      readonly draft: WhatIfDraft;
      readonly error: ResolverError;
      readonly seq: number;
    };

export type WhatIfAction =
  | { readonly type: 'operationChosen'; readonly operation: RestrictionOperation }
  | { readonly type: 'added'; readonly entry: WhatIfEntry }
  | { readonly type: 'removalToggled'; readonly entry: WhatIfEntry }
  | { readonly type: 'dropped'; readonly entry: WhatIfEntry }
  | { readonly type: 'previewRequested' }
  | { readonly type: 'answered'; readonly seq: number; readonly result: ResolverResult<WhatIfView> }
  | { readonly type: 'crashed'; readonly seq: number; readonly message: string };

export const initialWhatIf: WhatIfState = {
  status: 'editing',
  draft: { operation: 'read', add: [], remove: [] },
  seq: 0,
};

const same = (a: WhatIfEntry, b: WhatIfEntry) => a.kind === b.kind && a.id === b.id;

export function hasChange(draft: WhatIfDraft): boolean {
  return draft.add.length > 0 || draft.remove.length > 0;
}

/** The resolver's payload for a draft. */
export function previewPayload(draft: WhatIfDraft) {
  const ids = (entries: readonly WhatIfEntry[], kind: WhatIfEntry['kind']) =>
    entries.filter((e) => e.kind === kind).map((e) => e.id);
  return {
    operation: draft.operation,
    addUsers: ids(draft.add, 'user'),
    addGroups: ids(draft.add, 'group'),
    removeUsers: ids(draft.remove, 'user'),
    removeGroups: ids(draft.remove, 'group'),
  };
}

export function whatIfReducer(state: WhatIfState, action: WhatIfAction): WhatIfState {
  const edited = (draft: WhatIfDraft): WhatIfState =>
    state.status === 'previewed'
      ? { ...state, draft, stale: true }
      : { status: 'editing', draft, seq: state.seq + (state.status === 'previewing' ? 1 : 0) };
  const { draft } = state;
  switch (action.type) {
    case 'operationChosen':
      if (action.operation === draft.operation) return state;
      // The other restriction has other entries: what was drafted for one does not carry over.
      return edited({ operation: action.operation, add: [], remove: [] });
    case 'added':
      if (draft.add.some((e) => same(e, action.entry))) return state;
      return edited({ ...draft, add: [...draft.add, action.entry] });
    case 'removalToggled':
      return edited({
        ...draft,
        remove: draft.remove.some((e) => same(e, action.entry))
          ? draft.remove.filter((e) => !same(e, action.entry))
          : [...draft.remove, action.entry],
      });
    case 'dropped':
      return edited({ ...draft, add: draft.add.filter((e) => !same(e, action.entry)) });
    case 'previewRequested':
      if (!hasChange(draft) || state.status === 'previewing') return state;
      return { status: 'previewing', draft, seq: state.seq + 1 };
    case 'answered':
      if (state.status !== 'previewing' || action.seq !== state.seq) return state;
      return action.result.ok
        ? { status: 'previewed', draft, result: action.result.data, stale: false, seq: state.seq }
        : { status: 'failed', draft, error: action.result.error, seq: state.seq };
    case 'crashed':
      if (state.status !== 'previewing' || action.seq !== state.seq) return state;
      return {
        status: 'failed',
        draft,
        error: { code: 'UPSTREAM', message: action.message },
        seq: state.seq,
      };
  }
}

/** The entries of the page's own view or edit restriction, as the audience lists them. */
export function restrictionEntries(
  audience: Audience,
  operation: RestrictionOperation,
): WhatIfEntry[] {
  const formula = operation === 'read' ? audience.view : audience.edit;
  const rule = operation === 'read' ? 'own-restriction' : 'update-restriction';
  const term = formula.terms.find((t) => t.rule === rule && t.ancestor === undefined);
  if (term === undefined || 'unknown' in term.members) return [];
  return term.members.flatMap((member): WhatIfEntry[] => {
    const p = member.principal;
    if (p.kind === 'user') {
      return [{ kind: 'user', id: p.accountId, label: p.displayName ?? p.accountId }];
    }
    if (p.kind === 'group') return [{ kind: 'group', id: p.groupId, label: p.name ?? p.groupId }];
    return [];
  });
}
