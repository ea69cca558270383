// The inputs of the fuzz suites: each arbitrary with its fixed seed and number of runs. One file per suite
// (*.fuzz.ts) so `npm run test:fuzz` spreads them over the cores. Together they check 100,000 inputs.
// FUZZ_RUNS overrides every count, for a quick local run.
import fc from 'fast-check';
import type { Input } from './check';
import { composeCase, hostFacts } from './composeGen';
import { dockerfileText } from './dockerfileGen';
import { applyMutations, mutations } from './mutate';

export interface Suite {
  name: string;
  arb: fc.Arbitrary<Input>;
  seed: number;
  runs: number;
}

const runs = (n: number) => (process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : n);

export const composeGenerated: Suite = {
  name: 'generated compose files',
  arb: composeCase.map((c) => ({ ...c, kind: 'compose' as const })),
  seed: 0xc0_5eed,
  runs: runs(12_500),
};

export const composeMutated: Suite = {
  name: 'mutated compose files',
  arb: fc.tuple(composeCase, mutations('compose')).map(([c, m]) => ({ ...c, text: applyMutations(c.text, m), kind: 'compose' as const })),
  seed: 0xc0_b17e,
  runs: runs(12_500),
};

export const dockerfileGenerated: Suite = {
  name: 'generated Dockerfiles',
  arb: fc.record({ text: dockerfileText, facts: hostFacts }).map((c) => ({ ...c, kind: 'dockerfile' as const })),
  seed: 0xd0c_5eed,
  runs: runs(37_500),
};

export const dockerfileMutated: Suite = {
  name: 'mutated Dockerfiles',
  arb: fc.tuple(dockerfileText, mutations('dockerfile'), hostFacts).map(([text, m, facts]) => ({ text: applyMutations(text, m), facts, kind: 'dockerfile' as const })),
  seed: 0xd0c_b17e,
  runs: runs(37_500),
};
