import { DOCS, type Rule } from '../rule';

// Produced by the engine itself when a file is refused before parsing (too large, binary, too deeply nested).
export const notLinted: Rule = {
  id: 'not-linted',
  title: 'The file was not linted: too large, binary, or nested too deeply to parse safely',
  severity: 'info',
  docs: DOCS.troubleshoot,
  observed: { verified: false, why: 'A limit of the linter itself (file size, binary content, nesting depth), not of the daemon.' },
};
