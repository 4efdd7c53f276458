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
  readonly name: string;
  readonly identities: readonly SiteIdentity[];
  readonly spaces: readonly { readonly id: string; readonly key: string; readonly name: string }[];
  readonly content: readonly SiteContent[];
  readonly modules: readonly UiModule[];
}

/** `POST /api/invoke` body. */
export interface InvokeRequest {
  readonly moduleKey: string;
  readonly functionKey: string;
  readonly payload?: unknown;
  readonly as: string;
  readonly contentId?: string;
  readonly config?: unknown;
}
