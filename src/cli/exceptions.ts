/**
 * `access-lens audit --exceptions <file>`: the CLI cannot read the app's Forge storage, so it
 * takes the exceptions as the admin page exports them (`listExceptions`' answer,
 * `{ "exceptions": [ … ] }`, or the bare list) and applies them as the app does: an exception
 * covers its finding through its expiry day (docs/ARCHITECTURE.md, "Findings you can act on").
 */
import { z } from 'zod';
import { RULE_IDS, isExceptionActive, parseFindingId } from '../core';
import type { Finding, FindingException } from '../core';
import type { Messages } from '../messages/format';
import { CliError } from './errors';

const exceptionSchema = z.looseObject({
  findingId: z.string().min(1),
  rule: z.enum(RULE_IDS).optional(),
  spaceKey: z.string().optional(),
  reason: z.string(),
  ownerAccountId: z.string().min(1),
  expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u),
  acceptedAt: z.string().optional(),
  acceptedBy: z.string().optional(),
});

const listSchema = z.array(exceptionSchema);
const fileSchema = z.looseObject({ exceptions: listSchema });

/** The exceptions of a file's JSON text; a CliError naming the file when it is not one. */
export function parseExceptionsFile(
  m: Messages,
  text: string,
  shownPath: string,
): FindingException[] {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch {
    throw new CliError(m.text('cli.audit.exceptions.notJson', { path: shownPath }));
  }
  // One schema at a time, so the error names the field rather than "invalid input".
  const parsed = Array.isArray(json) ? listSchema.safeParse(json) : fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliError(
      m.text('cli.audit.exceptions.invalid', {
        path: shownPath,
        detail: z.prettifyError(parsed.error),
      }),
    );
  }
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.exceptions;
  return entries.flatMap((entry) => {
    const named = parseFindingId(entry.findingId);
    if (named === undefined) return [];
    return [
      {
        findingId: entry.findingId,
        rule: named.rule,
        spaceKey: named.spaceKey,
        reason: entry.reason,
        ownerAccountId: entry.ownerAccountId,
        expiresOn: entry.expiresOn,
        acceptedAt: entry.acceptedAt ?? '',
        acceptedBy: entry.acceptedBy ?? '',
      },
    ];
  });
}

/** What `--json` prints about the exceptions: each with whether it is active and was found. */
export function exceptionsJson(
  exceptions: readonly FindingException[],
  findings: readonly Finding[],
  now: number,
) {
  const ids = new Set(findings.map((finding) => finding.id));
  return exceptions.map((exception) => ({
    findingId: exception.findingId,
    rule: exception.rule,
    spaceKey: exception.spaceKey,
    reason: exception.reason,
    ownerAccountId: exception.ownerAccountId,
    expiresOn: exception.expiresOn,
    ...(exception.acceptedAt === '' ? {} : { acceptedAt: exception.acceptedAt }),
    ...(exception.acceptedBy === '' ? {} : { acceptedBy: exception.acceptedBy }),
    active: isExceptionActive(exception, now),
    found: ids.has(exception.findingId),
  }));
}
