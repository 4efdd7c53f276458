import { useApp } from './app-harness';

const MACRO = 'access-lens-macro';
const on = (contentId: string) => ({ moduleKey: MACRO, contentId });

interface Failure {
  ok: false;
  error: { code: string; message: string };
}
type Result<T> = { ok: true; data: T } | Failure;

describe('getPageAccess through the real handler against the simulated site', () => {
  const app = useApp();

  it('reads everything as the viewing user, never as the app, starting with the page', async () => {
    const result = (await app().call(
      { accountId: 'u-bob' },
      'getPageAccess',
      {},
      on('1013'),
    )) as Result<{
      page: { title: string };
      audience: { restrictingAncestors: { id: string }[]; viewRestriction: string };
    }>;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.page.title).toBe('Breach Playbook');
    // Two restricted ancestor pages and a restricted folder, root first.
    expect(result.data.audience.viewRestriction).toBe('restricted');
    expect(result.data.audience.restrictingAncestors.length).toBeGreaterThanOrEqual(3);
    const requests = app().platform.requests;
    expect(requests[0]?.path).toMatch(/^\/wiki\/api\/v2\/pages\/1013\?/);
    expect(requests.every((r) => r.provider === 'user' && r.identity === 'user:u-bob')).toBe(true);
  });

  it('answers "not visible" with nothing about the page to a viewer who cannot read it', async () => {
    for (const contentId of ['1013', '2010', '999999']) {
      const result = await app().call({ accountId: 'u-dan' }, 'getPageAccess', {}, on(contentId));
      expect(result).toEqual({
        ok: false,
        error: { code: 'NOT_VISIBLE', message: expect.stringContaining('do not have permission') },
      });
    }
    // Exactly one read per attempt: the gate. Nothing else was asked.
    expect(app().platform.requests.map((r) => r.status)).toEqual([404, 404, 404]);
  });

  it('refuses forged ids and unknown payload fields without calling Confluence', async () => {
    const bad: [unknown, string][] = [
      [{}, '../spaces/101'],
      [{}, '1004?expand=body'],
      [{ contentId: '1004' }, '1004'],
      [{ refresh: 'yes' }, '1004'],
      ['not an object', '1004'],
    ];
    for (const [payload, contentId] of bad) {
      const result = (await app().call(
        { accountId: 'u-bob' },
        'getPageAccess',
        payload,
        on(contentId),
      )) as Failure;
      expect(result.error.code).toBe('BAD_REQUEST');
    }
    expect(app().sim.stats().totalRequests).toBe(0);
  });
});

describe('checkAccess', () => {
  const app = useApp();

  it('explains why a person cannot view, layer by layer', async () => {
    const result = (await app().call(
      { accountId: 'u-bob' },
      'checkAccess',
      { accountId: 'u-grace' },
      on('1013'),
    )) as Result<{
      view: { allowed: boolean; reasons: { rule: string; passes: boolean }[] };
      edit: { allowed: boolean };
      subject: unknown;
      confluence?: unknown;
    }>;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // Data only: the macro names the subject in the viewer's language.
    expect(result.data.subject).toEqual({
      kind: 'user',
      accountId: 'u-grace',
      displayName: 'Grace Writer',
    });
    expect(result.data.view.allowed).toBe(false);
    expect(
      result.data.view.reasons.some((r) => r.rule === 'inherited-restriction' && !r.passes),
    ).toBe(true);
    expect(result.data.edit.allowed).toBe(false);
    // Bob is not a Confluence admin: no confirmation from Confluence's own check.
    expect(result.data.confluence).toBeUndefined();
  });

  it("adds Confluence's own answer for an admin viewer, agreeing with the engine", async () => {
    const result = (await app().call(
      { accountId: 'u-alice' },
      'checkAccess',
      { accountId: 'u-bob' },
      on('1004'),
    )) as Result<{
      view: { allowed: boolean };
      edit: { allowed: boolean };
      confluence?: {
        view: { allowed: boolean };
        edit: { allowed: boolean };
        disagreesOn?: readonly string[];
      };
    }>;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.confluence?.view.allowed).toBe(result.data.view.allowed);
    expect(result.data.confluence?.edit.allowed).toBe(result.data.edit.allowed);
    expect(result.data.confluence?.disagreesOn).toBeUndefined();
  });

  it('checks anonymous visitors and groups', async () => {
    const anonymous = (await app().call(
      { accountId: 'u-bob' },
      'checkAccess',
      { anonymous: true },
      on('1004'),
    )) as Result<{
      view: { allowed: boolean };
      subject: unknown;
    }>;
    expect(anonymous.ok && anonymous.data.subject).toEqual({ kind: 'anonymous' });
    expect(anonymous.ok && anonymous.data.view.allowed).toBe(false);
    const group = (await app().call(
      { accountId: 'u-bob' },
      'checkAccess',
      { groupId: 'g-engineering' },
      on('1004'),
    )) as Result<{
      view: { allowed: boolean };
      subject: unknown;
    }>;
    expect(group.ok && group.data.view.allowed).toBe(true);
    // Named only as the page's own layers name it; page 1004's do not.
    expect(group.ok && group.data.subject).toEqual({ kind: 'group', groupId: 'g-engineering' });
  });

  it("says what a group's members get, each with their own groups", async () => {
    // security-team is on the restrictions of "Security" and "Incident Response" but not on
    // "Incident Runbooks": the group itself cannot view Breach Playbook, while Priya, one of its
    // two members, is on that restriction herself and can view and edit it; Ivan cannot.
    app().sim.resetStats();
    const result = (await app().call(
      { accountId: 'u-bob' },
      'checkAccess',
      { groupId: 'g-security-team' },
      on('1013'),
    )) as Result<{ view: { allowed: boolean }; members?: unknown }>;
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.view.allowed).toBe(false);
    // The group's size comes with its first members: one listing, no separate size read.
    expect(
      app().sim.stats().requests['GET /wiki/rest/api/group/{groupId}/membersByGroupId'],
    ).toEqual({ 'user:u-bob': 1 });
    expect(result.data.members).toEqual({
      checked: 2,
      size: 2,
      view: 1,
      edit: 1,
      viewUnknown: 0,
      editUnknown: 0,
    });
    // A group the page's layers do not name is checked as a principal, its members not read.
    const other = (await app().call(
      { accountId: 'u-bob' },
      'checkAccess',
      { groupId: 'g-hr' },
      on('1013'),
    )) as Result<{ members?: unknown }>;
    expect(other.ok && other.data.members).toBeUndefined();
  });

  it('marks the person checked as they are marked everywhere', async () => {
    const markersOf = async (accountId: string) => {
      const result = (await app().call(
        { accountId: 'u-bob' },
        'checkAccess',
        { accountId },
        on('1022'),
      )) as Result<{ markers?: string[] }>;
      if (!result.ok) throw new Error(result.error.message);
      return result.data.markers ?? [];
    };
    expect(await markersOf('u-dan')).toEqual(['guest']);
    expect(await markersOf('u-erin')).toEqual(['deactivated']);
    expect(await markersOf('u-priya')).toEqual([]);
  });

  it('refuses malformed subjects before any call', async () => {
    for (const payload of [
      {},
      { accountId: 'u-1', anonymous: true },
      { accountId: 'x y' },
      { anonymous: false },
      { groupId: '' },
    ]) {
      const result = (await app().call(
        { accountId: 'u-bob' },
        'checkAccess',
        payload,
        on('1004'),
      )) as Failure;
      expect(result.error.code).toBe('BAD_REQUEST');
    }
    expect(app().sim.stats().totalRequests).toBe(0);
  });
});

describe('listGroupMembers', () => {
  const app = useApp();

  it('pages a 1,500-member group that holds a space grant, nothing missed or repeated', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = (await app().call(
        { accountId: 'u-bob' },
        'listGroupMembers',
        { groupId: 'g-all-staff', ...(cursor ? { cursor } : {}) },
        on('1004'),
      )) as Result<{
        members: { accountId: string }[];
        nextCursor?: string;
      }>;
      if (!result.ok) throw new Error(result.error.message);
      seen.push(...result.data.members.map((m) => m.accountId));
      cursor = result.data.nextCursor;
      pages += 1;
    } while (cursor !== undefined && pages < 100);
    expect(seen).toHaveLength(1500);
    expect(new Set(seen).size).toBe(1500);
  });

  it('searches members by name', async () => {
    const result = (await app().call(
      { accountId: 'u-bob' },
      'listGroupMembers',
      { groupId: 'g-all-staff', query: 'grace' },
      on('1004'),
    )) as Result<{
      members: { displayName: string }[];
    }>;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.members.length).toBeGreaterThan(0);
    expect(result.data.members.every((m) => m.displayName.toLowerCase().includes('grace'))).toBe(
      true,
    );
  });

  type MembersAnswer = Result<{
    members: { accountId: string; displayName: string; markers: string[] }[];
    nextCursor?: string;
    searched?: { by: string; checked?: number; matches?: number; scanned?: number };
  }>;
  const members = async (payload: object, contentId = '1004'): Promise<MembersAnswer> =>
    (await app().call(
      { accountId: 'u-bob' },
      'listGroupMembers',
      payload,
      on(contentId),
    )) as MembersAnswer;
  const pathsSince = (from: number) =>
    app()
      .platform.requests.slice(from)
      .map((r) => r.path.replace(/\?.*$/, ''));

  it('finds Staff Member 1200 in all-staff by name, without reading the group', async () => {
    await members({ groupId: 'g-all-staff' }); // the page's own reads, now cached
    const before = app().platform.requests.length;
    const result = await members({ groupId: 'g-all-staff', query: 'Staff Member 1200' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.members).toEqual([
      expect.objectContaining({ displayName: 'Staff Member 1200', markers: [] }),
    ]);
    expect(result.data.searched).toEqual({ by: 'name', checked: 1, matches: 1 });
    expect(result.data.nextCursor).toBeUndefined();
    // The viewer's page read (the claim is checked every time), one user search, and the one
    // match's own groups: three requests, where a scan would have needed eight.
    expect(pathsSince(before)).toEqual([
      '/wiki/api/v2/pages/1004',
      '/wiki/rest/api/search/user',
      '/wiki/rest/api/user/memberof',
    ]);
  });

  it('says how many people it checked by name when none of them is a member', async () => {
    const result = await members({ groupId: 'g-engineering', query: 'Staff Member 12' }, '1013');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.members).toEqual([]);
    // Staff members are numbered 0001–1500: "12" starts 1200–1299, 100 people, 25 an answer.
    expect(result.data.searched).toEqual({ by: 'name', checked: 25, matches: 100 });
    expect(result.data.nextCursor).toBe('n25');
    const next = await members(
      { groupId: 'g-engineering', query: 'Staff Member 12', cursor: 'n25' },
      '1013',
    );
    if (!next.ok) throw new Error(next.error.message);
    expect(next.data.searched).toEqual({ by: 'name', checked: 50, matches: 100 });
  });

  it('marks members as Confluence describes them: a deactivated account', async () => {
    const result = await members({ groupId: 'g-engineering' }, '1013');
    if (!result.ok) throw new Error(result.error.message);
    const erin = result.data.members.find((m) => m.accountId === 'u-erin');
    expect(erin?.markers).toEqual(['deactivated']);
    const bob = result.data.members.find((m) => m.accountId === 'u-bob');
    expect(bob?.markers).toEqual([]);
  });

  it("won't list a group that is not part of the page's access", async () => {
    const result = (await app().call(
      { accountId: 'u-bob' },
      'listGroupMembers',
      { groupId: 'g-does-not-appear' },
      on('1004'),
    )) as Failure;
    expect(result.error.code).toBe('FORBIDDEN');
  });
});

describe('listGroupMembers where Confluence refuses the user search', () => {
  const app = useApp({
    faults: { rules: [{ path: '^/wiki/rest/api/search/user', action: 403 }] },
  });

  it('reads the group in order instead and says how far it got', async () => {
    const call = async (cursor?: string) =>
      (await app().call(
        { accountId: 'u-bob' },
        'listGroupMembers',
        { groupId: 'g-all-staff', query: 'Staff Member 1200', ...(cursor ? { cursor } : {}) },
        on('1004'),
      )) as Result<{
        members: { displayName: string }[];
        nextCursor?: string;
        searched?: { by: string; scanned?: number };
      }>;
    const first = await call();
    if (!first.ok) throw new Error(first.error.message);
    // Not "no members match": the first thousand were read, and the search goes on from there.
    expect(first.data.members).toEqual([]);
    expect(first.data.searched).toEqual({ by: 'scan', scanned: 1000 });
    expect(first.data.nextCursor).toBe('s1000');
    const second = await call(first.data.nextCursor);
    if (!second.ok) throw new Error(second.error.message);
    expect(second.data.members.map((m) => m.displayName)).toEqual(['Staff Member 1200']);
    expect(second.data.searched).toEqual({ by: 'scan', scanned: 1500 });
    expect(second.data.nextCursor).toBeUndefined();
  });
});
