// Interpolation that compose refuses: syntax errors in `${…}`, and `${VAR:?msg}` / `${VAR?msg}` whose
// variable is not set. Messages name variables but never show their values (they may be secrets from .env).
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Value } from '../../parse/compose';
import { DOCS, type ComposeContext, type Rule } from '../../rule';

type Kind = 'unterminated' | 'name' | 'operator' | 'required';

/** One `${…}` of a raw string: where it is and what is wrong with it, if anything. */
interface Ref {
  kind: Kind;
  start: number;
  end: number;
  name?: string;
  colon?: boolean;
  /** The raw text after `?` / `:?`, as written in the file. */
  message?: string;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const MAX_DEPTH = 32;
const MAX_WALK = 64;

/** Every `${…}` that interpolation could fail on, outer before inner (the grammar of parse/interpolate.ts). */
function scan(text: string, from: number, to: number, out: Ref[], depth: number): void {
  let i = from;
  while (i < to) {
    if (text[i] !== '$') {
      i++;
      continue;
    }
    if (text[i + 1] === '$') {
      i += 2;
      continue;
    }
    if (text[i + 1] !== '{' || i + 1 >= to) {
      i++;
      continue;
    }
    const close = matchingBrace(text, i + 2, to);
    if (close < 0) {
      out.push({ kind: 'unterminated', start: i, end: to });
      return;
    }
    let j = i + 2;
    while (j < close && NAME_CHAR.test(text[j])) j++;
    const name = text.slice(i + 2, j);
    if (!name || !NAME_START.test(name[0])) {
      out.push({ kind: 'name', start: i, end: close + 1 });
    } else if (j < close) {
      const colon = text[j] === ':';
      const op = text[colon ? j + 1 : j];
      const argStart = colon ? j + 2 : j + 1;
      if (op !== '-' && op !== '?' && op !== '+') out.push({ kind: 'operator', start: i, end: close + 1, name });
      else {
        if (op === '?') out.push({ kind: 'required', start: i, end: close + 1, name, colon, message: text.slice(argStart, close) });
        if (depth < MAX_DEPTH) scan(text, argStart, close, out, depth + 1);
      }
    }
    i = close + 1;
  }
}

/** Hands out refs in source order, one per error: by kind, and for required variables by name
 * (an empty variable only fails `:?`). A queue per key keeps this linear in the number of errors. */
function queues(refs: Ref[]): (found: { kind: Kind; name?: string; empty?: boolean }) => Ref | undefined {
  const byKey = new Map<string, { list: Ref[]; head: number }>();
  const keyOf = (kind: Kind, name?: string, colon?: boolean) => (kind === 'required' ? `${kind}:${name}:${colon}` : kind);
  for (const r of refs) {
    const key = keyOf(r.kind, r.name, r.colon);
    const q = byKey.get(key) ?? { list: [], head: 0 };
    q.list.push(r);
    byKey.set(key, q);
  }
  const peek = (key: string) => {
    const q = byKey.get(key);
    return q && q.head < q.list.length ? q : undefined;
  };
  return (found) => {
    const keys = found.kind === 'required' ? (found.empty ? [keyOf('required', found.name, true)] : [true, false].map((c) => keyOf('required', found.name, c))) : [found.kind];
    let best: { list: Ref[]; head: number } | undefined;
    for (const key of keys) {
      const q = peek(key);
      if (q && (!best || q.list[q.head].start < best.list[best.head].start)) best = q;
    }
    return best ? best.list[best.head++] : undefined;
  };
}

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

/** What one error of parse/interpolate.ts is about. Only the name is kept from a "required" error:
 * the rest of its text is interpolated and may hold other variables' values. */
function classify(error: string): { kind: Kind; name?: string; empty?: boolean } | undefined {
  const required = /^required variable ([A-Za-z_][A-Za-z0-9_]*) is (unset|empty)/.exec(error);
  if (required) return { kind: 'required', name: required[1], empty: required[2] === 'empty' };
  if (error.startsWith('unterminated')) return { kind: 'unterminated' };
  if (error.startsWith('invalid variable name')) return { kind: 'name' };
  if (error.startsWith('invalid interpolation')) return { kind: 'operator' };
  return undefined; // e.g. nesting deeper than the scanner follows: a limit of ours, not an error of compose
}

/** Where `raw[0]` is in the source, when the scalar spells its value out character for character. */
function verbatimBase(text: string, v: Value, raw: string): number | undefined {
  const src = text.slice(v.start, v.end);
  if (v.node.type === 'PLAIN' && src === raw) return v.start;
  if ((v.node.type === 'QUOTE_DOUBLE' || v.node.type === 'QUOTE_SINGLE') && src.slice(1, -1) === raw) return v.start + 1;
  return undefined;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

const REFUSED = 'so compose refuses the file ("invalid interpolation format")';

function messageFor(where: string, ref: Ref | undefined, found: { kind: Kind; name?: string; empty?: boolean }, raw: string): string {
  const shown = ref ? `"${clip(raw.slice(ref.start, ref.end))}"` : 'A variable reference';
  switch (found.kind) {
    case 'unterminated':
      return `${where}: "\${" is never closed, ${REFUSED}. Add the missing "}", or write "$$" for a literal "$".`;
    case 'name':
      return `${where}: ${shown} does not name a variable (letters, digits and "_", not starting with a digit), ${REFUSED}. Write "$$" for a literal "$".`;
    case 'operator':
      return `${where}: ${shown} has no valid operator after the variable name (compose knows :-, -, :?, ?, :+ and +), ${REFUSED}.`;
    case 'required': {
      const name = found.name ?? '';
      const state = found.empty ? 'is set but empty' : 'is not set';
      const text = ref?.message ? ref.message : `required variable ${name} is missing a value`;
      return (
        `${where}: ${name} ${state} in this environment (process environment and .env), so compose will stop with: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}. ` +
        `${found.empty ? `Give ${name} a value` : `Set ${name}`} before running compose, or a default with \${${name}:-…}.`
      );
    }
  }
}

export const interpolation: Rule = {
  id: 'interpolation',
  title: 'Variable interpolation that compose refuses: bad ${…} syntax, or a required variable that is not set',
  severity: 'error',
  docs: DOCS.interpolation,
  syntax: true,
  compose(ctx: ComposeContext) {
    const checked = new Set<Scalar>();

    const check = (node: Scalar, service: string, path: string) => {
      if (checked.has(node)) return;
      checked.add(node);
      const v = ctx.doc.value(node);
      if (!v || typeof v.raw !== 'string' || !v.errors.length) return;
      const raw = v.raw;
      const refs: Ref[] = [];
      scan(raw, 0, raw.length, refs, 0);
      const base = verbatimBase(ctx.text, v, raw);
      const where = `Service "${service}", ${path}`;
      const take = queues(refs);
      for (const error of v.errors) {
        const found = classify(error);
        if (!found) continue;
        const ref = take(found);
        const span = ref && base !== undefined ? { start: base + ref.start, end: base + ref.end } : { start: v.start, end: v.end };
        ctx.report({ ...span, severity: found.kind === 'required' ? 'warning' : 'error', message: messageFor(where, ref, found, raw) });
      }
    };

    // Each collection is walked once, whatever the path to it: aliases can share one node among
    // exponentially many paths (an alias bomb), and can make cycles.
    const walked = new Set<Node>();
    const walk = (node: unknown, service: string, path: string, depth: number) => {
      const n = ctx.doc.resolve(node);
      if (!n || depth > MAX_WALK) return;
      if (isScalar(n)) return check(n, service, path);
      if (walked.has(n)) return;
      walked.add(n);
      if (isMap(n)) for (const e of ctx.doc.entries(n)) walk(e.value, service, path ? `${path}.${e.key}` : e.key, depth + 1);
      else if (isSeq(n)) ctx.doc.items(n).forEach((item, i) => walk(item, service, `${path}[${i}]`, depth + 1));
    };

    for (const service of ctx.services) walk(service.node, service.name, '', 0);
  },
};
