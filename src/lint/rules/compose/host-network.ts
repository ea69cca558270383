import { hostNetnsDetached } from '../../facts';
import { scalarText } from '../../parse/compose';
import { hostNetworkMode, hostNetworks, serviceNetworkRefs } from '../../parse/fields';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

function message(ctx: ComposeContext, what: string, service: string): { message: string; severity: 'warning' | 'info' } {
  const detached = hostNetnsDetached(ctx.facts);
  const start = ctx.facts.unprivilegedPortStart;
  const lowPorts = start > 0 ? `, and it cannot bind ports below ${start} (net.ipv4.ip_unprivileged_port_start)` : '';
  const realHost =
    `the container shares the real host network, but a rootless daemon cannot mount /sys there (only /sys/fs/cgroup is kept), applies no AppArmor profile${lowPorts}`;
  const rootlessKitNs =
    `the container gets RootlessKit's network namespace instead of the host's, so the ports it listens on cannot be reached from the host`;
  const fix = 'Use a bridge network (drop the host network) and publish the ports the service needs with ports:.';
  if (detached === true) {
    return {
      severity: 'info',
      message: `${what} of service "${service}": on Docker ${ctx.facts.daemonVersion} (29.5 or later) ${realHost}. Setting DOCKERD_ROOTLESS_ROOTLESSKIT_DETACH_NETNS=false would bring back the old behaviour, where the host's ports are unreachable.`,
    };
  }
  if (detached === false) {
    return { severity: 'warning', message: `${what} of service "${service}": on Docker ${ctx.facts.daemonVersion} (before 29.5) ${rootlessKitNs}. ${fix}` };
  }
  return {
    severity: 'warning',
    message: `${what} of service "${service}": unless the rootless daemon is Docker 29.5 or later, ${rootlessKitNs}. From 29.5 on, ${realHost}. ${fix}`,
  };
}

export const hostNetwork: Rule = {
  id: 'host-network',
  title: 'Host networking under rootless is RootlessKit\'s namespace (before Docker 29.5) or a restricted host network',
  severity: 'warning',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'The container runs in RootlessKit\'s network namespace (tap0, 10.0.2.100; none of the host\'s addresses): its server answers another host-network container, while the host\'s 127.0.0.1 refuses the connection (ECONNREFUSED).' },
  compose(ctx: ComposeContext) {
    const viaHost = hostNetworks(ctx.doc);
    for (const service of ctx.services) {
      const mode = hostNetworkMode(ctx.doc, service.node);
      if (mode) {
        const via = mode.interpolated ? ` (from "${mode.node.source ?? scalarText(mode.raw)}")` : '';
        const m = message(ctx, `network_mode: host${via}`, service.name);
        ctx.report({ start: mode.start, end: mode.end, ...m });
      }
      if (!viaHost.size) continue;
      for (const ref of serviceNetworkRefs(ctx.doc, service.node)) {
        if (!viaHost.has(ref.text)) continue;
        const m = message(ctx, `Network "${ref.text}" (external, name: host)`, service.name);
        ctx.report({ start: ref.start, end: ref.end, ...m });
      }
    }
  },
};
