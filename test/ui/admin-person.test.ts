/**
 * The admin page's Person tab through the real `@forge/react` reconciler. The first suite runs it
 * on the real backend (resolvers, person job, local platform, simulated demo site): Alice picks
 * Dan, the guest, checks, follows the progress bar, and reads his spaces, marker, footprint and
 * coverage, then exports the CLI's bytes. The second stubs the resolvers for the states the demo
 * site cannot produce on demand: a cached answer with its date, a failed check, a refusal.
 */
import {
  ADMIN as ADMIN_VIEWER,
  ManualTimers,
  adminLoaded,
  fail,
  ok,
  openTab,
  renderAdmin,
  status,
  eventually,
  liveAdmin,
} from './admin-fixtures';
import { resolverStub } from './macro-stub';
import type { PersonCheckView } from '../../src/contract/person';
import { PERSON_POLL_MS } from '../../src/frontend/admin/state/personReach';
import { useApp } from '../resolvers/app-harness';

const DAN = { id: 'u-dan', name: 'Dan Contractor', type: 'user', avatarUrl: '' };

describe('Person tab on the real backend (demo site)', () => {
  const app = useApp({}, { jobs: true });
  /** Delivers the next queued event only: `drain` refuses to deliver a second. */
  const deliverOne = async () => {
    await expect(app().drain({ maxDeliveries: 1 })).rejects.toThrow(/stopped after 1 deliveries/u);
  };

  it('checks Dan: progress, then his spaces, the guest marker, footprint, coverage, exports', async () => {
    const timers = new ManualTimers();
    const view = await renderAdmin(liveAdmin(app()), timers);
    await adminLoaded(view);
    await openTab(view, 'Person');
    expect(view.text()).toContain('Pick a person to check.');
    await view.fire(view.find('UserPicker'), 'onChange', DAN);
    await eventually(view, (v) => v.has('Button', 'Check'));
    expect(view.text()).toContain('Dan Contractor has not been checked yet');

    await view.fire(view.findByText('Button', 'Check'), 'onClick');
    await eventually(view, (v) => v.has('ProgressBar'));
    expect(view.find('ProgressBar').props.value).toBe(0);
    expect(timers.delays).toEqual([PERSON_POLL_MS]);

    // The plan and the first step: half the spaces.
    await deliverOne();
    await deliverOne();
    await timers.elapse(view);
    await eventually(view, (v) => v.text().includes('Checked 3 of 6 spaces'));
    expect(view.find('ProgressBar').props.value).toBe(0.5);

    await app().drain();
    await timers.elapse(view);
    await eventually(view, (v) => v.has('Lozenge', 'guest'));
    expect(timers.delays).toEqual([]);
    const text = view.text();
    expect(text).toContain('Dan Contractor');
    expect(text).toMatch(/ENG: view yes, edit (yes|no), admin no; through their guest assignment/u);
    expect(text).toContain('Read 6 spaces and');
    expect(text).toContain('Content the app cannot read is not in this answer.');
    expect(view.has('Button', 'Check again')).toBe(true);
    expect(text).toMatch(/As of /u);

    await view.fire(view.findByText('Button', 'Export CSV'), 'onClick');
    await eventually(view, (v) => v.has('FileCard'));
    const card = view.find('FileCard');
    const blob = (card.props.onDownload as () => Blob)();
    expect(await blob.text()).toMatch(/^kind,spaceKey,contentId,title,view,edit,entry\n/u);
    expect(card.props.fileSize).toBe(blob.size);
  });
});

describe('Person tab states', () => {
  const finished = (overrides: Partial<PersonCheckView> = {}): PersonCheckView => ({
    accountId: 'u-dan',
    check: {
      jobId: 'j1',
      state: 'completed',
      startedAt: '2026-12-01T09:00:00.000Z',
      finishedAt: '2026-12-01T09:01:00.000Z',
      spacesDone: 1,
      spacesTotal: 1,
      requests: 5,
      points: 40,
      steps: 2,
    },
    answer: {
      subject: {
        accountId: 'u-dan',
        displayName: 'Dan Contractor',
        standing: 'guest',
        isGuest: true,
        groups: [],
      },
      spaces: [
        {
          key: 'ENG',
          view: 'allowed',
          edit: 'denied',
          admin: 'denied',
          routes: [{ kind: 'guest-assignment' }],
          unconfirmedRoutes: [],
        },
      ],
      pages: [],
      footprint: [
        {
          kind: 'restriction-entry',
          spaceKey: 'ENG',
          contentId: '1011',
          contentType: 'page',
          title: 'Runbooks',
          restriction: 'read',
          location: { kind: 'content-restrictions', spaceKey: 'ENG', contentId: '1011' },
        },
      ],
      coverage: { spaces: 1, contentRead: 4, spacesWithoutGrants: [], contentGaps: [] },
      pagesTotal: 0,
      footprintTotal: 1,
    },
    fresh: true,
    asOf: '2026-12-01T10:00:00.000Z',
    ...overrides,
  });

  async function open(handlers: Parameters<typeof resolverStub>[0], locale?: string) {
    const latest = status(null);
    if (!latest.ok) throw new Error('status(null) is an answer');
    const stub = resolverStub({
      getAdminOverview: () => ok({ viewer: ADMIN_VIEWER, status: latest.data }),
      ...handlers,
    });
    const view = await renderAdmin(stub, undefined, locale);
    await adminLoaded(view);
    await openTab(view, 'Person');
    await view.fire(view.find('UserPicker'), 'onChange', DAN);
    return { stub, view };
  }

  it('shows a stored answer with its date and "Check again", and reads nothing else', async () => {
    const { stub, view } = await open({
      getPersonCheck: () => ok(finished()),
    });
    await view.waitFor((v) => v.has('Button', 'Check again'));
    expect(view.text()).toContain('As of ');
    expect(view.text()).toContain('named on the view restriction');
    expect(view.findByText('Link', 'Remove it here').props.href).toBe(
      '/wiki/pages/viewpage.action?pageId=1011',
    );
    expect(stub.callsOf('startPersonCheck')).toEqual([]);
  });

  it('says when a stored answer is more than a day old, and checks again on request', async () => {
    const { stub, view } = await open({
      getPersonCheck: () => ok(finished({ fresh: false })),
      startPersonCheck: () =>
        ok({ ...finished(), answer: undefined, check: { ...finished().check!, state: 'queued' } }),
    });
    await view.waitFor((v) => v.text().includes('more than a day old'));
    await view.fire(view.findByText('Button', 'Check again'), 'onClick');
    await view.waitFor((v) => v.has('ProgressBar'));
    expect(stub.callsOf('startPersonCheck')).toEqual([
      { key: 'startPersonCheck', payload: { accountId: 'u-dan', refresh: true } },
    ]);
  });

  it('says a failed check in plain words', async () => {
    const { view } = await open({
      getPersonCheck: () =>
        ok(
          finished({
            answer: undefined,
            fresh: false,
            check: { ...finished().check!, state: 'failed' },
          }),
        ),
    });
    await view.waitFor((v) => v.text().includes('Confluence kept failing'));
    expect(view.has('Button', 'Check')).toBe(true);
  });

  it('shows a refusal as the resolver words it', async () => {
    const { view } = await open({
      getPersonCheck: () =>
        fail({ code: 'FORBIDDEN', message: 'Only Confluence admins may do this.' }),
    });
    await view.waitFor((v) => v.text().includes('Only Confluence admins may do this.'));
  });

  it('speaks German in a German Confluence', async () => {
    const { view } = await open({ getPersonCheck: () => ok(finished()) }, 'de-DE');
    await view.waitFor((v) => v.has('Button', 'Erneut prüfen'));
    const text = view.text();
    expect(text).toContain('ENG: Anzeigen ja, Bearbeiten nein, Verwalten nein');
    expect(view.findByText('Lozenge', 'Gast').props.appearance).toBe('moved');
    expect(text).toContain('Stand: ');
    expect(text).not.toContain('⟦');
  });
});
