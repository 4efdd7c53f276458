/** What the preview server tells the shell page about the demo site (`GET /api/site`). */
import type { UiModule } from './build';

export interface SiteIdentity {
  /** `u-bob`… or `anonymous`. */
  readonly as: string;
  readonly label: string;
  /** e.g. "guest", "Confluence admin", "deactivated". */
  readonly note?: string;
}

export interface SiteContent {
  readonly id: string;
  readonly type: string;
  readonly spaceId: string;
  readonly parentId: string | null;
  readonly title: string;
}

export interface SiteInfo {
  /** Which demo site this is (`?site=`), and the ones the switcher offers. */
  readonly site: string;
  readonly sites: readonly { readonly id: string; readonly label: string }[];
  readonly name: string;
  /** How the site manages space access: `PRE_ROLES` (legacy list), `ROLES_TRANSITION`, `ROLES`. */
  readonly roleMode: string;
  readonly identities: readonly SiteIdentity[];
  readonly spaces: readonly { readonly id: string; readonly key: string; readonly name: string }[];
  readonly content: readonly SiteContent[];
  readonly modules: readonly UiModule[];
  /** The languages the app has translations for (the manifest's `translations`), and the one
   * the page opens in (`npm start -- --locale`). */
  readonly locales: readonly string[];
  readonly defaultLocale: string;
}

/** `POST /api/invoke` body. */
export interface InvokeRequest {
  readonly moduleKey: string;
  readonly functionKey: string;
  readonly payload?: unknown;
  readonly as: string;
  readonly contentId?: string;
  readonly config?: unknown;
  /** The demo site the frame belongs to; the default site when absent. */
  readonly site?: string;
  /** The viewer's language, as the product puts it in the invocation context. */
  readonly locale?: string;
}

/** One thing the job runtime did, for the shell's jobs panel. */
export interface JobActivity {
  /** ISO time on the preview clock. */
  readonly at: string;
  readonly kind: 'delivery' | 'trigger';
  /** e.g. `access-lens-audit → auditWorker (batch 0)` or `audit-schedule → audit-scheduler`. */
  readonly name: string;
  /** `failed`: the event ran out of retries and was dropped, as the platform drops it. */
  readonly outcome: 'ok' | 'retry' | 'error' | 'failed';
  readonly message?: string;
}

/** `GET /api/jobs?site=`: the site's queues, consumers and scheduled triggers. */
export interface JobsStatus {
  readonly site: string;
  /** Events not finished: due now, running, or waiting for a delay or retry. */
  readonly pending: number;
  /** Of those, how many are due now (or running). */
  readonly due: number;
  readonly running: boolean;
  /** When the earliest waiting event falls due. */
  readonly nextDueInSeconds?: number;
  /** Consumer invocations so far. */
  readonly delivered: number;
  readonly consumers: readonly {
    readonly key: string;
    readonly queue: string;
    readonly functionKey: string;
  }[];
  readonly triggers: readonly {
    readonly key: string;
    readonly functionKey: string;
    readonly interval: string;
  }[];
  /** Newest first. */
  readonly recent: readonly JobActivity[];
  readonly errors: readonly JobActivity[];
  /** Whether waiting events (and storage) survive a restart (`--persist`). */
  readonly persisted: boolean;
  /** Time jumped over with "Skip the wait", in seconds. */
  readonly skippedSeconds: number;
}
