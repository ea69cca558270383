// Dockerfile lint of a corpus against dockerfile-utils' validate on the same files (goal: at most 0.6x),
// with dockerfile-ast's parse alone and the engine without rules alongside. One run is the whole corpus.
// Also: dockerfile-ast's parse time against the number of flags of one instruction, which sets the
// engine's limit (MAX_FLAGS in src/lint/parse/dockerfile.ts).
import { dockerfileCorpus } from './corpus';
import { interleave, median, ms, pairedRatio, type Subjects, type Timing } from './lib';
import { MAX_FLAGS } from '../src/lint/parse/dockerfile';

export const GOAL = 0.6;

export interface DockerfileFigures {
  files: number;
  lines: number;
  bytes: number;
  largest: number;
  findings: number;
  timings: Timing[];
  ratio: number;
  paired: number;
  /** The 1,200-line file alone: lint, validate, parse medians. */
  single: Timing[];
  /** One `RUN --a --a … x` line with `flags` flags: dockerfile-ast's parse and the engine's lint, medians. */
  flags: { flags: number; parseMs: number; lintMs: number; refused: boolean }[];
}

/** Flag counts timed for the limit; past about 10,000 the parse turns quadratic (16,000: seconds). */
const FLAG_COUNTS = [250, 500, 1000, 2000, 4000, 8000, 12000, 16000];

export function measureDockerfile(s: Subjects, rounds: number, warmup: number): DockerfileFigures {
  const corpus = dockerfileCorpus();
  const largest = corpus[corpus.length - 1];
  const all = (f: (text: string) => unknown) => () => corpus.forEach((t) => f(t));
  const lint = (t: string) => s.lint(t, 'dockerfile');
  const validate = (t: string) => s.dockerfileUtils.validate(t);
  const parse = (t: string) => s.dockerfileAst.DockerfileParser.parse(t);
  const timings = interleave(
    [
      { name: 'dockerfile-utils validate (baseline)', run: all(validate) },
      { name: 'lint (the engine, all rules)', run: all(lint) },
      { name: 'dockerfile-ast parse only', run: all(parse) },
      { name: 'lint with no rules (parse, pre-scans, suppression)', run: all((t) => s.lint(t, 'dockerfile', { rules: [] })) },
    ],
    rounds,
    warmup,
  );
  const single = interleave(
    [
      { name: 'validate, 1,200-line file', run: () => validate(largest) },
      { name: 'lint, 1,200-line file', run: () => lint(largest) },
      { name: 'parse, 1,200-line file', run: () => parse(largest) },
    ],
    rounds,
    warmup,
  );
  return {
    files: corpus.length,
    lines: corpus.reduce((n, t) => n + t.split('\n').length - 1, 0),
    bytes: corpus.reduce((n, t) => n + Buffer.byteLength(t), 0),
    largest: largest.split('\n').length - 1,
    findings: corpus.reduce((n, t) => n + lint(t).length, 0),
    timings,
    ratio: timings[1].median / timings[0].median,
    paired: pairedRatio(timings[1], timings[0]),
    single,
    flags: FLAG_COUNTS.map((n) => measureFlags(s, n)),
  };
}

/** Times one instruction with `n` flags: a few runs, fewer for the slow large counts. */
function measureFlags(s: Subjects, n: number): { flags: number; parseMs: number; lintMs: number; refused: boolean } {
  const text = `FROM alpine\nRUN ${'--a '.repeat(n)}ping x\n`;
  const runs = n >= 8000 ? 3 : 7;
  const time = (f: () => unknown) => {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      f();
      xs.push(performance.now() - t0);
    }
    return median(xs);
  };
  return {
    flags: n,
    parseMs: time(() => s.dockerfileAst.DockerfileParser.parse(text)),
    lintMs: time(() => s.lint(text, 'dockerfile')),
    refused: s.lint(text, 'dockerfile').some((f) => f.ruleId === 'not-linted'),
  };
}

export function dockerfileTable(f: DockerfileFigures): string {
  const row = (t: Timing, base: number) => `| ${t.name} | ${ms(t.median)} ms | ${ms(t.p95)} ms | ${(t.median / base).toFixed(2)}× |`;
  return [
    '| Run | Median | p95 | × validate |',
    '|---|---:|---:|---:|',
    ...f.timings.map((t) => row(t, f.timings[0].median)),
    ...f.single.map((t) => row(t, f.single[0].median)),
    '',
    breakdown(f),
    '',
    `One instruction with many flags (\`RUN --a --a … ping x\`): dockerfile-ast's parse time and the engine's lint time, medians. The engine refuses an instruction with more than ${MAX_FLAGS.toLocaleString('en')} flags before parsing (a not-linted finding).`,
    '',
    '| Flags | dockerfile-ast parse | per flag | lint | lint refuses |',
    '|---:|---:|---:|---:|---|',
    ...f.flags.map((x) => `| ${x.flags.toLocaleString('en')} | ${ms(x.parseMs)} ms | ${((1000 * x.parseMs) / x.flags).toFixed(1)} µs | ${ms(x.lintMs)} ms | ${x.refused ? 'yes' : 'no'} |`),
  ].join('\n');
}

/** Where lint's time goes against the baseline, from the medians above, and what bounds it. */
function breakdown(f: DockerfileFigures): string {
  const [validate, lint, parse, bare] = f.timings.map((t) => t.median / f.timings[0].median);
  const rules = lint - bare;
  return [
    `Lint = ${lint.toFixed(2)}× validate: dockerfile-ast's parse alone is ${parse.toFixed(2)}×, the engine without rules ${bare.toFixed(2)}× ` +
      `(the parse plus the line index, the size, binary and flag pre-scans and the suppression comments), and the Dockerfile rules add ${rules.toFixed(2)}×` +
      (lint > GOAL * validate ? `; within the goal they could add at most ${Math.max(0, GOAL - bare).toFixed(2)}×.` : '.'),
    'The rules read each parse once: the instruction lists, the escape character and the commands of every RUN and HEALTHCHECK ' +
      '(its logical line read from the text, flags skipped as Docker skips them, each shell command split once, here-documents read ' +
      'from the text) are built on first use and shared by every rule; no rule calls getArguments() on a RUN. What remains is bounded by ' +
      "the parse itself: dockerfile-ast rebuilds an instruction's arguments on every getArguments() call, and its parser calls it about " +
      "seven times per RUN (JSONInstruction's constructor three times, and processArguments builds every instruction twice to look for " +
      'here-documents), which is why getRawArguments leads the profile below. Garbage collection of what the parse allocates counts in ' +
      "the timings but not in the profile's shares.",
  ].join('\n');
}
