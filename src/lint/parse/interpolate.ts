// Compose variable interpolation: $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+r},
// ${VAR+r}, nested defaults and $$. An iterative scanner: no recursion, no regex backtracking.

import { clip } from '../text';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * What went wrong with one `${…}`: `unterminated` (no closing `}`), `name` (not a variable name), `operator`
 * (not one of :-, -, :?, ?, :+, +), `required` (`:?`/`?` on a variable that is not set), or `depth` (nested
 * deeper than we follow: a limit of ours, not an error of compose).
 */
export type InterpolationErrorKind = 'unterminated' | 'name' | 'operator' | 'required' | 'depth';

export interface InterpolationError {
  kind: InterpolationErrorKind;
  /** The error as compose words it; a `required` one ends with its message, interpolated. */
  message: string;
  /** The reference at fault is `text.slice(start, end)` of the text given to `interpolate`. */
  start: number;
  end: number;
  /** `required`: the variable. */
  name?: string;
  /** `required`: true when the variable is set but empty (only `:?` fails then). */
  empty?: boolean;
  /** `required`: the text after `?`/`:?` as written, not interpolated (it may name other variables). */
  argument?: string;
}

export interface Interpolated {
  /** The value with every resolvable reference replaced. */
  value: string;
  /** True when the text held at least one `$` reference (or `$$`). */
  interpolated: boolean;
  /** Variables that were unset with no default: the value is a guess for them. */
  unresolved: string[];
  /** Syntax errors and `:?`/`?` errors that compose itself would stop on, in the order compose meets them. */
  errors: InterpolationError[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Interpolates one string value. `maxDepth` bounds nested `${…}` defaults. */
export function interpolate(text: string, env: Env, maxDepth = 32): Interpolated {
  const result: Interpolated = { value: '', interpolated: false, unresolved: [], errors: [] };
  if (!text.includes('$')) {
    result.value = text;
    return result;
  }
  result.interpolated = true;
  result.value = expand(text, 0, text.length, env, result, 0, maxDepth);
  return result;
}

function expand(text: string, from: number, to: number, env: Env, out: Interpolated, depth: number, maxDepth: number): string {
  let value = '';
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c !== '$') {
      value += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      value += '$';
      i += 2;
    } else if (next !== undefined && NAME_START.test(next) && i + 1 < to) {
      let j = i + 1;
      while (j < to && NAME_CHAR.test(text[j])) j++;
      value += lookup(text.slice(i + 1, j), env, out);
      i = j;
    } else if (next === '{' && i + 1 < to) {
      const close = matchingBrace(text, i + 2, to);
      if (close < 0) {
        out.errors.push({ kind: 'unterminated', message: `unterminated "\${" in "${clip(text.slice(i, to), 40)}"`, start: i, end: to });
        value += text.slice(i, to);
        return value;
      }
      value += braced(text, i + 2, close, env, out, depth, maxDepth);
      i = close + 1;
    } else {
      // A lone `$` (e.g. "$", "$1") is kept, as compose does for a `$` not followed by a name.
      value += '$';
      i++;
    }
  }
  return value;
}

/** Index of the `}` closing a `${` whose body starts at `start`, counting nested `${…}`. */
function matchingBrace(text: string, start: number, to: number): number {
  let depth = 1;
  for (let i = start; i < to; i++) {
    if (text[i] === '$' && text[i + 1] === '$') i++;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The `${…}` whose body is `text[start, end)`: its value, with any error recorded against `text[start - 2, end + 1)`. */
function braced(text: string, start: number, end: number, env: Env, out: Interpolated, depth: number, maxDepth: number): string {
  const at = { start: start - 2, end: end + 1 };
  let j = start;
  while (j < end && NAME_CHAR.test(text[j])) j++;
  const name = text.slice(start, j);
  if (!name || !NAME_START.test(name[0])) {
    out.errors.push({ kind: 'name', message: `invalid variable name in "\${${clip(text.slice(start, end), 40)}}"`, ...at });
    return '';
  }
  if (j === end) return lookup(name, env, out);
  const colon = text[j] === ':';
  const op = text[colon ? j + 1 : j];
  const argStart = colon ? j + 2 : j + 1;
  if (op !== '-' && op !== '?' && op !== '+') {
    out.errors.push({ kind: 'operator', message: `invalid interpolation "\${${clip(text.slice(start, end), 40)}}": expected :-, -, :?, ?, :+ or + after ${name}`, ...at });
    return '';
  }
  if (depth >= maxDepth) {
    out.errors.push({ kind: 'depth', message: `interpolation nested deeper than ${maxDepth} levels`, ...at });
    return '';
  }
  const current = read(env, name);
  const isSet = current !== undefined && (!colon || current !== '');
  const arg = () => expand(text, argStart, end, env, out, depth + 1, maxDepth);
  switch (op) {
    case '-':
      return isSet ? (current) : arg();
    case '+':
      return isSet ? arg() : '';
    default: {
      if (isSet) return current;
      const message = arg();
      const empty = current !== undefined;
      out.errors.push({
        kind: 'required',
        message: `required variable ${name} is ${empty ? 'empty' : 'unset'}${message ? `: ${message}` : ''}`,
        ...at,
        name,
        empty,
        argument: text.slice(argStart, end),
      });
      return '';
    }
  }
}

/** Own properties only: a variable named `constructor` or `__proto__` is just unset. */
function read(env: Env, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
}

function lookup(name: string, env: Env, out: Interpolated): string {
  const v = read(env, name);
  if (v === undefined) {
    if (!out.unresolved.includes(name)) out.unresolved.push(name);
    return '';
  }
  return v;
}
