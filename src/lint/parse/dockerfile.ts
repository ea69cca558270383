// Dockerfiles through dockerfile-ast, with its LSP ranges turned into offsets of the original text.
import { DockerfileParser, Onbuild, type Dockerfile, type Instruction } from 'dockerfile-ast';
import type { LineIndex, Script } from '../text';

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export function parseDockerfile(text: string): Dockerfile {
  return DockerfileParser.parse(text);
}

export function offsets(lines: LineIndex, range: LspRange): { start: number; end: number } {
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}

/** Every instruction, with each ONBUILD trigger listed right after its ONBUILD line. */
export function allInstructions(dockerfile: Dockerfile): Instruction[] {
  const out: Instruction[] = [];
  for (const ins of dockerfile.getInstructions()) {
    out.push(ins);
    const trigger = ins instanceof Onbuild ? ins.getTriggerInstruction() : null;
    if (trigger) out.push(trigger);
  }
  return out;
}

/** A Dockerfile argument as a word: `value`, mapped to the source at `span` when the source spells it out. */
export function sourceWord(text: string, span: { start: number; end: number }, value: string): Script {
  const verbatim = text.slice(span.start, span.end) === value;
  return { text: value, at: (i) => (verbatim && i < value.length ? span.start + i : undefined) };
}

/**
 * The Dockerfile's logical line starting at `from`: line continuations (the escape character at the
 * end of a line) are removed, and so are the comment and blank lines inside a continuation, as Docker does.
 */
export function logicalLine(text: string, from: number, escape: string): Script {
  const parts: string[] = [];
  const map: number[] = [];
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) break;
    if (c === escape) {
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      if (j >= n) break;
      if (text[j] === '\n' || (text[j] === '\r' && text[j + 1] === '\n')) {
        i = lineAfter(text, j);
        for (;;) {
          let k = i;
          while (k < n && (text[k] === ' ' || text[k] === '\t')) k++;
          if (k < n && (text[k] === '#' || text[k] === '\n' || text[k] === '\r')) i = lineAfter(text, k);
          else break;
        }
        continue;
      }
    }
    parts.push(c);
    map.push(i);
    i++;
  }
  return { text: parts.join(''), at: (k) => (k < map.length ? map[k] : undefined) };
}

/** Offset of the start of the line after the one containing `i`. */
function lineAfter(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}
