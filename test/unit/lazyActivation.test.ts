// Activation loads nothing heavy: the bundles are built as shipped (esbuild.js), dist/extension.js is loaded
// in a fresh Node process with the `vscode` stand-in of bench/vscodeStub.ts, and activate() is called. Then
// yaml and dockerfile-ast (dist/lint.js), dockerode (dist/docker.js, dist/dockerode.js), ssh2 and the
// service core must not be loaded yet; each loads when first needed: a compose file opens (the engine loads
// in the lint thread, never in the host), the daemon details are asked for, a daemon command runs. ssh2
// stays unloaded for a unix socket.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const REPO = path.resolve(__dirname, '../..');

// Runs in the child: prints one JSON line per step with the dist files in require.cache at that point.
const CHILD = String.raw`
const Module = require('module');
const stub = require(process.env.STUB);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub.vscode };
const dist = process.env.DIST;
const loaded = () => Object.keys(require.cache).filter((f) => f.startsWith(dist)).map((f) => f.slice(dist.length + 1)).sort();
const report = (step, extra) => console.log(JSON.stringify({ step, loaded: loaded(), ...extra }));
const command = (id) => stub.callArgs['commands.registerCommand'].find((a) => a[0] === id)[1];
const until = async (what, check) => {
  for (const deadline = Date.now() + 20000; !check(); ) {
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 10));
  }
};
(async () => {
  const ext = require(dist + '/extension.js');
  report('loaded');
  const ctx = stub.context(process.env.EXT_DIR, '0.0.0');
  ext.activate(ctx);
  report('activated', { registered: ctx.subscriptions.length, commands: stub.callArgs['commands.registerCommand'].map((a) => a[0]) });

  // A compose file opens: the linter lints it, loading the engine.
  const text = 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n';
  const uri = stub.vscode.Uri.file(process.env.EXT_DIR + '/compose.yaml');
  const doc = { uri, languageId: 'dockercompose', version: 1, isClosed: false, eol: 1, getText: () => text };
  stub.fire('workspace.onDidOpenTextDocument', doc);
  const sets = () => stub.callArgs['languages.createDiagnosticCollection().set'] ?? [];
  await until('the diagnostics of compose.yaml', () => sets().length > 0);
  const diagnostics = sets()[0][1];
  report('linted', { diagnostics: diagnostics.map((d) => d.args[1]) });

  // The daemon details: the connection starts, loading the client.
  await command('rootlessDocker.containers.daemonInfo')();
  report('daemon');

  // A daemon command: the service core loads (the stand-in's messages are not thenables, so its .then throws after).
  try { command('rootlessDocker.service.install')(); } catch {}
  report('service');
  process.exit(0);
})().catch((err) => { console.error(err); process.exit(1); });
`;

interface Step {
  step: string;
  loaded: string[];
  registered?: number;
  commands?: string[];
  diagnostics?: string[];
}

describe('lazy activation (bundles as shipped, vscode stand-in)', function () {
  this.timeout(120_000);
  let dir: string;
  let steps: Map<string, Step>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-lazy-'));
    const dist = path.join(dir, 'dist');
    const build = spawnSync(process.execPath, ['esbuild.js', '--production', '--outdir', dist], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const stub = path.join(dir, 'vscode-stub.js');
    esbuild.buildSync({ entryPoints: [path.join(REPO, 'bench/vscodeStub.ts')], outfile: stub, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
    const child = path.join(dir, 'child.js');
    fs.writeFileSync(child, CHILD);
    // A daemon that is not there: the connection starts and fails quietly, talking to nothing.
    const env = { ...process.env, STUB: stub, DIST: dist, EXT_DIR: dir, DOCKER_HOST: `unix://${dir}/no-daemon.sock` };
    const r = spawnSync(process.execPath, [child], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `the stubbed host failed:\n${r.stderr}`);
    steps = new Map(
      r.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Step)
        .map((s) => [s.step, s]),
    );
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ships every bundle the extension loads in the .vsix (.vscodeignore), and not the CLI', () => {
    const built = fs.readdirSync(path.join(dir, 'dist')).filter((f) => f.endsWith('.js'));
    const shipped = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!dist/')).map((l) => l.slice('!dist/'.length).trim());
    assert.deepEqual(shipped.sort(), built.filter((f) => f !== 'cli.js').sort());
  });

  it('loads only dist/extension.js to activate, and registers everything', () => {
    assert.deepEqual(steps.get('loaded')?.loaded, ['extension.js']);
    const activated = steps.get('activated');
    assert.deepEqual(activated?.loaded, ['extension.js'], 'activate() loaded a lazy bundle');
    // Every command package.json contributes is registered at activation, with nothing heavy loaded.
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual([...new Set(activated?.commands)].sort(), contributed);
  });

  it('lints the first document in the lint thread: the engine (yaml, dockerfile-ast) never loads in the host', () => {
    const linted = steps.get('linted');
    assert.deepEqual(linted?.loaded, ['extension.js']);
    assert.ok(linted?.diagnostics?.some((m) => /Host port 80 .* is privileged/.test(m)), JSON.stringify(linted?.diagnostics));
  });

  it('loads the daemon client (dockerode) when the daemon is first asked, without ssh2', () => {
    assert.deepEqual(steps.get('daemon')?.loaded, ['docker.js', 'dockerode.js', 'extension.js']);
  });

  it('loads the service core with the first daemon command', () => {
    assert.deepEqual(steps.get('service')?.loaded, ['docker.js', 'dockerode.js', 'extension.js', 'service.js']);
  });
});
