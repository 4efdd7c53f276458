/**
 * Turns message keys and parameters into sentences, for every surface (macro, admin page, CLI)
 * and every locale. Pure: the words come from a lookup (Forge's translation function in the
 * views, the catalogue file in the CLI), the grammar from `Intl`.
 *
 * Message syntax (docs/ARCHITECTURE.md, "Words and translations"):
 * - `{name}` is replaced by the parameter `name`;
 * - a counted message is a family of keys `key.one`, `key.other` (and whichever other plural
 *   categories the locale has, per `Intl.PluralRules`), chosen by `count`, which is also `{count}`.
 */
export type MessageParams = Readonly<Record<string, string | number>>;

/** Looks a key up in the active locale (with Forge's fallback); undefined when it is missing. */
export type MessageLookup = (key: string) => string | undefined;

export interface Messages {
  readonly locale: string;
  /** The message `key` with its parameters filled in. */
  text(key: string, params?: MessageParams): string;
  /** The plural form of `key` for `count`, with `{count}` and the other parameters filled in. */
  count(key: string, count: number, params?: MessageParams): string;
  /** "a, b and c" in the locale's words. */
  list(items: readonly string[], type?: 'conjunction' | 'disjunction'): string;
  /** A date and time, e.g. "2 Dec 2026, 14:05". */
  dateTime(iso: string): string;
  /** How long ago, e.g. "5 minutes ago", "yesterday". */
  age(iso: string, now: number): string;
  /** A number with the locale's grouping, e.g. "1,500". */
  number(value: number): string;
}

/** What a missing key renders as: loud enough for a test or a reader to notice. */
export function missingKey(key: string): string {
  return `⟦${key}⟧`;
}

const PLACEHOLDER = /\{(\w+)\}/gu;

export function createMessages(locale: string, lookup: MessageLookup): Messages {
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const fill = (template: string, params: MessageParams | undefined): string =>
    template.replace(PLACEHOLDER, (whole, name: string) => {
      const value = params?.[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  const text = (key: string, params?: MessageParams): string => {
    const template = lookup(key);
    return template === undefined ? missingKey(key) : fill(template, params);
  };
  return {
    locale,
    text,
    count(key, count, params) {
      const category = plurals.select(count);
      const template = lookup(`${key}.${category}`) ?? lookup(`${key}.other`);
      return template === undefined
        ? missingKey(`${key}.${category}`)
        : fill(template, { ...params, count });
    },
    list(items, type = 'conjunction') {
      return new Intl.ListFormat(locale, { style: 'long', type }).format(items);
    },
    dateTime(iso) {
      const at = Date.parse(iso);
      if (Number.isNaN(at)) return text('common.time.unknown');
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
        at,
      );
    },
    age(iso, now) {
      const at = Date.parse(iso);
      if (Number.isNaN(at)) return text('common.time.unknown');
      const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      const minutes = Math.floor(Math.max(0, now - at) / 60_000);
      if (minutes < 1) return text('common.time.justNow');
      if (minutes < 60) return relative.format(-minutes, 'minute');
      const hours = Math.floor(minutes / 60);
      if (hours < 24) return relative.format(-hours, 'hour');
      return relative.format(-Math.floor(hours / 24), 'day');
    },
    number(value) {
      return numbers.format(value);
    },
  };
}
