// `npm run bench [-- compose|incremental|dockerfile|activation|containers|fuzz ...]`: runs the benchmarks
// (compose, incremental, dockerfile and activation by default; containers needs the rootless test bed, fuzz
// takes minutes) and rewrites their sections of bench/RESULTS.md. Ratios come from runs interleaved in one
// process, so load on the machine hits both sides alike.
import { spawnSync } from 'node:child_process';
import { ACTIVATION_GOAL_MS, activationTable, measureActivation, SIZE_GOAL_KB } from './activation';
import { composeTable, GOAL as COMPOSE_GOAL, measureCompose, SERVICES } from './compose';
import { dockerfileTable, GOAL as DOCKERFILE_GOAL, measureDockerfile } from './dockerfile';
import { incremental } from './incremental';
import { bundleSubjects, kb, machine, median, ms, p95, REPO, scratch, writeSection } from './lib';
import { composeFile, dockerfileCorpus } from './corpus';
import { profileLint, type HotSpot } from './profile';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP = 5;
const ALL = ['compose', 'incremental', 'dockerfile', 'activation'];
const asked = process.argv.slice(2);
const which = asked.length ? asked : ALL;
const verdict = (ratio: number, goal: number) => (ratio <= goal ? `**met** (goal ≤ ${goal.toFixed(1)}×)` : `**missed** (goal ≤ ${goal.toFixed(1)}×)`);
const hotTable = (hot: HotSpot[]) =>
  ['| Function (module) | Inclusive | Self |', '|---|---:|---:|', ...hot.map((h) => `| ${h.name} | ${(100 * h.inclusive).toFixed(1)} % | ${(100 * h.self).toFixed(1)} % |`)].join('\n');
const command = (name: string) => `Command: \`npm run bench -- ${name}\` (${ROUNDS} measured rounds after ${WARMUP} warm-up rounds; BENCH_ROUNDS changes the count).`;

function compose(dir: string): void {
  const s = bundleSubjects(dir);
  const f = measureCompose(s, ROUNDS, WARMUP);
  const hot = profileLint(dir, 'compose', [composeFile(SERVICES)], 8);
  const rules = Object.entries(f.byRule).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ');
  writeSection(
    'Compose lint vs yaml parseDocument',
    `${command('compose')}

${machine()}
- Input: a generated compose file of ${SERVICES} services (bench/corpus.ts), ${f.lines.toLocaleString('en')} lines, ${kb(f.bytes)}; anchors and merge keys; ${f.findings} findings (${rules}).
- Engine bundled as shipped (esbuild, node20, minified) together with the baseline's own \`yaml\`; default options, generic host.

${composeTable(f)}

Ratio lint / parseDocument: **${f.ratio.toFixed(2)}×** of medians, ${f.paired.toFixed(2)}× as the median of per-round ratios; ${verdict(f.ratio, COMPOSE_GOAL)}.

Where lint's time goes (\`node --cpu-prof\`, 8 lints of the same file, engine bundled with names; share of the time under \`lint()\`, inclusive and self):

${hotTable(hot)}
`,
  );
  console.log(`compose: lint ${ms(f.timings[1].median)} ms, parseDocument ${ms(f.timings[0].median)} ms, ratio ${f.ratio.toFixed(2)}`);
}

function dockerfile(dir: string): void {
  const s = bundleSubjects(dir);
  const f = measureDockerfile(s, ROUNDS, WARMUP);
  const hot = profileLint(dir, 'dockerfile', dockerfileCorpus(), 20);
  writeSection(
    'Dockerfile lint vs dockerfile-utils validate',
    `${command('dockerfile')}

${machine()}
- Input: a generated corpus of ${f.files} Dockerfiles (bench/corpus.ts), ${f.lines.toLocaleString('en')} lines, ${kb(f.bytes)}, from 15 to 400 lines plus one of ${f.largest} lines; ${f.findings} findings. One run lints every file.
- Engine bundled as shipped (esbuild, node20, minified) with the same \`dockerfile-ast\` that dockerfile-utils uses; validate with its default settings.

${dockerfileTable(f)}

Ratio lint / validate over the corpus: **${f.ratio.toFixed(2)}×** of medians, ${f.paired.toFixed(2)}× as the median of per-round ratios; ${verdict(f.ratio, DOCKERFILE_GOAL)}.

Where lint's time goes (\`node --cpu-prof\`, the corpus linted 20 times, engine bundled with names; share of the time under \`lint()\`):

${hotTable(hot)}
`,
  );
  console.log(`dockerfile: lint ${ms(f.timings[1].median)} ms, validate ${ms(f.timings[0].median)} ms, ratio ${f.ratio.toFixed(2)}`);
}

function activation(dir: string): void {
  const samples = Math.max(10, Math.min(ROUNDS, 30));
  const f = measureActivation(dir, samples);
  const total = median(f.total);
  const ext = f.bundles[0];
  writeSection(
    'Activation time and bundle size',
    `Command: \`npm run bench -- activation\` (${samples} fresh processes after 2 unmeasured ones).

${machine()}
- Bundles built by the project's \`node esbuild.js --production\` in a scratch copy of the tree; activate() called in plain Node with a \`vscode\` stub injected through the require cache (bench/vscodeStub.ts): ${f.registered} disposables registered, ${f.apiCalls} API calls made.

${activationTable(f)}

Activation (load + activate): **${total.toFixed(1)} ms** median, ${p95(f.total).toFixed(1)} ms p95; ${total <= ACTIVATION_GOAL_MS ? '**met**' : '**missed**'} (goal ≤ ${ACTIVATION_GOAL_MS} ms).

| Bundle | Size | gzip | Goal ≤ ${SIZE_GOAL_KB} KB | Largest parts (minified bytes) |
|---|---:|---:|---|---|
${f.bundles.map((b) => `| ${b.file} | ${kb(b.bytes)} | ${kb(b.gzip)} | ${b.bytes <= SIZE_GOAL_KB * 1024 ? 'met' : '**missed**'} | ${b.top.map((t) => `${t.name} ${kb(t.bytes)}`).join(', ')} |`).join('\n')}
`,
  );
  console.log(`activation: ${total.toFixed(1)} ms; extension.js ${kb(ext.bytes)}, cli.js ${kb(f.bundles[1].bytes)}`);
}

/** Runs the fuzz suites (npm run test:fuzz) and records their counts. */
function fuzz(): void {
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', '--silent', 'test:fuzz'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout}\n${r.stderr}`;
  const lines = out.split('\n').filter((l) => /: \d+ inputs \(/.test(l)).map((l) => l.trim());
  const inputs = lines.reduce((n, l) => n + Number(/: (\d+) inputs/.exec(l)![1]), 0);
  const passing = /(\d+) passing/.exec(out)?.[1] ?? '0';
  const failing = /(\d+) failing/.exec(out)?.[1] ?? '0';
  writeSection(
    'Fuzz runs (property-based tests of both linters)',
    `Command: \`npm run bench -- fuzz\`, which runs \`npm run test:fuzz\` (test/unit/fuzz/*.fuzz.ts; seeds and counts in test/unit/fuzz/cases.ts, properties in check.ts).

${machine()}
- Wall time ${((Date.now() - t0) / 1000).toFixed(0)} s for ${inputs.toLocaleString('en')} inputs on 2 mocha workers; ${passing} suites passing, ${failing} failing (exit ${r.status}).
- A failure is an exception from lint(), a rule's own exception (the engine's "Rule X could not check this file"), an offset or position out of place, a fix that touches text outside its edits, a fix that breaks a clean file's YAML, a second pass of preferred fixes that changes the text again, or a lint over 1 s of CPU.
- Known engine bugs (test/unit/fuzz/known.ts) are counted, not failed; each has a regression case in regressions.test.ts.

${lines.map((l) => `- ${l}`).join('\n')}
`,
  );
  console.log(`fuzz: ${inputs} inputs, ${failing} failing`);
}

// containers needs the rootless test bed, and runs in its own process (bench/containers.ts).
const containers = () => void (spawnSync('npx', ['tsx', 'bench/containers.ts'], { cwd: REPO, stdio: 'inherit' }).status === 0 || (process.exitCode = 1));
const run: Record<string, (dir: string) => void> = { compose, dockerfile, activation, fuzz, containers, incremental };
for (const name of which) {
  if (!run[name]) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(run).join(', ')}`);
    process.exit(2);
  }
  const tmp = scratch();
  try {
    run[name](tmp.dir);
  } finally {
    tmp.remove();
  }
}
