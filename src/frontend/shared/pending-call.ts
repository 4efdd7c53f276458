import { useEffect } from 'react';
import type { ResolverResult } from '../../contract/results';
import { crashMessage } from './remote';

/**
 * The stale-answer guard of every view that calls a resolver: each request carries a number,
 * `seq`, and its outcome comes back with the same number. Whoever keeps the state (a reducer, or
 * `useResolver`'s latest-call counter) accepts an outcome only while its `seq` is still the
 * request it waits for, so a late answer to a superseded request never reaches the screen.
 */
export type CallOutcome<T> =
  | { readonly type: 'answered'; readonly seq: number; readonly result: ResolverResult<T> }
  | { readonly type: 'crashed'; readonly seq: number; readonly message: string };

/** A request a reducer asks its view to send. */
export interface SeqRequest {
  readonly seq: number;
}

/**
 * The guard's test: whether `outcome` answers the request still awaited (`awaited`: that
 * request's seq, or undefined when none is). Anything else is a late answer, to be dropped.
 */
export function isAwaited(outcome: { readonly seq: number }, awaited: number | undefined): boolean {
  return awaited !== undefined && outcome.seq === awaited;
}

/** Waits for `call` and hands its outcome, answer or crash, to `report` tagged with `seq`. */
export function reportOutcome<T>(
  seq: number,
  call: Promise<ResolverResult<T>>,
  report: (outcome: CallOutcome<T>) => void,
): void {
  call
    .then((result) => {
      report({ type: 'answered', seq, result });
    })
    .catch((error: unknown) => {
      report({ type: 'crashed', seq, message: crashMessage(error) });
    });
}

/**
 * Sends the request a reducer holds as `pending` whenever it asks for a new one, and reports the
 * outcome tagged with the request's `seq`. `send` and `report` must keep their identity between
 * renders (a module function, `dispatch`, or a `useCallback`): a new `send` sends again.
 */
export function usePendingCall<R extends SeqRequest, T>(
  pending: R | undefined,
  send: (request: R) => Promise<ResolverResult<T>>,
  report: (outcome: CallOutcome<T>) => void,
): void {
  useEffect(() => {
    if (pending === undefined) return;
    reportOutcome(pending.seq, send(pending), report);
  }, [pending, send, report]);
}
