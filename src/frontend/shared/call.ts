import { invoke } from '@forge/bridge';
import type { ResolverResult } from '../../contract/results';

/** JSON a payload may carry; nested objects carry e.g. the admin page's policy. */
export type PayloadValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly PayloadValue[]
  | { readonly [key: string]: PayloadValue };

export type Payload = Record<string, PayloadValue>;

/**
 * Calls one of our resolvers. We never ask the bridge for response metadata, so the bridge
 * hands back the resolver's own result object, which is always a `ResolverResult`.
 * Pass the function key as a string literal: the wiring test finds the keys by reading the source.
 */
export async function callResolver<T>(
  functionKey: string,
  payload?: Payload,
): Promise<ResolverResult<T>> {
  return (await invoke(functionKey, payload)) as ResolverResult<T>;
}
