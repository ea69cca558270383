import { isMap, isSeq } from 'yaml';
import { scalarText, type Value } from '../../parse/compose';
import { isTrue, serviceMounts, type Mount } from '../../parse/fields';
import { DOCS, reportValue, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';

const ROOTFUL_SOCKETS = new Set(['/var/run/docker.sock', '/run/docker.sock']);

/** `//var/run/docker.sock/` and `/var/run/docker.sock` name the same file. */
function normalizePath(path: string): string {
  const p = path.replace(/\/{2,}/g, '/');
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}

/** Splits a short volume spec on `:` outside `${…}`, so `${A:-x}:/y` keeps its default whole. */
function splitRaw(raw: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '$' && raw[i + 1] === '$') {
      current += '$$';
      i++;
      continue;
    }
    if (c === '$' && raw[i + 1] === '{') {
      depth++;
      current += '${';
      i++;
      continue;
    }
    if (c === '}' && depth > 0) depth--;
    if (c === ':' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}

/** Where the scalar's raw (uninterpolated) text starts in the source, when the source spells it out unescaped. */
function rawStart(text: string, v: Value): number | undefined {
  const raw = scalarText(v.raw);
  const src = text.slice(v.start, v.end);
  if (v.node.type === 'PLAIN' && src === raw) return v.start;
  if ((v.node.type === 'QUOTE_DOUBLE' || v.node.type === 'QUOTE_SINGLE') && src.slice(1, -1) === raw) return v.start + 1;
  return undefined;
}

/** The source as written (before interpolation), or undefined when the mount has none. */
function rawSource(m: Mount): string | undefined {
  if (!m.sourceValue || m.sourceIndex < 0) return undefined;
  const raw = scalarText(m.sourceValue.raw);
  return isMap(m.node) ? raw : splitRaw(raw)[0];
}

/** A plain scalar inside a flow collection cannot hold `{` or `}`. */
function inFlow(ctx: ComposeContext, serviceNode: unknown, m: Mount): boolean {
  if (isMap(m.node)) return !!m.node.flow;
  const volumes = ctx.doc.resolve(ctx.doc.get(serviceNode, 'volumes'));
  return isSeq(volumes) && !!volumes.flow;
}

export const dockerSocketPath: Rule = {
  id: 'docker-socket-path',
  title: 'Mounting the rootful Docker socket path finds no daemon, or the wrong one, under rootless',
  severity: 'error',
  docs: DOCS.troubleshoot,
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const m of serviceMounts(ctx.doc, service.node)) {
        const v = m.sourceValue;
        if (m.type !== 'bind' || !v || m.source === undefined || !ROOTFUL_SOCKETS.has(normalizePath(m.source))) continue;
        const raw = rawSource(m) ?? '';
        const literal = !raw.includes('$');
        // Already parameterised for rootless, or built from a variable that is not set: leave it alone.
        if (/XDG_RUNTIME_DIR|\/run\/user\//.test(raw) || (!literal && v.unresolved.length)) continue;
        const long = isMap(m.node);
        const effect = long
          ? `the long syntax fails with "invalid mount config for type "bind": bind source path does not exist: ${m.source}"`
          : 'the short syntax makes the daemon create an empty directory there, and Docker clients inside fail with "Cannot connect to the Docker daemon at unix:///var/run/docker.sock"';
        const base = literal ? rawStart(ctx.text, v) : undefined;
        const via = literal ? '' : ` (from "${raw}")`;
        const message =
          `Service "${service.name}" bind-mounts ${m.source}${via}, the rootful daemon's socket. A rootless daemon listens on $XDG_RUNTIME_DIR/docker.sock ` +
          `(usually /run/user/<uid>/docker.sock), so ${effect}; if a rootful daemon also runs, the container talks to that one instead. ` +
          `Mount \${XDG_RUNTIME_DIR}/docker.sock as the source and keep the target.`;
        if (base === undefined) {
          reportValue(ctx, v, message);
          continue;
        }
        const start = base;
        const end = base + raw.length;
        // `{` and `}` end a plain scalar inside [...] or {...}; `$VAR` interpolates the same way.
        const replacement = v.node.type === 'PLAIN' && inFlow(ctx, service.node, m) ? '$XDG_RUNTIME_DIR/docker.sock' : '${XDG_RUNTIME_DIR}/docker.sock';
        const fixes: Fix[] = [{ title: `Mount ${replacement} (the rootless daemon's socket)`, edits: [{ offset: start, length: end - start, text: replacement }], preferred: true }];
        ctx.report({ start, end, message, fixes });
      }

      const api = ctx.doc.value(ctx.doc.get(service.node, 'use_api_socket'));
      if (isTrue(api)) {
        reportValue(
          ctx,
          api!,
          `Service "${service.name}" sets use_api_socket: true. Depending on the Compose version this mounts the CLI's current endpoint or the fixed path /var/run/docker.sock, ` +
            `which a rootless daemon does not serve. Check that the container reaches the rootless daemon (unix://$XDG_RUNTIME_DIR/docker.sock), ` +
            `or mount \${XDG_RUNTIME_DIR}/docker.sock explicitly instead.`,
          { severity: 'info' },
        );
      }
    }
  },
};
