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

export const interpolation: Rule = {
  id: 'interpolation',
  title: 'Variable interpolation that compose refuses: bad ${…} syntax, or a required variable that is not set',
  severity: 'error',
  docs: DOCS.interpolation,
  syntax: true,
  observed: { verified: false, why: 'Compose interpolates variables before it talks to the daemon: there is nothing to observe on the Engine API.' },
  compose(ctx: ComposeContext) {
    const checked = new Set<Scalar>();

    const check = (node: Scalar, service: string, path: string) => {
      if (checked.has(node)) return;
      checked.add(node);
      const v = ctx.doc.value(node);
      if (!v || typeof v.raw !== 'string' || !v.errors.length) return;
      const raw = v.raw;
      const where = `Service "${service}", ${path}`;
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
