// Activation time of the bundled extension and the sizes of the shipped bundles. The bundles are built
// by the project's own esbuild.js with --production (and --metafile, for what fills each), in a scratch
// copy of the tree (so dist/ is left alone); each activation sample is a fresh Node process that loads
// dist/extension.js with a `vscode` stub injected through the require cache and calls activate(). A
// baseline extension that registers one command is measured in the same run, interleaved, as the floor
// of a fresh process on this machine at that moment.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { median, p95, REPO } from './lib';

export const ACTIVATION_GOAL_MS = 20;
export const SIZE_GOAL_KB = 800;

/** Every file esbuild.js writes, the entry first and the CLI second, and when the extension loads it. */
const BUNDLES: { file: string; when: string }[] = [
  { file: 'extension.js', when: 'at activation' },
  { file: 'cli.js', when: 'the CLI; not in the .vsix' },
  { file: 'lint.js', when: 'in the lint thread (a worker), started for the first compose file or Dockerfile to lint' },
  { file: 'docker.js', when: 'when the Containers view or a container command first needs the daemon' },
  { file: 'dockerode.js', when: 'with docker.js; the CLI with `--host auto`' },
  { file: 'service.js', when: 'on the first daemon service command or Run Doctor' },
  { file: 'ssh2.js', when: 'on the first request to an ssh:// endpoint' },
];

export interface Bundle {
  file: string;
  bytes: number;
  gzip: number;
  /** The largest inputs by bytes in the output, from the build's metafile. */
  top: { name: string; bytes: number }[];
}

export interface ActivationFigures {
  bundles: Bundle[];
  load: number[];
  call: number[];
  total: number[];
  /** The baseline extension's load + activate, sampled alternately with the real one. */
  baseline: number[];
  /** CPU time (user + system) of load + activate, for the extension and the baseline: less swayed by other work on the machine than wall time. */
  cpu: number[];
  baselineCpu: number[];
  registered: number;
  apiCalls: number;
  /** The dist files and the Node built-ins that loading and activating loaded. */
  loadedFiles: string[];
  loadedBuiltins: string[];
}

/** Builds every bundle with `node esbuild.js --production --metafile` in `dir`: links to everything in the tree but dist/. */
function buildProduction(dir: string): void {
  for (const name of fs.readdirSync(REPO)) if (name !== 'dist') fs.symlinkSync(path.join(REPO, name), path.join(dir, name));
  execFileSync(process.execPath, ['esbuild.js', '--production', '--metafile'], { cwd: dir, stdio: 'inherit' });
}

/** Which packages (or src/) fill a bundle, from its metafile. */
function topInputs(metafile: string): { name: string; bytes: number }[] {
  const meta = JSON.parse(fs.readFileSync(metafile, 'utf8')) as esbuild.Metafile;
  const sizes = new Map<string, number>();
  for (const out of Object.values(meta.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      const name = m ? m[1] : file.startsWith('src/') || file.includes('/src/') ? 'src (this extension)' : file.startsWith('stub:') ? 'stubs (esbuild.js)' : path.basename(file);
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes].filter(([, bytes]) => bytes >= 512).map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 6);
}

const CHILD = `
const Module = require('module');
const stub = require(process.env.STUB);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub.vscode };
performance.now(); // loads perf_hooks before the count of built-ins starts
const builtinsBefore = new Set(process.moduleLoadList);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const c0 = cpu();
const t0 = performance.now();
const ext = require(process.env.BUNDLE);
const t1 = performance.now();
const ctx = stub.context(process.env.EXT_DIR, '0.0.0');
const ret = ext.activate(ctx);
const t2 = performance.now();
const c2 = cpu();
Promise.resolve(ret).then(() => {
  const calls = Object.values(stub.calls).reduce((a, b) => a + b, 0);
  const dir = require('path').dirname(process.env.BUNDLE);
  const files = Object.keys(require.cache).filter((f) => f.startsWith(dir)).map((f) => 'dist/' + require('path').relative(dir, f));
  const builtins = process.moduleLoadList.filter((m) => !builtinsBefore.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13)).filter((m) => !m.startsWith('internal/'));
  process.stdout.write(JSON.stringify({ load: t1 - t0, call: t2 - t1, cpu: c2 - c0, registered: ctx.subscriptions.length, calls, files, builtins }));
  process.exit(0);
}, (err) => { console.error(err); process.exit(1); });
`;

/** The floor: an extension that registers one command, built the same way. */
const BASELINE = `import * as vscode from 'vscode';
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('baseline.hello', () => vscode.window.showInformationMessage('hello')));
}
`;

export function measureActivation(dir: string, samples: number): ActivationFigures {
  buildProduction(dir);
  const dist = path.join(dir, 'dist');
  const bundles: Bundle[] = BUNDLES.map(({ file, when }) => {
    const data = fs.readFileSync(path.join(dist, file));
    return { file: `dist/${file} (${when})`, bytes: data.length, gzip: zlib.gzipSync(data).length, top: topInputs(path.join(dist, file.replace(/\.js$/, '.meta.json'))) };
  });
  const unexpected = fs.readdirSync(dist).filter((f) => f.endsWith('.js') && !BUNDLES.some((b) => b.file === f));
  if (unexpected.length) throw new Error(`esbuild.js wrote bundles this benchmark does not know: ${unexpected.join(', ')}`);

  const stub = path.join(dir, 'vscode-stub.js');
  esbuild.buildSync({ entryPoints: [path.join(__dirname, 'vscodeStub.ts')], outfile: stub, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  const baselineDir = path.join(dir, 'baseline');
  fs.mkdirSync(baselineDir);
  fs.writeFileSync(path.join(baselineDir, 'extension.ts'), BASELINE);
  esbuild.buildSync({ entryPoints: [path.join(baselineDir, 'extension.ts')], outfile: path.join(baselineDir, 'extension.js'), bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'error' });

  interface Sample { load: number; call: number; cpu: number; registered: number; calls: number; files: string[]; builtins: string[] }
  const sample = (bundle: string): Sample => {
    const env = { ...process.env, STUB: stub, BUNDLE: bundle, EXT_DIR: dir };
    const r = spawnSync(process.execPath, ['-e', CHILD], { env, encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) throw new Error(`activate() failed in the stubbed host: ${r.stderr || r.error?.message}`);
    return JSON.parse(r.stdout) as Sample;
  };
  const load: number[] = [];
  const call: number[] = [];
  const baseline: number[] = [];
  const cpu: number[] = [];
  const baselineCpu: number[] = [];
  let last: Sample | undefined;
  for (let i = 0; i < samples + 2; i++) {
    // Alternate which goes first, so drifts in machine load hit both alike.
    const order = i % 2 ? ['baseline', 'extension'] : ['extension', 'baseline'];
    for (const which of order) {
      const o = sample(which === 'baseline' ? path.join(baselineDir, 'extension.js') : path.join(dist, 'extension.js'));
      if (i < 2) continue; // warm the file cache
      if (which === 'baseline') {
        baseline.push(o.load + o.call);
        baselineCpu.push(o.cpu);
      } else {
        cpu.push(o.cpu);
        load.push(o.load);
        call.push(o.call);
        last = o;
      }
    }
  }
  return {
    bundles,
    load,
    call,
    total: load.map((l, i) => l + call[i]),
    baseline,
    cpu,
    baselineCpu,
    registered: last?.registered ?? 0,
    apiCalls: last?.calls ?? 0,
    loadedFiles: last?.files ?? [],
    loadedBuiltins: last?.builtins ?? [],
  };
}

export function activationTable(f: ActivationFigures): string {
  const row = (name: string, xs: number[]) => `| ${name} | ${median(xs).toFixed(1)} ms | ${p95(xs).toFixed(1)} ms |`;
  const ratios = f.total.map((t, i) => t / f.baseline[i]);
  return [
    '| Step (fresh process each time) | Median | p95 |',
    '|---|---:|---:|',
    row('load dist/extension.js (require)', f.load),
    row('activate() call', f.call),
    row('load + activate (as VS Code counts activation)', f.total),
    row('baseline: an extension that registers one command, load + activate', f.baseline),
    row('CPU time of load + activate (user + system)', f.cpu),
    row('CPU time of the baseline', f.baselineCpu),
    '',
    `Against the baseline of the same run: ${(median(f.total) / median(f.baseline)).toFixed(1)}× of medians, ${median(ratios).toFixed(1)}× as the median of paired ratios, ${(median(f.total) - median(f.baseline)).toFixed(1)} ms more.`,
    '',
    `Loaded by load + activate(): ${f.loadedFiles.join(', ')}; Node built-ins: ${f.loadedBuiltins.join(', ') || 'none'} (VS Code's extension host has these loaded already). Nothing else: the other bundles load on first use (table below).`,
  ].join('\n');
}
