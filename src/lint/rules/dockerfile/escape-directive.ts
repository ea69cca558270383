// `# escape=` parser directives that Docker rejects. dockerfile-ast quietly falls back to `\` for them,
// and its idea of where directives end differs from Docker's, so the top of the file is read here directly.
import { DOCS, TEST_BED, type DockerfileContext, type Rule } from '../../rule';
import { clip } from '../../text';

/** Directive names Docker knows; any other `# name=value` line ends the directives. */
const KNOWN = new Set(['syntax', 'escape', 'check']);
const NAME = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=/;
/** Go's \s (RE2): tab, newline, form feed, carriage return, space. */
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';

interface Directive {
  name: string;
  nameStart: number;
  value: string;
  valueStart: number;
}

/** The parser directives at the top of a Dockerfile, read the way Docker's parser reads them. */
function directives(text: string): Directive[] {
  const out: Directive[] = [];
  let pos = text.startsWith('\uFEFF') ? 1 : 0;
  while (pos < text.length) {
    const eol = /\r\n|\r|\n/g;
    eol.lastIndex = pos;
    const m = eol.exec(text);
    const lineEnd = m ? m.index : text.length;
    const line = text.slice(pos, lineEnd);
    const lead = /^\s*/.exec(line)![0].length;
    if (line[lead] !== '#') break;
    const body = line.slice(lead + 1);
    const skip = /^\s*/.exec(body)![0].length;
    const rest = body.slice(skip);
    const d = NAME.exec(rest);
    const value = d && directiveValue(rest, d[0].length);
    if (!d || !value || !KNOWN.has(d[1].toLowerCase())) break;
    const base = pos + lead + 1 + skip;
    out.push({ name: d[1].toLowerCase(), nameStart: base, value: value.text, valueStart: base + value.at });
    pos = m ? m.index + m[0].length : text.length;
  }
  return out;
}

/**
 * The value after `=`, as Docker's `\s*=\s*(.+?)\s*$` captures it: trimmed of spaces on both sides,
 * or the last space when there is nothing else. Written out because that regex backtracks quadratically in JavaScript.
 */
function directiveValue(line: string, from: number): { text: string; at: number } | undefined {
  let start = from;
  let end = line.length;
  if (start >= end) return undefined;
  while (start < end && isSpace(line[start])) start++;
  while (end > start && isSpace(line[end - 1])) end--;
  return start < end ? { text: line.slice(start, end), at: start } : { text: line[line.length - 1], at: line.length - 1 };
}

export const escapeDirective: Rule = {
  id: 'escape-directive',
  title: 'An escape parser directive Docker rejects',
  severity: 'error',
  docs: `${DOCS.dockerfile}#escape`,
  syntax: true,
  observed: { ...TEST_BED, verified: true, effect: 'The daemon\'s builder refuses "# escape=x": "failed to parse Dockerfile: invalid escape token \'x\' does not match ` or \\".' },
  dockerfile(ctx: DockerfileContext) {
    let seen = false;
    for (const d of directives(ctx.text)) {
      if (d.name !== 'escape') continue;
      if (seen) {
        ctx.report({
          start: d.nameStart,
          end: d.nameStart + d.name.length,
          message: 'A second escape directive: Docker refuses the Dockerfile with "only one escape parser directive can be used". Keep one of them.',
        });
        return;
      }
      seen = true;
      if (d.value === '\\' || d.value === '`') continue;
      ctx.report({
        start: d.valueStart,
        end: d.valueStart + d.value.length,
        message:
          `The escape directive is set to "${clip(d.value, 20)}", but Docker accepts only \\ or \` there, so the build stops at once with ` +
          `"invalid escape token '${clip(d.value, 20)}' does not match \` or \\". Use \` (common for Windows paths) or \\, or remove the line.`,
      });
      return;
    }
  },
};
