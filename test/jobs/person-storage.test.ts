/**
 * A person check's stored answer on the local platform, which refuses what Forge KVS refuses
 * (values over 240 KiB): an answer far larger than one value is stored in chunks, each within the
 * limit, and read back as the engine gave it.
 */
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';
import { FORGE_KVS_LIMITS } from '../../dev/forge-platform/kvs-store';
import type { PageReach, PersonReach } from '../../src/core';
import { reachItems, readReach, writeReachChunks } from '../../src/storage/person-reach';
import type { PersonRecord } from '../../src/storage/person-reach';

/** One step's part: `pages` pages of one space, each with a long title. */
function part(spaceKey: string, pages: number): PersonReach {
  const page = (i: number): PageReach => ({
    id: `${spaceKey.length}${String(i).padStart(6, '0')}`,
    type: 'page',
    title: `${spaceKey} page ${String(i)} `.repeat(8),
    spaceKey,
    view: 'denied',
    edit: 'denied',
    reasons: [],
  });
  return {
    spaces: [
      {
        key: spaceKey,
        view: 'allowed',
        edit: 'allowed',
        admin: 'denied',
        routes: [],
        unconfirmedRoutes: [],
      },
    ],
    pages: Array.from({ length: pages }, (_, i) => page(i)),
    footprint: [],
    coverage: {
      spaces: 1,
      contentRead: pages + 1,
      spacesWithoutGrants: [],
      contentGaps: [{ spaceKey, cause: 'read-failed' }],
    },
  };
}

describe('a person check’s answer in KVS', () => {
  let platform: LocalPlatform;
  beforeAll(() => {
    platform = installLocalPlatform();
  });
  afterAll(() => {
    platform.uninstall();
  });

  it('stores almost 2 MB of answer in chunks within the value limit and reads it back in order', async () => {
    const parts = [part('ENG', 6_000), part('HR', 10), part('OPS', 3_000)];
    let chunks = 0;
    for (const p of parts) {
      chunks += await platform.runAsApp(() => writeReachChunks('job-1', chunks, reachItems(p)));
    }
    const writes = platform.kvs.requests.filter((r) => r.status === 200);
    const total = writes.reduce((sum, w) => sum + w.requestBytes, 0);
    expect(total).toBeGreaterThan(1_500_000);
    expect(chunks).toBeGreaterThan(8);
    // No request failed: every value was within Forge's 240 KiB.
    expect(platform.kvs.requests.every((r) => r.status === 200)).toBe(true);
    const largest = Math.max(...writes.map((w) => w.requestBytes / Math.max(1, w.keys)));
    expect(largest).toBeLessThan(FORGE_KVS_LIMITS.maxValueBytes);

    const record = { jobId: 'job-1', chunks } as PersonRecord;
    const read = await platform.runAsApp(() => readReach(record));
    expect(read).toEqual({
      spaces: parts.flatMap((p) => p.spaces),
      pages: parts.flatMap((p) => p.pages),
      footprint: [],
      coverage: {
        spaces: 3,
        contentRead: 6_001 + 11 + 3_001,
        spacesWithoutGrants: [],
        contentGaps: parts.flatMap((p) => p.coverage.contentGaps),
      },
    });
  });

  it('reads nothing rather than part of an answer whose chunk is gone', async () => {
    const record = { jobId: 'job-1', chunks: 1_000 } as PersonRecord;
    expect(await platform.runAsApp(() => readReach(record))).toBeUndefined();
  });
});
