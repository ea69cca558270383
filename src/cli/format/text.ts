// Text output: one line per finding, `path:line:col  severity  rule-id  message`, then a summary line.
import { plural, printable, summarize, type RunReport } from '../report';

export function formatText(report: RunReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const f of file.findings) {
      lines.push(`${printable(file.path)}:${f.start.line + 1}:${f.start.character + 1}  ${f.severity}  ${f.ruleId}  ${printable(f.message)}`);
    }
  }
  const s = summarize(report.files);
  if (lines.length) lines.push('');
  if (report.fix) lines.push(`Fixed ${plural(s.fixed, 'problem')} in ${plural(s.fixedFiles, 'file')}.`);
  lines.push(
    `${plural(s.problems, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.info} info) in ${plural(s.files, 'file')}`,
  );
  return lines.join('\n') + '\n';
}
