/**
 * `npm run i18n`: writes `locales/<locale>.json` from the surface catalogues.
 * `npm run i18n -- --check`: fails when a locale file is not what the catalogues make.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES_DIR, mergeByLocale, readSources, renderLocaleFile } from './catalogue';

const check = process.argv.includes('--check');
let stale = 0;
for (const [locale, messages] of mergeByLocale(readSources())) {
  const file = join(LOCALES_DIR, `${locale}.json`);
  const wanted = renderLocaleFile(messages);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (current === wanted) continue;
  if (check) {
    console.error(`${file} is out of date: run npm run i18n`);
    stale += 1;
  } else {
    writeFileSync(file, wanted);
    console.log(`wrote ${file} (${Object.keys(messages).length} messages)`);
  }
}
process.exitCode = stale === 0 ? 0 : 1;
