/**
 * What the macro shows for the Confluence of today, through the real reconciler: the line on who
 * else could get in (never hidden, not even in compact mode), a team on the way shown by name, and
 * a verdict that could not be checked said as such, not as "cannot".
 */
import { renderView } from '../harness/forge-ui';
import type { RenderedView } from '../harness/forge-ui';
import { MacroApp } from '../../src/frontend/macro/MacroApp';
import { CREATE_PAGE, READ_SPACE } from '../../src/core';
import type { AccessInput } from '../../src/core';
import { checkAccess, dave, macroContext, ok, othersLine, pageAccess } from './macro-fixtures';
import { resolverStub } from './macro-stub';

const PLATFORM = { kind: 'team' as const, teamId: 't-platform', name: 'Platform' };

/** A page in a space that a team holds: nobody outside a known route can be ruled out. */
const teamSpace: AccessInput = {
  site: { anonymousAccess: 'off' },
  space: { id: '1', key: 'ENG', name: 'Engineering' },
  grants: [
    { principal: PLATFORM, operation: READ_SPACE },
    { principal: PLATFORM, operation: CREATE_PAGE },
  ],
  ancestors: [],
  page: {
    id: '100',
    type: 'page',
    title: 'Roadmap',
    read: { users: [{ accountId: 'u-dave' }], groups: [] },
    update: { users: [], groups: [] },
  },
  labels: [],
};

async function open(config: Record<string, unknown> = {}): Promise<RenderedView> {
  const stub = resolverStub({
    getPageAccess: () => ok(pageAccess(teamSpace)),
    checkAccess: () => ok(checkAccess(teamSpace, dave)),
  });
  const view = await renderView(MacroApp, {
    invoke: stub.invoke,
    context: macroContext(config),
  });
  await view.waitFor((v) => !v.has('Spinner') && v.has('Heading'));
  return view;
}

describe('the macro on a page held by a team', () => {
  it('always says who else could get in, in full and in compact mode', async () => {
    const othersSummary = othersLine(pageAccess(teamSpace));
    expect(othersSummary).toMatch(/space admins/u);
    for (const config of [{}, { layout: 'compact' }]) {
      const view = await open(config);
      expect(view.text()).toContain(othersSummary);
      // Once: the summary paragraph leaves it to its own line.
      expect(view.text().split(othersSummary).length - 1).toBe(1);
    }
  });

  it('names the team in the space layer rather than dropping it', async () => {
    const view = await open();
    expect(view.has('Text', 'The team Platform (members cannot be listed)')).toBe(true);
  });

  it('says a verdict that only the team could decide could not be checked', async () => {
    const view = await open();
    await view.fire(view.find('UserPicker'), 'onChange', {
      id: 'u-dave',
      name: 'Dave Jones',
      type: 'user',
      avatarUrl: '',
      email: '',
    });
    await view.waitFor((v) => v.has('Heading', 'Dave Jones'));
    const verdicts = view.findAll('Lozenge').map((l) => view.text(l));
    // Dave is on the page's restriction; only the team could give him the space.
    expect(verdicts).toContain('Could not check viewing');
    expect(verdicts).toContain('Could not check editing');
    expect(verdicts).not.toContain('Cannot view');
    expect(verdicts).not.toContain('Cannot edit');
    expect(view.text()).toContain('Access Lens cannot list team members');
  });
});
