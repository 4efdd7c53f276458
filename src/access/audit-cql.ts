/**
 * The one CQL query the audit sends, built only from values that cannot change its meaning:
 * labels validated by `validatePolicy` (no quotes, backslashes, spaces or CQL punctuation) and
 * space keys that match Confluence's key alphabet. Anything else is refused, not escaped.
 */
import { normaliseLabel } from '../core';

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
