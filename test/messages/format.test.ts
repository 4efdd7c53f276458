/**
 * The message formatter (src/messages/format.ts) on its own, over small lookups: placeholders,
 * plural families in English, German and a language with more plural categories (Polish), the
 * missing-key marker, lists, numbers, dates and ages in German; and the CLI's catalogue reader
 * over the real locale files (docs/ARCHITECTURE.md, "Words and translations").
 */
import { createMessages, missingKey } from '../../src/messages/format';
import type { MessageLookup } from '../../src/messages/format';
import { messagesFor } from '../../src/messages/locale-file';

const lookupOf =
  (messages: Readonly<Record<string, string>>): MessageLookup =>
  (key) =>
    messages[key];

const english = createMessages(
  'en-US',
  lookupOf({
    'test.greeting': 'Hello {name}, you have {count} points',
    'test.plain': 'No placeholders here',
    'test.pages.one': '{count} page in {space}',
    'test.pages.other': '{count} pages in {space}',
    'test.things.other': '{count} things',
    'common.time.unknown': 'at an unknown time',
    'common.time.justNow': 'just now',
  }),
);

const german = createMessages(
  'de-DE',
  lookupOf({
    'test.greeting': 'Hallo {name}, du hast {count} Punkte',
    'test.pages.one': '{count} Seite in {space}',
    'test.pages.other': '{count} Seiten in {space}',
    'common.time.unknown': 'zu einem unbekannten Zeitpunkt',
    'common.time.justNow': 'gerade eben',
  }),
);

/** Polish has one / few / many / other: a synthetic catalogue to prove every category is used. */
const polish = createMessages(
  'pl-PL',
  lookupOf({
    'test.files.one': '{count} plik',
    'test.files.few': '{count} pliki',
    'test.files.many': '{count} plików',
    'test.files.other': '{count} pliku',
  }),
);

describe('text: placeholders', () => {
  it('fills every placeholder by name', () => {
    expect(english.text('test.greeting', { name: 'Bob', count: 3 })).toBe(
      'Hello Bob, you have 3 points',
    );
  });

  it('formats a number parameter with the locale’s grouping', () => {
    expect(english.text('test.greeting', { name: 'Bob', count: 1500 })).toBe(
      'Hello Bob, you have 1,500 points',
    );
    expect(german.text('test.greeting', { name: 'Bob', count: 1500 })).toBe(
      'Hallo Bob, du hast 1.500 Punkte',
    );
  });

  it('leaves a placeholder without a parameter as it is, and ignores extra parameters', () => {
    expect(english.text('test.greeting', { name: 'Bob' })).toBe(
      'Hello Bob, you have {count} points',
    );
    expect(english.text('test.plain', { name: 'Bob' })).toBe('No placeholders here');
  });

  it('never treats a parameter’s value as a template', () => {
    expect(english.text('test.greeting', { name: '{count}', count: 2 })).toBe(
      'Hello {count}, you have 2 points',
    );
  });
});

describe('the missing-key marker', () => {
  it('renders a missing key as ⟦key⟧', () => {
    expect(missingKey('x.y')).toBe('⟦x.y⟧');
    expect(english.text('test.nowhere')).toBe('⟦test.nowhere⟧');
    expect(german.text('test.plain')).toBe('⟦test.plain⟧');
  });

  it('names the plural category a missing counted message needed', () => {
    expect(english.count('test.nowhere', 1)).toBe('⟦test.nowhere.one⟧');
    expect(english.count('test.nowhere', 2)).toBe('⟦test.nowhere.other⟧');
    expect(polish.count('test.nowhere', 5)).toBe('⟦test.nowhere.many⟧');
  });
});

describe('count: plural families', () => {
  it('chooses one / other in English and fills {count} and the other parameters', () => {
    expect(english.count('test.pages', 1, { space: 'ENG' })).toBe('1 page in ENG');
    expect(english.count('test.pages', 0, { space: 'ENG' })).toBe('0 pages in ENG');
    expect(english.count('test.pages', 2, { space: 'ENG' })).toBe('2 pages in ENG');
    expect(english.count('test.pages', 1500, { space: 'ENG' })).toBe('1,500 pages in ENG');
  });

  it('chooses one / other in German', () => {
    expect(german.count('test.pages', 1, { space: 'ENG' })).toBe('1 Seite in ENG');
    expect(german.count('test.pages', 0, { space: 'ENG' })).toBe('0 Seiten in ENG');
    expect(german.count('test.pages', 7, { space: 'ENG' })).toBe('7 Seiten in ENG');
    expect(german.count('test.pages', 1500, { space: 'ENG' })).toBe('1.500 Seiten in ENG');
  });

  it('uses every category of a language that has more (Polish: one, few, many, other)', () => {
    expect(new Intl.PluralRules('pl-PL').resolvedOptions().pluralCategories.sort()).toEqual([
      'few',
      'many',
      'one',
      'other',
    ]);
    expect(polish.count('test.files', 1)).toBe('1 plik');
    expect(polish.count('test.files', 2)).toBe('2 pliki');
    expect(polish.count('test.files', 4)).toBe('4 pliki');
    expect(polish.count('test.files', 5)).toBe('5 plików');
    expect(polish.count('test.files', 12)).toBe('12 plików');
    expect(polish.count('test.files', 22)).toBe('22 pliki');
    expect(polish.count('test.files', 25)).toBe('25 plików');
    expect(polish.count('test.files', 1.5)).toBe('1,5 pliku');
  });

  it('falls back to the family’s other form when the category’s own key is missing', () => {
    expect(english.count('test.things', 1)).toBe('1 things');
  });
});

describe('list', () => {
  it('joins with the locale’s words (German: "und", "oder")', () => {
    expect(german.list(['a', 'b', 'c'])).toBe('a, b und c');
    expect(german.list(['a', 'b'])).toBe('a und b');
    expect(german.list(['a', 'b', 'c'], 'disjunction')).toBe('a, b oder c');
    expect(german.list(['a'])).toBe('a');
    expect(german.list([])).toBe('');
  });

  it('gives Intl’s English, with the serial comma: renderers that must keep today’s "a, b and c" join themselves', () => {
    expect(english.list(['a', 'b', 'c'])).toBe('a, b, and c');
    expect(english.list(['a', 'b'], 'disjunction')).toBe('a or b');
  });
});

describe('number', () => {
  it('groups digits the locale’s way', () => {
    expect(english.number(1500)).toBe('1,500');
    expect(german.number(1500)).toBe('1.500');
    expect(german.number(12345.5)).toBe('12.345,5');
  });
});

describe('dateTime and age in German', () => {
  // Built from local time parts, so the expected text holds in any time zone the tests run in.
  const at = new Date(2026, 11, 2, 14, 5).getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const minute = 60_000;

  it('formats a date and time the German way', () => {
    expect(german.dateTime(iso(at))).toBe('02.12.2026, 14:05');
  });

  it('says "at an unknown time" in the locale’s words for a date it cannot read', () => {
    expect(german.dateTime('not a date')).toBe('zu einem unbekannten Zeitpunkt');
    expect(german.age('', at)).toBe('zu einem unbekannten Zeitpunkt');
    expect(english.dateTime('not a date')).toBe('at an unknown time');
  });

  it('says how long ago in minutes, hours and days', () => {
    expect(german.age(iso(at), at)).toBe('gerade eben');
    expect(german.age(iso(at - 59_000), at)).toBe('gerade eben');
    expect(german.age(iso(at - 5 * minute), at)).toBe('vor 5 Minuten');
    expect(german.age(iso(at - 3 * 60 * minute), at)).toBe('vor 3 Stunden');
    expect(german.age(iso(at - 24 * 60 * minute), at)).toBe('gestern');
    expect(german.age(iso(at - 3 * 24 * 60 * minute), at)).toBe('vor 3 Tagen');
  });

  it('treats a time in the future (a clock ahead of ours) as just now', () => {
    expect(german.age(iso(at + 10 * minute), at)).toBe('gerade eben');
  });

  it('says the same in English', () => {
    expect(english.age(iso(at), at)).toBe('just now');
    expect(english.age(iso(at - 5 * minute), at)).toBe('5 minutes ago');
    expect(english.age(iso(at - 24 * 60 * minute), at)).toBe('yesterday');
  });
});

describe('messagesFor: the catalogue as the CLI reads it', () => {
  it('reads German from locales/de-DE.json', () => {
    const messages = messagesFor('de-DE');
    expect(messages.locale).toBe('de-DE');
    expect(messages.text('common.time.justNow')).toBe('gerade eben');
  });

  it('is English by default, and for a locale the app has no file for', () => {
    expect(messagesFor().text('common.time.justNow')).toBe('just now');
    const unknown = messagesFor('fr-FR');
    expect(unknown.locale).toBe('en-US');
    expect(unknown.text('common.time.justNow')).toBe('just now');
  });

  it('never reads a file for something that is not a locale code', () => {
    expect(messagesFor('../package').locale).toBe('en-US');
  });
});
