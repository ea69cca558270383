// The typing path: re-linting the 1,000-service compose file of bench/corpus.ts after a one-line edit, through
// IncrementalLinter (src/lint/incremental.ts), against a bare `yaml` parseDocument of the same text (goal: at
// most 0.2x), with a whole lint and the first (cold) lint through a fresh object measured alongside.
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as esbuild from 'esbuild';
import { SERVICES } from './compose';
import { composeFile } from './corpus';
import { interleave, kb, machine, ms, pairedRatio, REPO, writeSection } from './lib';

export const GOAL = 0.2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP = 3;

interface Subjects {
  lint: typeof import('../src/lint/engine').lint;
  IncrementalLinter: typeof import('../src/lint/incremental').IncrementalLinter;
  yaml: typeof import('yaml');
}

/** The engine and the incremental linter bundled as the shipped bundles are (esbuild, node20, minified), with the baseline's `yaml`. */
function bundle(dir: string): Subjects {
  const entry = path.join(dir, 'incremental-entry.ts');
  const outfile = path.join(dir, 'incremental-subjects.js');
  esbuild.buildSync({
    stdin: {
      contents: [
        `export { lint } from ${JSON.stringify(path.join(REPO, 'src/lint/engine'))};`,
        `export { IncrementalLinter } from ${JSON.stringify(path.join(REPO, 'src/lint/incremental'))};`,
        `export * as yaml from 'yaml';`,
      ].join('\n'),
      resolveDir: REPO,
      sourcefile: entry,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    nodePaths: [path.join(REPO, 'node_modules')],
    logLevel: 'error',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as Subjects;
}

/** A deterministic generator, so every run makes the same edits. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/**
 * `count` texts, each the one before with one more line changed inside a random service: a label value
 * retyped, or a comment added at the end of a line. Each edit keeps the file valid YAML.
 */
export function editedTexts(text: string, count: number, seed = 7): { texts: string[]; lines: number[] } {
  const r = rng(seed);
  const ls = text.split('\n');
  const first = ls.indexOf('services:') + 1;
  const last = ls.findIndex((l, i) => i > first && /^\S/.test(l));
  const texts: string[] = [];
  const lines: number[] = [];
  for (let k = 0; k < count; k++) {
    let i: number;
    do i = first + Math.floor(r() * (last - first));
    while (!/^ {4}/.test(ls[i]));
    ls[i] = /com\.example\.team: /.test(ls[i]) ? ls[i].replace(/team-\w+/, `team-x${k}`) : `${ls[i]} # edit ${k}`;
    texts.push(ls.join('\n'));
    lines.push(i);
  }
  return { texts, lines };
}

export interface IncrementalFigures {
  lines: number;
  bytes: number;
  timings: ReturnType<typeof interleave>;
  /** Incremental re-lint over parseDocument, of medians and as the median of per-round ratios. */
  ratio: number;
  paired: number;
  /** Cold lint through a new object over a plain lint. */
  coldRatio: number;
  coldPaired: number;
  miniPerEdit: number;
  fullPerEdit: number;
  checked: number;
}

export function measureIncremental(s: Subjects, rounds: number, warmup: number): IncrementalFigures {
  const text = composeFile(SERVICES);
  const { texts } = editedTexts(text, rounds + warmup + 1);
  // Every answer of the incremental linter is checked once against a plain lint before timing.
  const check = new s.IncrementalLinter();
  check.lint(text, 'compose');
  let checked = 0;
  for (const t of texts.slice(0, 3)) {
    if (!isDeepStrictEqual(check.lint(t, 'compose'), s.lint(t, 'compose'))) throw new Error('incremental findings differ from a plain lint');
    checked++;
  }

  const inc = new s.IncrementalLinter();
  inc.lint(text, 'compose');
  let next = 0;
  let mini = 0;
  let full = 0;
  const timings = interleave(
    [
      { name: 'yaml parseDocument (baseline)', run: () => s.yaml.parseDocument(text) },
      {
        name: 'incremental re-lint after a one-line edit (warm)',
        run: () => {
          inc.lint(texts[next++], 'compose');
          mini += inc.stats.mini;
          full += inc.stats.full;
        },
      },
      { name: 'lint (the whole text, all rules)', run: () => s.lint(text, 'compose') },
      { name: 'first lint through a new IncrementalLinter (cold)', run: () => new s.IncrementalLinter().lint(text, 'compose') },
    ],
    rounds,
    warmup,
  );
  const [parse, warm, whole, cold] = timings;
  return {
    lines: text.split('\n').length - 1,
    bytes: Buffer.byteLength(text),
    timings,
    ratio: warm.median / parse.median,
    paired: pairedRatio(warm, parse),
    coldRatio: cold.median / whole.median,
    coldPaired: pairedRatio(cold, whole),
    miniPerEdit: mini / (rounds + warmup),
    fullPerEdit: full / (rounds + warmup),
    checked,
  };
}

/** `npm run bench -- incremental`: measures and rewrites this benchmark's section of RESULTS.md. */
export function incremental(dir: string): void {
  const s = bundle(dir);
  const f = measureIncremental(s, ROUNDS, WARMUP);
  const base = f.timings[0].median;
  const table = [
    '| Run | Median | p95 | × parseDocument |',
    '|---|---:|---:|---:|',
    ...f.timings.map((t) => `| ${t.name} | ${ms(t.median)} ms | ${ms(t.p95)} ms | ${(t.median / base).toFixed(3)}× |`),
  ].join('\n');
  const met = f.ratio <= GOAL ? `**met** (goal ≤ ${GOAL}×)` : `**missed** (goal ≤ ${GOAL}×)`;
  writeSection(
    'Compose re-lint after a one-line edit',
    `Command: \`npm run bench -- incremental\` (${ROUNDS} measured rounds after ${WARMUP} warm-up rounds, the four runs interleaved in rotating order; BENCH_ROUNDS changes the count).

${machine()}
- Input: the generated compose file of ${SERVICES} services (bench/corpus.ts), ${f.lines.toLocaleString('en')} lines, ${kb(f.bytes)}. Engine and \`IncrementalLinter\` (src/lint/incremental.ts) bundled as shipped (esbuild, node20, minified) with the baseline's own \`yaml\`; default options, generic host.
- Warm run: one object sees text after text; each round's text is the previous one with one more line changed in a random service (a label value retyped, or a comment added), as typing does. It re-linted ${f.miniPerEdit.toFixed(2)} services per edit and fell back to a whole lint ${f.fullPerEdit.toFixed(2)} times per edit. Its first ${f.checked} answers were checked deep-equal to a plain lint before timing.
- Cold run: a new object's first lint of the unedited text (a plain lint, the frame's lint, and the cache filled from the plain lint's findings).

${table}

Ratio incremental re-lint / parseDocument: **${f.ratio.toFixed(3)}×** of medians, ${f.paired.toFixed(3)}× as the median of per-round ratios; ${met}.
Cold first lint / plain lint: ${f.coldRatio.toFixed(2)}× of medians, ${f.coldPaired.toFixed(2)}× as the median of per-round ratios. The cold run is a plain lint plus the lint of the frame (head + tail, no services) and the cut, so a ratio below 1.00 is load noise.

Absolute times follow the machine's load (the load average above; other work shares these 2 CPUs): compare the ratios, which come from runs interleaved in one process.
`,
  );
  console.log(`incremental: re-lint ${ms(f.timings[1].median)} ms, parseDocument ${ms(base)} ms, ratio ${f.ratio.toFixed(3)}; cold/plain ${f.coldRatio.toFixed(2)}`);
}
