/**
 * Words and numbers the admin page shows, kept apart from the views so they are unit-tested and
 * consistent across tabs. Written for Confluence admins, not developers.
 */
import type { AuditProgress, AuditState } from '../../contract/admin';
import type { RuleId, Severity } from '../../core';

/**
 * The rule titles of `AUDIT_RULES` (a test keeps the two equal). Copied rather than imported so the
 * view bundle doesn't pull in the audit engine.
 */
export const RULE_TITLES: Readonly<Record<RuleId, string>> = {
  'anonymous-space-access': 'Space open to anonymous visitors',
  'broad-group-admin': 'Broad group is space admin',
  'sensitive-page-unrestricted': 'Sensitive content without a view restriction',
  'guest-space-access': 'Guests have access',
  'team-space-access': 'Teams have access',
  'user-grants': 'Permissions given to individuals',
  'not-inspectable': 'Could not be inspected',
};

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export type LozengeAppearance = 'removed' | 'moved' | 'inprogress' | 'default';

export const SEVERITY_APPEARANCE: Readonly<Record<Severity, LozengeAppearance>> = {
  high: 'removed',
  medium: 'moved',
  low: 'inprogress',
  info: 'default',
};

/** Still going: the page keeps asking for progress. */
export function isActive(state: AuditState): boolean {
  return state === 'queued' || state === 'running';
}

const COUNT = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return COUNT.format(value);
}

export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** A whole percentage for a progress bar's label; never shows 100 % before the end. */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  const exact = (done / total) * 100;
  return done >= total ? 100 : Math.min(99, Math.floor(exact));
}

/** "less than a minute", "about 4 minutes", "about 1 hour 5 minutes". */
export function formatEta(seconds: number): string {
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${plural(minutes, 'minute', 'minutes')} left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourText = plural(hours, 'hour', 'hours');
  return rest === 0
    ? `about ${hourText} left`
    : `about ${hourText} ${plural(rest, 'minute', 'minutes')} left`;
}

/** An ISO time in the admin's own locale and time zone (the view runs in their browser). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Who started an audit, as the history says it. */
export function startedByText(startedBy: string): string {
  return startedBy === 'schedule' ? 'by the schedule' : 'by an admin';
}

/** The headline for an audit's state, and what it means for its findings. */
export function auditStateText(audit: AuditProgress): { title: string; text: string } {
  const checked = `${formatCount(audit.spacesDone)} of ${plural(audit.spacesTotal, 'space', 'spaces')}`;
  const note = audit.note === undefined ? '' : `${audit.note} `;
  switch (audit.state) {
    case 'queued':
      return {
        title: 'The audit is about to start',
        text: 'Access Lens is getting ready to read your spaces. Progress appears here as soon as it starts.',
      };
    case 'running':
      return {
        title: 'The audit is running',
        text: 'You can leave this page: the audit carries on in the background.',
      };
    case 'completed':
      return {
        title: 'The audit finished',
        text: `All ${plural(audit.spacesTotal, 'space was', 'spaces were')} checked.`,
      };
    case 'partial':
      return {
        title: 'The audit stopped before checking every space',
        text:
          `${note}Its findings cover only the ${checked} it checked, so spaces it didn't reach may still have problems. ` +
          'Run the audit again later (the points budget renews every hour), or give audits a larger share of the budget on the Policies tab.',
      };
    case 'cancelled':
      return {
        title: 'The audit was cancelled',
        text: `${note}Its findings cover only the ${checked} checked before it stopped. Run the audit again to check every space.`,
      };
    case 'failed':
      return {
        title: 'The audit failed',
        text: `${note}Findings from the ${checked} checked before it failed are kept. Run the audit again; if it keeps failing, try again later.`,
      };
  }
}

/** Where a finding lives in Confluence, as relative links (the view runs inside the site). */
export function spaceHref(spaceKey: string): string {
  return `/wiki/spaces/${encodeURIComponent(spaceKey)}`;
}

export function pageHref(contentId: string): string {
  return `/wiki/pages/viewpage.action?pageId=${encodeURIComponent(contentId)}`;
}
