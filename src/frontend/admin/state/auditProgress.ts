import type { AuditProgress, AuditStatusView } from '../../../contract/admin';
import type { ResolverError, ResolverResult } from '../../../contract/results';
import { isActive } from '../wording';

/**
 * How often the page asks for progress while an audit runs and the server still trusts its word
 * that the caller is a Confluence admin (`adminCheck.freshForMs`): such a poll reads app storage
 * only and costs no rate-limit points.
 */
export const POLL_INTERVAL_MS = 5000;
/**
 * The least time between two polls that make the server ask Confluence again whether the caller
 * is an admin (user/current: 3 points from the app's shared pool). The server trusts a "yes" for
 * a minute, so the page polls every 5 s for that minute, then waits until two minutes have passed
 * since Confluence was asked: at most 30 askings, 90 points, an hour per open tab (at 5 s with no
 * trusted verdict it was 720 askings, 2,160 points).
 */
export const RECHECK_SPACING_MS = 120_000;
/** A poll is counted as free only if the verdict is still trusted this long after it is due. */
const FRESHNESS_MARGIN_MS = 1000;
/** The longest wait between polls after failures, so progress never stalls for long. */
export const MAX_POLL_INTERVAL_MS = 60_000;

/** One call the view should make now. Answers are matched by `seq`, so late answers are dropped. */
export type AuditRequest =
  | { readonly seq: number; readonly kind: 'load' }
  | { readonly seq: number; readonly kind: 'start' }
  | { readonly seq: number; readonly kind: 'poll'; readonly auditId: string }
  | { readonly seq: number; readonly kind: 'cancel'; readonly auditId: string };

/**
 * The latest audit and the "run audit now" controls: first load, starting, polling while the audit
 * runs (slowing down when Confluence or the app is busy), cancelling.
 */
export interface AuditProgressState {
  /** `failed`: the first load failed, or a poll was refused for a reason that won't pass. */
  readonly status: 'loading' | 'ready' | 'failed';
  /** The latest audit; `null` before the first one. */
  readonly audit: AuditProgress | null;
  readonly pending?: AuditRequest;
  readonly seq: number;
  /** Why the last call failed. With `ready`, shown next to the audit, which stays on screen. */
  readonly error?: ResolverError;
  /** Which call failed, so the message can say what didn't happen. */
  readonly failedCall?: AuditRequest['kind'];
  /** Cancel was asked for and the audit hasn't stopped yet. */
  readonly cancelling: boolean;
  /** How long to wait before the next poll. */
  readonly pollDelayMs: number;
  /** When the progress on screen was read (ISO time, the server's clock), when known. */
  readonly asOf?: string;
}

export type AuditProgressAction =
  | { readonly type: 'retried' }
  | { readonly type: 'start-requested' }
  | { readonly type: 'cancel-requested' }
  | { readonly type: 'poll-due' }
  | {
      readonly type: 'answered';
      readonly seq: number;
      readonly result: ResolverResult<AuditStatusView>;
    }
  | { readonly type: 'crashed'; readonly seq: number; readonly message: string };

export const initialAuditProgress: AuditProgressState = {
  status: 'loading',
  audit: null,
  pending: { seq: 1, kind: 'load' },
  seq: 1,
  cancelling: false,
  pollDelayMs: POLL_INTERVAL_MS,
};

/**
 * How long to wait after a successful answer: the usual interval while the caller's admin verdict
 * stays trusted past the next poll, else until RECHECK_SPACING_MS after Confluence was last asked.
 * Answers without `adminCheck` (earlier versions) keep the usual interval.
 */
export function pollDelayAfter(view: AuditStatusView): number {
  const check = view.adminCheck;
  if (check === undefined) return POLL_INTERVAL_MS;
  if (check.freshForMs >= POLL_INTERVAL_MS + FRESHNESS_MARGIN_MS) return POLL_INTERVAL_MS;
  return Math.max(POLL_INTERVAL_MS, RECHECK_SPACING_MS - check.ageMs);
}

/** The state once the page's start-up call answered the latest audit (`getAdminOverview`). */
export function auditProgressFrom(view: AuditStatusView): AuditProgressState {
  const { pending: _pending, ...idle } = initialAuditProgress;
  return answered({ ...idle, seq: 1 }, view);
}

/** How long to wait before the next poll, or undefined when nothing should be polled now. */
export function nextPollDelay(state: AuditProgressState): number | undefined {
  if (state.status !== 'ready' || state.pending !== undefined || state.audit === null) {
    return undefined;
  }
  return isActive(state.audit.state) ? state.pollDelayMs : undefined;
}

/** The button is offered only when it can do something. */
export function canStart(state: AuditProgressState): boolean {
  return (
    state.status === 'ready' &&
    state.pending?.kind !== 'start' &&
    (state.audit === null || !isActive(state.audit.state))
  );
}

export function canCancel(state: AuditProgressState): boolean {
  return (
    state.status === 'ready' &&
    state.audit !== null &&
    isActive(state.audit.state) &&
    !state.cancelling
  );
}

function withRequest(
  state: AuditProgressState,
  request: (seq: number) => AuditRequest,
): AuditProgressState {
  const seq = state.seq + 1;
  const { error: _error, failedCall: _failedCall, ...rest } = state;
  return { ...rest, seq, pending: request(seq) };
}

/** Failures that say nothing about the admin's right to see the audit. */
function isPassing(error: ResolverError): boolean {
  return error.code === 'RATE_LIMITED' || error.code === 'UPSTREAM';
}

export function auditProgressReducer(
  state: AuditProgressState,
  action: AuditProgressAction,
): AuditProgressState {
  switch (action.type) {
    case 'retried':
      if (state.status !== 'failed') return state;
      return {
        ...withRequest(state, (seq) => ({ seq, kind: 'load' })),
        status: 'loading',
        pollDelayMs: POLL_INTERVAL_MS,
      };
    case 'start-requested':
      if (!canStart(state)) return state;
      return withRequest(state, (seq) => ({ seq, kind: 'start' }));
    case 'cancel-requested': {
      const audit = state.audit;
      if (audit === null || !canCancel(state)) return state;
      // A poll under way is superseded: its answer would only show the audit still running.
      return {
        ...withRequest(state, (seq) => ({ seq, kind: 'cancel', auditId: audit.auditId })),
        cancelling: true,
      };
    }
    case 'poll-due': {
      const audit = state.audit;
      if (audit === null || nextPollDelay(state) === undefined) return state;
      return withRequest(state, (seq) => ({ seq, kind: 'poll', auditId: audit.auditId }));
    }
    case 'answered':
      if (state.pending === undefined || action.seq !== state.pending.seq) return state;
      if (action.result.ok) return answered(state, action.result.data);
      return failed(state, state.pending, action.result.error);
    case 'crashed':
      if (state.pending === undefined || action.seq !== state.pending.seq) return state;
      return failed(state, state.pending, { code: 'UPSTREAM', message: action.message });
  }
}

function answered(state: AuditProgressState, view: AuditStatusView): AuditProgressState {
  const { pending, error: _error, failedCall: _failedCall, asOf: _asOf, ...rest } = state;
  const stillRunning = view.audit !== null && isActive(view.audit.state);
  return {
    ...rest,
    status: 'ready',
    audit: view.audit,
    // A new audit (started here or elsewhere) has not been asked to stop.
    cancelling:
      stillRunning &&
      (pending?.kind === 'cancel' ||
        (state.cancelling && view.audit.auditId === state.audit?.auditId)),
    pollDelayMs: pollDelayAfter(view),
    ...(view.asOf === undefined ? {} : { asOf: view.asOf }),
  };
}

function failed(
  state: AuditProgressState,
  request: AuditRequest,
  error: ResolverError,
): AuditProgressState {
  const { pending: _pending, ...rest } = state;
  if (request.kind === 'load') return { ...rest, status: 'failed', error, failedCall: 'load' };
  if (request.kind === 'poll') {
    if (!isPassing(error)) return { ...rest, status: 'failed', error, failedCall: 'poll' };
    // Keep polling, more slowly: Confluence's Retry-After when it gave one, else doubling.
    const retryAfterMs =
      error.retryAfterSeconds === undefined ? 0 : Math.ceil(error.retryAfterSeconds * 1000);
    const backedOff = Math.min(state.pollDelayMs * 2, MAX_POLL_INTERVAL_MS);
    return {
      ...rest,
      error,
      failedCall: 'poll',
      pollDelayMs: Math.max(backedOff, retryAfterMs),
    };
  }
  // A refused start or cancel leaves the audit as it was.
  return {
    ...rest,
    error,
    failedCall: request.kind,
    cancelling: request.kind === 'cancel' ? false : state.cancelling,
  };
}
