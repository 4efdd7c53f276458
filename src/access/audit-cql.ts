/**
 * The CQL queries the audit sends, built only from values that cannot change its meaning:
 * labels validated by `validatePolicy` (no quotes, backslashes, spaces or CQL punctuation) and
 * space keys that match Confluence's key alphabet. Anything else is refused, not escaped.
 */
import { formEncodedLength, normaliseLabel } from '../core';

/** Content types whose view restrictions the audit inspects (CQL `type`). */
export const AUDITED_CONTENT_TYPES = ['page', 'blogpost', 'folder'] as const;

const SAFE_LABEL = /^[^\s:;,.?&[\]()#^*@!<>"\\]{1,255}$/u;
/** Global keys (letters, digits) and personal keys (`~` + account-id alphabet). */
const SAFE_SPACE_KEY = /^(?:[A-Za-z0-9]{1,255}|~[A-Za-z0-9:_-]{1,255})$/u;

export class UnsafeCqlValue extends Error {
  override readonly name = 'UnsafeCqlValue';
}

export function isSafeSpaceKey(key: string): boolean {
  return SAFE_SPACE_KEY.test(key);
}

const quoted = (value: string): string => `"${value}"`;

/**
 * `space in ("ENG","~alice") AND label in ("confidential","secret") AND type in (...)`: the
 * labelled content of a batch of spaces in one search rather than one per space.
 */
export function labelledContentCql(
  spaceKeys: readonly string[],
  labels: readonly string[],
): string {
  if (spaceKeys.length === 0 || labels.length === 0) {
    throw new UnsafeCqlValue('A labelled-content search needs at least one space and one label');
  }
  for (const key of spaceKeys) {
    if (!isSafeSpaceKey(key)) throw new UnsafeCqlValue(`Refusing space key ${JSON.stringify(key)}`);
  }
  const normalised = [...new Set(labels.map(normaliseLabel))];
  for (const label of normalised) {
    if (!SAFE_LABEL.test(label))
      throw new UnsafeCqlValue(`Refusing label ${JSON.stringify(label)}`);
  }
  const space =
    spaceKeys.length === 1
      ? `space = ${quoted(spaceKeys[0] ?? '')}`
      : `space in (${spaceKeys.map(quoted).join(',')})`;
  return (
    `${space} AND label in (${normalised.map(quoted).join(',')})` +
    ` AND type in (${AUDITED_CONTENT_TYPES.map(quoted).join(',')})`
  );
}

/**
 * Form-encoded characters one search's CQL may take. With the search path, its expansions, the
 * limit and a paging cursor the request target stays far below the 8 KiB Confluence's edge
 * accepts (longer ones are refused with 431); policy validation keeps the labels within
 * POLICY_LIMITS.maxLabelSearchLength, so they always leave room for space keys.
 */
export const MAX_CQL_ENCODED = 5_000;

/**
 * `labelledContentCql` split into as few searches as fit MAX_CQL_ENCODED each: the spaces in
 * consecutive groups and, should the labels alone not leave room for one space (a policy stored
 * before its length was checked), the labels too. Every space meets every label in exactly one
 * search.
 */
export function labelledContentQueries(
  spaceKeys: readonly string[],
  labels: readonly string[],
  maxEncoded = MAX_CQL_ENCODED,
): string[] {
  const fits = (keys: readonly string[], group: readonly string[]): boolean =>
    formEncodedLength(labelledContentCql(keys, group)) <= maxEncoded;
  const longestKey = spaceKeys.reduce(
    (longest, key) => (formEncodedLength(key) > formEncodedLength(longest) ? key : longest),
    spaceKeys[0] ?? '',
  );
  const labelGroups = greedy([...new Set(labels.map(normaliseLabel))], (group) =>
    fits([longestKey], group),
  );
  return labelGroups.flatMap((group) =>
    greedy(spaceKeys, (keys) => fits(keys, group)).map((keys) => labelledContentCql(keys, group)),
  );
}

/** Consecutive groups, each as long as `fits` allows; an item that fits alone in none is refused. */
function greedy(items: readonly string[], fits: (group: readonly string[]) => boolean): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  for (const item of items) {
    if (current.length > 0 && fits([...current, item])) {
      current.push(item);
      continue;
    }
    if (current.length > 0) groups.push(current);
    if (!fits([item])) throw new UnsafeCqlValue('A search of one space and one label is too long');
    current = [item];
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
