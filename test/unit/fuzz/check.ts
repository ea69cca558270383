// The properties every lint of any text must keep, checked on one input; returns what went wrong.
//  - lint never throws, and no rule throws (the engine turns a rule's exception into "Rule X could not
//    check this file": counted as a failure here);
//  - every finding's offsets are inside the text, and its positions agree with its offsets;
//  - messages are filled in (no "undefined", "NaN", "[object …]");
//  - each fix alone has in-range, non-overlapping edits and keeps every character outside them;
//  - a fix keeps a file that parses cleanly free of YAML syntax errors;
//  - applying every preferred fix, re-linting and applying again changes nothing more for the rules
//    that fixed (or, when the first pass had to skip overlapping fixes, the passes settle);
//  - no single lint takes over a second of CPU time.
import { chooseEdits, MAX_FIX_PASSES } from '../../../src/lint/fixes';
import { lint } from '../../../src/lint/engine';
import { applyEdits } from '../../../src/lint/text';
import type { FileKind, Finding, HostFacts, TextEdit } from '../../../src/lint/types';

export type ProblemKind = 'throws' | 'rule-crash' | 'offsets' | 'positions' | 'message' | 'fix-edits' | 'fix-outside' | 'fix-syntax' | 'idempotence' | 'slow';

export interface Problem {
  kind: ProblemKind;
  ruleId?: string;
  detail: string;
  /** For fix problems: the text each edit replaced; for idempotence, also the findings before the first pass. */
  replaced?: string[];
  findings?: Finding[];
}

export interface Input {
  text: string;
  kind: FileKind;
  facts?: HostFacts;
  env?: Record<string, string>;
}

export const SLOW_MS = 1000;

/** Counters over the inputs checked since the last reset, for the suites' summaries. */
export const stats = { inputs: 0, lints: 0, /** The slowest lint, in ms of CPU time. */ maxMs: 0 };

/** Line/column of an offset, computed independently of the engine's LineIndex. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  const re = /\r\n|\r|\n/g;
  for (let m = re.exec(text); m && m.index < offset; m = re.exec(text)) {
    if (m.index + m[0].length > offset) break; // inside a \r\n: still on this line
    line++;
    start = m.index + m[0].length;
  }
  return { line, character: offset - start };
}

export function checkInput(input: Input): Problem[] {
  const problems: Problem[] = [];
  const run = (text: string): Finding[] | undefined => {
    // CPU time, not wall time: other processes on a busy machine must not make an input "slow".
    const cpu0 = process.cpuUsage();
    try {
      return lint(text, input.kind, { facts: input.facts, env: input.env ?? {} });
    } catch (err) {
      problems.push({ kind: 'throws', detail: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      return undefined;
    } finally {
      const used = process.cpuUsage(cpu0);
      const ms = (used.user + used.system) / 1000;
      stats.lints++;
      stats.maxMs = Math.max(stats.maxMs, ms);
      if (ms > SLOW_MS) problems.push({ kind: 'slow', detail: `lint took ${Math.round(ms)} ms of CPU on ${text.length} characters` });
    }
  };

  stats.inputs++;
  const text = input.text;
  const found = run(text);
  if (!found) return problems;

  for (const f of found) {
    const crashed = /could not check this file/.test(f.message);
    if (crashed) problems.push({ kind: 'rule-crash', ruleId: f.ruleId, detail: f.message });
    if (!(Number.isInteger(f.offset) && Number.isInteger(f.length) && f.offset >= 0 && f.length >= 0 && f.offset + f.length <= text.length)) {
      problems.push({ kind: 'offsets', ruleId: f.ruleId, detail: `offset ${f.offset} length ${f.length} in a text of ${text.length}` });
      continue;
    }
    const start = positionOf(text, f.offset);
    const end = positionOf(text, f.offset + f.length);
    if (start.line !== f.start.line || start.character !== f.start.character || end.line !== f.end.line || end.character !== f.end.character) {
      problems.push({ kind: 'positions', ruleId: f.ruleId, detail: `offsets ${f.offset}+${f.length} are ${JSON.stringify([start, end])}, finding says ${JSON.stringify([f.start, f.end])}` });
    }
    if (!crashed && (!f.message.trim() || /\bundefined\b|\bNaN\b|\[object /.test(f.message))) problems.push({ kind: 'message', ruleId: f.ruleId, detail: f.message });
    for (const fix of f.fixes) checkFix(input, text, f, fix.title, fix.edits, syntaxErrors(found), problems);
  }
  checkIdempotent(text, found, run, problems);
  return problems;
}

function syntaxErrors(found: readonly Finding[]): number {
  return found.filter((f) => f.ruleId === 'yaml-syntax').length;
}

function checkFix(input: Input, text: string, f: Finding, title: string, edits: readonly TextEdit[], before: number, problems: Problem[]): void {
  const where = `fix "${title}" of ${f.ruleId}`;
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    const ok = Number.isInteger(e.offset) && Number.isInteger(e.length) && e.offset >= 0 && e.length >= 0 && e.offset + e.length <= text.length && typeof e.text === 'string';
    const overlaps = i > 0 && e.offset < sorted[i - 1].offset + sorted[i - 1].length;
    if (!ok || overlaps) {
      problems.push({ kind: 'fix-edits', ruleId: f.ruleId, detail: `${where}: edit ${JSON.stringify(e)} ${ok ? 'overlaps another' : 'is out of range'} (text of ${text.length})` });
      return;
    }
  }
  if (!sorted.length) {
    problems.push({ kind: 'fix-edits', ruleId: f.ruleId, detail: `${where} has no edits` });
    return;
  }
  let out: string;
  try {
    out = applyEdits(text, edits);
  } catch (err) {
    problems.push({ kind: 'fix-edits', ruleId: f.ruleId, detail: `${where}: ${String(err)}` });
    return;
  }
  // Every character between and around the edits stays as it was, in order.
  let expected = '';
  let at = 0;
  for (const e of sorted) {
    expected += text.slice(at, e.offset) + e.text;
    at = e.offset + e.length;
  }
  expected += text.slice(at);
  if (out !== expected) problems.push({ kind: 'fix-outside', ruleId: f.ruleId, detail: `${where} changed text outside its edits` });
  // On a file that parses cleanly, a fix must keep it so (on broken YAML, structure is a guess anyway).
  if (input.kind === 'compose' && before === 0) {
    // Rules off: only the parse and its yaml-syntax findings, a quarter of a full lint's time.
    let after: number;
    try {
      after = syntaxErrors(lint(out, 'compose', { env: input.env ?? {}, rules: [] }));
    } catch (err) {
      problems.push({ kind: 'throws', detail: `after ${where}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` });
      return;
    }
    if (after > before) {
      const replaced = sorted.map((e) => text.slice(e.offset, e.offset + e.length));
      problems.push({ kind: 'fix-syntax', ruleId: f.ruleId, detail: `${where} adds a YAML syntax error (${before} -> ${after})`, replaced });
    }
  }
}

/** Applying every preferred fix twice equals applying them once, for the rules that fixed. */
function checkIdempotent(text: string, found: Finding[], run: (t: string) => Finding[] | undefined, problems: Problem[]): void {
  const withFix = found.filter((f) => f.fixes.some((x) => x.preferred));
  if (!withFix.length) return;
  const first = chooseEdits(found, text.length);
  if (!first.count) return;
  let once: string;
  try {
    once = applyEdits(text, first.edits);
  } catch (err) {
    problems.push({ kind: 'fix-edits', detail: `preferred fixes together: ${String(err)}` });
    return;
  }
  const fixedRules = new Set(withFix.filter((f) => first.edits.some((e) => f.fixes.find((x) => x.preferred)!.edits.some((d) => d.offset === e.offset && d.length === e.length && d.text === e.text))).map((f) => f.ruleId));
  const again = run(once);
  if (!again) return;
  const mine = again.filter((f) => fixedRules.has(f.ruleId));
  const second = chooseEdits(mine, once.length);
  if (first.count === withFix.length) {
    // Nothing was skipped: a second pass must find nothing more to fix for these rules.
    if (second.count) {
      const twice = applyEdits(once, second.edits);
      if (twice !== once) {
        const rules = [...new Set(mine.filter((f) => f.fixes.some((x) => x.preferred)).map((f) => f.ruleId))];
        const replaced = first.edits.map((e) => text.slice(e.offset, e.offset + e.length));
        problems.push({ kind: 'idempotence', ruleId: rules[0], detail: `after one pass, ${rules.join(', ')} still fix: ${JSON.stringify(second.edits.slice(0, 3))}`, replaced, findings: found });
      }
    }
    return;
  }
  // Some fixes overlapped and wait for the next pass: the passes must settle, as `--fix` expects.
  let current = once;
  let findings = again;
  for (let pass = 1; pass < MAX_FIX_PASSES; pass++) {
    const next = chooseEdits(findings, current.length);
    if (!next.count) return;
    const after = applyEdits(current, next.edits);
    if (after === current) return;
    current = after;
    const f = run(current);
    if (!f) return;
    findings = f;
  }
  problems.push({ kind: 'idempotence', detail: `preferred fixes still change the text after ${MAX_FIX_PASSES} passes` });
}
