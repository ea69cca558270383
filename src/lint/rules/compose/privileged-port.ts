import { parseShortPort, servicePorts, type PortRange } from '../../parse/ports';
import { scalarText } from '../../parse/compose';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';

/** Moves a privileged port above 1024 the usual way: 80 -> 8080, 443 -> 8443. */
function unprivileged(port: number): number {
  return port + 8000;
}

function shifted(range: PortRange): string {
  return range.min === range.max ? String(unprivileged(range.min)) : `${unprivileged(range.min)}-${unprivileged(range.max)}`;
}

/** Whether a short-syntax port names a host port once its variables are set (to anything). */
function hasHostPart(raw: string): boolean {
  return parseShortPort(raw.replace(/\$\{[^}]*\}|\$[A-Za-z_]\w*/g, '1'))?.published !== undefined;
}

export const privilegedPort: Rule = {
  id: 'privileged-port',
  title: 'Publishing a host port below the unprivileged port start fails under rootless',
  severity: 'error',
  docs: DOCS.ports,
  observed: { ...TEST_BED, verified: true, effect: 'Host ports 80 and 1023 are accepted at create without a warning and fail at start: "driver failed programming external connectivity on endpoint … Error starting userland proxy: error while calling PortManager.AddPort(): cannot expose privileged port 80, you can add \'net.ipv4.ip_unprivileged_port_start=80\' to /etc/sysctl.conf (currently 1024), or set CAP_NET_BIND_SERVICE on rootlesskit binary, or choose a larger port number (>= 1024)".' },
  compose(ctx: ComposeContext) {
    const threshold = ctx.facts.unprivilegedPortStart;
    const where = ctx.facts.source === 'generic' ? `(net.ipv4.ip_unprivileged_port_start, ${threshold} by default)` : `(net.ipv4.ip_unprivileged_port_start is ${threshold} on this host)`;
    for (const service of ctx.services) {
      for (const port of servicePorts(ctx.doc, service.node)) {
        const v = port.value;
        if (!v) continue;
        if (!port.published) {
          if (v.unresolved.length && hasHostPart(scalarText(v.raw))) {
            ctx.report({ start: v.start, end: v.end, severity: 'info', message: `Cannot tell whether the host port of "${scalarText(v.raw)}" is privileged: ${v.unresolved.join(', ')} ${v.unresolved.length > 1 ? 'are' : 'is'} not set.` });
          }
          continue;
        }
        const p = port.published;
        if (p.min >= threshold || p.min === 0) continue;
        const first = p.min === p.max ? `port ${p.min}` : `ports ${p.text}`;
        const verb = p.min === p.max ? 'is' : 'are';
        const via = v.interpolated ? ` (from "${v.node.source ?? scalarText(v.raw)}")` : '';
        const message =
          `Host ${first}${via} of service "${service.name}" ${verb} privileged: a rootless daemon cannot bind ports below ${threshold} ${where}, ` +
          `so the container fails to start with "cannot expose privileged port ${p.min}". Publish on ${shifted(p)} instead, or lower the sysctl on the host.`;
        const fixes: Fix[] = [];
        const at = v.at(port.publishedIndex);
        if (at !== undefined) {
          fixes.push({ title: `Publish on host ${p.min === p.max ? 'port' : 'ports'} ${shifted(p)}`, edits: [{ offset: at, length: p.text.length, text: shifted(p) }], preferred: true });
        }
        ctx.report({ ...v.spanAt(port.publishedIndex, p.text.length), message, fixes });
      }
    }
  },
};
