/**
 * Lists inside sentences, in the catalogue's words. Not `Intl.ListFormat`: its en-US list has an
 * Oxford comma ("a, b, and c"), and the English Access Lens has always shown is "a, b and c".
 */
import type { Messages } from './format';

/** "a", "a and b", "a, b and c". */
export function joinAnd(m: Messages, items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  const head = items
    .slice(0, -1)
    .reduce((first, next) => m.text('common.list.comma', { first, next }));
  return m.text('common.list.and', { first: head, last: items[items.length - 1] ?? '' });
}

/** "a, b, c": an enumeration with no last word (labels, setting names). */
export function joinComma(m: Messages, items: readonly string[]): string {
  if (items.length === 0) return '';
  return items.reduce((first, next) => m.text('common.list.comma', { first, next }));
}

/** The first letter in upper case, for a phrase that starts a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
