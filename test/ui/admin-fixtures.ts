/**
 * Typed answers for the admin page's resolvers and a clock the tests advance by hand. Every
 * payload is typed against the contract (src/contract/admin.ts), so a contract change breaks these
 * fixtures at compile time rather than letting the UI tests pass against a stale shape.
 */
// The harness installs the bridge, which `@forge/bridge` captures when it loads: keep it first.
import { renderView } from '../harness/forge-ui';
import type { ForgeDoc, RenderedView } from '../harness/forge-ui';
import { act, createElement } from 'react';
import { fingerprint, summarizeFindings } from '../../src/core';
import type { Finding, RuleId, Severity } from '../../src/core';
import { DEFAULT_POLICY } from '../../src/core';
import type {
  AuditCsvExport,
  AuditDiffView,
  AuditHistoryView,
  AuditProgress,
  AuditReportPage,
  AuditStatusView,
  Policy,
  SaveSettingsResult,
  SettingsView,
} from '../../src/contract/admin';
import type { ResolverError, ResolverResult, ViewerSummary } from '../../src/contract/results';
import { AdminApp } from '../../src/frontend/admin/AdminApp';
import { TimerContext } from '../../src/frontend/admin/timer';
import type { Timers } from '../../src/frontend/admin/timer';
import type { AppUnderTest } from '../resolvers/app-harness';
import { resolverStub } from './macro-stub';

export function ok<T>(data: T): ResolverResult<T> {
  return { ok: true, data };
}

export function fail(error: ResolverError): ResolverResult<never> {
  return { ok: false, error };
}

// ---- Who is looking -------------------------------------------------------------------------

export const ADMIN: ViewerSummary = {
  accountId: 'u-alice',
  displayName: 'Alice Admin',
  isConfluenceAdmin: true,
};

export const NOT_ADMIN: ViewerSummary = {
  accountId: 'u-bob',
  displayName: 'Bob',
  isConfluenceAdmin: false,
};

// ---- Findings -------------------------------------------------------------------------------

const SEVERITY_OF: Readonly<Record<RuleId, Severity>> = {
  'anonymous-space-access': 'high',
  'broad-group-admin': 'high',
  'departed-account-access': 'high',
  'personal-space-exposed': 'high',
  'sensitive-page-unrestricted': 'high',
  'guest-space-access': 'medium',
  'team-space-access': 'medium',
  'user-grants': 'low',
  'not-inspectable': 'info',
};

export function finding(parts: {
  readonly rule: RuleId;
  readonly spaceKey: string;
  readonly contentId?: string;
  readonly title?: string;
  readonly principal?: string;
  readonly message?: string;
}): Finding {
  const { rule, spaceKey, contentId, title, principal } = parts;
  return {
    id: fingerprint({
      rule,
      spaceKey,
      ...(contentId === undefined ? {} : { contentId }),
      ...(principal === undefined ? {} : { subject: principal }),
    }),
    rule,
    severity: SEVERITY_OF[rule],
    spaceKey,
    ...(contentId === undefined ? {} : { contentId }),
    ...(title === undefined ? {} : { title }),
    // Findings as an earlier version stored them: their words, shown as they are.
    stored: {
      message: parts.message ?? `${rule} in ${spaceKey}: fix it in Space settings.`,
      ...(principal === undefined ? {} : { principal }),
    },
  };
}

/** A small site's findings: HR is the worst space, DOCS has only personal grants. */
export const FINDINGS: readonly Finding[] = [
  finding({ rule: 'anonymous-space-access', spaceKey: 'HR', principal: 'anonymous' }),
  finding({
    rule: 'sensitive-page-unrestricted',
    spaceKey: 'HR',
    contentId: '4242',
    title: 'Salaries 2026',
  }),
  finding({ rule: 'broad-group-admin', spaceKey: 'ENG', principal: 'confluence-users' }),
  finding({ rule: 'guest-space-access', spaceKey: 'ENG', principal: 'Gus Guest (u-gus)' }),
  finding({ rule: 'user-grants', spaceKey: 'DOCS', principal: 'Dave (u-dave)' }),
  finding({ rule: 'not-inspectable', spaceKey: 'OPS', contentId: '77', title: 'Runbook' }),
];

// ---- Audits ---------------------------------------------------------------------------------

export function audit(overrides: Partial<AuditProgress> = {}): AuditProgress {
  return {
    auditId: 'a-2',
    state: 'completed',
    startedAt: '2026-03-10T09:00:00.000Z',
    finishedAt: '2026-03-10T09:12:00.000Z',
    startedBy: 'u-alice',
    spacesDone: 4,
    spacesTotal: 4,
    pointsUsed: 1234,
    pointsBudget: 16250,
    summary: summarizeFindings(FINDINGS),
    ...overrides,
  };
}

/** A running audit: no finish time, no summary yet. */
export function running(overrides: Partial<AuditProgress> = {}): AuditProgress {
  const {
    finishedAt: _finishedAt,
    summary: _summary,
    ...base
  } = audit({
    auditId: 'a-3',
    state: 'running',
    startedAt: '2026-03-11T09:00:00.000Z',
    spacesDone: 0,
  });
  return { ...base, ...overrides };
}

export function status(progress: AuditProgress | null): ResolverResult<AuditStatusView> {
  return ok({ audit: progress });
}

export function reportPage(
  findings: readonly Finding[],
  extra: { readonly auditId?: string; readonly total?: number; readonly nextCursor?: string } = {},
): AuditReportPage {
  return {
    auditId: extra.auditId ?? 'a-2',
    findings,
    total: extra.total ?? findings.length,
    ...(extra.nextCursor === undefined ? {} : { nextCursor: extra.nextCursor }),
  };
}

export function history(...audits: AuditProgress[]): AuditHistoryView {
  return { audits };
}

export function diff(parts: Partial<AuditDiffView> = {}): AuditDiffView {
  return {
    fromAuditId: 'a-1',
    toAuditId: 'a-2',
    added: [],
    resolved: [],
    unchanged: 0,
    ...parts,
  };
}

export const CSV_TEXT =
  'rule,severity,spaceKey,contentId,title,principal,message\r\nanonymous-space-access,high,HR,,,anonymous,Remove it\r\n';

export function csvExport(overrides: Partial<AuditCsvExport> = {}): AuditCsvExport {
  return { fileName: 'access-lens-a-2.csv', rows: 6, csv: CSV_TEXT, ...overrides };
}

// ---- Policy ---------------------------------------------------------------------------------

export function policy(overrides: Partial<Policy> = {}): Policy {
  return { ...DEFAULT_POLICY, version: 3, ...overrides };
}

// ---- The resolvers --------------------------------------------------------------------------

export interface AdminAnswers {
  readonly getViewer: ViewerSummary;
  readonly getSettings: SettingsView;
  readonly saveSettings: SaveSettingsResult;
  readonly startAudit: AuditStatusView;
  readonly getAuditStatus: AuditStatusView;
  readonly cancelAudit: AuditStatusView;
  readonly getAuditReport: AuditReportPage;
  readonly getAuditHistory: AuditHistoryView;
  readonly diffAudits: AuditDiffView;
  readonly exportAuditCsv: AuditCsvExport;
}

export type AdminHandlers = {
  readonly [K in keyof AdminAnswers]?: (
    payload: unknown,
  ) => ResolverResult<AdminAnswers[K]> | Promise<ResolverResult<AdminAnswers[K]>>;
};

/**
 * The admin's resolvers: an admin viewer by default, every other key as given. The page's one
 * start-up call, `getAdminOverview`, answers what `getViewer` and (for an admin) a first
 * `getAuditStatus` with no audit id would, so each test states those two as before.
 */
export function adminStub(handlers: AdminHandlers) {
  const viewer = handlers.getViewer ?? (() => ok(ADMIN));
  return resolverStub({
    getViewer: viewer,
    ...handlers,
    getAdminOverview: async (payload) => {
      const who = await viewer(payload);
      if (!who.ok || !who.data.isConfluenceAdmin) {
        return who.ok ? ok({ viewer: who.data }) : who;
      }
      const latest = handlers.getAuditStatus;
      if (latest === undefined) throw new Error("Unexpected resolver call 'getAuditStatus'");
      const status = await latest({});
      return status.ok ? ok({ viewer: who.data, status: status.data }) : status;
    },
  });
}

/** Answers successive calls with successive results; the last one repeats. */
export function sequence<T>(...results: ResolverResult<T>[]): () => ResolverResult<T> {
  let index = 0;
  return () => {
    const result = results[Math.min(index, results.length - 1)];
    index++;
    if (result === undefined) throw new Error('sequence() needs at least one result');
    return result;
  };
}

// ---- The clock ------------------------------------------------------------------------------

/** Timers that fire only when the test says so: polling is driven step by step. */
export class ManualTimers implements Timers {
  private nextId = 1;
  private readonly waiting = new Map<number, { fire: () => void; delayMs: number }>();

  readonly setTimeout = (fire: () => void, delayMs: number): unknown => {
    const id = this.nextId++;
    this.waiting.set(id, { fire, delayMs });
    return id;
  };

  readonly clearTimeout = (handle: unknown): void => {
    if (typeof handle === 'number') this.waiting.delete(handle);
  };

  /** The delays of the timers now waiting. */
  get delays(): number[] {
    return [...this.waiting.values()].map((timer) => timer.delayMs);
  }

  /** Fires every waiting timer, as if its delay had passed, and lets the view settle. */
  async elapse(view: RenderedView): Promise<void> {
    const due = [...this.waiting.values()];
    this.waiting.clear();
    await act(async () => {
      for (const timer of due) timer.fire();
      await Promise.resolve();
    });
    await view.settle();
  }
}

/** Renders the admin page with a hand-driven clock, in the viewer's `locale` (English by default). */
export async function renderAdmin(
  stub: Pick<ReturnType<typeof adminStub>, 'invoke'>,
  timers: Timers = new ManualTimers(),
  locale?: string,
): Promise<RenderedView> {
  const Admin = () =>
    createElement(TimerContext.Provider, { value: timers }, createElement(AdminApp));
  return renderView(Admin, { invoke: stub.invoke, ...(locale === undefined ? {} : { locale }) });
}

/** The admin page's calls answered by the real resolvers of `app`, as Alice, a Confluence admin. */
export function liveAdmin(app: AppUnderTest): Pick<ReturnType<typeof adminStub>, 'invoke'> {
  return {
    invoke: (key, payload) =>
      app.call({ accountId: 'u-alice' }, key, payload, { moduleKey: 'access-lens-settings' }),
  };
}

/** Waits for the tabs of an admin's page. */
export async function adminLoaded(view: RenderedView): Promise<void> {
  await view.waitFor((v) => v.has('Tabs'));
}

/** Opens a tab by its title and lets it load. */
export async function openTab(view: RenderedView, title: string): Promise<void> {
  const titles = view.findAll('Tab').map((tab) => view.text(tab));
  const index = titles.indexOf(title);
  if (index < 0) throw new Error(`No tab "${title}" in ${titles.join(', ')}`);
  await view.fire(view.find('Tabs'), 'onChange', index);
  await view.settle();
}

/** The text of the tab panel that is open (the others render nothing). */
export function openPanelText(view: RenderedView): string {
  return view
    .findAll('TabPanel')
    .map((panel) => view.text(panel))
    .filter((text) => text.length > 0)
    .join(' ');
}

/** The SectionMessage whose title contains `title` (titles are props, not text). */
export function sectionMessage(view: RenderedView, title: string): ForgeDoc {
  const found = view
    .findAll('SectionMessage')
    .find((node) => typeof node.props.title === 'string' && node.props.title.includes(title));
  if (found === undefined) {
    const titles = view.findAll('SectionMessage').map((node) => String(node.props.title));
    throw new Error(`No SectionMessage titled "${title}"; titles: ${titles.join(' | ')}`);
  }
  return found;
}

export function hasSectionMessage(view: RenderedView, title: string): boolean {
  return view
    .findAll('SectionMessage')
    .some((node) => typeof node.props.title === 'string' && node.props.title.includes(title));
}

/**
 * Waits until `predicate` holds of the view rendered on the real backend, whose resolver answers
 * travel over real HTTP to the simulator: real time, boundedly.
 */
export async function eventually(
  view: RenderedView,
  predicate: (v: RenderedView) => boolean,
): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (predicate(view)) return;
    await view.settle(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Condition not met; rendered text: ${view.text()}`);
}
