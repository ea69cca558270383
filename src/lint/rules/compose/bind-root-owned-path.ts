import { READABLE_HOST_FILES, ROOTFUL_DOCKER_SOCKETS, serviceBinds } from '../../parse/fields';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

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

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

export const bindRootOwnedPath: Rule = {
  id: 'bind-root-owned-path',
  title: 'Bind-mounting a root-owned host path gives a rootless container nobody-owned, often unreadable files',
  severity: 'warning',
  docs: DOCS.uidMapping,
  observed: { ...TEST_BED, verified: true, effect: 'A root-owned 0600 host file shows as 65534:65534 (nobody) and both reading and writing fail with "Permission denied", even as container root; /etc/shadow through a read-only /etc bind is unreadable too.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const m of serviceBinds(ctx.doc, service.node)) {
        const { path, rawSource: raw, sourceValue: v } = m;
        if (m.unresolved || ROOTFUL_DOCKER_SOCKETS.has(path)) continue; // the socket is docker-socket-path's
        const tree = ROOT_TREES.find((t) => under(path, t.prefix));
        if (!tree) continue;
        const readable = READABLE_HOST_FILES.has(path);
        if (readable && m.readOnly) continue;

        // The source is at the start of the raw text; a variable elsewhere (the mode, say) does not move it.
        const at = raw.includes('$') ? undefined : v.rawAt(0);
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
