// The editor's lint thread (src/diagnostics/lintThread.ts) with the real dist/lint.js built as shipped: it
// lints as the engine does, stops a lint that runs past the time limit and carries on in a fresh thread,
// replaces a dead thread, and lets a newer request for a document replace a waiting one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { LintThread, type LintOutcome } from '../../src/diagnostics/lintThread';
import { lint } from '../../src/lint/engine';

const REPO = path.resolve(__dirname, '../..');
const COMPOSE = 'services:\n  web:\n    image: nginx\n    ports:\n      - "${PORT}:80"\n      - "53:53/udp"\n';

function findings(outcome: LintOutcome) {
  assert.ok('findings' in outcome, `expected findings, got ${JSON.stringify(outcome)}`);
  return outcome.findings;
}

describe('lint thread (dist/lint.js in a worker)', function () {
  this.timeout(60_000);
  let dir: string;
  let script: string;
  const threads: LintThread[] = [];
  const thread = (timeLimitMs = 20_000, s = script) => {
    const t = new LintThread({ script: s, timeLimitMs });
    threads.push(t);
    return t;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-thread-'));
    script = path.join(dir, 'lint.js');
    esbuild.buildSync({ entryPoints: [path.join(REPO, 'src/bundles/lint.ts')], outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  });

  after(() => {
    for (const t of threads) t.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives what the engine gives, with the .env beside a compose file under the environment', async () => {
    const t = thread();
    const env = { PORT: '8080' };
    const got = findings(await t.lint({ key: 'a', text: COMPOSE, kind: 'compose', options: { env }, dotenv: 'PORT=80\n' }));
    assert.deepEqual(got, lint(COMPOSE, 'compose', { env }), 'the environment wins over .env');
    const fromDotenv = findings(await t.lint({ key: 'a', text: COMPOSE, kind: 'compose', options: { env: {} }, dotenv: 'PORT=80\n' }));
    assert.deepEqual(fromDotenv, lint(COMPOSE, 'compose', { env: { PORT: '80' } }));
    assert.ok(fromDotenv.some((f) => f.ruleId === 'privileged-port' && f.message.includes('Host port 80 ')));
    const dockerfile = 'FROM alpine\nRUN ping -c1 example.com\n';
    assert.deepEqual(findings(await t.lint({ key: 'b', text: dockerfile, kind: 'dockerfile', options: {} })), lint(dockerfile, 'dockerfile'));
    assert.equal(t.started, 1, 'one thread serves every document');
  });

  it('stops a lint that runs past the time limit, and lints the next one in a fresh thread', async () => {
    const t = thread(200);
    const slow = 'FROM alpine\n' + Array.from({ length: 40_000 }, (_, i) => `RUN echo ${i} && apk add --no-cache curl${i}\n`).join('');
    const started = Date.now();
    assert.deepEqual(await t.lint({ key: 'slow', text: slow, kind: 'dockerfile', options: { maxBytes: 8 << 20 } }), { timedOut: 200 });
    assert.ok(Date.now() - started < 10_000, 'the caller was not kept waiting for the lint');
    // The same object carries on in a new worker (a cold start may itself take over 200 ms on a busy machine).
    const next = await t.lint({ key: 'x', text: 'FROM alpine\n', kind: 'dockerfile', options: {} });
    assert.ok('findings' in next || 'timedOut' in next, JSON.stringify(next));
    assert.equal(t.started, 2);
  });

  it('replaces a thread that dies, and says why the lint failed', async () => {
    const dying = path.join(dir, 'dies.js');
    fs.writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const t = thread(20_000, dying);
    assert.deepEqual(await t.lint({ key: 'a', text: COMPOSE, kind: 'compose', options: {} }), { failed: 'the lint thread exited (code 3)' });
    assert.deepEqual(await t.lint({ key: 'a', text: COMPOSE, kind: 'compose', options: {} }), { failed: 'the lint thread exited (code 3)' });
    assert.equal(t.started, 2);
  });

  it('lets a newer request for a document replace the waiting one, one lint at a time', async () => {
    const t = thread();
    const text = (port: number) => COMPOSE.replace('${PORT}', String(port));
    const first = t.lint({ key: 'a', text: text(80), kind: 'compose', options: {} });
    const waiting = t.lint({ key: 'a', text: text(81), kind: 'compose', options: {} });
    const other = t.lint({ key: 'b', text: text(82), kind: 'compose', options: {} });
    const newest = t.lint({ key: 'a', text: text(83), kind: 'compose', options: {} });
    assert.deepEqual(await waiting, { superseded: true });
    assert.deepEqual(findings(await first), lint(text(80), 'compose'));
    assert.deepEqual(findings(await other), lint(text(82), 'compose'));
    assert.deepEqual(findings(await newest), lint(text(83), 'compose'));
  });

  it('answers, never hangs, once disposed', async () => {
    const t = thread();
    findings(await t.lint({ key: 'a', text: COMPOSE, kind: 'compose', options: {} }));
    t.dispose();
    assert.deepEqual(await t.lint({ key: 'a', text: COMPOSE, kind: 'compose', options: {} }), { failed: 'the linter was shut down' });
  });
});
