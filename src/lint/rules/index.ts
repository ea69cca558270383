// Every rule, in the order of the catalogue in docs/rules.md (row numbers in the comments).
import type { Rule } from '../rule';
import { notLinted } from './not-linted';
import { yamlSyntax } from './yaml-syntax';
import { privilegedPort } from './compose/privileged-port'; // 1

export const rules: readonly Rule[] = [
  privilegedPort,
];

/** Every rule id the engine can report, with metadata: the rules above plus the engine's own. */
export const allRules: readonly Rule[] = [...rules, yamlSyntax, notLinted];

const byId = new Map(allRules.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
