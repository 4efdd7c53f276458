import { renderView } from '../harness/forge-ui';
import type { ForgeDoc, RenderedView } from '../harness/forge-ui';
import { MacroApp } from '../../src/frontend/macro/MacroApp';
import type { GroupMembersPage, ResolverResult } from '../../src/contract/results';
import {
  EMPTY_GROUP,
  LEADS,
  emptyLists,
  fail,
  macroContext,
  membersPage,
  ok,
  pageAccess,
  twoRestrictedAncestors,
} from './macro-fixtures';
import { deferred, resolverStub } from './macro-stub';

/** A 1,500-member group served 200 at a time, searchable by display name. */
function bigGroup(payload: unknown): ResolverResult<GroupMembersPage> {
  const { cursor, query } = payload as { cursor?: string; query?: string };
  const all = membersPage(1, 1500).members.filter(
    (m) => query === undefined || m.displayName.includes(query),
  );
  const start = cursor === undefined ? 0 : Number(cursor);
  const end = start + 200;
  const members = all.slice(start, end);
  return ok(end < all.length ? { members, nextCursor: String(end) } : { members });
}

async function openMacro(answers: Parameters<typeof resolverStub>[0]) {
  const stub = resolverStub(answers);
  const view = await renderView(MacroApp, { invoke: stub.invoke, context: macroContext() });
  await view.waitFor((v) => v.has('Tabs'));
  return { stub, view };
}

/** The first opened entry of a group (a group may appear in several lists, each its own entry). */
function openEntry(view: RenderedView, groupName: string): ForgeDoc | undefined {
  return view
    .findAll('Stack')
    .find(
      (stack) =>
        stack.children[0] !== undefined &&
        view.text(stack.children[0]) === `Group: ${groupName} Hide members of ${groupName}`,
    );
}

function usersIn(view: RenderedView, groupName: string): string[] {
  const entry = openEntry(view, groupName);
  return entry === undefined
    ? []
    : view.findAll('User', entry).map((u) => String(u.props.accountId));
}

function within(view: RenderedView, groupName: string, type: string, text?: string): ForgeDoc {
  const entry = openEntry(view, groupName);
  if (entry === undefined) throw new Error(`${groupName} is not open`);
  const node = view.findAll(type, entry).find((n) => text === undefined || view.text(n) === text);
  if (node === undefined) throw new Error(`No ${type} ${text ?? ''} in ${groupName}`);
  return node;
}

describe('expandable groups in the macro', () => {
  it('loads nothing until a group is opened, then pages through 1,500 members', async () => {
    const { stub, view } = await openMacro({
      getPageAccess: () => ok(pageAccess(twoRestrictedAncestors)),
      listGroupMembers: bigGroup,
    });
    expect(stub.callsOf('listGroupMembers')).toEqual([]);

    await view.fire(view.findByText('Button', 'Show members of team-leads'), 'onClick');
    await view.waitFor((v) => v.has('LoadingButton', 'Load more members of team-leads'));
    expect(stub.callsOf('listGroupMembers').map((c) => c.payload)).toEqual([
      { groupId: LEADS.groupId },
    ]);
    expect(usersIn(view, 'team-leads')).toHaveLength(200);

    for (let page = 2; page <= 8; page++) {
      await view.fire(
        view.findByText('LoadingButton', 'Load more members of team-leads'),
        'onClick',
      );
      await view.waitFor((v) => usersIn(v, 'team-leads').length === Math.min(page * 200, 1500));
    }
    expect(usersIn(view, 'team-leads')).toHaveLength(1500);
    expect(usersIn(view, 'team-leads').slice(-1)).toEqual(['u-1500']);
    expect(view.has('LoadingButton', 'Load more members of team-leads')).toBe(false);
    const cursors = stub
      .callsOf('listGroupMembers')
      .map((c) => (c.payload as { cursor?: string }).cursor);
    expect(cursors).toEqual([undefined, '200', '400', '600', '800', '1000', '1200', '1400']);
  });

  it('searches members with the typed query and pages within the results', async () => {
    const { stub, view } = await openMacro({
      getPageAccess: () => ok(pageAccess(twoRestrictedAncestors)),
      listGroupMembers: bigGroup,
    });
    await view.fire(view.findByText('Button', 'Show members of team-leads'), 'onClick');
    await view.waitFor((v) => v.has('LoadingButton', 'Load more members of team-leads'));

    await view.fire(within(view, 'team-leads', 'Textfield'), 'onChange', {
      target: { value: ' Member 14 ' },
    });
    expect(stub.callsOf('listGroupMembers')).toHaveLength(1); // typing alone costs nothing
    // The search is a form: Enter in the field submits it, as does its button, which names the
    // group so that every open group's button says which one it searches.
    const submit = within(view, 'team-leads', 'Button', 'Find in team-leads');
    expect(submit.props.type).toBe('submit');
    const label = within(view, 'team-leads', 'Label');
    expect(view.text(label)).toBe('Find a member of team-leads by name');
    expect(label.props.labelFor).toBe(within(view, 'team-leads', 'Textfield').props.id);
    await view.fire(within(view, 'team-leads', 'Form'), 'onSubmit');
    await view.waitFor((v) => !v.has('LoadingButton', 'Load more members of team-leads'));

    expect(stub.callsOf('listGroupMembers').at(-1)?.payload).toEqual({
      groupId: LEADS.groupId,
      query: 'Member 14',
    });
    // "Member 14", "Member 140"–"Member 149", "Member 1400"–"Member 1499".
    expect(usersIn(view, 'team-leads')).toHaveLength(111);
  });

  it('tells the viewer when a search matches nobody and when a group is empty', async () => {
    const { view } = await openMacro({
      getPageAccess: () => ok(pageAccess(emptyLists)),
      listGroupMembers: (payload) =>
        (payload as { groupId: string }).groupId === EMPTY_GROUP.groupId
          ? ok(membersPage(1, 0))
          : bigGroup(payload),
    });
    await view.fire(view.findByText('Button', 'Show members of contractors'), 'onClick');
    await view.waitFor((v) => v.text().includes('This group has no members.'));

    await view.fire(view.findByText('Button', 'Show members of engineering'), 'onClick');
    await view.waitFor((v) => usersIn(v, 'engineering').length === 200);
    const search = within(view, 'engineering', 'Textfield');
    expect(search.props.name).toBe('member-search-g-eng');
    await view.fire(search, 'onChange', { target: { value: 'nobody' } });
    await view.fire(within(view, 'engineering', 'Form'), 'onSubmit');
    await view.waitFor((v) => v.text().includes('No members of this group match “nobody”.'));
  });

  it('never claims "no match" for members not searched yet, and marks members', async () => {
    const { stub, view } = await openMacro({
      getPageAccess: () => ok(pageAccess(twoRestrictedAncestors)),
      listGroupMembers: (payload) => {
        const { cursor, query } = payload as { cursor?: string; query?: string };
        if (query === undefined) {
          return ok({
            members: [{ accountId: 'u-erin', displayName: 'Erin', markers: ['deactivated'] }],
          });
        }
        return cursor === undefined
          ? ok({ members: [], nextCursor: 's1000', searched: { by: 'scan', scanned: 1000 } })
          : ok({
              members: [{ accountId: 'u-1200', displayName: 'Member 1200', markers: [] }],
              searched: { by: 'scan', scanned: 1500 },
            });
      },
    });
    await view.fire(view.findByText('Button', 'Show members of team-leads'), 'onClick');
    await view.waitFor((v) => usersIn(v, 'team-leads').length === 1);
    expect(view.has('Lozenge', 'deactivated')).toBe(true);

    await view.fire(within(view, 'team-leads', 'Textfield'), 'onChange', {
      target: { value: 'Member 1200' },
    });
    await view.fire(within(view, 'team-leads', 'Form'), 'onSubmit');
    await view.waitFor((v) => v.has('LoadingButton', 'Keep searching team-leads'));
    expect(view.text()).toContain(
      'No match among the first 1,000 members. The rest of the group has not been searched yet.',
    );
    expect(view.text()).not.toContain('No members of this group match');

    await view.fire(view.findByText('LoadingButton', 'Keep searching team-leads'), 'onClick');
    await view.waitFor((v) => usersIn(v, 'team-leads').length === 1);
    expect(usersIn(view, 'team-leads')).toEqual(['u-1200']);
    expect(stub.callsOf('listGroupMembers').at(-1)?.payload).toEqual({
      groupId: LEADS.groupId,
      query: 'Member 1200',
      cursor: 's1000',
    });
    expect(view.has('LoadingButton', 'Keep searching team-leads')).toBe(false);
  });

  it('shows a loading state, collapses and reopens without asking again', async () => {
    const answer = deferred<ResolverResult<GroupMembersPage>>();
    const { stub, view } = await openMacro({
      getPageAccess: () => ok(pageAccess(twoRestrictedAncestors)),
      listGroupMembers: () => answer.promise,
    });
    await view.fire(view.findByText('Button', 'Show members of team-leads'), 'onClick');
    expect(view.text()).toContain('Loading members…');
    answer.resolve(ok(membersPage(1, 3)));
    await view.waitFor((v) => usersIn(v, 'team-leads').length === 3);

    await view.fire(view.findByText('Button', 'Hide members of team-leads'), 'onClick');
    expect(usersIn(view, 'team-leads')).toEqual([]);
    await view.fire(view.findByText('Button', 'Show members of team-leads'), 'onClick');
    expect(usersIn(view, 'team-leads')).toEqual(['u-1', 'u-2', 'u-3']);
    expect(stub.callsOf('listGroupMembers')).toHaveLength(1);
  });

  it('explains a rate-limited member list and retries the same page', async () => {
    let calls = 0;
    const { stub, view } = await openMacro({
      getPageAccess: () => ok(pageAccess(twoRestrictedAncestors)),
      listGroupMembers: (payload) =>
        ++calls === 2
          ? fail({ code: 'RATE_LIMITED', message: 'busy', retryAfterSeconds: 9 })
          : bigGroup(payload),
    });
    await view.fire(view.findByText('Button', 'Show members of team-leads'), 'onClick');
    await view.waitFor((v) => v.has('LoadingButton', 'Load more members of team-leads'));
    await view.fire(view.findByText('LoadingButton', 'Load more members of team-leads'), 'onClick');
    await view.waitFor((v) => v.has('SectionMessage'));
    expect(view.text()).toContain('Try again in 9 s.');
    expect(usersIn(view, 'team-leads')).toHaveLength(200);

    await view.fire(view.findByText('Button', 'Try again'), 'onClick');
    await view.waitFor((v) => usersIn(v, 'team-leads').length === 400);
    const cursors = stub
      .callsOf('listGroupMembers')
      .map((c) => (c.payload as { cursor?: string }).cursor);
    expect(cursors).toEqual([undefined, '200', '200']);
  });
});
