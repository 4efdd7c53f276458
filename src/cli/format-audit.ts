/** Text output of `access-lens audit`: the findings table and its summary line. */
import type { Finding, FindingsSummary } from '../core';
import { table, wrap } from './format';

export function auditText(
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
      clip(f.principal ?? '', 40),
    ]);
    const [header, ...body] = table(['SEVERITY', 'RULE', 'SPACE', 'CONTENT', 'PRINCIPAL'], rows);
    lines.push(header ?? '');
    body.forEach((row, index) => {
      lines.push(row, ...wrap(findings[index]?.message ?? '', '    '), '');
    });
  }
  const counts = (['high', 'medium', 'low', 'info'] as const)
    .map((severity) => `${summary.bySeverity[severity]} ${severity}`)
    .join(', ');
  lines.push(
    `${summary.total} ${summary.total === 1 ? 'finding' : 'findings'} in ${spaces} ${spaces === 1 ? 'space' : 'spaces'} audited: ${counts}.`,
  );
  return lines;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
