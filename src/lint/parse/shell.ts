// A small shell reader for the rules that look at the commands a container or build step runs: the simple
// commands of a script (including scripts passed to `sh -c`), of an exec-form word list, and of a Dockerfile
// RUN or HEALTHCHECK CMD instruction, with the source offset of every character of every word.
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import type { Value } from './compose';
import { escapeCharacter, instructionsNamed, logicalLine, sourceText } from './dockerfile';
import type { LineIndex, Script } from '../text';

/** One shell word, unquoted, with the source offset of each of its characters. */
export type Word = Script;

/** Text picked character by character out of a parent script: `text[k]` came from `parent.text[index[k]]`. */
class Picked implements Script {
  constructor(
    readonly text: string,
    private readonly parent: Script,
    private readonly index: readonly (number | undefined)[],
  ) {}

  at(k: number): number | undefined {
    const i = this.index[k];
    return i === undefined ? undefined : this.parent.at(i);
  }
}

/** A simple command after assignments, keywords and wrappers (`sudo`, `env`, `busybox` …) are peeled off. */
export interface SimpleCommand {
  name: Word;
  args: Word[];
}

interface RawCommand {
  words: Word[];
  heredocs: HeredocName[];
}

/** A here-document operator's delimiter (unquoted) and whether it is `<<-` (leading tabs stripped). */
interface HeredocName {
  name: string;
  tabs: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'esac']);
const MAX_NESTING = 4;

/** The last path component: `/usr/bin/ping` -> `ping`. */
export function baseName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** A compose scalar as a script or word (mapped to the source where its text is verbatim). */
export function scriptOfValue(v: Value): Script {
  return { text: v.text, at: (i) => (i < v.text.length ? v.at(i) : undefined) };
}

// ---------------------------------------------------------------------------------------------
// Shell text -> commands

/** The simple commands of a shell script, including scripts passed to `sh -c`. */
export function shellCommands(script: Script, depth = 0): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  for (const raw of tokenize(script)) out.push(...execCommands(raw.words, depth));
  return out;
}

/** The commands of one argument vector (exec form, or one simple command of a script). */
export function execCommands(words: Word[], depth = 0): SimpleCommand[] {
  const cmd = unwrap(words);
  if (!cmd) return [];
  const out = [cmd];
  const script = shellScriptOperand(cmd);
  if (script && depth < MAX_NESTING) out.push(...shellCommands(script, depth + 1));
  return out;
}

/** For `sh -c SCRIPT` (also `-ec`, `-xc`…), the SCRIPT word. */
function shellScriptOperand(cmd: SimpleCommand): Word | undefined {
  if (!SHELLS.has(baseName(cmd.name.text))) return undefined;
  let sawC = false;
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i].text;
    if (a === '--') return sawC ? cmd.args[i + 1] : undefined;
    if (/^[-+]o$/.test(a)) {
      i++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(a)) {
      if (a[0] === '-' && a.includes('c')) sawC = true;
      continue;
    }
    return sawC ? cmd.args[i] : undefined;
  }
  return undefined;
}

/** Peels assignments, shell keywords and wrapper commands off a simple command. */
function unwrap(words: Word[]): SimpleCommand | undefined {
  let i = 0;
  while (i < words.length) {
    const w = words[i].text;
    if (KEYWORDS.has(w) || /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(w)) {
      i++;
      continue;
    }
    const next = skipWrapper(baseName(w), words, i + 1);
    if (next === undefined) return { name: words[i], args: words.slice(i + 1) };
    i = next; // always past the wrapper's own word

  }
  return undefined;
}

/** For a wrapper command, the index of the word it runs; undefined when `name` is not a wrapper. */
function skipWrapper(name: string, words: Word[], i: number): number | undefined {
  const options = (valued: RegExp): number => {
    while (i < words.length && words[i].text.startsWith('-') && words[i].text !== '-') {
      const t = words[i].text;
      i++;
      if (t === '--') break;
      if (valued.test(t)) i++;
    }
    return i;
  };
  switch (name) {
    case 'sudo':
    case 'doas':
      return options(/^-[ugpCDhrtUa]$/);
    case 'exec':
      return options(/^-a$/);
    case 'nohup':
    case 'time':
    case 'unbuffer':
      return options(/^$/);
    case 'nice':
    case 'ionice':
      return options(/^-[nc]$/);
    case 'stdbuf':
      return options(/^-[ioe]$/);
    case 'env':
      i = options(/^-[uCS]$/);
      while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].text)) i++;
      return i;
    case 'timeout':
      return options(/^-[sk]$/) + 1;
    case 'chroot':
    case 'gosu':
    case 'su-exec':
      return options(/^$/) + 1;
    case 'busybox':
      return i;
    default:
      return undefined;
  }
}

/** Splits a shell script into simple commands (words without redirections). Approximate on purpose:
 * quotes, escapes, `${…}`, comments, operators, redirections and here-documents are understood;
 * `$(…)` and backquotes simply start a new command. */
function tokenize(script: Script): RawCommand[] {
  const text = script.text;
  const n = text.length;
  const commands: RawCommand[] = [];
  let current: RawCommand = { words: [], heredocs: [] };
  const end = () => {
    if (current.words.length || current.heredocs.length) commands.push(current);
    current = { words: [], heredocs: [] };
  };
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
    } else if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '`') {
      end();
      i++;
    } else if (c === '$' && text[i + 1] === '(') {
      end();
      i += 2;
    } else if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '<' || c === '>') {
      let j = i;
      while (j < n && (text[j] === '<' || text[j] === '>')) j++;
      const op = text.slice(i, j);
      const tabs = op === '<<' && text[j] === '-';
      if (text[j] === '&' || tabs || text[j] === '|') j++;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      const target = readWord(script, j);
      i = target.end;
      if (op === '<<') current.heredocs.push({ name: target.word.text, tabs });
    } else {
      const { word, end: after } = readWord(script, i);
      i = Math.max(after, i + 1);
      // `2>file`: a number right before a redirection is a file descriptor, not an argument.
      if (!(/^\d+$/.test(word.text) && (text[after] === '<' || text[after] === '>'))) current.words.push(word);
    }
  }
  end();
  return commands;
}

/** A run of a parent script taken verbatim: `text[k]` came from `parent.text[from + k]`. */
class Slice implements Script {
  constructor(
    readonly text: string,
    private readonly parent: Script,
    private readonly from: number,
  ) {}

  at(k: number): number | undefined {
    return k >= 0 && k < this.text.length ? this.parent.at(this.from + k) : undefined;
  }
}

/** Per ASCII character: 1 ends a word, 2 needs unquoting (quotes, backslash), 3 is `$`; 0 is plain. */
const WORD_CHAR = new Uint8Array(128);
for (const c of ' \t\r\n;&|()<>`') WORD_CHAR[c.charCodeAt(0)] = 1;
for (const c of `'"\\`) WORD_CHAR[c.charCodeAt(0)] = 2;
WORD_CHAR['$'.charCodeAt(0)] = 3;

function readWord(script: Script, from: number): { word: Word; end: number } {
  const text = script.text;
  const n = text.length;
  // Most words have no quotes or escapes: their text is a slice of the script.
  let i = from;
  for (; i < n; i++) {
    const kind = WORD_CHAR[text.charCodeAt(i)] ?? 0;
    if (kind === 0) continue;
    if (kind !== 3) break;
    const next = text[i + 1];
    if (next === '(') break;
    if (next === '{') {
      const close = text.indexOf('}', i);
      i = (close < 0 ? n : close + 1) - 1;
    }
  }
  if (i >= n || WORD_CHAR[text.charCodeAt(i)] !== 2) return { word: new Slice(text.slice(from, i), script, from), end: i };
  const chars: string[] = [text.slice(from, i)];
  const index: number[] = [];
  for (let k = from; k < i; k++) index.push(k);
  while (i < n) {
    const c = text[i];
    if (' \t\r\n;&|()<>`'.includes(c) || (c === '$' && text[i + 1] === '(')) break;
    if (c === '\\') {
      if (text[i + 1] === '\n') i += 2;
      else if (text[i + 1] === '\r' && text[i + 2] === '\n') i += 3;
      else if (i + 1 < n) {
        chars.push(text[i + 1]);
        index.push(i + 1);
        i += 2;
      } else i++;
    } else if (c === "'") {
      for (i++; i < n && text[i] !== "'"; i++) {
        chars.push(text[i]);
        index.push(i);
      }
      i++;
    } else if (c === '"') {
      for (i++; i < n && text[i] !== '"'; i++) {
        if (text[i] === '\\' && i + 1 < n && '$`"\\\n'.includes(text[i + 1])) {
          i++;
          if (text[i] === '\n') continue;
        }
        chars.push(text[i]);
        index.push(i);
      }
      i++;
    } else if (c === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i);
      for (const stop = close < 0 ? n : close + 1; i < stop; i++) {
        chars.push(text[i]);
        index.push(i);
      }
    } else {
      chars.push(c);
      index.push(i++);
    }
  }
  return { word: new Picked(chars.join(''), script, index), end: i };
}

// ---------------------------------------------------------------------------------------------
// Dockerfile instructions

const JSON_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The words of a JSON array of strings (Docker's exec form), or undefined if `script` is not one. */
export function jsonWords(script: Script): Word[] | undefined {
  const t = script.text;
  const n = t.length;
  const ws = (k: number) => {
    while (k < n && ' \t\r\n'.includes(t[k])) k++;
    return k;
  };
  let i = ws(0);
  if (t[i] !== '[') return undefined;
  i = ws(i + 1);
  const words: Word[] = [];
  if (t[i] === ']') return ws(i + 1) === n ? words : undefined;
  for (;;) {
    if (t[i] !== '"') return undefined;
    let j = i + 1;
    let value = '';
    const offs: (number | undefined)[] = [];
    while (j < n && t[j] !== '"') {
      if (t.charCodeAt(j) < 0x20) return undefined;
      if (t[j] !== '\\') {
        value += t[j];
        offs.push(j);
        j++;
        continue;
      }
      // An escaped character has no single source character: it maps to nothing.
      const e = t[j + 1];
      if (e !== undefined && e in JSON_ESCAPES) {
        value += JSON_ESCAPES[e];
        j += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(j + 2, j + 6))) {
        value += String.fromCharCode(parseInt(t.slice(j + 2, j + 6), 16));
        j += 6;
      } else return undefined;
      offs.push(undefined);
    }
    if (j >= n) return undefined;
    words.push(new Picked(value, script, offs));
    i = ws(j + 1);
    if (t[i] === ',') {
      i = ws(i + 1);
      continue;
    }
    if (t[i] === ']') return ws(i + 1) === n ? words : undefined;
    return undefined;
  }
}

/** What dockerfileCommands reads of a Dockerfile: its parse, text and line index (a rule's context has them). */
export interface DockerfileSource {
  dockerfile: Dockerfile;
  text: string;
  lines: LineIndex;
}

/** The commands one RUN or HEALTHCHECK instruction runs. */
export interface InstructionCommands {
  ins: Instruction;
  keyword: 'RUN' | 'HEALTHCHECK';
  commands: SimpleCommand[];
}

const commandsMemo = new WeakMap<Dockerfile, readonly InstructionCommands[]>();

/**
 * The commands of every RUN and HEALTHCHECK CMD instruction (shell form, exec form, and here-documents that
 * are scripts), ONBUILD triggers included. Split once per parse and shared by every rule that asks.
 */
export function dockerfileCommands(src: DockerfileSource): readonly InstructionCommands[] {
  let out = commandsMemo.get(src.dockerfile);
  if (!out) {
    const list: InstructionCommands[] = [];
    for (const keyword of ['RUN', 'HEALTHCHECK'] as const) {
      for (const ins of instructionsNamed(src.dockerfile, keyword)) {
        const commands = readCommands(src, keyword, ins);
        if (commands.length) list.push({ ins, keyword, commands });
      }
    }
    commandsMemo.set(src.dockerfile, (out = list));
  }
  return out;
}

function readCommands(src: DockerfileSource, keyword: 'RUN' | 'HEALTHCHECK', ins: Instruction): SimpleCommand[] {
  const text = sourceText(src);
  // The logical line after the keyword, read from the text: dockerfile-ast's getArguments() would rebuild
  // every argument (and its flags) on each call.
  const line = logicalLine(text, src.lines.offsetAt(ins.getInstructionRange().end), escapeCharacter(src.dockerfile));
  let i = afterFlags(line.text);
  if (keyword === 'HEALTHCHECK') {
    const word = /^[^ \t]*/.exec(line.text.slice(i))![0];
    if (word.toUpperCase() !== 'CMD') return [];
    i += word.length;
    while (line.text[i] === ' ' || line.text[i] === '\t') i++;
  }
  if (i >= line.text.length) return [];
  const rest: Script = { text: line.text.slice(i), at: (k) => line.at(i + k) };
  const exec = jsonWords(rest);
  if (exec) return execCommands(exec);
  const out: SimpleCommand[] = [];
  const docs: (HeredocName & { script: boolean })[] = [];
  for (const raw of tokenize(rest)) {
    out.push(...execCommands(raw.words));
    const cmd = unwrap(raw.words);
    const script = !cmd || (SHELLS.has(baseName(cmd.name.text)) && !shellScriptOperand(cmd));
    for (const doc of raw.heredocs) docs.push({ ...doc, script });
  }
  if (keyword !== 'RUN') return out;
  // The here-documents' bodies follow the instruction's line, one after the other. They are read from the
  // text: dockerfile-ast's getHeredocs() rebuilds the arguments, and throws on some (a name mixing quotes
  // such as <<'"EOF', a body line holding only the escape character before a tab-indented terminator).
  // They end where dockerfile-ast ends the instruction, so that no line is both a body and an instruction.
  const limit = src.lines.offsetAt(ins.getRange().end);
  let at = text[line.end] === '\n' ? line.end + 1 : text[line.end] === '\r' && text[line.end + 1] === '\n' ? line.end + 2 : limit;
  for (const doc of docs) {
    if (at >= limit) break;
    const body = hereDocument(text, at, limit, doc);
    at = body.next;
    if (!doc.script || body.end <= body.start) continue;
    const content = text.slice(body.start, body.end);
    const shebang = /^\s*#!\s*(\S+)(?:\s+(\S+))?/.exec(content);
    if (shebang && !SHELLS.has(baseName(baseName(shebang[1]) === 'env' ? shebang[2] ?? '' : shebang[1]))) continue;
    out.push(...shellCommands({ text: content, at: (k) => body.start + k }));
  }
  return out;
}

/**
 * The body of a here-document starting at `from`: up to the line that is its delimiter (after leading tabs
 * for `<<-`), without the line break before it, or up to `limit`; `next` is past the delimiter line.
 */
function hereDocument(text: string, from: number, limit: number, doc: HeredocName): { start: number; end: number; next: number } {
  for (let p = from; p < limit; ) {
    const nl = text.indexOf('\n', p);
    const lineEnd = nl < 0 || nl > limit ? limit : nl;
    let s = p;
    if (doc.tabs) while (text[s] === '\t') s++;
    const e = text[lineEnd - 1] === '\r' && lineEnd > s ? lineEnd - 1 : lineEnd;
    if (e - s === doc.name.length && text.startsWith(doc.name, s)) {
      let end = p;
      if (end > from && text[end - 1] === '\n') end--;
      if (end > from && text[end - 1] === '\r') end--;
      return { start: from, end, next: lineEnd + 1 };
    }
    p = lineEnd + 1;
  }
  return { start: from, end: limit, next: limit };
}

/**
 * Where the command starts in a RUN or HEALTHCHECK logical line (after the keyword): past blanks and the
 * leading `--flag` words, as Docker reads them (a flag's quotes may hold blanks; `--` alone ends the flags).
 */
function afterFlags(t: string): number {
  let i = 0;
  for (;;) {
    while (t[i] === ' ' || t[i] === '\t') i++;
    if (!t.startsWith('--', i)) return i;
    const start = i;
    let quote = '';
    for (; i < t.length; i++) {
      const c = t[i];
      if (quote) {
        if (c === quote) quote = '';
        else if (c === '\\') i++;
      } else if (c === ' ' || c === '\t') break;
      else if (c === '"' || c === "'") quote = c;
      else if (c === '\\') i++;
    }
    i = Math.min(i, t.length);
    if (i - start === 2) {
      while (t[i] === ' ' || t[i] === '\t') i++;
      return i;
    }
  }
}
