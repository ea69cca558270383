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
    assert.deepEqual(r.errors.map((e) => e.message), ['required variable DB_PASSWORD is unset: set a password']);
    assert.deepEqual(interpolate('${EMPTY:?}', env).errors.map((e) => e.message), ['required variable EMPTY is empty']);
    assert.deepEqual(interpolate('${EMPTY?x}', env).errors, []);
  });

  it('reports syntax errors instead of guessing', () => {
    assert.match(interpolate('${A', env).errors[0].message, /unterminated/);
    assert.match(interpolate('${1A}', env).errors[0].message, /invalid variable name/);
    assert.match(interpolate('${A/x/y}', env).errors[0].message, /invalid interpolation/);
    assert.match(interpolate('${}', env).errors[0].message, /invalid variable name/);
  });

  it('says what each error is about and where it stands', () => {
    const text = 'x ${A:-${B?need ${A}}} ${1X} ${A:x} ${OPEN';
    const got = interpolate(text, { A: 'a' }).errors.map(({ kind, start, end, name, empty, argument }) => ({ kind, ref: text.slice(start, end), name, empty, argument }));
    assert.deepEqual(got, [
      { kind: 'name', ref: '${1X}', name: undefined, empty: undefined, argument: undefined },
      { kind: 'operator', ref: '${A:x}', name: undefined, empty: undefined, argument: undefined },
      { kind: 'unterminated', ref: '${OPEN', name: undefined, empty: undefined, argument: undefined },
    ]);
    const required = interpolate(text, {}).errors[0];
    assert.deepEqual([required.kind, text.slice(required.start, required.end), required.name, required.empty, required.argument], ['required', '${B?need ${A}}', 'B', false, 'need ${A}']);
    const empty = interpolate('${E:?}', { E: '' }).errors[0];
    assert.deepEqual([empty.kind, empty.start, empty.end, empty.name, empty.empty, empty.argument], ['required', 0, 6, 'E', true, '']);
  });

  it('treats prototype names as unset variables', () => {
    const r = interpolate('${constructor:-d}$__proto__${toString}', {});
    assert.equal(r.value, 'd');
    assert.deepEqual(r.unresolved, ['__proto__', 'toString']);
  });

  it('bounds nesting and stays linear on hostile input', () => {
    const deep = '${A:-'.repeat(200) + 'x' + '}'.repeat(200);
    assert.match(interpolate(deep, {}).errors[0].message, /nested deeper than 32/);
    assert.equal(interpolate(deep, {}).errors[0].kind, 'depth');
    const long = '${'.repeat(50_000);
    const t0 = process.hrtime.bigint();
    const r = interpolate(long, {});
    assert.ok(r.errors.length > 0);
    assert.ok(Number(process.hrtime.bigint() - t0) / 1e6 < 2000, 'took too long');
  });
});
