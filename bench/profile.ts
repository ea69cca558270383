// Where lint spends its time: runs the engine (bundled with its names kept) on a benchmark's inputs under
// `node --cpu-prof` in a child process and sums the profile by function and module.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleSubjects } from './lib';
import type { FileKind } from '../src/lint/types';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  /** Share of the lint time spent in this function and what it calls (inclusive), or in it alone (self). */
  inclusive: number;
  self: number;
}

/** Profiles `runs` lints of each text; returns the heaviest functions under lint(), the engine's and its libraries'. */
export function profileLint(dir: string, kind: FileKind, texts: string[], runs: number): HotSpot[] {
  bundleSubjects(dir, true);
  const input = path.join(dir, 'inputs.json');
  fs.writeFileSync(input, JSON.stringify(texts));
  const script = `const s = require(${JSON.stringify(path.join(dir, 'subjects-named.js'))}); const ts = JSON.parse(require('fs').readFileSync(${JSON.stringify(input)}, 'utf8')); for (let i = 0; i < ${runs}; i++) for (const t of ts) s.lint(t, ${JSON.stringify(kind)});`;
  const profDir = path.join(dir, `profile-${kind}`);
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`profiling failed: ${r.stderr}`);
  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  return summarize(JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as Profile, modules(path.join(dir, 'subjects-named.js')));
}

/** Where each bundled module starts: esbuild heads each with a `// path` comment. */
function modules(bundle: string): { line: number; name: string }[] {
  const out: { line: number; name: string }[] = [];
  fs.readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((l, i) => {
      const m = /^\/\/ (?:.*\/)?(src\/\S+|node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(l);
      if (m) out.push({ line: i, name: m[1].replace(/^src\/lint\//, '').replace(/^node_modules\//, '').replace(/\.ts$/, '') });
    });
  return out;
}

function summarize(p: Profile, mods: { line: number; name: string }[]): HotSpot[] {
  const moduleAt = (line: number) => {
    let lo = 0;
    let hi = mods.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (mods[mid].line <= line) lo = mid;
      else hi = mid - 1;
    }
    return mods[lo] && mods[lo].line <= line ? mods[lo].name : '?';
  };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => (n.callFrame.functionName ? `${n.callFrame.functionName} (${moduleAt(n.callFrame.lineNumber)})` : '(anonymous)');
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let inLint = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    // Only samples under lint(): module loading and start-up are not the engine's.
    const chain: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) chain.push(name(byId.get(cur)!));
    const top = chain.findIndex((c) => c.startsWith('lint (engine'));
    if (top < 0) return;
    inLint += dt;
    self.set(chain[0], (self.get(chain[0]) ?? 0) + dt);
    for (const fn of new Set(chain.slice(0, top + 1))) inclusive.set(fn, (inclusive.get(fn) ?? 0) + dt);
  });
  return [...inclusive]
    .map(([fn, t]) => ({ name: fn, inclusive: t / inLint, self: (self.get(fn) ?? 0) / inLint }))
    .filter((h) => h.name !== '(anonymous)')
    .sort((a, b) => b.inclusive - a.inclusive)
    .slice(0, 25);
}
