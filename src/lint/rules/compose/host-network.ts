import { isMap, isSeq } from 'yaml';
import { scalarText, type ComposeDocument, type Value } from '../../parse/compose';
import { isTrue } from '../../parse/fields';
import { DOCS, type ComposeContext, type Rule } from '../../rule';
import type { HostFacts } from '../../types';

/**
 * Whether the daemon is at least `major.minor`: true or false when `daemonVersion` says so, undefined when it
 * is unknown or unreadable. Pre-release suffixes ("29.5.0-rc.1") count as their release.
 */
export function daemonAtLeast(facts: HostFacts, major: number, minor: number): boolean | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?/.exec(facts.daemonVersion?.trim() ?? '');
  if (!m) return undefined;
  const [maj, min] = [Number(m[1]), Number(m[2] ?? 0)];
  return maj !== major ? maj > major : min >= minor;
}

/** Names of top-level networks that resolve to the daemon's `host` network (`external: true` + `name: host`). */
function hostNetworks(doc: ComposeDocument): Set<string> {
  const out = new Set<string>();
  for (const e of doc.section('networks')) {
    const external = doc.get(e.value, 'external');
    // The legacy form `external: {name: host}` names the network inside `external`.
    const legacyName = isMap(external) ? doc.value(doc.get(external, 'name'))?.text : undefined;
    if (!(isMap(external) || isTrue(doc.value(external)))) continue;
    // An external network without a name is looked up by its key.
    const name = doc.value(doc.get(e.value, 'name'))?.text ?? legacyName ?? e.key;
    if (name === 'host') out.add(e.key);
  }
  return out;
}

/** The scalars by which a service joins networks: list items, or the keys of the map form. */
function serviceNetworkRefs(doc: ComposeDocument, service: unknown): Value[] {
  const node = doc.get(service, 'networks');
  if (isSeq(node)) return doc.items(node).flatMap((n) => doc.value(n) ?? []);
  if (isMap(node)) return doc.entries(node).flatMap((e) => doc.value(e.keyNode) ?? []);
  return [];
}

function message(ctx: ComposeContext, what: string, service: string): { message: string; severity: 'warning' | 'info' } {
  const detached = daemonAtLeast(ctx.facts, 29, 5);
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
  compose(ctx: ComposeContext) {
    const viaHost = hostNetworks(ctx.doc);
    for (const service of ctx.services) {
      const mode = ctx.doc.value(ctx.doc.get(service.node, 'network_mode'));
      if (mode?.text.trim() === 'host') {
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
