/**
 * The findings CSV's bytes, one function for the admin page's export (`csvExport`) and
 * `access-lens audit --csv`, so a file from either is the same file. Pure: no Forge runtime
 * package, so the CLI can import it.
 */
import type { Finding, FindingException } from '../core';
import { findingsCsv } from '../messages/audit';
import { englishMessages } from '../messages/english';

export interface AuditCsvOptions {
  /** The site's address: links are absolute when it is known. */
  readonly siteUrl?: string;
  /** Active exceptions by finding id: the `exception` column. */
  readonly exceptions?: ReadonlyMap<string, FindingException>;
}

/** The CSV of `findings` in the order given. In English: access reviews read its words. */
export function auditCsv(findings: readonly Finding[], options: AuditCsvOptions = {}): string {
  return findingsCsv(englishMessages, findings, {
    ...(options.siteUrl === undefined ? {} : { siteUrl: options.siteUrl }),
    ...(options.exceptions === undefined ? {} : { exceptions: options.exceptions }),
  });
}
