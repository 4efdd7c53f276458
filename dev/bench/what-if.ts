/**
 * `npm run bench -- what-if [--descendants 200]`: what a "What if" preview costs.
 *
 * The demo site with a tree of N pages added below Engineering Home (1000), one in ten of them
 * restricted to the engineering group, and Bob (who may restrict content in the space) previewing
 * "restrict Engineering Home to Bob and security-team". Prints one JSON line: the points and
 * requests of reading the page's access (what the macro reads anyway) and of the preview on top
 * of it, the pages considered and the pages whose audience changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { clientAudienceSource } from '../../src/access/audience-source';
import { loadPageAccess } from '../../src/access/load-page-access';
import { previewRestrictionChange } from '../../src/app/what-if';
import { ConfluenceClient } from '../../src/confluence/client';
import { fetchTransport } from '../../src/confluence/fetch-transport';
import { startSimulator } from '../simulator/server';

const VIEWER = 'u-bob';
const ROOT = '1000';

interface Content {
  id: string;
  type: string;
  spaceId: string;
  parentId: string | null;
  title: string;
  status: string;
  labels: string[];
  restrictions: Record<'read' | 'update', { users: string[]; groups: string[] }>;
  authorId: string;
  createdAt: string;
}

/** The demo site with `count` pages below Engineering Home, ten children to a page. */
export function siteWithDescendants(count: number): unknown {
  const file = join(__dirname, '..', 'fixtures', 'demo-site.json');
  const site = JSON.parse(readFileSync(file, 'utf8')) as { content: Content[] };
  const added: Content[] = [];
  for (let i = 0; i < count; i++) {
    const parentId = i < 10 ? ROOT : (added[Math.floor(i / 10) - 1]?.id ?? ROOT);
    added.push({
      id: String(900_000 + i),
      type: 'page',
      spaceId: '101',
      parentId,
      title: `Generated page ${String(i)}`,
      status: 'current',
      labels: [],
      restrictions: {
        read: { users: [], groups: i % 10 === 9 ? ['g-engineering'] : [] },
        update: { users: [], groups: [] },
      },
      authorId: VIEWER,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  }
  site.content.push(...added);
  return site;
}

export async function runWhatIfBench(argv: readonly string[]): Promise<void> {
  const opts = new Command('what-if')
    .option('--descendants <n>', 'pages added below the changed page', Number, 200)
    .parse([...argv], { from: 'user' })
    .opts<{ descendants: number }>();
  const sim = await startSimulator({
    fixture: siteWithDescendants(opts.descendants) as never,
    pointsPerHour: 1e12,
    burstPerSecond: 1e9,
  });
  try {
    const client = new ConfluenceClient(
      fetchTransport({
        baseUrl: sim.baseUrl,
        fetch: (url, init) =>
          fetch(url, {
            ...init,
            headers: {
              ...(init?.headers as Record<string, string>),
              'X-Sim-Identity': `user:${VIEWER}`,
            },
          }),
      }),
    );
    const identity = `user:${VIEWER}`;
    const counted = () => ({
      points: sim.stats().pointsByIdentity[identity] ?? 0,
      requests: sim.stats().requestsByIdentity[identity] ?? 0,
    });
    sim.resetStats();
    const loaded = await loadPageAccess(client, ROOT, { contentType: 'page' });
    const layers = counted();
    const preview = await previewRestrictionChange(
      client,
      clientAudienceSource(client),
      loaded.input,
      {
        operation: 'read',
        addUsers: [{ accountId: VIEWER }],
        addGroups: [{ groupId: 'g-security-team' }],
        removeUserIds: [],
        removeGroupIds: [],
      },
    );
    const total = counted();
    if ('unpreviewable' in preview) throw new Error('The page restriction could not be read');
    process.stdout.write(
      `${JSON.stringify({
        bench: 'what-if',
        descendants: opts.descendants,
        considered: preview.below.considered,
        changedBelow: preview.below.changed.length,
        unreadable: preview.below.unreadable,
        truncated: preview.below.truncated,
        layersPoints: layers.points,
        layersRequests: layers.requests,
        previewPoints: total.points - layers.points,
        previewRequests: total.requests - layers.requests,
      })}\n`,
    );
  } finally {
    await sim.close();
  }
}
