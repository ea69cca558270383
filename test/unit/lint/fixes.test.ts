// The --fix loop: which preferred fixes are taken together, and how passes repeat.
import * as assert from 'node:assert/strict';
import { chooseEdits, fixText, MAX_FIX_PASSES } from '../../../src/lint/fixes';
import type { Finding, Fix, TextEdit } from '../../../src/lint/types';

function finding(offset: number, fixes: Fix[], ruleId = 'privileged-port'): Finding {
  return {
    ruleId,
    severity: 'error',
    message: 'm',
    offset,
    length: 1,
    start: { line: 0, character: offset },
    end: { line: 0, character: offset + 1 },
    docs: 'https://example.invalid/',
    fixes,
  };
}
const edit = (offset: number, length: number, text: string): TextEdit => ({ offset, length, text });
const preferred = (...edits: TextEdit[]): Fix => ({ title: 't', edits, preferred: true });

describe('cli --fix', () => {
  describe('chooseEdits', () => {
    it('takes only preferred fixes', () => {
      const r = chooseEdits([finding(0, [{ title: 'other', edits: [edit(0, 1, 'x')] }]), finding(2, [preferred(edit(2, 1, 'y'))])], 10);
      assert.deepEqual(r, { edits: [edit(2, 1, 'y')], count: 1 });
    });

    it('shares identical edits between findings', () => {
      const r = chooseEdits([finding(0, [preferred(edit(0, 2, 'ab'))]), finding(0, [preferred(edit(0, 2, 'ab'))])], 10);
      assert.deepEqual(r, { edits: [edit(0, 2, 'ab')], count: 2 });
    });

    it('skips a fix that overlaps one taken before it, whole', () => {
      const r = chooseEdits([finding(0, [preferred(edit(0, 3, 'abc'))]), finding(2, [preferred(edit(5, 1, 'q'), edit(2, 2, 'zz'))])], 10);
      assert.deepEqual(r, { edits: [edit(0, 3, 'abc')], count: 1 });
    });

    it('treats two different insertions at one offset as a conflict, and touching spans as none', () => {
      const r = chooseEdits(
        [finding(0, [preferred(edit(3, 0, 'a'))]), finding(1, [preferred(edit(3, 0, 'b'))]), finding(2, [preferred(edit(0, 3, 'x'))]), finding(3, [preferred(edit(3, 2, 'y'))])],
        10,
      );
      assert.deepEqual(r.edits, [edit(3, 0, 'a'), edit(0, 3, 'x'), edit(3, 2, 'y')]);
    });

    it('skips a fix whose edits overlap each other or fall outside the text', () => {
      const r = chooseEdits([finding(0, [preferred(edit(0, 2, 'a'), edit(1, 2, 'b'))]), finding(1, [preferred(edit(8, 5, 'c'))])], 10);
      assert.deepEqual(r, { edits: [], count: 0 });
    });
  });

  describe('fixText', () => {
    it('repeats until nothing changes and returns the findings of the final text', () => {
      // Each "a" is fixed by rewriting it and the character after it, so neighbours' fixes overlap:
      // "aaa" takes two passes (the first and last "a", then the middle one).
      const lint = (t: string) =>
        [...t].flatMap((c, i) => (c === 'a' ? [finding(i, [preferred(edit(i, Math.min(2, t.length - i), 'b' + t.slice(i + 1, i + 2)))])] : []));
      const r = fixText('aaa', lint);
      assert.equal(r.text, 'bbb');
      assert.deepEqual(r.findings, []);
      assert.equal(r.applied, 3);
    });

    it(`stops after ${MAX_FIX_PASSES} passes when fixes never settle`, () => {
      let calls = 0;
      const lint = (t: string) => {
        calls++;
        return [finding(0, [preferred(edit(0, t.length, t + 'x'))])];
      };
      const r = fixText('a', lint);
      assert.equal(r.text, 'a' + 'x'.repeat(MAX_FIX_PASSES));
      assert.equal(calls, MAX_FIX_PASSES + 1);
      assert.equal(r.findings.length, 1);
    });

    it('leaves a text without preferred fixes as it is', () => {
      const r = fixText('abc', () => [finding(0, [])]);
      assert.deepEqual([r.text, r.applied, r.findings.length], ['abc', 0, 1]);
    });
  });
});
