import { DOCS, type Rule } from '../rule';

// Produced by the engine from the YAML parser's errors and its own duplicate-key check.
export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  title: 'The compose file is not valid YAML, so compose will refuse it',
  severity: 'error',
  docs: DOCS.composeSpec,
  syntax: true,
  observed: { verified: false, why: 'Compose parses the file before it talks to the daemon: there is nothing to observe on the Engine API.' },
};
