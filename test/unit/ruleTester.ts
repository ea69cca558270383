// RuleTester in the style of eslint's: valid cases must stay silent; invalid cases name every finding
// with its exact range, and the exact text after applying the rule's preferred fixes.
import * as assert from 'node:assert/strict';
import { lint } from '../../src/lint/engine';
import type { Rule } from '../../src/lint/rule';
import { applyEdits } from '../../src/lint/text';
import { GENERIC_HOST, type FileKind, type Finding, type HostFacts, type Severity } from '../../src/lint/types';

export interface ValidCase {
  code: string;
  name?: string;
  facts?: Partial<HostFacts>;
  env?: Record<string, string>;
}

export interface ExpectedFinding {
  /** 1-based, as editors show them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** A substring (or pattern) the message must contain. */
  message?: string | RegExp;
  severity?: Severity;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The text after applying every preferred fix of this rule; null when the rule offers none. */
  output: string | null;
}

export function ruleTester(rule: Rule, kind: FileKind, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const seen = new Set<string>();
  const key = (c: ValidCase) => JSON.stringify([c.code, c.facts, c.env]);
  const run = (c: ValidCase) => lint(c.code, kind, { facts: { ...GENERIC_HOST, ...c.facts }, env: c.env ?? {}, rules: [rule] });
  const mine = (c: ValidCase) => run(c).filter((f) => f.ruleId === rule.id);
  const title = (c: ValidCase) => c.name ?? c.code.replace(/\s+/g, ' ').trim().slice(0, 70);

  describe(`rule ${rule.id} (${kind})`, () => {
    it('has cases of both kinds', () => {
      assert.ok(cases.valid.length > 0, 'no valid cases');
      assert.ok(cases.invalid.length > 0, 'no invalid cases');
    });
    for (const c of [...cases.valid, ...cases.invalid]) {
      assert.ok(!seen.has(key(c)), `duplicate case: ${title(c)}`);
      seen.add(key(c));
    }

    describe('valid', () => {
      for (const c of cases.valid) {
        it(title(c), () => {
          const got = mine(c);
          assert.deepEqual(got.map(describeFinding), [], 'a valid case must produce no finding of this rule');
          assert.deepEqual(run(c).filter((f) => f.ruleId === 'yaml-syntax').map(describeFinding), [], 'a case must be well-formed');
        });
      }
    });

    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(title(c), () => {
          assert.ok(c.errors.length > 0, 'an invalid case must name its findings');
          const got = mine(c);
          assert.deepEqual(
            got.map((f) => ({ line: f.start.line + 1, column: f.start.character + 1, endLine: f.end.line + 1, endColumn: f.end.character + 1 })),
            c.errors.map((e) => ({ line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn })),
            `ranges of ${rule.id} findings:\n${got.map(describeFinding).join('\n')}`,
          );
          got.forEach((f, i) => {
            const want = c.errors[i];
            if (typeof want.message === 'string') assert.ok(f.message.includes(want.message), `message "${f.message}" lacks "${want.message}"`);
            else if (want.message) assert.match(f.message, want.message);
            if (want.severity) assert.equal(f.severity, want.severity);
            assert.doesNotMatch(f.message, /\bundefined\b|\bNaN\b|\{\{|\[object /, 'message has an unfilled placeholder');
            assert.ok(f.docs.startsWith('https://'), 'finding links its docs');
            assert.ok(f.fixes.filter((x) => x.preferred).length <= 1, 'at most one preferred fix');
          });
          checkFixes(c, got, kind);
        });
      }
    });
  });

  function checkFixes(c: InvalidCase, got: Finding[], k: FileKind): void {
    const preferred = got.flatMap((f) => f.fixes.filter((x) => x.preferred));
    if (c.output === null) {
      assert.deepEqual(preferred.map((f) => f.title), [], 'case says no fix, but the rule offers one');
      return;
    }
    assert.ok(preferred.length > 0, 'case gives an output, but the rule offers no preferred fix');
    assert.notEqual(c.output, c.code, 'output must differ from the code');
    const fixed = applyEdits(c.code, preferred.flatMap((f) => f.edits));
    assert.equal(fixed, c.output);
    // Each fix alone keeps every byte outside its spans, fixes its own finding and adds no syntax error.
    for (const f of got) {
      for (const fix of f.fixes) {
        const one = applyEdits(c.code, fix.edits);
        const sorted = [...fix.edits].sort((a, b) => a.offset - b.offset);
        const first = sorted[0];
        const last = sorted[sorted.length - 1];
        assert.equal(one.slice(0, first.offset), c.code.slice(0, first.offset), 'bytes before the fix changed');
        const tail = c.code.length - (last.offset + last.length);
        assert.equal(one.slice(one.length - tail), c.code.slice(c.code.length - tail), 'bytes after the fix changed');
        const after = lint(one, k, { facts: { ...GENERIC_HOST, ...c.facts }, env: c.env ?? {}, rules: [rule] });
        assert.deepEqual(after.filter((x) => x.ruleId === 'yaml-syntax').map(describeFinding), [], `fix "${fix.title}" broke the syntax`);
        if (fix.preferred) {
          const still = after.filter((x) => x.ruleId === rule.id && x.message === f.message);
          assert.deepEqual(still.map(describeFinding), [], `fix "${fix.title}" did not clear its finding`);
        }
      }
    }
  }
}

function describeFinding(f: Finding): string {
  return `${f.start.line + 1}:${f.start.character + 1}-${f.end.line + 1}:${f.end.character + 1} ${f.ruleId} ${f.severity}: ${f.message}`;
}
