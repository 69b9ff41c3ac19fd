import { plural, type CheckReport, type Finding, type Severity } from './findings';

/** Readable text for a terminal or a CI log. */
export function renderText(report: CheckReport): string {
  const lines: string[] = [`Schema check against ${report.base}`, ''];
  if (report.usage) lines.splice(1, 0, `Usage: ${plural(report.usage.requests, 'request')} from ${plural(report.usage.clients, 'client version')} in ${report.usage.source}`);
  const width = Math.max(...report.steps.map((s) => s.step.length));
  for (const step of report.steps) lines.push(`  ${step.step.padEnd(width)}  ${step.status.padEnd(7)}  ${step.summary}`);

  const sections: [Severity, string][] = [
    ['error', 'Errors'],
    ['warning', 'Warnings'],
    ['info', 'Notes'],
  ];
  for (const [severity, title] of sections) {
    const findings = report.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    lines.push('', `${title} (${findings.length})`);
    for (const finding of findings) lines.push(...renderFinding(finding));
  }

  if (report.changes.length > 0) {
    lines.push('', `Changes against ${report.base} (${report.changes.length})`);
    for (const change of report.changes) {
      const used = change.usedBy.length > 0 ? `  [used by ${change.usedBy.map((u) => u.operation).join(', ')}]` : '';
      const clients = change.clients?.length ? `  [clients: ${change.clients.map((c) => `${c.client} ${c.version} ×${c.requests}`).join(', ')}]` : '';
      lines.push(`  ${change.level.padEnd(9)}  ${change.message}${used}${clients}`);
    }
  }
  if (report.acknowledgement) lines.push('', acknowledgementLine(report.acknowledgement));
  lines.push('', verdict(report));
  return lines.join('\n') + '\n';
}

export function renderJson(report: CheckReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** "FAILED: 2 errors, 1 warning" or "PASSED with 1 warning". */
export function verdict(report: CheckReport): string {
  const count = (severity: Severity) => report.findings.filter((f) => f.severity === severity).length;
  const errors = plural(count('error'), 'error');
  const warnings = plural(count('warning'), 'warning');
  return report.ok ? `Schema check PASSED (${warnings}).` : `Schema check FAILED: ${errors}, ${warnings}.`;
}

export function acknowledgementLine(ack: NonNullable<CheckReport['acknowledgement']>): string {
  const covers = ack.covers.length > 0 ? `covers ${ack.covers.join(', ')}` : 'no breaking change to cover';
  return `Breaking changes acknowledged with --allow-breaking: "${ack.reason}" (${covers}).`;
}

export function whereOf(finding: Finding): string {
  const at = finding.location;
  if (at) return `${at.file}:${at.line}:${at.column}`;
  return finding.coordinate ?? finding.subgraphs?.join(', ') ?? '';
}

function renderFinding(finding: Finding): string[] {
  const where = whereOf(finding);
  const lines = [`  ${finding.step} ${finding.code}${where ? `  ${where}` : ''}`];
  for (const line of subjectFirst(finding).split('\n')) lines.push(`    ${line}`);
  if (finding.fix) lines.push(`    Fix: ${finding.fix}`);
  return lines;
}

/** Our messages start with "[subgraph] Type.field"; Apollo's get the same lead so every line says where. */
function subjectFirst(finding: Finding): string {
  if (finding.message.startsWith('[')) return finding.message;
  const subgraphs = finding.subgraphs?.length ? `[${finding.subgraphs.join(', ')}] ` : '';
  const coordinate = finding.coordinate ? `${finding.coordinate}: ` : '';
  return `${subgraphs}${coordinate}${finding.message}`;
}
