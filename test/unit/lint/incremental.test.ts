import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { composeFile } from '../../../bench/corpus';
import { lint } from '../../../src/lint/engine';
import { IncrementalLinter, mayDefineAnchor, REVIEWED_RULE_IDS, split } from '../../../src/lint/incremental';
import type { Rule } from '../../../src/lint/rule';
import { rules } from '../../../src/lint/rules';
import type { LintOptions } from '../../../src/lint/types';
import { composeCase } from '../fuzz/composeGen';
import { applyMutations, mutations } from '../fuzz/mutate';

const ROOT = path.resolve(__dirname, '../../..');

/** Lints each text in turn through one object, checking every answer against a plain lint. */
function follow(texts: readonly string[], options: LintOptions = {}, inc = new IncrementalLinter()): IncrementalLinter {
  texts.forEach((text, i) => {
    assert.deepStrictEqual(inc.lint(text, 'compose', options), lint(text, 'compose', options), `step ${i} (${inc.stats.reason ?? 'incremental'})`);
  });
  return inc;
}

const lines = (text: string) => text.split('\n');
const join = (ls: string[]) => ls.join('\n');
/** The text with line `i` replaced by `by` (an array: several lines, or none to delete it). */
const edit = (text: string, i: number, by: string | string[]) => {
  const ls = lines(text);
  ls.splice(i, 1, ...(Array.isArray(by) ? by : [by]));
  return join(ls);
};
const lineOf = (text: string, needle: string, from = 0) => lines(text).findIndex((l, i) => i >= from && l.includes(needle));

describe('incremental compose lint', () => {
  const base = composeFile(60);

  it('re-lints only the service a one-line edit touched', () => {
    const inc = follow([base]);
    assert.equal(inc.stats.full, 1, 'the first lint is a whole one');
    const i = lineOf(base, 'image: postgres:16');
    follow([edit(base, i, '    image: postgres:17')], {}, inc);
    assert.deepEqual({ full: inc.stats.full, mini: inc.stats.mini, reused: inc.stats.reused }, { full: 0, mini: 1, reused: 59 });
    // Typing on in the same service: still one mini lint, and the same text again needs none.
    const t2 = edit(edit(base, i, '    image: postgres:17'), i + 1, '    environment: # typed');
    follow([t2], {}, inc);
    assert.equal(inc.stats.mini, 1);
    follow([t2], {}, inc);
    assert.deepEqual({ full: inc.stats.full, mini: inc.stats.mini }, { full: 0, mini: 0 });
  });

  it('matches a whole lint through a sequence of edits of the bench corpus', () => {
    const steps: string[] = [base];
    const push = (f: (t: string) => string) => steps.push(f(steps[steps.length - 1]));
    push((t) => edit(t, lineOf(t, 'com.example.team', 200), '      com.example.team: renamed')); // change a line in a service
    push((t) => edit(t, lineOf(t, 'image: nginx', 300), ['    image: nginx:1.27', '    privileged: true'])); // insert a finding
    push((t) => edit(t, lineOf(t, 'mem_limit'), [])); // delete a line
    push((t) => edit(t, lineOf(t, 'services:') + 1, ['  added:', '    image: x', '    ports: ["22:22"]', '  web0:'])); // add a service first
    push((t) => edit(t, lineOf(t, 'x-restart'), 'x-restart: &restart # a comment in the head')); // the head changes
    push((t) => edit(t, lineOf(t, '  api1:'), '  web0:')); // a duplicate service name
    push((t) => edit(t, lineOf(t, '  web0:', lineOf(t, '  web0:') + 1), '  api1:')); // and back
    push((t) => edit(t, lineOf(t, 'healthcheck', 400), '    healthcheck: &hc { test: ["CMD", "true"] }')); // an anchor in a service
    push((t) => edit(t, lineOf(t, '&hc'), '    healthcheck: { test: ["CMD", "true"] }'));
    push((t) => edit(t, lineOf(t, 'image: traefik'), '    image: "traefik:3')); // a syntax error
    push((t) => edit(t, lineOf(t, 'image: "traefik'), '    image: traefik:3')); // fixed
    push((t) => edit(t, lineOf(t, 'image: prom'), '    image: prom/node-exporter:${TAG')); // an interpolation error
    push((t) => edit(t, lineOf(t, '  db8: {}'), '  db8: { driver: local, driver_opts: { type: nfs, device: ":/x" } }')); // the tail
    push((t) => t.replace(/\n/g, '\r\n')); // CRLF
    push((t) => edit(t, lineOf(t, 'com.example.team', 500), '      com.example.team: crlf\r'));
    const inc = follow(steps);
    assert.ok(inc.totals.mini >= 6 && inc.totals.reused > 400, `pieces were reused: ${JSON.stringify(inc.totals)}`);
  });

  it('keeps suppression comments right at the edges of services', () => {
    const t = 'services:\n  web:\n    ports: ["80:80"]\n    # rootless-docker-disable-next-line privileged-port\n  api:\n    ports: ["81:80"]\n    # rootless-docker-disable-next-line privileged-port\nvolumes:\n  data: {}\n';
    assert.equal(typeof split(t), 'string', 'a disable-next-line comment on the last line of a service is not cut');
    follow([t, t.replace('81:80', '82:80')]);
    // Inside a service, or on a line of its own: cut, and the service re-linted alone.
    const u = 'services:\n  web:\n    # rootless-docker-disable-next-line privileged-port\n    ports: ["80:80"]\n  api:\n    ports: ["81:80"] # rootless-docker-disable-line privileged-port\n  db:\n    ports: ["82:80"]\n';
    const inc = follow([u, u.replace('82:80', '83:80'), u.replace('"81:80"] #', '"81:80"]  #')]);
    assert.equal(inc.stats.full, 0);
    follow(['# rootless-docker-disable-next-line privileged-port\nservices:\n  web:\n    ports: ["80:80"]\n  api:\n    ports: ["81:80"]\n']);
  });

  it('attributes findings in anchored text to each service that merges it', () => {
    const t =
      'x-base: &base\n  ports: ["80:80"]\n  security_opt: [apparmor=unconfined]\nservices:\n  web:\n    <<: *base\n    image: nginx\n  api:\n    <<: *base\n    image: api\n  db:\n    image: postgres\n';
    const inc = follow([t, t, edit(t, 6, '    image: nginx:2'), edit(t, 11, '    image: postgres:17')]);
    assert.equal(inc.stats.full, 0, 'shared findings do not force whole lints');
    // An interpolation error in shared text is reported once, for the first service: linted whole.
    const bad = t.replace('ports: ["80:80"]', 'ports: ["${P:80}"]');
    const inc2 = follow([bad, edit(bad, 6, '    image: nginx:2')]);
    assert.equal(inc2.stats.full, 1);
  });

  it('lints the whole text when the cut cannot be trusted', () => {
    const cases: Record<string, string> = {
      'a document marker': '---\nservices:\n  web:\n    ports: ["80:80"]\n',
      'flow services': 'services: { web: { ports: ["80:80"] } }\n',
      'a lone CR': 'services:\r  web:\r    ports: ["80:80"]\r',
      'a quoted service name': 'services:\n  "web":\n    ports: ["80:80"]\n',
      'a service named true': 'services:\n  true:\n    ports: ["80:80"]\n',
      'a sequence at the services indentation': 'services:\n  web:\n  - x\n',
      'a tab': 'services:\n\tweb:\n    ports: ["80:80"]\n',
      'services twice': 'services:\n  web:\n    image: x\nservices:\n  api:\n    image: y\n',
      'a merge key among the services': 'x: &x\n  web: {}\nservices:\n  <<: *x\n  api:\n    image: y\n',
    };
    for (const [what, text] of Object.entries(cases)) {
      assert.equal(typeof split(text), 'string', what);
      const inc = follow([text, text]);
      assert.equal(inc.stats.full, 1, what);
    }
  });

  it('lints the whole text when syntax errors could be silenced', () => {
    const t = 'services:\n  web:\n    ports: ["80:80"]\n  api:\n    image: "x # rootless-docker-disable-line\n';
    for (const [text, options] of [
      [t, {}],
      [t.replace('disable-line', 'disable-line yaml-syntax'), {}],
      ['# rootless-docker-disable-line privileged-port\n' + t.replace(' # rootless-docker-disable-line', ''), {}],
      [t.replace(' # rootless-docker-disable-line', ''), { severities: { 'yaml-syntax': 'off' } }],
    ] as [string, LintOptions][]) {
      const inc = follow([text, text.replace('80:80', '81:80')], options);
      assert.equal(inc.stats.full, 1, text);
    }
  });

  it('spots anchors where a node can start, and not in shell commands', () => {
    for (const yes of ['    x: &a 1', '    - &a 1', '    x: [1, &a 2]', '    x: {a: &b 1}', '    x: !!str &a 1', '    &a\n    y: 1']) assert.ok(mayDefineAnchor(yes), yes);
    for (const no of ['    command: sh -c "a && b"', '    command: a && b', '    x: a&b', '    x: "&"', '    x: & 1']) assert.ok(!mayDefineAnchor(no), no);
  });

  it('drops the cache when the options change, and lints other kinds as usual', () => {
    const inc = follow([base], { facts: { source: 'host', unprivilegedPortStart: 1024, rootless: true } });
    follow([base], { facts: { source: 'host', unprivilegedPortStart: 80, rootless: true } }, inc);
    assert.equal(inc.stats.full, 1, 'other facts: a whole lint');
    follow([base], { facts: { source: 'host', unprivilegedPortStart: 80, rootless: true }, severities: { 'privileged-port': 'off' } }, inc);
    assert.equal(inc.stats.full, 1, 'other severities: a whole lint');
    follow([base], { facts: { source: 'host', unprivilegedPortStart: 80, rootless: true }, severities: { 'privileged-port': 'off' }, env: { API_PORT: '80' } }, inc);
    assert.equal(inc.stats.full, 1, 'another environment: a whole lint');
    const dockerfile = 'FROM x\nEXPOSE 80/sctp\n';
    assert.deepStrictEqual(inc.lint(dockerfile, 'dockerfile'), lint(dockerfile, 'dockerfile'));
  });

  it('lints the whole text with a rule it was not told about', () => {
    const own: Rule = { id: 'own', title: 'own', severity: 'info', docs: 'https://example.com', compose: (ctx) => ctx.report({ start: 0, end: 1, message: String(ctx.services.length) }) };
    const inc = follow([base, edit(base, 20, '      com.example.team: x')], { rules: [...rules, own] });
    assert.equal(inc.stats.full, 1);
  });

  it('has reviewed every compose rule of the engine (review a new rule, then list it in incremental.ts)', () => {
    const unreviewed = rules.filter((r) => r.compose && !REVIEWED_RULE_IDS.includes(r.id)).map((r) => r.id);
    assert.deepEqual(unreviewed, []);
  });

  it('matches a whole lint after line edits of every line of the example compose files', function () {
    this.timeout(120_000);
    const files = ['examples/pitfalls/compose.yaml', 'test/fixtures/workspace/compose.yaml', 'test/fixtures/cli/compose.yaml', 'test/fixtures/cli/web/compose.yaml'];
    for (const file of files) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const n = lines(text).length;
      const inc = new IncrementalLinter();
      follow([text], {}, inc);
      for (let i = 0; i < n; i++) {
        const l = lines(text)[i];
        follow([edit(text, i, l + ' # x'), edit(text, i, []), edit(text, i, [l, l]), edit(text, i, l.replace(/\d/g, '1')), text], {}, inc);
      }
    }
  });

  it('matches a whole lint on random compose files after random edits (property)', function () {
    // About a minute of CPU on an idle machine: give a loaded one room.
    this.timeout(1_800_000);
    const lineEdit = fc.record({ at: fc.nat(), op: fc.constantFrom('dup', 'drop', 'comment', 'digit', 'indent', 'dedent', 'swap') });
    type LineEdit = { at: number; op: string };
    const applyLine = (text: string, e: LineEdit) => {
      const ls = lines(text);
      const i = e.at % ls.length;
      const l = ls[i];
      switch (e.op) {
        case 'dup': ls.splice(i, 0, l); break;
        case 'drop': ls.splice(i, 1); break;
        case 'comment': ls[i] = `${l} # rootless-docker-disable-line`; break;
        case 'digit': ls[i] = l.replace(/\d/, '1'); break;
        case 'indent': ls[i] = `  ${l}`; break;
        case 'dedent': ls[i] = l.replace(/^ {2}/, ''); break;
        default: if (i + 1 < ls.length) [ls[i], ls[i + 1]] = [ls[i + 1], l];
      }
      return join(ls);
    };
    const step = fc.oneof({ weight: 3, arbitrary: lineEdit.map((e) => (t: string) => applyLine(t, e)) }, { weight: 1, arbitrary: mutations('compose').map((m) => (t: string) => applyMutations(t, m)) });
    fc.assert(
      fc.property(composeCase, fc.array(step, { minLength: 1, maxLength: 5 }), (c, edits) => {
        const options: LintOptions = { facts: c.facts, env: c.env };
        const texts = [c.text];
        for (const e of edits) texts.push(e(texts[texts.length - 1]));
        follow(texts, options);
      }),
      { seed: 0x1ec_1e57, numRuns: Number(process.env.INCREMENTAL_RUNS ?? 2000) },
    );
  });
});
