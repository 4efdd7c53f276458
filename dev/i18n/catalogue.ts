/**
 * The message catalogues: one source file per surface (or part of one) and locale under
 * `src/messages/catalogues/<surface>[-<part>].<locale>.json`, merged into the per-locale resource files
 * Forge serves (`locales/<locale>.json`, the manifest's `translations`). Every key starts with
 * its surface, so a key in code is found by searching for it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const SOURCES = join(ROOT, 'src', 'messages', 'catalogues');
export const LOCALES_DIR = join(ROOT, 'locales');

export interface SourceFile {
  readonly surface: string;
  readonly locale: string;
  readonly file: string;
  readonly messages: Readonly<Record<string, string>>;
}

/** `<surface>.<locale>.json`, or `<surface>-<part>.<locale>.json` for a surface kept in parts. */
const FILE = /^([a-z]+)(?:-[a-z]+)?\.([a-z]{2}-[A-Z]{2})\.json$/u;

export function readSources(dir = SOURCES): SourceFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const match = FILE.exec(name);
      if (!match) throw new Error(`${name}: expected <surface>.<locale>.json`);
      const [, surface = '', locale = ''] = match;
      const messages = JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;
      if (typeof messages !== 'object' || messages === null || Array.isArray(messages)) {
        throw new Error(`${name}: expected an object of key → message`);
      }
      for (const [key, value] of Object.entries(messages)) {
        if (!key.startsWith(`${surface}.`)) {
          throw new Error(`${name}: key "${key}" must start with "${surface}."`);
        }
        if (typeof value !== 'string') throw new Error(`${name}: "${key}" is not a string`);
      }
      return { surface, locale, file: name, messages: messages as Record<string, string> };
    });
}

/** locale → every key of every surface, sorted. */
export function mergeByLocale(sources: readonly SourceFile[]): Map<string, Record<string, string>> {
  const byLocale = new Map<string, Record<string, string>>();
  for (const source of sources) {
    const merged = byLocale.get(source.locale) ?? {};
    for (const [key, value] of Object.entries(source.messages)) {
      if (key in merged) throw new Error(`${source.file}: "${key}" is defined twice`);
      merged[key] = value;
    }
    byLocale.set(source.locale, merged);
  }
  for (const [locale, merged] of byLocale) {
    byLocale.set(
      locale,
      Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    );
  }
  return byLocale;
}

export function renderLocaleFile(messages: Record<string, string>): string {
  return `${JSON.stringify(messages, null, 2)}\n`;
}
