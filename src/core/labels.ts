/**
 * "More exposed than its labels suggest": a page labelled as sensitive (e.g. `confidential`) that no
 * view restriction protects, on the page or above it. Space grants alone don't count as protection:
 * the label says the page needs more than "everyone in the space".
 */
import type { Audience } from './audience';

export const DEFAULT_SENSITIVE_LABELS: readonly string[] = [
  'confidential',
  'secret',
  'restricted',
  'hr-only',
];

export interface LabelExposure {
  /** 'unknown' when some restriction could not be read: we neither warn falsely nor reassure. */
  readonly verdict: 'exposed' | 'protected' | 'unknown' | 'not-sensitive';
  /** The page's labels that are on the sensitive list. */
  readonly sensitiveLabels: readonly string[];
}

/** Confluence stores labels lower-case; policies typed by admins may not be. */
function normalise(label: string): string {
  return label.trim().toLowerCase();
}

export function labelExposure(
  labels: readonly string[],
  audience: Pick<Audience, 'viewRestriction'>,
  sensitiveLabels: readonly string[] = DEFAULT_SENSITIVE_LABELS,
): LabelExposure {
  const sensitive = new Set(sensitiveLabels.map(normalise));
  const matched = [...new Set(labels.map(normalise))].filter((label) => sensitive.has(label));
  if (matched.length === 0) return { verdict: 'not-sensitive', sensitiveLabels: [] };
  switch (audience.viewRestriction) {
    case 'none':
      return { verdict: 'exposed', sensitiveLabels: matched };
    case 'unknown':
      return { verdict: 'unknown', sensitiveLabels: matched };
    case 'restricted':
      return { verdict: 'protected', sensitiveLabels: matched };
  }
}

/** The check the macro's warning uses: true only when the exposure is established. */
export function isMoreExposedThanLabelsSuggest(
  labels: readonly string[],
  sensitiveLabels: readonly string[],
  audience: Pick<Audience, 'viewRestriction'>,
): boolean {
  return labelExposure(labels, audience, sensitiveLabels).verdict === 'exposed';
}
