/**
 * The catalogue as the CLI reads it: the same `locales/<locale>.json` files Forge serves to the
 * views, so the CLI says what the macro and the admin page say. Node only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessages } from './format';
import type { Messages } from './format';

export const DEFAULT_LOCALE = 'en-US';

const LOCALES_DIR = join(__dirname, '..', '..', 'locales');

function readLocale(locale: string): Record<string, string> | undefined {
  // Locale codes are letters and one dash; anything else is not a file name we read.
  if (!/^[a-z]{2}-[A-Z]{2}$/u.test(locale)) return undefined;
  const file = join(LOCALES_DIR, `${locale}.json`);
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
    : undefined;
}

/** Messages in `locale`, falling back key by key to English, as Forge's translator does. */
export function messagesFor(locale: string = DEFAULT_LOCALE): Messages {
  const fallback = readLocale(DEFAULT_LOCALE) ?? {};
  const chosen = readLocale(locale) ?? fallback;
  return createMessages(
    readLocale(locale) ? locale : DEFAULT_LOCALE,
    (key) => chosen[key] ?? fallback[key],
  );
}
