/**
 * Messages for what the app's functions word themselves: the findings CSV (English: its columns
 * and words are a contract with the spreadsheets that read it) and resolver refusals (in the
 * view's language). The same `locales/*.json` the views and the CLI read, bundled into the
 * functions as data (no file system on Forge).
 */
import german from '../../locales/de-DE.json';
import english from '../../locales/en-US.json';
import { createMessages } from './format';
import type { Messages } from './format';

const CATALOGUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'en-US': english,
  'de-DE': german,
};

const fallback: Readonly<Record<string, string>> = english;

export const englishMessages: Messages = createMessages('en-US', (key) => fallback[key]);

/**
 * Messages in `locale` when the app has it (as Forge names locales, e.g. `de-DE`, or a
 * language alone, e.g. `de`), English otherwise, key by key as Forge's translator falls back.
 */
export function functionMessages(locale: string | undefined): Messages {
  const code = locale?.replace('_', '-');
  const chosen =
    code === undefined
      ? undefined
      : (CATALOGUES[code] ??
        Object.entries(CATALOGUES).find(([c]) =>
          c.startsWith(`${code.split('-')[0] ?? ''}-`),
        )?.[1]);
  if (chosen === undefined || chosen === fallback) return englishMessages;
  return createMessages(code ?? 'en-US', (key) => chosen[key] ?? fallback[key]);
}
