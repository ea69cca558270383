// An alias naming no anchor before it (`*nothing`): compose refuses the file, and the yaml package
// reports it only when converting to JavaScript, so the engine reports it itself, on the alias.
import * as assert from 'node:assert/strict';
import { lint } from '../../../src/lint/engine';
import { GENERIC_HOST } from '../../../src/lint/types';

function syntax(text: string) {
  return lint(text, 'compose').filter((f) => f.ruleId === 'yaml-syntax');
}

describe('aliases to missing anchors', () => {
  const cases: [string, string, string][] = [
    ['a merge key', 'services:\n  web:\n    <<: *nothing\n    image: busybox\n', '*nothing'],
    ['a field', 'services:\n  web:\n    image: *nothing\n', '*nothing'],
    ['a list item', 'services:\n  web:\n    image: busybox\n    ports: ["8080:80", *nope]\n', '*nope'],
    ['a pair in a flow sequence', 'services:\n  web:\n    image: busybox\n    command: [a: *nope]\n', '*nope'],
    ['a whole section', 'services: *all\n', '*all'],
  ];
  for (const [where, text, alias] of cases) {
    it(`reports an unknown alias in ${where}: an error on the alias, naming it`, () => {
      const found = syntax(text);
      assert.equal(found.length, 1, JSON.stringify(found));
      const [f] = found;
      assert.equal(f.severity, 'error');
      assert.equal(text.slice(f.offset, f.offset + f.length), alias);
      assert.ok(f.message.includes(alias), f.message);
      assert.match(f.message, /compose refuses the file/);
    });
  }

  it('reports an alias that comes before its anchor, and each alias once', () => {
    const text = 'services:\n  web:\n    image: *img\n  db:\n    image: &img postgres\n  cache:\n    image: *img\n';
    const found = syntax(text);
    assert.equal(found.length, 1);
    assert.equal(found[0].offset, text.indexOf('*img'));
    assert.equal(found[0].message, 'Unknown alias *img: no anchor &img is defined before it, so compose refuses the file.');
  });

  it('does not see anchors of another document in the same file', () => {
    const text = 'x: &a busybox\n---\nservices:\n  web:\n    image: *a\n';
    const found = syntax(text);
    assert.equal(found.length, 1);
    assert.equal(found[0].offset, text.lastIndexOf('*a'));
  });

  it('says nothing of aliases that name an anchor, and stays an error on a rootful daemon', () => {
    assert.deepEqual(syntax('x: &img busybox\nservices:\n  web:\n    image: *img\n    <<: {}\n'), []);
    const [f] = lint('services:\n  web:\n    image: *gone\n', 'compose', { facts: { ...GENERIC_HOST, source: 'daemon', rootless: false } });
    assert.equal(f.ruleId, 'yaml-syntax');
    assert.equal(f.severity, 'error');
  });
});
