/** Text output of `access-lens audit`: the findings table and its summary line. */
import type { Finding, FindingsSummary } from '../core';
import { findingPrincipal, findingText } from '../messages/audit';
import type { Messages } from '../messages/format';
import { joinComma } from '../messages/lists';
import { table, wrap } from './format';

export function auditText(
  m: Messages,
  findings: readonly Finding[],
  summary: FindingsSummary,
  spaces: number,
): string[] {
  const lines: string[] = [];
  if (findings.length > 0) {
    const rows = findings.map((f) => [
      f.severity.toUpperCase(),
      f.rule,
      f.spaceKey,
      f.contentId === undefined
        ? ''
        : `${f.contentId}${f.title === undefined ? '' : ` ${clip(f.title, 30)}`}`,
      clip(findingPrincipal(m, f) ?? '', 40),
    ]);
    const columns = ['severity', 'rule', 'space', 'content', 'principal'].map((column) =>
      m.text(`cli.audit.column.${column}`),
    );
    const [header, ...body] = table(columns, rows);
    lines.push(header ?? '');
    body.forEach((row, index) => {
      const finding = findings[index];
      lines.push(row, ...wrap(finding === undefined ? '' : findingText(m, finding), '    '), '');
    });
  }
  // Plain digits, as scripts reading this line have always seen them (no grouping).
  const counts = (['high', 'medium', 'low', 'info'] as const).map((severity) =>
    m.text('cli.audit.severityCount', {
      n: String(summary.bySeverity[severity]),
      severity: m.text(`cli.audit.severity.${severity}`),
    }),
  );
  lines.push(
    m.text('cli.audit.summary', {
      findings: m.count('cli.audit.findings', summary.total, { n: String(summary.total) }),
      spaces: m.count('cli.audit.spaces', spaces, { n: String(spaces) }),
      counts: joinComma(m, counts),
    }),
  );
  return lines;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
