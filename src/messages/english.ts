/**
 * English from the catalogue for what the app's functions word themselves: the findings CSV,
 * whose columns and words are a contract with the spreadsheets that read it. The same
 * `locales/en-US.json` the views and the CLI read, bundled into the functions as data (no file
 * system on Forge).
 */
import catalogue from '../../locales/en-US.json';
import { createMessages } from './format';
import type { Messages } from './format';

const english: Readonly<Record<string, string>> = catalogue;

export const englishMessages: Messages = createMessages('en-US', (key) => english[key]);
