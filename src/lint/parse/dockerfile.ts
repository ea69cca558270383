// Dockerfiles through dockerfile-ast, with its LSP ranges turned into offsets of the original text.
import { DockerfileParser, type Dockerfile, type Instruction, type Onbuild } from 'dockerfile-ast';
import { parserText, type LineIndex, type Script } from '../text';

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

// What the rules read from a parse is computed once, on first use, and shared by every rule: dockerfile-ast
// builds a new ONBUILD trigger on every getTriggerInstruction() call, and new arguments on every getArguments().

interface Shared {
  all: Instruction[];
  byKeyword: Map<string, Instruction[]>;
  escape: string;
  text?: string;
}

const shared = new WeakMap<Dockerfile, Shared>();

function sharedOf(dockerfile: Dockerfile): Shared {
  let s = shared.get(dockerfile);
  if (!s) {
    s = { all: [], byKeyword: new Map(), escape: dockerfile.getEscapeCharacter() };
    const add = (ins: Instruction, keyword: string) => {
      s!.all.push(ins);
      const list = s!.byKeyword.get(keyword);
      if (list) list.push(ins);
      else s!.byKeyword.set(keyword, [ins]);
    };
    for (const ins of dockerfile.getInstructions()) {
      const keyword = ins.getKeyword();
      add(ins, keyword);
      // dockerfile-ast makes every ONBUILD an Onbuild; a keyword test is cheaper than instanceof.
      const trigger = keyword === 'ONBUILD' ? (ins as Onbuild).getTriggerInstruction() : null;
      if (trigger) add(trigger, trigger.getKeyword());
    }
    shared.set(dockerfile, s);
  }
  return s;
}

/** Every instruction, with each ONBUILD trigger listed right after its ONBUILD line (the same objects on every call). */
export function allInstructions(dockerfile: Dockerfile): readonly Instruction[] {
  return sharedOf(dockerfile).all;
}

/** The instructions with this keyword (ONBUILD triggers included), in source order. */
export function instructionsNamed(dockerfile: Dockerfile, keyword: string): readonly Instruction[] {
  return sharedOf(dockerfile).byKeyword.get(keyword) ?? [];
}

/** The escape character (`\` or a backquote from the escape directive). */
export function escapeCharacter(dockerfile: Dockerfile): string {
  return sharedOf(dockerfile).escape;
}

/** The text of a rule's context as the parser read it (`parserText`). */
export function sourceText(ctx: { dockerfile: Dockerfile; text: string }): string {
  const s = sharedOf(ctx.dockerfile);
  return (s.text ??= parserText(ctx.text));
}

/** A Dockerfile argument as a word: `value`, mapped to the source at `span` when the source spells it out. */
export function sourceWord(text: string, span: { start: number; end: number }, value: string): Script {
  const verbatim = text.slice(span.start, span.end) === value;
  return { text: value, at: (i) => (verbatim && i < value.length ? span.start + i : undefined) };
}

/**
 * The Dockerfile's logical line starting at `from`: line continuations (the escape character at the
 * end of a line) are removed, and so are the comment and blank lines inside a continuation, as Docker does.
 * `end` is the offset of the line break that ends it (or of the end of the text).
 */
export function logicalLine(text: string, from: number, escape: string): Script & { end: number } {
  // Verbatim runs of the source: the k-th starts at source offset src[k] and at offset out[k] of the line.
  const src: number[] = [];
  const out: number[] = [];
  let length = 0;
  const n = text.length;
  let start = from;
  let i = from;
  const close = (end: number) => {
    if (end > start) {
      src.push(start);
      out.push(length);
      length += end - start;
    }
  };
  const esc = escape.charCodeAt(0);
  while (i < n) {
    // The next line break, and the first escape character before it.
    const nl = text.indexOf('\n', i);
    const stop = nl < 0 ? n : nl;
    let e = i;
    while (e < stop && text.charCodeAt(e) !== esc) e++;
    if (e >= stop) {
      i = nl > i && text[nl - 1] === '\r' ? nl - 1 : stop;
      break;
    }
    let j = e + 1;
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j >= n) {
      i = e;
      break;
    }
    if (text[j] === '\n' || (text[j] === '\r' && text[j + 1] === '\n')) {
      close(e);
      i = lineAfter(text, j);
      for (;;) {
        let k = i;
        while (k < n && (text[k] === ' ' || text[k] === '\t')) k++;
        if (k < n && (text[k] === '#' || text[k] === '\n' || text[k] === '\r')) i = lineAfter(text, k);
        else break;
      }
      start = i;
      continue;
    }
    i = e + 1;
  }
  close(i);
  if (src.length <= 1) {
    const base = src.length ? src[0] : from;
    return { text: text.slice(base, base + length), at: (k) => (k >= 0 && k < length ? base + k : undefined), end: i };
  }
  return {
    end: i,
    text: src.map((s, k) => text.slice(s, s + (k + 1 < out.length ? out[k + 1] : length) - out[k])).join(''),
    at: (k) => {
      if (!(k >= 0 && k < length)) return undefined;
      let lo = 0;
      let hi = out.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (out[mid] <= k) lo = mid;
        else hi = mid - 1;
      }
      return src[lo] + k - out[lo];
    },
  };
}

/** Offset of the start of the line after the one containing `i`. */
function lineAfter(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}

// ---------------------------------------------------------------------------------------------
// Refusal before parsing

/**
 * More flags than this on one instruction and the file is not parsed: dockerfile-ast's handling of an
 * instruction's flags is quadratic in their number (see the figures in bench/RESULTS.md). Real
 * instructions have a handful.
 */
export const MAX_FLAGS = 1000;

/** Keywords whose leading `--` words dockerfile-ast reads as flags; HEALTHCHECK reads them up to CMD or NONE. */
const FLAGGED = new Set(['RUN', 'ADD', 'COPY', 'FROM']);

/**
 * Why a Dockerfile is not parsed at all (an instruction with more than MAX_FLAGS flags), or undefined when it
 * can be. Reads the raw text in one pass, and usually not even that: a text with at most MAX_FLAGS `--` in
 * all has no such instruction.
 */
export function refuseDockerfile(text: string): string | undefined {
  let dashes = 0;
  for (let i = text.indexOf('--'); i >= 0 && dashes <= MAX_FLAGS; i = text.indexOf('--', i + 2)) dashes++;
  if (dashes <= MAX_FLAGS) return undefined;
  const escape = escapeOf(text);
  for (let i = 0; i < text.length; ) {
    const { flags, keyword, end } = readInstruction(text, i, escape);
    if (flags > MAX_FLAGS) {
      return (
        `File is not linted: the ${keyword} instruction on line ${lineOf(text, i)} has more than ` +
        `${MAX_FLAGS.toLocaleString('en')} flags, too many to parse safely.`
      );
    }
    i = end;
  }
  return undefined;
}

/** The escape character set by a `# escape=` parser directive at the top of the text, else `\`. */
function escapeOf(text: string): string {
  const m = /^\uFEFF?(?:[ \t]*#[ \t]*\w+[ \t]*=[^\r\n]*(?:\r\n|\r|\n))*?[ \t]*#[ \t]*escape[ \t]*=[ \t]*([\\`])[ \t]*(?:\r\n|\r|\n|$)/i.exec(text);
  return m ? m[1] : '\\';
}

/** 1-based line number of offset `at` (line breaks: \n, \r\n, lone \r). */
function lineOf(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
  }
  return line;
}

const isBreak = (c: string | undefined) => c === '\n' || c === '\r';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** After the line break at `i` (\n, \r\n or a lone \r). */
function pastBreak(text: string, i: number): number {
  return i + (text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1);
}

/**
 * If a line continuation starts at `i` (the escape character, blanks, a line break), where the instruction
 * goes on: past it and past the comment and blank lines that follow, as the parsers skip them. Else -1.
 */
function continuation(text: string, i: number, escape: string): number {
  if (text[i] !== escape) return -1;
  let j = i + 1;
  while (isBlank(text[j])) j++;
  if (j < text.length && !isBreak(text[j])) return -1;
  while (j < text.length) {
    j = pastBreak(text, j);
    let k = j;
    while (isBlank(text[k])) k++;
    if (text[k] === '#') while (k < text.length && !isBreak(text[k])) k++;
    if (!isBreak(text[k])) return j;
    j = k;
  }
  return text.length;
}

/**
 * Reads the line at `from` as an instruction (a comment or blank line reads as one without words) up to
 * the end of its logical line, counting its flags the way dockerfile-ast finds them: words split on blanks,
 * leading `--` words (HEALTHCHECK: every `--` word before CMD or NONE), also for an ONBUILD trigger.
 */
function readInstruction(text: string, from: number, escape: string): { flags: number; keyword: string; end: number } {
  const n = text.length;
  let i = from;
  let keyword = '';
  let counting = false;
  let flags = 0;
  let words = 0;
  while (i < n) {
    const c = text[i];
    if (isBlank(c)) {
      i++;
      continue;
    }
    if (isBreak(c)) return { flags, keyword, end: pastBreak(text, i) };
    if (c === '#' && words === 0) {
      while (i < n && !isBreak(text[i])) i++;
      return { flags, keyword, end: i < n ? pastBreak(text, i) : n };
    }
    const next = continuation(text, i, escape);
    if (next >= 0) {
      i = next;
      continue;
    }
    const start = i;
    while (i < n && !isBlank(text[i]) && !isBreak(text[i]) && !(text[i] === escape && continuation(text, i, escape) >= 0)) {
      i += text[i] === escape && i + 1 < n && !isBreak(text[i + 1]) ? 2 : 1;
    }
    const word = text.slice(start, i);
    words++;
    if (words === 1 || keyword === 'ONBUILD') {
      keyword = word.toUpperCase();
      counting = FLAGGED.has(keyword) || keyword === 'HEALTHCHECK';
    } else if (counting) {
      if (keyword === 'HEALTHCHECK' && /^(?:CMD|NONE)$/i.test(word)) counting = false;
      else if (word.startsWith('--')) flags++;
      else if (keyword !== 'HEALTHCHECK' && !word.includes('--')) counting = false;
      if (flags > MAX_FLAGS) return { flags, keyword, end: i };
    }
  }
  return { flags, keyword, end: n };
}
