import { posix } from 'node:path';
import { isMap } from 'yaml';
import { scalarText, type Value } from '../../parse/compose';
import { serviceMounts } from '../../parse/fields';
import { DOCS, type ComposeContext, type Rule } from '../../rule';

/** World-readable files that containers routinely mount read-only: they work as they are. */
const READABLE_FILES = new Set(['/etc/localtime', '/etc/timezone', '/etc/hosts', '/etc/resolv.conf']);

/** The docker socket belongs to docker-socket-path. */
const SOCKETS = new Set(['/var/run/docker.sock', '/run/docker.sock']);

/** Host trees owned by root (or system users) that a rootless container sees as nobody-owned. */
const ROOT_TREES: { prefix: string; what: string }[] = [
  { prefix: '/etc', what: 'host configuration, owned by root' },
  { prefix: '/root', what: "root's home directory, mode 700" },
  { prefix: '/var/log', what: 'host logs, owned by root or system users and often not world-readable' },
  { prefix: '/var/lib', what: 'system service state, owned by root or system users' },
  { prefix: '/boot', what: 'kernel images, owned by root' },
  { prefix: '/lib/modules', what: 'kernel modules, owned by root (and loading them needs real root)' },
  { prefix: '/proc', what: "the host's /proc, whose files belong to root and other users" },
  { prefix: '/sys', what: "the host's /sys, owned by root" },
];

/** Resolves `//`, `.` and `..` as the kernel would, and drops a trailing `/`. */
function normalize(path: string): string {
  const p = posix.normalize(path);
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The source as written (before interpolation), keeping `${A:-x:y}` whole. */
function rawSource(raw: string, long: boolean): string {
  if (long) return raw;
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '$' && raw[i + 1] === '{') {
      depth++;
      i++;
    } else if (raw[i] === '}' && depth > 0) depth--;
    else if (raw[i] === ':' && depth === 0) return raw.slice(0, i);
  }
  return raw;
}

/** Where the scalar's raw (uninterpolated) text starts in the source, when the source spells it out unescaped. */
function rawStart(text: string, v: Value): number | undefined {
  const raw = scalarText(v.raw);
  const src = text.slice(v.start, v.end);
  if (v.node.type === 'PLAIN' && src === raw) return v.start;
  if ((v.node.type === 'QUOTE_DOUBLE' || v.node.type === 'QUOTE_SINGLE') && src.slice(1, -1) === raw) return v.start + 1;
  return undefined;
}

export const bindRootOwnedPath: Rule = {
  id: 'bind-root-owned-path',
  title: 'Bind-mounting a root-owned host path gives a rootless container nobody-owned, often unreadable files',
  severity: 'warning',
  docs: DOCS.uidMapping,
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const m of serviceMounts(ctx.doc, service.node)) {
        const v = m.sourceValue;
        if (m.type !== 'bind' || !v || m.source === undefined) continue;
        const raw = rawSource(scalarText(v.raw), isMap(m.node));
        // A variable that is not set here could make it any path.
        if (raw.includes('$') && v.unresolved.length) continue;
        const path = normalize(m.source);
        if (SOCKETS.has(path)) continue;
        const tree = ROOT_TREES.find((t) => under(path, t.prefix));
        if (!tree) continue;
        const readable = READABLE_FILES.has(path);
        if (readable && m.readOnly) continue;

        // The source is at the start of the raw text; a variable elsewhere (the mode, say) does not move it.
        const at = raw.includes('$') ? undefined : rawStart(ctx.text, v);
        const start = at ?? v.start;
        const end = at === undefined ? v.end : at + m.source.length;
        const via = raw.includes('$') ? ` (from "${raw}")` : '';
        const mode = m.readOnly ? 'read-only' : 'read-write';
        if (readable) {
          ctx.report({
            start,
            end,
            severity: 'info',
            message:
              `Service "${service.name}" bind-mounts ${path}${via} read-write. It stays readable under rootless, but it shows as owned by nobody:nogroup ` +
              `and any write fails with EACCES, even as container root. Mount it read-only (":ro" or read_only: true).`,
          });
          continue;
        }
        ctx.report({
          start,
          end,
          message:
            `Service "${service.name}" bind-mounts ${path}${via} (${tree.what}) ${mode}. Under rootless, host files not owned by your user appear as nobody:nogroup ` +
            `inside the container: files without world read permission are unreadable and every write fails with EACCES, even as container root, ` +
            `unless your user owns the path or has an ACL on it (setfacl). Use a named volume, copy the files in, or grant your user access.`,
        });
      }
    }
  },
};
