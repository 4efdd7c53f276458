/** The version chain under the policy: FAIL_IF_EXISTS claims, a lagging head, re-validation. */
import { kvs } from '@forge/kvs';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';
import { DEFAULT_POLICY } from '../../src/core';
import {
  POLICY_HEAD_KEY,
  loadPolicy,
  policyVersionKey,
  savePolicy,
} from '../../src/storage/settings';

describe('policy storage', () => {
  let platform: LocalPlatform;
  beforeEach(() => {
    platform = installLocalPlatform();
  });
  afterEach(() => {
    platform.uninstall();
  });

  const run = <T>(fn: () => Promise<T>) => platform.runAsApp(fn);

  it('finds a version whose save stopped before moving the head', async () => {
    await run(() => savePolicy({ ...DEFAULT_POLICY, schedule: 'daily' }));
    // Another save claimed version 2 and crashed before updating the head.
    await run(() =>
      kvs.set(policyVersionKey(2), { ...DEFAULT_POLICY, version: 2, schedule: 'weekly' }),
    );
    expect(await run(() => kvs.get(POLICY_HEAD_KEY))).toEqual({ version: 1 });
    const current = await run(loadPolicy);
    expect(current).toMatchObject({ version: 2, schedule: 'weekly' });
    // A save based on version 1 is refused; one based on 2 claims 3.
    expect(await run(() => savePolicy({ ...DEFAULT_POLICY, version: 1 }))).toEqual({
      saved: false,
      current,
    });
    expect(await run(() => savePolicy({ ...current, schedule: 'off' }))).toMatchObject({
      saved: true,
      policy: { version: 3, schedule: 'off' },
    });
  });

  it('loses a race for the same version to whoever claimed it first, writing nothing', async () => {
    const [a, b] = await run(() =>
      Promise.all([
        savePolicy({ ...DEFAULT_POLICY, broadGroups: ['a'] }),
        savePolicy({ ...DEFAULT_POLICY, broadGroups: ['b'] }),
      ]),
    );
    expect([a.saved, b.saved].sort()).toEqual([false, true]);
    const snapshot = platform.kvs.snapshot().kvs;
    expect(Object.keys(snapshot).sort()).toEqual([POLICY_HEAD_KEY, policyVersionKey(1)]);
  });
});
