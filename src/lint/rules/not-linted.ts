import { DOCS, type Rule } from '../rule';

// Produced by the engine itself when a file is refused before parsing (too large, binary, too deeply nested, an
// instruction with too many flags), and by the editor when a lint runs past its time limit.
export const notLinted: Rule = {
  id: 'not-linted',
  title: 'The file was not linted: too large, binary, nested too deeply or with too many flags to parse safely, or too slow to lint',
  severity: 'info',
  docs: DOCS.troubleshoot,
  observed: { verified: false, why: 'A limit of the linter itself (file size, binary content, nesting depth, flags, time), not of the daemon.' },
};
