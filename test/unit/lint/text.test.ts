import * as assert from 'node:assert/strict';
import { applyEdits, LineIndex, refuseText } from '../../../src/lint/text';

describe('LineIndex', () => {
  it('maps offsets and positions for LF, CRLF and lone CR', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const li = new LineIndex(text);
    assert.equal(li.lineCount, 4);
    assert.deepEqual(li.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(li.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(li.positionAt(7), { line: 2, character: 0 });
    assert.deepEqual(li.positionAt(10), { line: 3, character: 0 });
    assert.equal(li.offsetAt({ line: 3, character: 1 }), 11);
    assert.equal(li.lineText(1), 'cd');
    assert.equal(li.lineText(2), 'ef');
    for (let o = 0; o <= text.length; o++) assert.equal(li.offsetAt(li.positionAt(o)), o);
  });
  it('clamps out-of-range input', () => {
    const li = new LineIndex('ab\ncd');
    assert.deepEqual(li.positionAt(99), { line: 1, character: 2 });
    assert.equal(li.offsetAt({ line: 9, character: 0 }), 5);
    assert.equal(li.offsetAt({ line: 0, character: 99 }), 3);
  });
});

describe('applyEdits', () => {
  it('applies edits in any order and keeps the rest', () => {
    assert.equal(applyEdits('hello world', [{ offset: 6, length: 5, text: 'there' }, { offset: 0, length: 0, text: '> ' }]), '> hello there');
  });
  it('counts identical edits once and refuses overlaps', () => {
    const e = { offset: 1, length: 1, text: 'X' };
    assert.equal(applyEdits('abc', [e, { ...e }]), 'aXc');
    assert.throws(() => applyEdits('abcdef', [{ offset: 1, length: 3, text: '' }, { offset: 2, length: 1, text: 'y' }]), RangeError);
    assert.throws(() => applyEdits('abc', [{ offset: 2, length: 5, text: '' }]), RangeError);
  });
});

describe('refuseText', () => {
  it('accepts ordinary text and refuses huge, NUL and invalid UTF-8', () => {
    assert.equal(refuseText('services: {}\n', 1000), undefined);
    assert.match(refuseText('x'.repeat(2000), 1000) ?? '', /2\.0 KB.*over 1000 B/);
    assert.match(refuseText('ab\0cd', 1000) ?? '', /NUL/);
    assert.match(refuseText('\ufffd'.repeat(40), 1000) ?? '', /not valid UTF-8/);
    assert.equal(refuseText('caf\ufffd au lait, un peu de texte normal ici', 1000), undefined);
  });
});
