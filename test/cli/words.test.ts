/**
 * The CLI's own words come from the `cli.tool.*` catalogue (docs/ARCHITECTURE.md, "Words and
 * translations"): every key the CLI names exists in English, and its help reads in German too.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { messagesFor } from '../../src/messages/locale-file';

const CLI_DIR = join(__dirname, '..', '..', 'src', 'cli');
const KEY = /'(cli\.tool\.[\w.]+)'/gu;

function namedKeys(): string[] {
  return readdirSync(CLI_DIR)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) =>
      [...readFileSync(join(CLI_DIR, file), 'utf8').matchAll(KEY)].map((match) => match[1] ?? ''),
    );
}

describe('the CLI catalogue', () => {
  it('has every key the CLI names, in every locale', () => {
    const keys = namedKeys();
    expect(keys.length).toBeGreaterThan(50);
    for (const locale of ['en-US', 'de-DE']) {
      const m = messagesFor(locale);
      // A plural family (`key.one`, `key.other`) is named without its category.
      const missing = keys.filter(
        (key) => m.text(key).startsWith('⟦') && m.count(key, 2).startsWith('⟦'),
      );
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it('says the counted and templated messages in German', () => {
    const m = messagesFor('de-DE');
    expect(m.count('cli.tool.help.examples', 1)).toBe('Beispiel:');
    expect(m.count('cli.tool.help.examples', 3)).toBe('Beispiele:');
    expect(m.count('cli.tool.failure.tries', 2, { n: '2' })).toBe('2 Versuchen');
    expect(m.text('cli.tool.failure.unauthenticated.oauth')).toContain('OAuth-Zugriffstoken');
    expect(m.text('cli.tool.connection.fileMissing', { flag: '--token-file', path: '"x"' })).toBe(
      '--token-file "x": Die Datei existiert nicht.',
    );
  });
});
