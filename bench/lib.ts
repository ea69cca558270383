// Shared by the benchmarks: interleaved timing with medians and p95, machine facts, a bundle of the
// engine built the way the shipped bundles are, and the RESULTS.md section writer.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export const REPO = path.resolve(__dirname, '..');
export const RESULTS = path.join(__dirname, 'RESULTS.md');

export interface Task {
  name: string;
  run(): unknown;
}

export interface Timing {
  name: string;
  samples: number[];
  median: number;
  p95: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function p95(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}

/**
 * Runs every task once per round, rotating their order each round so drifts in machine load hit all of
 * them alike; the first `warmup` rounds are not counted. Returns wall-clock milliseconds per run.
 */
export function interleave(tasks: readonly Task[], rounds: number, warmup: number): Timing[] {
  const samples = tasks.map(() => [] as number[]);
  for (let r = 0; r < warmup + rounds; r++) {
    for (let k = 0; k < tasks.length; k++) {
      const i = (k + r) % tasks.length;
      const t0 = performance.now();
      tasks[i].run();
      const ms = performance.now() - t0;
      if (r >= warmup) samples[i].push(ms);
    }
  }
  return tasks.map((t, i) => ({ name: t.name, samples: samples[i], median: median(samples[i]), p95: p95(samples[i]) }));
}

/** The median of per-round ratios a/b: robust when load drifts over the run. */
export function pairedRatio(a: Timing, b: Timing): number {
  return median(a.samples.map((x, i) => x / b.samples[i]));
}

export function ms(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

/** Facts about the machine and the tree, for the head of each section. */
export function machine(): string {
  const cpus = os.cpus();
  const [l1, l5] = os.loadavg();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO, encoding: 'utf8' }).trim();
    if (dirty) commit += ' + uncommitted changes';
  } catch {
    // not a git checkout
  }
  return [
    `- Machine: ${os.availableParallelism()} CPUs (nproc), ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.type()} ${os.release()}`,
    `- Node ${process.version} (V8 ${process.versions.v8}); load average at start ${l1.toFixed(2)} (1 min), ${l5.toFixed(2)} (5 min)`,
    `- Tree: ${commit}; run ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
  ].join('\n');
}

/** A scratch directory removed by the returned function. */
export function scratch(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootless-docker-bench-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface Subjects {
  lint: typeof import('../src/lint/engine').lint;
  yaml: typeof import('yaml');
  dockerfileAst: typeof import('dockerfile-ast');
  dockerfileUtils: typeof import('dockerfile-utils');
}

/**
 * The engine and the baselines bundled together with the shipped bundles' options (esbuild, node20,
 * CommonJS, minified), so the engine runs as users get it, not through the test-time TypeScript loader,
 * and engine and baselines share one copy of `yaml` and `dockerfile-ast`. `names` keeps identifiers for profiles.
 */
export function bundleSubjects(dir: string, names = false): Subjects {
  const entry = path.join(dir, 'bench-entry.ts');
  fs.writeFileSync(
    entry,
    [
      `export { lint } from ${JSON.stringify(path.join(REPO, 'src/lint/engine'))};`,
      `export * as yaml from 'yaml';`,
      `export * as dockerfileAst from 'dockerfile-ast';`,
      `export * as dockerfileUtils from 'dockerfile-utils';`,
    ].join('\n'),
  );
  const outfile = path.join(dir, names ? 'subjects-named.js' : 'subjects.js');
  esbuild.buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: !names,
    nodePaths: [path.join(REPO, 'node_modules')],
    logLevel: 'error',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as Subjects;
}

/**
 * Replaces this benchmark's `## heading` section of RESULTS.md (up to the next `## `), or appends it;
 * other sections, written by other benchmarks, stay as they are.
 */
export function writeSection(heading: string, body: string): void {
  const head =
    '# Benchmark results\n\nFigures from the machines the project is developed on. Each `##` section gives the exact command that\nproduced it and the machine it ran on, and is rewritten only by that command (`npm run bench` reruns the\ncompose, Dockerfile and activation sections; `npm run bench -- fuzz` the fuzz counts). Benchmarks are not\ntimed tests: they inform, they do not gate.\n';
  let text = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : head;
  const section = `## ${heading}\n\n${body.trim()}\n`;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `## ${heading}`);
  if (start < 0) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
    if (end < 0) end = lines.length;
    text = [...lines.slice(0, start), ...section.split('\n'), ...lines.slice(end)].join('\n').replace(/\n{3,}/g, '\n\n');
  }
  fs.writeFileSync(RESULTS, text.trimEnd() + '\n');
}
