// Rule and engine bugs the fuzz suites found, waiting for a fix in src/lint. Each entry matches only
// its own failure, so anything new still fails the suites; its regression cases in regressions.test.ts
// fail once the bug is fixed, as a reminder to delete the entry here. The goal is an empty list.
import type { Input, Problem, ProblemKind } from './check';

export interface KnownFailure {
  id: string;
  kinds: ProblemKind[];
  /** What goes wrong, and where the fix belongs. */
  note: string;
  matches(input: Input, problem: Problem): boolean;
}

export const KNOWN_FAILURES: KnownFailure[] = [];
