/**
 * A stand-in for the macro's resolvers in UI tests: answers each function key from a handler and
 * records every call, so tests assert what the view asked for and how often.
 */
import type { ResolverResult } from '../../src/contract/results';

export interface Call {
  readonly key: string;
  readonly payload: unknown;
}

type Answer = (payload: unknown) => ResolverResult<unknown> | Promise<ResolverResult<unknown>>;

export function resolverStub(answers: Readonly<Record<string, Answer>>) {
  const calls: Call[] = [];
  const invoke = async (key: string, payload: unknown): Promise<unknown> => {
    calls.push({ key, payload });
    const answer = answers[key];
    if (answer === undefined) throw new Error(`Unexpected resolver call '${key}'`);
    return answer(payload);
  };
  const callsOf = (key: string) => calls.filter((call) => call.key === key);
  return { invoke, calls, callsOf };
}

export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
