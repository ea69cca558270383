// Shrinks a failing text further than fast-check can through the generators: drops runs of lines
// while the same problem (kind and rule) still shows. Whole lines only, so the result stays a readable
// compose file or Dockerfile for regressions.test.ts.
import { checkInput, type Input, type Problem } from './check';

function same(a: Problem, b: Problem): boolean {
  return a.kind === b.kind && a.ruleId === b.ruleId;
}

function stillFails(input: Input, text: string, problem: Problem): boolean {
  return checkInput({ ...input, text }).some((p) => same(p, problem));
}

/** Removes pieces of `parts` (joined by `sep`) while the problem persists. */
function drop(input: Input, parts: string[], sep: string, problem: Problem, budget: { left: number }): string[] {
  for (let size = Math.max(1, parts.length >> 1); size >= 1; size >>= 1) {
    for (let i = 0; i + size <= parts.length && budget.left > 0; ) {
      const candidate = [...parts.slice(0, i), ...parts.slice(i + size)];
      budget.left--;
      if (stillFails(input, candidate.join(sep), problem)) parts = candidate;
      else i += size;
    }
  }
  return parts;
}

/** A smaller text with the same problem; gives up after `maxChecks` re-checks. */
export function minimize(input: Input, problem: Problem, maxChecks = 4000): Input {
  const budget = { left: maxChecks };
  // Keep line ends with their lines, so CR/CRLF files stay as they are.
  const lines = drop(input, input.text.split(/(?<=\n|\r(?!\n))/), '', problem, budget);
  return { ...input, text: lines.join('') };
}
