/**
 * The catalogues are complete in every locale: the same keys (each locale with every plural
 * form its grammar needs), the same placeholders, and the Forge resource files up to date.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LOCALES_DIR,
  mergeByLocale,
  readSources,
  renderLocaleFile,
} from '../../dev/i18n/catalogue';

const PLURAL = /\.(zero|one|two|few|many|other)$/u;
const byLocale = mergeByLocale(readSources());
const english = byLocale.get('en-US') ?? {};
const locales = [...byLocale.keys()];

/** A key without its plural category: `x.count.one` → `x.count`. */
const family = (key: string) => key.replace(PLURAL, '');
const placeholders = (message: string) =>
  [...message.matchAll(/\{(\w+)\}/gu)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('has English and at least one more locale', () => {
    expect(locales).toContain('en-US');
    expect(locales.length).toBeGreaterThanOrEqual(2);
  });

  it.each(locales)('locales/%s.json is what the catalogues make (npm run i18n)', (locale) => {
    const file = readFileSync(join(LOCALES_DIR, `${locale}.json`), 'utf8');
    expect(file).toBe(renderLocaleFile(byLocale.get(locale) ?? {}));
  });

  it.each(locales.filter((l) => l !== 'en-US'))('%s has every message English has', (locale) => {
    const messages = byLocale.get(locale) ?? {};
    const missing = Object.keys(english).filter((key) =>
      PLURAL.test(key)
        ? !(key in messages) && !(`${family(key)}.other` in messages)
        : !(key in messages),
    );
    const extra = Object.keys(messages).filter(
      (key) => !(key in english) && !(PLURAL.test(key) && `${family(key)}.other` in english),
    );
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(locales)('%s has every plural form its grammar needs', (locale) => {
    const messages = byLocale.get(locale) ?? {};
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const families = new Set(
      Object.keys(messages)
        .filter((k) => PLURAL.test(k))
        .map(family),
    );
    const missing = [...families].flatMap((f) =>
      categories.filter((c) => !(`${f}.${c}` in messages)).map((c) => `${f}.${c}`),
    );
    expect(missing).toEqual([]);
  });

  it.each(locales.filter((l) => l !== 'en-US'))(
    '%s uses the placeholders English uses',
    (locale) => {
      const messages = byLocale.get(locale) ?? {};
      const differing = Object.entries(messages).flatMap(([key, message]) => {
        const source = english[key] ?? english[`${family(key)}.other`];
        if (source === undefined) return [];
        const ours = placeholders(message).filter((p) => p !== 'count');
        const theirs = placeholders(source).filter((p) => p !== 'count');
        return JSON.stringify(ours) === JSON.stringify(theirs) ? [] : [{ key, ours, theirs }];
      });
      expect(differing).toEqual([]);
    },
  );
});
