/**
 * A policy stored before the labels' search length was checked keeps its labels and every other
 * setting after the upgrade (the audit splits its search); it is not swapped for the defaults.
 */
import { kvs } from '@forge/kvs';
import { installLocalPlatform } from '../../dev/forge-platform/platform';
import type { LocalPlatform } from '../../dev/forge-platform/platform';
import { DEFAULT_POLICY, validatePolicy } from '../../src/core';
import { POLICY_HEAD_KEY, loadPolicy, policyVersionKey } from '../../src/storage/settings';

const LONG = Array.from({ length: 20 }, (_, i) => `${String(i)}${'機密'.repeat(50)}`);

describe('a stored policy whose labels no longer pass', () => {
  let platform: LocalPlatform;
  beforeEach(() => {
    platform = installLocalPlatform();
  });
  afterEach(() => {
    platform.uninstall();
  });

  it('loads as it was stored, labels and all', async () => {
    expect(validatePolicy({ sensitiveLabels: LONG }).ok).toBe(false);
    const stored = { ...DEFAULT_POLICY, version: 3, sensitiveLabels: LONG, schedule: 'weekly' };
    await platform.runAsApp(async () => {
      await kvs.set(policyVersionKey(3), stored);
      await kvs.set(POLICY_HEAD_KEY, { version: 3 });
    });
    expect(await platform.runAsApp(loadPolicy)).toEqual(stored);
  });

  it('still falls back to the defaults when anything else is wrong with it', async () => {
    const stored = { ...DEFAULT_POLICY, version: 2, sensitiveLabels: LONG, schedule: 'hourly' };
    await platform.runAsApp(async () => {
      await kvs.set(policyVersionKey(2), stored);
      await kvs.set(POLICY_HEAD_KEY, { version: 2 });
    });
    expect(await platform.runAsApp(loadPolicy)).toEqual({ ...DEFAULT_POLICY, version: 2 });
  });
});
