import type { CheckReport, Finding, StepResult } from './findings';
import { acknowledgementLine, verdict, whereOf } from './report';

const COMMANDS = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * GitHub Actions workflow commands: one annotation per finding, shown on the pull request's files
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
 */
export function renderAnnotations(report: CheckReport): string {
  return report.findings.map(annotation).join('\n') + (report.findings.length > 0 ? '\n' : '');
}

function annotation(finding: Finding): string {
  const properties: string[] = [];
  if (finding.location) {
    properties.push(`file=${escapeProperty(finding.location.file)}`);
    properties.push(`line=${finding.location.line}`);
    properties.push(`col=${finding.location.column}`);
  }
  properties.push(`title=${escapeProperty(`schema-check ${finding.step}: ${finding.code}`)}`);
  const text = finding.fix ? `${finding.message}\nFix: ${finding.fix}` : finding.message;
  return `::${COMMANDS[finding.severity]} ${properties.join(',')}::${escapeData(text)}`;
}

/** The Markdown for $GITHUB_STEP_SUMMARY. */
export function renderMarkdownSummary(report: CheckReport): string {
  const lines = [`## Schema check ${report.ok ? 'passed' : 'failed'}`, '', `Base: \`${report.base}\``, ''];
  lines.push('| Step | Status | Summary |', '| --- | --- | --- |');
  for (const step of report.steps) lines.push(`| ${step.step} | ${statusIcon(step)} ${step.status} | ${cell(step.summary)} |`);

  for (const [severity, title] of [['error', 'Errors'], ['warning', 'Warnings']] as const) {
    const findings = report.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    lines.push('', `### ${title}`, '');
    for (const f of findings) {
      const where = whereOf(f);
      lines.push(`- **${f.step}** ${where ? `\`${where}\` ` : ''}${inline(f.message)}${f.fix ? `<br>Fix: ${inline(f.fix)}` : ''}`);
    }
  }
  if (report.changes.length > 0) {
    lines.push('', '### Changes', '', '| Level | Change | Used by |', '| --- | --- | --- |');
    for (const c of report.changes) {
      const used = c.usedBy.map((u) => `${u.operation} (\`${u.file}:${u.line}\`)`).join(', ') || 'no catalogued operation';
      lines.push(`| ${c.level} | ${cell(c.message)} | ${cell(used)} |`);
    }
  }
  if (report.acknowledgement) lines.push('', `> ${inline(acknowledgementLine(report.acknowledgement))}`);
  lines.push('', verdict(report), '');
  return lines.join('\n');
}

function statusIcon(step: StepResult): string {
  return step.status === 'passed' ? '✅' : step.status === 'failed' ? '❌' : '⏭️';
}

function inline(text: string): string {
  return text.replace(/\r?\n/g, '<br>');
}

function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
