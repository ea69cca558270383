// JSON output: a stable shape for scripts (documented in the CLI's help and the README).
//   { schemaVersion: 1, tool: {name, version}, host: HostFacts,
//     files: [{ path, kind, fixed, findings: [{ ruleId, severity, message, line, column, endLine, endColumn,
//               offset, length, docs, fixes: [{ title, preferred, edits: [{ offset, length, text }] }] }] }],
//     summary: { files, problems, errors, warnings, info, fixed }, errors: [string] }
// Lines and columns are 1-based, columns in UTF-16 code units; offsets are 0-based into the file's text
// (after a byte order mark, if any). `fixed` counts the findings --fix fixed.
import type { Severity } from '../../lint/types';
import { summarize, TOOL_NAME, TOOL_VERSION, type RunReport } from '../report';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  length: number;
  docs: string;
  fixes: { title: string; preferred: boolean; edits: { offset: number; length: number; text: string }[] }[];
}

export function formatJson(report: RunReport): string {
  const s = summarize(report.files);
  const out = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    host: report.facts,
    files: report.files.map((file) => ({
      path: file.path,
      kind: file.kind,
      fixed: file.fixed,
      findings: file.findings.map(
        (f): JsonFinding => ({
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          line: f.start.line + 1,
          column: f.start.character + 1,
          endLine: f.end.line + 1,
          endColumn: f.end.character + 1,
          offset: f.offset,
          length: f.length,
          docs: f.docs,
          fixes: f.fixes.map((x) => ({
            title: x.title,
            preferred: x.preferred === true,
            edits: x.edits.map((e) => ({ offset: e.offset, length: e.length, text: e.text })),
          })),
        }),
      ),
    })),
    summary: { files: s.files, problems: s.problems, errors: s.errors, warnings: s.warnings, info: s.info, fixed: s.fixed },
    errors: report.inputErrors,
  };
  return JSON.stringify(out, null, 2) + '\n';
}
