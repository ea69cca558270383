// Text helpers shared by the parsers, the rules and the front ends: offsets <-> positions, source-mapped text,
// edits, input guards, quoting input in messages.
import type { Position, TextEdit } from './types';

/** A text with a way back to source offsets: a shell script, a word of it, a Dockerfile's logical line. */
export interface Script {
  text: string;
  /** Source offset of `text[i]`; undefined when that character is not verbatim in the source. */
  at(i: number): number | undefined;
}

/** The source span of a script's whole text, or `fallback` when its characters are not all in the source. */
export function wordSpan(word: Script, fallback: { start: number; end: number }): { start: number; end: number } {
  return charSpan(word, 0, word.text.length, fallback);
}

/** The source span of `word.text[from, to)`, or `fallback` when those characters are not all in the source. */
export function charSpan(word: Script, from: number, to: number, fallback: { start: number; end: number }): { start: number; end: number } {
  if (to <= from) return fallback;
  const first = word.at(from);
  const last = word.at(to - 1);
  return first !== undefined && last !== undefined ? { start: first, end: last + 1 } : fallback;
}

/**
 * The text as the parsers read it, same length: a lone CR, which is a line break to VS Code, becomes LF,
 * which is one to the parsers too. Offsets into it are offsets into `text`.
 */
export function parserText(text: string): string {
  // Fixes and rules ask again for the text being linted: remember the last answer.
  if (text !== lastParserText.input) lastParserText = { input: text, output: text.replace(/\r(?!\n)/g, '\n') };
  return lastParserText.output;
}

let lastParserText = { input: '', output: '' };

/** Maps offsets to positions. Line breaks are \n, \r\n and a lone \r, as in VS Code. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, pos.character), next);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

/**
 * Applies non-overlapping edits; every character outside the edited spans is kept as it was.
 * Identical edits count once (two findings through one YAML anchor share a fix).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  let out = '';
  let at = 0;
  let prev: TextEdit | undefined;
  for (const e of sorted) {
    if (prev && e.offset === prev.offset && e.length === prev.length && e.text === prev.text) continue;
    prev = e;
    if (e.offset < at || e.offset + e.length > text.length) throw new RangeError(`overlapping or out-of-range edit at ${e.offset}`);
    out += text.slice(at, e.offset) + e.text;
    at = e.offset + e.length;
  }
  return out + text.slice(at);
}

/** Why a text is not parsed at all, or undefined when it can be. */
export function refuseText(text: string, maxBytes: number): string | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) return `File is ${formatBytes(bytes)}; files over ${formatBytes(maxBytes)} are not linted.`;
  if (text.includes('\0')) return 'File contains NUL bytes: it looks binary and is not linted.';
  // Decoding invalid UTF-8 yields U+FFFD; a text made mostly of them is not a compose file or a Dockerfile.
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  if (bad > 8 && bad > text.length / 20) return 'File is not valid UTF-8 text: it looks binary and is not linted.';
  return undefined;
}

/** `text` cut to `max` characters, with an ellipsis when it was longer (for quoting input in messages). */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
