/**
 * What the admin page's "Person" functions answer (types only; shared with the UI Kit view).
 * Like every admin function they first check, as the user, that the caller is a Confluence
 * admin; a non-admin gets `FORBIDDEN` and no data.
 *
 * - `getPersonCheck { accountId }` → `PersonCheckView`: the latest check of that person (none,
 *   running with its progress, or finished with its answer and date).
 * - `startPersonCheck { accountId, refresh? }` → `PersonCheckView`: a finished answer younger
 *   than a day is returned as it is (`fromCache`) unless `refresh`; a check already running is
 *   returned, never started twice; otherwise a new check is queued.
 * - `exportPersonReach { accountId, format }` → `PersonExport`: the finished answer as the
 *   CLI's `access-lens person --csv` / `--json` prints it, byte for byte.
 */
import type {
  AccountStanding,
  FootprintEntry,
  GroupRef,
  PageReach,
  ReachCoverage,
  SpaceReach,
} from '../core';

export type { FootprintEntry, PageReach, ReachCoverage, SpaceReach } from '../core';

export type PersonCheckState = 'queued' | 'running' | 'completed' | 'failed';

/** The person, as `access-lens person --json` shows them. */
export interface PersonSubjectView {
  readonly accountId: string;
  readonly displayName?: string;
  readonly standing?: AccountStanding;
  readonly isGuest: boolean;
  readonly groups: readonly GroupRef[];
}

/** The engine's answer, shaped as the CLI's JSON (`subject`, `spaces`, `pages`, …). */
export interface PersonAnswerView {
  readonly subject: PersonSubjectView;
  readonly spaces: readonly SpaceReach[];
  readonly pages: readonly PageReach[];
  readonly footprint: readonly FootprintEntry[];
  readonly coverage: ReachCoverage;
  /**
   * How many pages and footprint entries there are (spaces: `coverage.spaces`); each list above
   * holds at most ANSWER_LIST_LIMIT, so an answer on a site of 20,000 spaces stays far inside a
   * resolver's 5 MB.
   */
  readonly pagesTotal: number;
  readonly footprintTotal: number;
}

export interface PersonCheckProgress {
  readonly jobId: string;
  readonly state: PersonCheckState;
  /** ISO instants. */
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly spacesDone: number;
  /** Known once the check has listed the spaces. */
  readonly spacesTotal?: number;
  /** Confluence requests and points the check has spent. */
  readonly requests: number;
  readonly points: number;
  readonly steps: number;
}

export interface PersonCheckView {
  readonly accountId: string;
  /** The latest check of this person; null when there is none. */
  readonly check: PersonCheckProgress | null;
  /** Present once the check has completed. */
  readonly answer?: PersonAnswerView;
  /** The answer is younger than the cache's day: shown as it is, with its date. */
  readonly fresh: boolean;
  /** `startPersonCheck` returned a stored answer instead of starting a check. */
  readonly fromCache?: boolean;
  readonly asOf: string;
}

/** The lists a view carries at most; the export holds them all. */
export const ANSWER_LIST_LIMIT = 500;

export type PersonExportFormat = 'csv' | 'json';

export type PersonExport =
  | {
      readonly ready: true;
      readonly fileName: string;
      readonly mimeType: string;
      readonly text: string;
    }
  /** No completed check of this person to export. */
  | { readonly ready: false };
