// Runs in a child process for the hostile-input tests: lints each case read from standard input and
// prints a summary with the CPU time it took. A crash or hang here fails a test instead of the runner.
import { decode } from '../../../src/cli/inputs';
import { lint } from '../../../src/lint/engine';
import type { FileKind, LintOptions } from '../../../src/lint/types';

export interface ChildCase {
  kind: FileKind;
  /** The text, or base64 bytes decoded as the CLI decodes files. */
  text?: string;
  base64?: string;
  options?: LintOptions;
  /** Lint it this many times (the YAML parser once aborted Node only on a repeated parse). */
  repeat?: number;
}

export interface ChildResult {
  cpuMs: number;
  findings: number;
  byRule: Record<string, number>;
  /** The first few findings. */
  first: { ruleId: string; severity: string; message: string; offset: number; length: number; fixes: number }[];
  crashed: string[];
}

function run(c: ChildCase): ChildResult {
  const text = c.base64 !== undefined ? decode(Buffer.from(c.base64, 'base64')).text : (c.text ?? '');
  const cpu0 = process.cpuUsage();
  let found = lint(text, c.kind, c.options);
  for (let i = 1; i < (c.repeat ?? 1); i++) found = lint(text, c.kind, c.options);
  const used = process.cpuUsage(cpu0);
  const byRule: Record<string, number> = {};
  for (const f of found) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  return {
    cpuMs: (used.user + used.system) / 1000,
    findings: found.length,
    byRule,
    first: found.slice(0, 5).map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, offset: f.offset, length: f.length, fixes: f.fixes.length })),
    crashed: found.filter((f) => /could not check this file/.test(f.message)).map((f) => f.message),
  };
}

const chunks: Buffer[] = [];
process.stdin.on('data', (c: Buffer) => chunks.push(c));
process.stdin.on('end', () => {
  const cases = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChildCase[];
  process.stdout.write(JSON.stringify(cases.map(run)));
});
