/** Policies: validated, versioned, and never silently overwritten. */
import { DEFAULT_POLICY } from '../../src/core';
import type {
  GroupSearchView,
  Policy,
  SaveSettingsResult,
  SpaceSearchView,
} from '../../src/contract/admin';
import { useApp } from './app-harness';
import { ADMIN, SETTINGS, call } from '../jobs/audit-helpers';

describe('getSettings / saveSettings', () => {
  const app = useApp();
  const writes = () =>
    app().platform.kvs.requests.filter(
      (r) => r.path.endsWith('/set') || r.path.endsWith('/transaction'),
    );

  it('answers the defaults, version 0, before the first save', async () => {
    expect(await call(app(), 'getSettings')).toEqual({ policy: DEFAULT_POLICY });
  });

  it('saves a valid policy as the next version, normalised', async () => {
    const result = await call<SaveSettingsResult>(app(), 'saveSettings', {
      policy: {
        ...DEFAULT_POLICY,
        sensitiveLabels: ['Confidential', ' HR-only '],
        schedule: 'weekly',
      },
    });
    expect(result).toEqual({
      saved: true,
      policy: {
        ...DEFAULT_POLICY,
        version: 1,
        sensitiveLabels: ['confidential', 'hr-only'],
        schedule: 'weekly',
      },
    });
    expect(await call(app(), 'getSettings')).toEqual({ policy: result.policy });
  });

  it('refuses a save based on a stale version, answers the current policy, writes nothing', async () => {
    const { policy } = await call<{ policy: Policy }>(app(), 'getSettings');
    app().platform.kvs.clearRequests();
    const stale = await call<SaveSettingsResult>(app(), 'saveSettings', {
      policy: { ...policy, version: policy.version - 1, broadGroups: ['everyone'] },
    });
    expect(stale).toEqual({ saved: false, conflict: { current: policy } });
    expect(writes()).toEqual([]);
    expect(await call(app(), 'getSettings')).toEqual({ policy });
  });

  it('refuses an invalid policy with one message per field and writes nothing', async () => {
    const { policy } = await call<{ policy: Policy }>(app(), 'getSettings');
    app().platform.kvs.clearRequests();
    const invalid = await call<SaveSettingsResult>(app(), 'saveSettings', {
      policy: {
        ...policy,
        sensitiveLabels: ['a"b'],
        pointsBudgetShare: 2,
        schedule: 'hourly',
        colour: 'red',
      },
    });
    expect(invalid.saved).toBe(false);
    expect(invalid.fieldErrors?.map((e) => e.field).sort()).toEqual([
      'colour',
      'pointsBudgetShare',
      'schedule',
      'sensitiveLabels',
    ]);
    expect(writes()).toEqual([]);
  });

  it('two admins saving the same version at once: exactly one wins', async () => {
    const { policy } = await call<{ policy: Policy }>(app(), 'getSettings');
    const [a, b] = (await Promise.all([
      app().call(
        ADMIN,
        'saveSettings',
        { policy: { ...policy, broadGroups: ['all-staff'] } },
        SETTINGS,
      ),
      app().call(
        ADMIN,
        'saveSettings',
        { policy: { ...policy, broadGroups: ['engineering'] } },
        SETTINGS,
      ),
    ])) as { ok: true; data: SaveSettingsResult }[];
    const results = [a?.data, b?.data];
    expect(results.filter((r) => r?.saved === true)).toHaveLength(1);
    const loser = results.find((r) => r?.saved === false);
    const winner = results.find((r) => r?.saved === true);
    expect(loser?.conflict?.current).toEqual(winner?.policy);
    expect((await call<{ policy: Policy }>(app(), 'getSettings')).policy).toEqual(winner?.policy);
  });

  it('takes a policy at its size limits (larger than ordinary payloads)', async () => {
    const { policy } = await call<{ policy: Policy }>(app(), 'getSettings');
    const spaces = Array.from({ length: 500 }, (_, i) => `S${String(i).padStart(12, '0')}`);
    // Labels as long as the audit's search can take (POLICY_LIMITS.maxLabelSearchLength); the
    // groups fill the rest of the payload.
    const labels = Array.from({ length: 10 }, (_, i) => `l${String(i)}-${'x'.repeat(200)}`);
    const groups = Array.from({ length: 50 }, (_, i) => `g${String(i)}-${'x'.repeat(250)}`);
    const result = await call<SaveSettingsResult>(app(), 'saveSettings', {
      policy: {
        ...policy,
        allowedAnonymousSpaces: spaces,
        sensitiveLabels: labels,
        broadGroups: groups,
      },
    });
    // Taken and read whole: refused only because Confluence knows none of these names.
    expect(result.saved).toBe(false);
    expect(result.fieldErrors?.map((error) => error.problem.kind)).toEqual([
      ...groups.map(() => 'unknown-group'),
      ...spaces.map(() => 'unknown-space'),
    ]);
  });
});

describe('saveSettings checks names with Confluence', () => {
  const app = useApp();

  it('refuses an unknown group and an unknown space, each under its field, with the other problems, and saves nothing', async () => {
    const { policy } = await call<{ policy: Policy }>(app(), 'getSettings');
    const refused = await call<SaveSettingsResult>(app(), 'saveSettings', {
      policy: {
        ...policy,
        broadGroups: [...policy.broadGroups, 'all-staff', 'no-such-group'],
        allowedAnonymousSpaces: ['SALES', 'NOPE'],
        pointsBudgetShare: '150',
      },
    });
    expect(refused.saved).toBe(false);
    expect(refused.fieldErrors).toEqual([
      { field: 'pointsBudgetShare', problem: { kind: 'bad-share' } },
      { field: 'broadGroups', problem: { kind: 'unknown-group', value: 'no-such-group' } },
      { field: 'allowedAnonymousSpaces', problem: { kind: 'unknown-space', value: 'NOPE' } },
    ]);
    expect(await call(app(), 'getSettings')).toEqual({ policy });
  });

  it('saves names Confluence knows, a group by name or by id', async () => {
    const { policy } = await call<{ policy: Policy }>(app(), 'getSettings');
    const saved = await call<SaveSettingsResult>(app(), 'saveSettings', {
      policy: { ...policy, broadGroups: ['ALL-STAFF', 'g-hr'], allowedAnonymousSpaces: ['SALES'] },
    });
    expect(saved.saved).toBe(true);
  });

  it('searches groups and spaces for the pickers, as the admin, a page at a time', async () => {
    const groups = await call<GroupSearchView>(app(), 'searchGroups', { query: 'STAFF' });
    expect(groups.groups.map((group) => group.name)).toContain('all-staff');
    const spaces = await call<SpaceSearchView>(app(), 'searchSpaces', { query: 'sal' });
    expect(spaces.spaces.map((space) => space.key)).toEqual(['SALES']);
  });
});
