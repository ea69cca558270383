import * as assert from 'node:assert/strict';
import { isMap } from 'yaml';
import { parseCompose } from '../../../src/lint/parse/compose';

function parse(text: string, env: Record<string, string> = {}) {
  return parseCompose(text, env);
}

describe('compose view', () => {
  it('lists services and reads fields with source ranges', () => {
    const text = 'services:\n  web:\n    image: "nginx:1.27"\n  db:\n    image: postgres\n';
    const { docs, problems } = parse(text);
    assert.deepEqual(problems, []);
    const [doc] = docs;
    assert.deepEqual(doc.services().map((s) => s.name), ['web', 'db']);
    const v = doc.value(doc.get(doc.services()[0].node, 'image'));
    assert.equal(v?.text, 'nginx:1.27');
    assert.equal(text.slice(v.start, v.end), '"nginx:1.27"');
    assert.equal(v.at(0), text.indexOf('nginx'));
  });

  it('maps text and raw offsets back to the source, and spans to the whole scalar when not verbatim', () => {
    const text = 'services:\n  web:\n    image: "${REG:-docker.io}/nginx"\n    user: 1000:1000\n';
    const [doc] = parse(text).docs;
    const s = doc.services()[0].node;
    const image = doc.value(doc.get(s, 'image'))!;
    assert.equal(image.text, 'docker.io/nginx');
    assert.equal(image.at(0), undefined, 'interpolated text is not in the source');
    assert.equal(image.rawAt(0), text.indexOf('${REG'));
    assert.equal(image.rawAt(100), undefined);
    assert.deepEqual(image.spanAt(0, 3), { start: image.start, end: image.end });
    const user = doc.value(doc.get(s, 'user'))!;
    assert.deepEqual(user.spanAt(5, 4), { start: text.indexOf('1000\n'), end: text.indexOf('1000\n') + 4 });
  });

  it('follows merge keys: explicit keys win, earlier sources win, aliases point at the anchor', () => {
    const text = [
      'x-a: &a {image: a, user: "1"}',
      'x-b: &b {image: b, init: true}',
      'services:',
      '  s:',
      '    <<: [*a, *b]',
      '    user: "2"',
      '',
    ].join('\n');
    const [doc] = parse(text).docs;
    const s = doc.services()[0].node;
    assert.deepEqual(doc.entries(s).map((e) => `${e.key}=${doc.value(e.value)?.text}`), ['user=2', 'image=a', 'init=true']);
    const image = doc.value(doc.get(s, 'image'))!;
    assert.equal(image.start, text.indexOf('a, user'));
  });

  it('survives circular and self-referencing merges', () => {
    const text = 'x: &x\n  a: 1\n  <<: *x\nservices:\n  s:\n    <<: *x\n';
    const { docs } = parse(text);
    const s = docs[0].services()[0].node;
    assert.deepEqual(docs[0].entries(s).map((e) => e.key), ['a']);
  });

  it('drops !reset values and keeps !override ones', () => {
    const text = 'services:\n  s:\n    ports: !reset []\n    user: !reset null\n    command: !override ["x"]\n';
    const [doc] = parse(text).docs;
    const s = doc.services()[0].node;
    assert.equal(doc.get(s, 'ports'), undefined);
    assert.equal(doc.get(s, 'user'), undefined);
    assert.deepEqual(doc.items(doc.get(s, 'command')).map((n) => doc.value(n)?.text), ['x']);
  });

  it('interpolates strings and says what it could not resolve', () => {
    const [doc] = parse('services:\n  s:\n    image: "${REG:-docker.io}/app:${TAG}"\n', { REG: 'r.example' }).docs;
    const v = doc.value(doc.get(doc.services()[0].node, 'image'))!;
    assert.equal(v.text, 'r.example/app:');
    assert.deepEqual(v.unresolved, ['TAG']);
    assert.equal(v.at(0), undefined, 'an interpolated value has no verbatim offsets');
  });

  it('reads numbers and booleans as their text', () => {
    const [doc] = parse('services:\n  s:\n    cpus: 1.5\n    privileged: true\n    pids_limit: 0x10\n').docs;
    const s = doc.services()[0].node;
    assert.equal(doc.value(doc.get(s, 'cpus'))?.text, '1.5');
    assert.equal(doc.value(doc.get(s, 'privileged'))?.text, 'true');
    const hex = doc.value(doc.get(s, 'pids_limit'))!;
    assert.equal(hex.text, '16');
    assert.equal(hex.at(0), undefined, 'not verbatim: 0x10 is spelled differently');
  });

  it('reports duplicate keys with the range of the repeated key', () => {
    const text = 'services:\n  web:\n    image: a\n    image: b\n';
    const { problems } = parse(text);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /Duplicate key "image"/);
    assert.equal(problems[0].offset, text.lastIndexOf('image'));
    assert.equal(problems[0].length, 5);
  });

  it('reports syntax errors with positions and keeps every document', () => {
    const text = 'services:\n\tweb: {}\n---\nservices:\n  b:\n    image: x\n';
    const { docs, problems } = parse(text);
    assert.equal(docs.length, 2);
    assert.ok(problems.length >= 1);
    assert.ok(problems.every((p) => p.offset >= 0 && p.offset <= text.length));
    assert.deepEqual(docs[1].services().map((s) => s.name), ['b']);
  });

  it('ignores services that are not maps and non-map roots', () => {
    assert.deepEqual(parse('services:\n  a: 1\n  b: [x]\n  c: {image: x}\n').docs[0].services().map((s) => s.name), ['c']);
    assert.deepEqual(parse('- a\n- b\n').docs[0].services(), []);
    assert.deepEqual(parse('').docs.flatMap((d) => d.services()), []);
  });

  it('resolves an alias to the latest anchor defined before it', () => {
    const text = 'a: &n {image: first}\nb: &n {image: second}\nservices:\n  s: *n\n';
    const [doc] = parse(text).docs;
    const s = doc.services()[0];
    assert.ok(isMap(s.node));
    assert.equal(doc.value(doc.get(s.node, 'image'))?.text, 'second');
  });

  it('keeps __proto__ as an ordinary key', () => {
    const [doc] = parse('services:\n  __proto__:\n    image: x\n').docs;
    assert.deepEqual(doc.services().map((s) => s.name), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).image, undefined);
  });
});
