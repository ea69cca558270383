// Runs a fast-check property over generated inputs with the checks of check.ts, with fixed seeds so a
// failure replays. Problems that match KNOWN_FAILURES (engine/rule bugs waiting for a fix) are counted
// and printed, not failed; anything else fails the test, shrunk by fast-check and then line by line and
// character by character (minimize.ts), ready to paste into regressions.test.ts.
import fc from 'fast-check';
import { checkInput, stats, type Input, type Problem } from './check';
import { KNOWN_FAILURES } from './known';
import { minimize } from './minimize';

export interface FuzzResult {
  inputs: number;
  /** Lints run, counting the re-lints of the fix checks. */
  lints: number;
  /** The slowest single lint, in ms of CPU time. */
  maxMs: number;
  known: Map<string, number>;
}

/** The known failure a problem is, if any. */
export function knownFailure(problem: Problem, input: Input): string | undefined {
  return KNOWN_FAILURES.find((k) => k.kinds.includes(problem.kind) && k.matches(input, problem))?.id;
}

function unknownProblems(input: Input, problems: Problem[]): Problem[] {
  return problems.filter((p) => !knownFailure(p, input));
}

/** Checks `numRuns` inputs of `arb` from `seed`; throws (after shrinking) on the first unknown problem. */
export function fuzz(arb: fc.Arbitrary<Input>, seed: number, numRuns: number): FuzzResult {
  const result: FuzzResult = { inputs: 0, lints: 0, maxMs: 0, known: new Map() };
  Object.assign(stats, { inputs: 0, lints: 0, maxMs: 0 });
  let shrinking = false;
  const property = fc.property(arb, (input) => {
    const problems = checkInput(input);
    if (!shrinking) {
      result.inputs++;
      // Count inputs, not problems: one input can show a known bug in several rules.
      for (const id of new Set(problems.map((p) => knownFailure(p, input)))) if (id) result.known.set(id, (result.known.get(id) ?? 0) + 1);
    }
    const unknown = unknownProblems(input, problems);
    if (unknown.length) {
      shrinking = true;
      throw new Error(unknown.map((p) => `${p.kind}${p.ruleId ? ` (${p.ruleId})` : ''}: ${p.detail}`).join('\n'));
    }
  });
  const out = fc.check(property, { seed, numRuns });
  Object.assign(result, { lints: stats.lints, maxMs: stats.maxMs });
  if (out.failed) {
    const input = out.counterexample?.[0];
    const first = input && unknownProblems(input, checkInput(input))[0];
    const small = input && first ? minimize(input, first) : input;
    const smallProblems = small ? unknownProblems(small, checkInput(small)) : [];
    throw new Error(
      `Fuzz failure (seed ${seed}, path "${out.counterexample ? out.counterexamplePath : ''}", after ${out.numRuns} inputs)\n` +
        `${out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)}\n` +
        `Minimized input (add it to regressions.test.ts):\n${JSON.stringify(small)}\n` +
        `Its problems:\n${smallProblems.map((p) => `  ${p.kind}${p.ruleId ? ` (${p.ruleId})` : ''}: ${p.detail.split('\n')[0]}`).join('\n')}`,
    );
  }
  return result;
}

export function summary(name: string, r: FuzzResult): string {
  const known = [...r.known].map(([id, n]) => `${id} in ${n}`).join(', ');
  return `${name}: ${r.inputs} inputs (${r.lints} lints), 0 unknown failures, slowest lint ${Math.round(r.maxMs)} ms of CPU${known ? `; inputs showing known bugs (see known.ts): ${known}` : ''}`;
}
