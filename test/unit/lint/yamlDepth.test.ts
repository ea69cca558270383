import * as assert from 'node:assert/strict';
import { yamlDepth } from '../../../src/lint/parse/yamlDepth';

describe('yamlDepth', () => {
  it('counts block indentation', () => {
    assert.equal(yamlDepth('a: 1\n'), 1);
    assert.equal(yamlDepth('services:\n  web:\n    image: x\n'), 3);
    assert.equal(yamlDepth('a:\n  b:\n    c:\n  d: 1\n'), 3);
  });
  it('counts sequence markers and flow brackets', () => {
    assert.equal(yamlDepth('- - - x\n'), 4);
    assert.equal(yamlDepth('a: [[[1]]]\n'), 4);
    assert.equal(yamlDepth('a: {b: {c: [1, 2]}}\n'), 4);
  });
  it('ignores brackets in quotes, comments and block scalars', () => {
    assert.equal(yamlDepth('a: "[[[[["\nb: \'{{{\'\n# [[[[[[\n'), 1);
    assert.equal(yamlDepth('cmd: |\n  [[[[[[[[[[\n  {{{{{{{{\nnext: 1\n'), 1);
    assert.equal(yamlDepth("a: it's [1]\n"), 2);
  });
  it('finds hostile depth fast and can stop early', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    const t0 = Date.now();
    assert.ok(yamlDepth(text, 64) > 64);
    assert.equal(yamlDepth(text), 100_001);
    assert.ok(Date.now() - t0 < 2000);
  });
});
