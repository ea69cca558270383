// Interpolation that compose refuses: syntax errors in `${…}`, and `${VAR:?msg}` / `${VAR?msg}` whose
// variable is not set. Messages name variables but never show their values (they may be secrets from .env).
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { InterpolationError } from '../../parse/interpolate';
import { DOCS, type ComposeContext, type Rule } from '../../rule';
import { clip } from '../../text';

const MAX_WALK = 64;

const REFUSED = 'so compose refuses the file ("invalid interpolation format")';

function messageFor(where: string, error: InterpolationError, raw: string): string | undefined {
  const shown = `"${clip(raw.slice(error.start, error.end), 40)}"`;
  switch (error.kind) {
    case 'unterminated':
      return `${where}: "\${" is never closed, ${REFUSED}. Add the missing "}", or write "$$" for a literal "$".`;
    case 'name':
      return `${where}: ${shown} does not name a variable (letters, digits and "_", not starting with a digit), ${REFUSED}. Write "$$" for a literal "$".`;
    case 'operator':
      return `${where}: ${shown} has no valid operator after the variable name (compose knows :-, -, :?, ?, :+ and +), ${REFUSED}.`;
    case 'required': {
      // Only the name and the message as written: the interpolated message may hold other variables' values.
      const name = error.name ?? '';
      const state = error.empty ? 'is set but empty' : 'is not set';
      const text = error.argument || `required variable ${name} is missing a value`;
      return (
        `${where}: ${name} ${state} in this environment (process environment and .env), so compose will stop with: ${clip(text, 200)}. ` +
        `${error.empty ? `Give ${name} a value` : `Set ${name}`} before running compose, or a default with \${${name}:-…}.`
      );
    }
    case 'depth':
      return undefined; // a limit of ours, not an error of compose
  }
}

/** Where a value sits in its service, built as the walk goes down and spelled out only for a finding. */
interface Path {
  up: Path | undefined;
  step: string | number;
}

function pathText(path: Path | undefined): string {
  let out = '';
  for (let p = path; p; p = p.up) out = typeof p.step === 'number' ? `[${p.step}]${out}` : p.up ? `.${p.step}${out}` : `${p.step}${out}`;
  return out;
}

/** Every offset of `c` in `text`, in order. */
function positions(text: string, c: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) out.push(i);
  return out;
}

/** Whether a sorted list holds an offset in [start, end). */
function within(sorted: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] < end;
}

export const interpolation: Rule = {
  id: 'interpolation',
  title: 'Variable interpolation that compose refuses: bad ${…} syntax, or a required variable that is not set',
  severity: 'error',
  docs: DOCS.interpolation,
  syntax: true,
  observed: { verified: false, why: 'Compose interpolates variables before it talks to the daemon: there is nothing to observe on the Engine API.' },
  compose(ctx: ComposeContext) {
    const checked = new Set<Scalar>();

    const check = (node: Scalar, service: string, path: Path | undefined) => {
      // Only a `$` starts interpolation: other scalars need no reading.
      if (typeof node.value !== 'string' || !node.value.includes('$') || checked.has(node)) return;
      checked.add(node);
      const v = ctx.doc.value(node);
      if (!v || typeof v.raw !== 'string' || !v.errors.length) return;
      const raw = v.raw;
      const where = `Service "${service}", ${pathText(path)}`;
      for (const error of v.errors) {
        const message = messageFor(where, error, raw);
        if (message === undefined) continue;
        const [start, end] = [v.rawAt(error.start), v.rawAt(error.end)];
        const span = start !== undefined && end !== undefined ? { start, end } : { start: v.start, end: v.end };
        ctx.report({ ...span, severity: error.kind === 'required' ? 'warning' : 'error', message });
      }
    };

    // Each collection is walked once, whatever the path to it: aliases can share one node among
    // exponentially many paths (an alias bomb), and can make cycles.
    const walked = new Set<Node>();
    // A collection whose text holds no `$` and no `*` has nothing to interpolate, nor an alias leading elsewhere.
    const dollars = positions(ctx.text, '$');
    const stars = positions(ctx.text, '*');
    const quiet = (n: Node) => !!n.range && !within(dollars, n.range[0], n.range[1]) && !within(stars, n.range[0], n.range[1]);
    const walk = (node: unknown, service: string, path: Path | undefined, depth: number) => {
      const n = ctx.doc.resolve(node);
      if (!n || depth > MAX_WALK) return;
      if (isScalar(n)) return check(n, service, path);
      if (walked.has(n) || quiet(n)) return;
      walked.add(n);
      if (isMap(n)) for (const e of ctx.doc.entries(n)) walk(e.value, service, { up: path, step: e.key }, depth + 1);
      else if (isSeq(n)) ctx.doc.items(n).forEach((item, i) => walk(item, service, { up: path, step: i }, depth + 1));
    };

    for (const service of ctx.services) walk(service.node, service.name, undefined, 0);
  },
};
