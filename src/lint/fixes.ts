// Applying preferred fixes: which edits of a set of findings can go together (the editor's "Fix all"), and
// `--fix` of the CLI, which applies them, re-lints and repeats.
import { applyEdits } from './text';
import type { Finding, TextEdit } from './types';

export const MAX_FIX_PASSES = 10;

export interface FixResult {
  text: string;
  /** What remains after the last pass, for the final text. */
  findings: Finding[];
  /** How many fixes were applied over all passes. */
  applied: number;
}

/** Lints, applies the preferred fixes that do not overlap, and repeats until nothing changes. */
export function fixText(text: string, lint: (text: string) => Finding[], maxPasses = MAX_FIX_PASSES): FixResult {
  let findings = lint(text);
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const { edits, count } = chooseEdits(findings, text.length);
    if (!count) break;
    const next = applyEdits(text, edits);
    if (next === text) break;
    text = next;
    applied += count;
    findings = lint(text);
  }
  return { text, findings, applied };
}

/**
 * The edits of every preferred fix, skipping any fix that overlaps one taken before it (the next pass
 * retries it on the new text). Identical edits are shared, not overlapping: two findings reached through
 * one YAML anchor offer the same fix.
 */
export function chooseEdits(findings: readonly Finding[], textLength: number): { edits: TextEdit[]; count: number } {
  const taken: TextEdit[] = [];
  let count = 0;
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred);
    if (!fix?.edits.length || fix.edits.some((e) => e.offset < 0 || e.length < 0 || e.offset + e.length > textLength)) continue;
    const fresh = fix.edits.filter((e) => !taken.some((t) => same(t, e)));
    if (fresh.some((e, i) => taken.some((t) => overlaps(t, e)) || fresh.some((o, j) => j !== i && overlaps(o, e)))) continue;
    taken.push(...fresh);
    count++;
  }
  return { edits: taken, count };
}

function same(a: TextEdit, b: TextEdit): boolean {
  return a.offset === b.offset && a.length === b.length && a.text === b.text;
}

/** Two edits conflict when their spans intersect, or both insert at one offset (their order would be a guess). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (same(a, b)) return false;
  if (a.length === 0 && b.length === 0) return a.offset === b.offset;
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}
