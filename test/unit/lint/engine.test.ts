import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { lint } from '../../../src/lint/engine';
import { GENERIC_HOST } from '../../../src/lint/types';

const web = 'services:\n  web:\n    image: busybox\n    ports: ["80:80"]\n';

describe('lint engine', () => {
  it('returns findings with rule id, severity, message, ranges, docs and fixes', () => {
    const [f] = lint(web, 'compose');
    assert.equal(f.ruleId, 'privileged-port');
    assert.equal(f.severity, 'error');
    assert.equal(web.slice(f.offset, f.offset + f.length), '80');
    assert.deepEqual(f.start, { line: 3, character: 13 });
    assert.deepEqual(f.end, { line: 3, character: 15 });
    assert.match(f.docs, /^https:\/\//);
    assert.equal(f.fixes[0].preferred, true);
  });

  it('applies severity overrides, including off', () => {
    assert.equal(lint(web, 'compose', { severities: { 'privileged-port': 'warning' } })[0].severity, 'warning');
    assert.deepEqual(lint(web, 'compose', { severities: { 'privileged-port': 'off' } }), []);
    assert.equal(lint(web, 'compose', { severities: { toString: 'off' } as Record<string, 'off'> }).length, 1);
  });

  it('drops findings to info when the daemon is known to run as root', () => {
    assert.equal(lint(web, 'compose', { facts: { ...GENERIC_HOST, source: 'daemon', rootless: false } })[0].severity, 'info');
  });

  it('keeps offsets of the given text with a BOM, CRLF or lone CR line ends', () => {
    for (const text of ['\ufeff' + web, web.replace(/\n/g, '\r\n'), web.replace(/\n/g, '\r')]) {
      const [f] = lint(text, 'compose');
      assert.equal(text.slice(f.offset, f.offset + f.length), '80', JSON.stringify(text));
      assert.equal(f.start.line, 3);
    }
    const docker = '\ufeffFROM alpine\r\nRUN echo hi\r\n';
    assert.deepEqual(lint(docker, 'dockerfile').filter((f) => f.ruleId === 'not-linted'), []);
  });

  it('reports YAML syntax errors as yaml-syntax findings', () => {
    const found = lint('services:\n  web:\n    image: [unclosed\n', 'compose');
    assert.ok(found.some((f) => f.ruleId === 'yaml-syntax' && f.severity === 'error'));
  });

  it('refuses binary, oversized and deeply nested input with one clear finding', () => {
    const one = (text: string, opts = {}) => {
      const found = lint(text, 'compose', opts);
      assert.equal(found.length, 1);
      assert.equal(found[0].ruleId, 'not-linted');
      return found[0].message;
    };
    assert.match(one('services:\0\n'), /binary/);
    assert.match(one(web, { maxBytes: 10 }), /not linted/);
    assert.match(one('a: ' + '['.repeat(100) + ']'.repeat(100)), /nested more than 64 levels/);
    assert.match(lint('FROM x\0', 'dockerfile')[0].message, /binary/);
  });

  it('handles alias bombs and circular merges without expanding them', () => {
    const lines = ['a: &a ["80:80", "80:80"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    lines.push('services:\n  s:\n    ports: *j');
    const t0 = Date.now();
    lint(lines.join('\n'), 'compose');
    assert.ok(Date.now() - t0 < 1000);
    const circ = lint('x: &x {<<: *x, ports: ["80:80"]}\nservices:\n  s:\n    <<: *x\n', 'compose');
    assert.deepEqual(circ.map((f) => f.ruleId), ['privileged-port']);
  });

  it('never aborts the process on nesting that crashes the YAML parser', function () {
    this.timeout(60_000);
    // Parsing ~1,000 nested brackets a few times aborts Node inside the yaml package (an uncatchable
    // V8 out-of-memory in its regexp compiler). The engine must refuse such text before parsing.
    const script = `
      const { lint } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/lint/engine.ts'))});
      const deep = (n) => '['.repeat(n) + ']'.repeat(n);
      let refused = 0;
      for (let i = 0; i < 100; i++) for (const n of [1000, 10000, 100000]) refused += lint(deep(n), 'compose')[0].ruleId === 'not-linted' ? 1 : 0;
      for (let i = 0; i < 100; i++) lint('a: ' + deep(60), 'compose');
      process.stdout.write(String(refused));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    assert.equal(out, '300');
  });
});
