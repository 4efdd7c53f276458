/**
 * Words and numbers the admin page shows, kept apart from the views so they are unit-tested and
 * consistent across tabs. Written for Confluence admins, not developers; the words come from the
 * catalogue (keys `admin.*`) in the viewer's locale.
 */
import type { AuditProgress, AuditState } from '../../contract/admin';
import type { Severity } from '../../core/audit/rule-catalogue';
import { auditSkippedText, auditStopText } from '../../messages/audit';
import type { Messages } from '../../messages/format';

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

/** A whole percentage for a progress bar's label; never shows 100 % before the end. */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  const exact = (done / total) * 100;
  return done >= total ? 100 : Math.min(99, Math.floor(exact));
}

/** "less than a minute", "about 4 minutes", "about 1 hour 5 minutes". */
export function formatEta(m: Messages, seconds: number): string {
  if (seconds < 60) return m.text('admin.eta.underAMinute');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return m.text('admin.eta.about', { time: m.count('admin.eta.minutes', minutes) });
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourText = m.count('admin.eta.hours', hours);
  return m.text('admin.eta.about', {
    time:
      rest === 0
        ? hourText
        : m.text('admin.eta.hoursMinutes', {
            hours: hourText,
            minutes: m.count('admin.eta.minutes', rest),
          }),
  });
}

/** An ISO time in the admin's own locale and time zone (the view runs in their browser). */
export function formatTime(m: Messages, iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : m.dateTime(iso);
}

/**
 * `formatTime` for several audits shown side by side (chart bars, pickers): to the minute, and to
 * the second where two would read the same, so two audits of one minute stay two. A chart stacks
 * the bars of equal labels into one, and a picker's two options would look alike.
 */
export function auditTimes(m: Messages, isos: readonly string[]): (iso: string) => string {
  const short = (iso: string) => formatTime(m, iso);
  const seen = new Map<string, Set<string>>();
  for (const iso of isos) {
    const label = short(iso);
    seen.set(label, (seen.get(label) ?? new Set()).add(iso));
  }
  const precise = new Intl.DateTimeFormat(m.locale, { dateStyle: 'medium', timeStyle: 'medium' });
  return (iso) => {
    const label = short(iso);
    const at = Date.parse(iso);
    return (seen.get(label)?.size ?? 0) > 1 && !Number.isNaN(at) ? precise.format(at) : label;
  };
}

/** The headline for an audit's state, and what it means for its findings. */
export function auditStateText(m: Messages, audit: AuditProgress): { title: string; text: string } {
  const checked = m.count('admin.state.checked', audit.spacesTotal, {
    done: audit.spacesDone,
  });
  const stop = auditStopText(m, audit);
  // Spaces given up are told whatever the state: the audit went on without them.
  const skipped = auditSkippedText(m, audit);
  const withNote = (text: string) =>
    stop === undefined ? text : m.text('admin.state.withNote', { note: stop, text });
  const withSkipped = (text: string) => (skipped === undefined ? text : `${text} ${skipped}`);
  const s = (key: string) => m.text(`admin.state.${audit.state}.${key}`);
  switch (audit.state) {
    case 'queued':
    case 'running':
      return { title: s('title'), text: withSkipped(s('text')) };
    case 'completed':
      return {
        title: s('title'),
        text: withSkipped(m.count('admin.state.completed.text', audit.spacesTotal)),
      };
    case 'partial':
    case 'cancelled':
    case 'failed':
      return {
        title: s('title'),
        text: withSkipped(withNote(m.text(`admin.state.${audit.state}.text`, { checked }))),
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
