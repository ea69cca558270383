// A small shell reader for the rules that look at the commands a container or build step runs: the simple
// commands of a script (including scripts passed to `sh -c`), of an exec-form word list, and of a Dockerfile
// RUN or HEALTHCHECK CMD instruction, with the source offset of every character of every word.
import { Run, type Instruction } from 'dockerfile-ast';
import type { Value } from './compose';
import { logicalLine, offsets } from './dockerfile';
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
  heredocs: string[];
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
      if (text[j] === '&' || (op === '<<' && text[j] === '-') || text[j] === '|') j++;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      const target = readWord(script, j);
      i = target.end;
      if (op === '<<') current.heredocs.push(target.word.text);
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

function readWord(script: Script, from: number): { word: Word; end: number } {
  const text = script.text;
  const n = text.length;
  const chars: string[] = [];
  const index: number[] = [];
  let i = from;
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

/**
 * The commands a RUN or HEALTHCHECK CMD instruction runs (shell form, exec form, and here-documents
 * that are scripts). `text` is the Dockerfile text as the parser read it (`parserText`).
 */
export function instructionCommands(text: string, lines: LineIndex, escape: string, ins: Instruction): SimpleCommand[] {
  const keyword = ins.getKeyword();
  const args = ins.getArguments();
  let first = 0;
  if (keyword === 'HEALTHCHECK') {
    if (args[0]?.getValue().toUpperCase() !== 'CMD') return [];
    first = 1;
  } else if (keyword !== 'RUN') return [];
  if (args.length <= first) return [];
  const start = lines.offsetAt(args[first].getRange().start);
  const line = logicalLine(text, start, escape);
  const exec = jsonWords(line);
  if (exec) return execCommands(exec);
  const out: SimpleCommand[] = [];
  const raws = tokenize(line);
  const scriptDocs: boolean[] = [];
  for (const raw of raws) {
    out.push(...execCommands(raw.words));
    const cmd = unwrap(raw.words);
    const isScript = !cmd || (SHELLS.has(baseName(cmd.name.text)) && !shellScriptOperand(cmd));
    for (let k = 0; k < raw.heredocs.length; k++) scriptDocs.push(isScript);
  }
  if (!(ins instanceof Run) || !scriptDocs.length) return out;
  ins.getHeredocs().forEach((doc, k) => {
    const range = doc.getContentRange();
    if (!range || !scriptDocs[k]) return;
    const { start: s, end: e } = offsets(lines, range);
    const body = text.slice(s, e);
    const shebang = /^\s*#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
    if (shebang && !SHELLS.has(baseName(baseName(shebang[1]) === 'env' ? shebang[2] ?? '' : shebang[1]))) return;
    out.push(...shellCommands({ text: body, at: (i) => s + i }));
  });
  return out;
}
