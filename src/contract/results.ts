import type { AccessDecision, Audience, ContentType, LabelExposure, SubjectRef } from '../core';
import type { EffectiveAudience, PersonMarker } from '../core/effective-audience';

/**
 * What every resolver answers, shared by the resolvers and the UI Kit frontend (types only, so the
 * frontend bundle pulls in no backend code). Failures are values, not thrown errors, so the UI can
 * show a helpful state instead of a generic platform error.
 */
export type ErrorCode =
  | 'BAD_REQUEST' // the payload failed validation; nothing was fetched
  | 'NOT_VISIBLE' // the page does not exist or the viewer cannot see it
  | 'FORBIDDEN' // the caller is not allowed to use this function (e.g. admins only)
  | 'RATE_LIMITED' // Confluence asked us to slow down
  | 'UPSTREAM'; // Confluence failed or sent something unexpected

/**
 * Why a resolver refused or failed, as a code; the resolver words it (`message`) from the
 * catalogue (`common.error.reason.<reason>`) in the language the view runs in.
 */
export type ErrorReason =
  | 'not-a-page'
  | 'payload-too-large'
  | 'payload-invalid'
  | 'group-not-on-page'
  | 'cannot-change-restrictions'
  | 'restriction-unreadable'
  | 'no-change'
  | 'admins-only'
  | 'audit-running'
  | 'audit-running-since'
  | 'audit-still-running'
  | 'export-too-large'
  | 'no-audit-yet'
  | 'no-such-audit'
  | 'two-audits-needed'
  | 'exception-invalid'
  | 'no-such-finding'
  | 'too-many-exceptions'
  | 'no-such-exception'
  | 'not-visible'
  | 'busy'
  | 'confluence-refused'
  | 'confluence-failed'
  | 'unexpected';

export interface ResolverError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

export type ResolverResult<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ResolverError };

export interface ViewerSummary {
  readonly accountId: string;
  readonly displayName: string | null;
  readonly isConfluenceAdmin: boolean;
}

// ---- The page access macro ------------------------------------------------------------------
// The engine's own types are plain JSON data, so the contract reuses them (type-only imports:
// nothing of the engine reaches the frontend bundle).

export type {
  AccessDecision,
  Audience,
  AudienceMember,
  AudienceTerm,
  Decision,
  Layer,
  SubjectRef,
  Through,
} from '../core';

/** What `getPageAccess` answers once the viewer's own read of the page succeeded. */
export interface PageAccessView {
  readonly page: {
    readonly title: string;
    readonly space: { readonly key: string; readonly name: string };
  };
  readonly audience: Audience;
  /** Who exactly can view and who can edit (docs/ARCHITECTURE.md, "The effective audience"). */
  readonly effective: {
    readonly view: EffectiveAudience;
    readonly edit: EffectiveAudience;
  };
  readonly labels: LabelExposure;
  /**
   * Whether the people the layers name were checked for this viewer (markers on their entries);
   * false for a viewer who may not browse people. Once true, a person entry without `markers`
   * is one past the check's limit.
   */
  readonly peopleChecked?: boolean;
  /**
   * When the oldest part of the answer was read (ISO time); older when served from the cache.
   * The macro's freshness line says its age.
   */
  readonly asOf: string;
  readonly fromCache: boolean;
  /**
   * How old each part of the answer is, in whole seconds when the answer was made: the page's
   * own restrictions and place, its space's grants, its ancestors' view restrictions (the oldest;
   * absent without ancestors), the site's anonymous-access evidence and the people behind the
   * effective audience.
   */
  readonly ages?: {
    readonly page: number;
    readonly space: number;
    readonly ancestors?: number;
    readonly site: number;
    /** The people's standing behind the effective audience, when it was not read just now. */
    readonly people?: number;
  };
}

/** Who `checkAccess` is asked about. */
export type CheckSubject =
  { readonly accountId: string } | { readonly anonymous: true } | { readonly groupId: string };

/** Confluence's own answer to `permission/check`, asked only when the viewer is an admin. */
export interface ConfluenceConfirmation {
  readonly view: { readonly allowed: boolean; readonly reason?: string };
  /** `reason` is Confluence's own text, passed on as it came. */
  readonly edit: { readonly allowed: boolean; readonly reason?: string };
  /** The actions on which Confluence and the engine disagree; absent when they agree. */
  readonly disagreesOn?: readonly ('view' | 'edit')[];
}

export interface CheckAccessView extends AccessDecision {
  /** Who was checked, as data (the view names them in the viewer's language). */
  readonly subject: SubjectRef;
  /** The person's markers (guest, deactivated, no Confluence access, customer, app). */
  readonly markers?: readonly PersonMarker[];
  /** What the reasons name besides the subject: the page's space and kind. */
  readonly page: {
    readonly contentType: ContentType;
    readonly space: { readonly key: string; readonly name: string };
  };
  readonly confluence?: ConfluenceConfirmation;
  /** For a group: what its first members get, each with their own groups. */
  readonly members?: GroupMembersVerdict;
}

/**
 * A group's members checked one by one: of the `checked` first members (of `size`), how many
 * can view and edit, and how many the engine could not decide.
 */
export interface GroupMembersVerdict {
  readonly checked: number;
  readonly size?: number;
  readonly view: number;
  readonly edit: number;
  readonly viewUnknown: number;
  readonly editUnknown: number;
}

export interface GroupMember {
  readonly accountId: string;
  readonly displayName: string;
  /** Guest, deactivated, no Confluence access, customer, the app: as in the audience. */
  readonly markers: readonly PersonMarker[];
}

/**
 * How far a search of a group's members got, so "no match" is never claimed for a part not
 * looked at: by name (Confluence's user search, then the membership of each person found), or,
 * where Confluence refuses that search, by reading the group's members in order.
 */
export type MemberSearchProgress =
  | { readonly by: 'name'; readonly checked: number; readonly matches?: number }
  | { readonly by: 'scan'; readonly scanned: number };

export interface GroupMembersPage {
  readonly members: readonly GroupMember[];
  readonly nextCursor?: string;
  /** Present for a search. */
  readonly searched?: MemberSearchProgress;
}

/**
 * Macro configuration as Confluence stores it from the config form (`useConfig()`): the tabs to
 * show and the layout. Every field is optional; the view applies defaults (all tabs, full).
 */
export interface MacroConfig {
  readonly tabs?: readonly ('view' | 'edit' | 'check')[];
  readonly layout?: 'full' | 'compact';
}

// ── what if (docs/ARCHITECTURE.md, "What if") ─────────────────────────────────────────────────

export type { AudienceChange, AudienceDelta, DescendantChange } from '../core/what-if';
import type { WhatIfPreview } from '../core/what-if';

/** `previewRestrictionChange`: who gains and who loses, on the page and below it. */
export type WhatIfView = WhatIfPreview;

/** `getWhatIfAccess`: whether this viewer may preview (and so make) restriction changes. */
export interface WhatIfAccessView {
  readonly allowed: boolean;
}
