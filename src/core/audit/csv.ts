/**
 * RFC 4180 CSV of findings for the export download and `access-lens audit --csv`. Written out here
 * because `src/core` has no runtime dependencies; the tests check it against `csv-parse`.
 *
 * - Fields containing a comma, a double quote, CR or LF are quoted; quotes inside are doubled.
 * - Records end with CRLF, the last one included.
 * - Spreadsheet formula injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a CR would be
 *   run as a formula by Excel, LibreOffice or Google Sheets, and page titles and group names are
 *   chosen by other people. Such cells get a leading single quote (`'=HYPERLINK(…)`), which the
 *   spreadsheet shows as text. A title that really starts with `-` therefore reads `'-…` in the
 *   file: the price of opening untrusted text in a spreadsheet safely.
 */
/**
 * The findings export's columns, a public contract (access reviews load the file by column name).
 * `principal` and `message` are words: src/messages/audit.ts fills them (`findingsCsv`).
 */
export const FINDINGS_CSV_COLUMNS = [
  'severity',
  'rule',
  'spaceKey',
  'contentId',
  'title',
  'principal',
  'message',
  'id',
  // Where the finding is fixed in Confluence (src/messages/links.ts); last, so the columns of
  // files written before it keep their places.
  'link',
  // The accepted exception covering the finding, if any: its expiry and reason (empty when open).
  'exception',
  // When the finding's space was last read (ISO time), for a finding an incremental audit carried
  // forward unread; empty for a finding read by the audit itself.
  'lastRead',
] as const;
export type FindingsCsvColumn = (typeof FINDINGS_CSV_COLUMNS)[number];

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark so Excel reads accented titles correctly. Off by default. */
  readonly bom?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/u;
const FORMULA_START = /^[=+\-@\t\r]/u;

/** One cell, neutralised against formulas and quoted when RFC 4180 requires it. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  const body = rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
  return options.bom === true ? `\uFEFF${body}` : body;
}
