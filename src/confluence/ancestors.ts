import type { AncestorChain } from './client-types';
import type { AncestorResponse } from './schemas';

export interface AncestorOptions {
  readonly type?: 'page' | 'folder';
  readonly limit?: number;
  readonly maxDepth?: number;
}

/**
 * Cloud answers an ancestors call with the `limit` nearest ancestors, so a full answer means
 * there may be more above: ask again from the highest one, until a short answer, a top that is
 * neither a page nor a folder (whose own ancestors this call cannot read), or `maxDepth`.
 */
export async function walkAncestors(
  start: { readonly id: string; readonly type: string },
  limit: number,
  maxDepth = 1_000,
  fetchWindow: (from: {
    readonly id: string;
    readonly type: string;
  }) => Promise<{ readonly results: AncestorResponse[] }>,
): Promise<AncestorChain> {
  let chain: AncestorResponse[] = [];
  let from = start;
  for (;;) {
    const body = await fetchWindow(from);
    chain = [...body.results, ...chain];
    const top = body.results[0];
    if (body.results.length < limit || top === undefined)
      return { ancestors: chain, complete: true };
    if ((top.type !== 'page' && top.type !== 'folder') || chain.length >= maxDepth) {
      return { ancestors: chain, complete: false };
    }
    from = top;
  }
}
