import { invoke } from '@forge/bridge';
import type { ResolverResult } from '../../contract/results';

type Payload = Record<string, string | number | boolean | null | undefined | readonly string[]>;

/**
 * Calls one of our resolvers. We never ask the bridge for response metadata, so the bridge
 * hands back the resolver's own result object, which is always a `ResolverResult`.
 */
export async function callResolver<T>(
  functionKey: string,
  payload?: Payload,
): Promise<ResolverResult<T>> {
  return (await invoke(functionKey, payload)) as ResolverResult<T>;
}
