/**
 * How much of the site an audit saw, measured rather than claimed (docs/ARCHITECTURE.md, "What
 * an audit covers"): the spaces it listed and read, what it reached but could not read (with the
 * cause), and what it cannot know exists, because Confluence hides content restricted away from
 * the reader entirely (it is absent from every list and search the reader makes).
 */
import type { UnknownCause } from '../model';
import type { Finding } from './findings';

export interface UnreadCount {
  readonly cause: UnknownCause;
  readonly count: number;
}

/** What the findings say could not be read; kept in an audit's summary. */
export interface UnreadSummary {
  /** Spaces whose permissions could not be read (not audited at all), by cause. */
  readonly spaces: readonly UnreadCount[];
  /** Content the search found whose own or an ancestor's restriction could not be read. */
  readonly content: readonly UnreadCount[];
}

export interface AuditCoverage {
  /** Who read: `app` (the admin page's audit) or `user` (the CLI, as the token's owner). */
  readonly reader: 'app' | 'user';
  /** Spaces the reader could list: everything the audit could know of. */
  readonly spacesListed: number;
  /** Spaces whose permissions and labelled content were read. */
  readonly spacesRead: number;
  /** Listed spaces the audit did not reach (it stopped early). */
  readonly spacesNotReached: number;
  readonly spacesUnread: readonly UnreadCount[];
  readonly contentUnread: readonly UnreadCount[];
  /**
   * What the reader cannot know exists: content whose view restriction leaves the reader out
   * (and, for a person, spaces they cannot see). Always present: no count is possible, since
   * Confluence lists none of it; `fix` says how an admin closes the gap.
   */
  readonly unknowable: {
    readonly kind: 'restricted-from-reader';
    readonly fix: 'add-app-to-restrictions' | 'audit-as-admin';
  };
  /** Everything listed was reached and read. What cannot be known stays unknown regardless. */
  readonly complete: boolean;
}

/** Counts what could not be read, from the not-inspectable findings. */
export function unreadOf(findings: readonly Finding[]): UnreadSummary {
  const spaces = new Map<UnknownCause, number>();
  const content = new Map<UnknownCause, number>();
  for (const finding of findings) {
    const sentence = finding.sentence;
    if (sentence === undefined) continue;
    switch (sentence.kind) {
      case 'space-unreadable':
      case 'permissions-unreadable':
        spaces.set(sentence.cause, (spaces.get(sentence.cause) ?? 0) + 1);
        break;
      case 'content-unreadable':
      case 'sensitive-unknown':
        content.set(sentence.cause, (content.get(sentence.cause) ?? 0) + 1);
        break;
      default:
        break;
    }
  }
  const list = (counts: Map<UnknownCause, number>): UnreadCount[] =>
    [...counts.entries()]
      .map(([cause, count]) => ({ cause, count }))
      .sort((a, b) => (a.cause < b.cause ? -1 : a.cause > b.cause ? 1 : 0));
  return { spaces: list(spaces), content: list(content) };
}

export function auditCoverage(parts: {
  readonly reader: 'app' | 'user';
  readonly spacesListed: number;
  /** Spaces the audit got to, read or not. */
  readonly spacesDone: number;
  readonly unread: UnreadSummary;
}): AuditCoverage {
  const unreadSpaces = parts.unread.spaces.reduce((sum, entry) => sum + entry.count, 0);
  const spacesDone = Math.min(parts.spacesDone, parts.spacesListed);
  const spacesRead = Math.max(0, spacesDone - unreadSpaces);
  const spacesNotReached = parts.spacesListed - spacesDone;
  return {
    reader: parts.reader,
    spacesListed: parts.spacesListed,
    spacesRead,
    spacesNotReached,
    spacesUnread: parts.unread.spaces,
    contentUnread: parts.unread.content,
    unknowable: {
      kind: 'restricted-from-reader',
      fix: parts.reader === 'app' ? 'add-app-to-restrictions' : 'audit-as-admin',
    },
    complete:
      spacesNotReached === 0 &&
      spacesRead === parts.spacesListed &&
      parts.unread.content.length === 0,
  };
}
