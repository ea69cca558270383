import * as assert from 'node:assert/strict';
import { interpolate } from '../../../src/lint/parse/interpolate';

describe('interpolate', () => {
  const env = { A: 'a', EMPTY: '', PORT: '8080' };
  const cases: [string, string, string[]?][] = [
    ['plain', 'plain'],
    ['$A', 'a'],
    ['${A}', 'a'],
    ['x${A}y$A', 'xaya'],
    ['${MISSING:-80}', '80'],
    ['${EMPTY:-80}', '80'],
    ['${EMPTY-80}', ''],
    ['${MISSING-80}', '80'],
    ['${A:+set}', 'set'],
    ['${EMPTY:+set}', ''],
    ['${EMPTY+set}', 'set'],
    ['${MISSING+set}', ''],
    ['${MISSING:-${PORT}}', '8080'],
    ['${MISSING:-${ALSO_MISSING:-d}}', 'd'],
    ['$$A', '$A'],
    ['$${A}', '${A}'],
    ['cost: 5$', 'cost: 5$'],
    ['$1', '$1'],
    ['${PORT}:80', '8080:80'],
    ['$MISSING', '', ['MISSING']],
  ];
  for (const [input, want, unresolved = []] of cases) {
    it(`${input} -> ${JSON.stringify(want)}`, () => {
      const r = interpolate(input, env);
      assert.equal(r.value, want);
      assert.deepEqual(r.unresolved, unresolved);
      assert.deepEqual(r.errors, []);
    });
  }

  it('reports required variables', () => {
    const r = interpolate('${DB_PASSWORD:?set a password}', env);
    assert.deepEqual(r.errors, ['required variable DB_PASSWORD is unset: set a password']);
    assert.deepEqual(interpolate('${EMPTY:?}', env).errors, ['required variable EMPTY is empty']);
    assert.deepEqual(interpolate('${EMPTY?x}', env).errors, []);
  });

  it('reports syntax errors instead of guessing', () => {
    assert.match(interpolate('${A', env).errors[0], /unterminated/);
    assert.match(interpolate('${1A}', env).errors[0], /invalid variable name/);
    assert.match(interpolate('${A/x/y}', env).errors[0], /invalid interpolation/);
    assert.match(interpolate('${}', env).errors[0], /invalid variable name/);
  });

  it('treats prototype names as unset variables', () => {
    const r = interpolate('${constructor:-d}$__proto__${toString}', {});
    assert.equal(r.value, 'd');
    assert.deepEqual(r.unresolved, ['__proto__', 'toString']);
  });

  it('bounds nesting and stays linear on hostile input', () => {
    const deep = '${A:-'.repeat(200) + 'x' + '}'.repeat(200);
    assert.match(interpolate(deep, {}).errors[0], /nested deeper than 32/);
    const long = '${'.repeat(50_000);
    const t0 = process.hrtime.bigint();
    const r = interpolate(long, {});
    assert.ok(r.errors.length > 0);
    assert.ok(Number(process.hrtime.bigint() - t0) / 1e6 < 2000, 'took too long');
  });
});
