import { isMap, isSeq } from 'yaml';
import { isTrue, ROOTFUL_DOCKER_SOCKETS, serviceBinds, type Mount } from '../../parse/fields';
import { DOCS, TEST_BED, reportValue, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';

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
  observed: { ...TEST_BED, verified: true, effect: 'The long syntax is refused at create: "invalid mount config for type "bind": bind source path does not exist: /var/run/docker.sock". The short syntax starts, with an empty directory at /var/run/docker.sock inside, made by the daemon in RootlessKit\'s private copy of /run (not on the host); until it is removed or the daemon restarts, the long syntax then mounts that directory too.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const m of serviceBinds(ctx.doc, service.node)) {
        const { rawSource: raw, sourceValue: v } = m;
        // Already parameterised for rootless, or built from a variable that is not set: leave it alone.
        if (!ROOTFUL_DOCKER_SOCKETS.has(m.path) || /XDG_RUNTIME_DIR|\/run\/user\//.test(raw) || m.unresolved) continue;
        const literal = !raw.includes('$');
        const long = isMap(m.node);
        const effect = long
          ? `the long syntax fails with "invalid mount config for type "bind": bind source path does not exist: ${m.source}"`
          : "the short syntax makes the daemon create an empty directory there (in RootlessKit's private copy of /run, where it stays until the daemon restarts, " +
            'and from then on the long syntax mounts it too), and Docker clients inside fail with "Cannot connect to the Docker daemon at unix:///var/run/docker.sock"';
        const base = literal ? v.rawAt(0) : undefined;
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
