// Compose variable interpolation: $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+r},
// ${VAR+r}, nested defaults and $$. An iterative scanner: no recursion, no regex backtracking.

export type Env = Readonly<Record<string, string | undefined>>;

export interface Interpolated {
  /** The value with every resolvable reference replaced. */
  value: string;
  /** True when the text held at least one `$` reference (or `$$`). */
  interpolated: boolean;
  /** Variables that were unset with no default: the value is a guess for them. */
  unresolved: string[];
  /** Syntax errors and `:?`/`?` errors that compose itself would stop on. */
  errors: string[];
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
        out.errors.push(`unterminated "\${" in "${clip(text.slice(i, to))}"`);
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

function braced(text: string, start: number, end: number, env: Env, out: Interpolated, depth: number, maxDepth: number): string {
  let j = start;
  while (j < end && NAME_CHAR.test(text[j])) j++;
  const name = text.slice(start, j);
  if (!name || !NAME_START.test(name[0])) {
    out.errors.push(`invalid variable name in "\${${clip(text.slice(start, end))}}"`);
    return '';
  }
  if (j === end) return lookup(name, env, out);
  const colon = text[j] === ':';
  const op = text[colon ? j + 1 : j];
  const argStart = colon ? j + 2 : j + 1;
  if (op !== '-' && op !== '?' && op !== '+') {
    out.errors.push(`invalid interpolation "\${${clip(text.slice(start, end))}}": expected :-, -, :?, ?, :+ or + after ${name}`);
    return '';
  }
  if (depth >= maxDepth) {
    out.errors.push(`interpolation nested deeper than ${maxDepth} levels`);
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
      out.errors.push(`required variable ${name} is ${current === undefined ? 'unset' : 'empty'}${message ? `: ${message}` : ''}`);
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

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
