import { isMap, isSeq, type Node } from 'yaml';
import { daemonAtLeast } from '../../facts';
import type { Value } from '../../parse/compose';
import { listOrDict } from '../../parse/fields';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';
import type { HostFacts } from '../../types';

/** Addresses that, in a rootful setup, usually mean "the host", with what they mean under rootless. */
const HOST_ADDRESSES: Record<string, string> = {
  'host.docker.internal':
    'host.docker.internal resolves only where extra_hosts maps it to host-gateway, and under rootless that gateway is inside RootlessKit\'s network namespace, not on the host',
  '172.17.0.1': '172.17.0.1 is the default bridge gateway, which under rootless lives in RootlessKit\'s network namespace, not on the host',
  '10.0.2.2': '10.0.2.2 is the slirp4netns address of the host, which reaches the host\'s loopback only when the host-loopback opt-in is enabled',
};
const HOST_ADDRESS = /(?<![\w.-])(host\.docker\.internal|172\.17\.0\.1|10\.0\.2\.2)(?![\w-]|\.\w)/g;
const LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** How to let containers reach the host's loopback, for this daemon version (tips.md). */
function optIn(facts: HostFacts): string {
  const settings = 'DOCKERD_ROOTLESS_ROOTLESSKIT_DISABLE_HOST_LOOPBACK=false and "host-gateway-ip": "10.0.2.2"';
  if (daemonAtLeast(facts, 26, 0) === false) {
    return `Docker ${facts.daemonVersion} has no opt-in; Docker 26 or later has one (${settings}). Until then, point the service at the host's LAN address.`;
  }
  return (
    'To opt in (Docker 26 or later), set Environment="DOCKERD_ROOTLESS_ROOTLESSKIT_DISABLE_HOST_LOOPBACK=false" in ~/.config/systemd/user/docker.service.d/override.conf ' +
    'and "host-gateway-ip": "10.0.2.2" in ~/.config/docker/daemon.json, then restart the daemon; or point the service at the host\'s LAN address.'
  );
}

interface HostEntry {
  name: string;
  address: string;
  /** The scalar holding the address, and where the address starts in its text. */
  value: Value;
  index: number;
}

/** `extra_hosts` entries: list items `name:addr` / `name=addr`, or map form `name: addr` (or a list of addresses). */
function extraHosts(ctx: ComposeContext, service: Node): HostEntry[] {
  const doc = ctx.doc;
  const node = doc.get(service, 'extra_hosts');
  const out: HostEntry[] = [];
  if (isSeq(node)) {
    for (const item of doc.items(node)) {
      const v = doc.value(item);
      if (!v) continue;
      const eq = v.text.indexOf('=');
      const sep = eq >= 0 ? eq : v.text.indexOf(':');
      if (sep <= 0) continue;
      const rest = v.text.slice(sep + 1);
      const lead = rest.length - rest.trimStart().length;
      out.push({ name: v.text.slice(0, sep).trim(), address: rest.trim(), value: v, index: sep + 1 + lead });
    }
  } else if (isMap(node)) {
    for (const e of doc.entries(node)) {
      const values = isSeq(e.value) ? doc.items(e.value) : [e.value];
      for (const n of values) {
        const v = doc.value(n);
        if (v) out.push({ name: e.key, address: v.text.trim(), value: v, index: v.text.length - v.text.trimStart().length });
      }
    }
  }
  return out;
}

export const hostLoopbackUnreachable: Rule = {
  id: 'host-loopback-unreachable',
  title: 'Containers of a rootless daemon cannot reach services on the host\'s loopback by default',
  severity: 'warning',
  docs: DOCS.loopback,
  observed: { ...TEST_BED, verified: true, effect: 'host.docker.internal:host-gateway resolves to the bridge gateway (172.17.0.1) inside RootlessKit\'s namespace and the connection is refused; 10.0.2.2 gives "Network is unreachable" (dockerd-rootless.sh passes --disable-host-loopback). A server on the host\'s 127.0.0.1 gets no connection.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const gatewayNames = new Set<string>();
      for (const h of extraHosts(ctx, service.node)) {
        if (h.address === 'host-gateway') {
          gatewayNames.add(h.name);
          ctx.report({
            ...h.value.spanAt(h.index, h.address.length),
            message:
              `extra_hosts of service "${service.name}" maps ${h.name} to host-gateway, but under rootless host-gateway is a gateway inside RootlessKit's network namespace, ` +
              `and RootlessKit blocks traffic from containers to the host's loopback by default: connections to host services on 127.0.0.1 time out or are refused. ${optIn(ctx.facts)}`,
          });
        } else if (Object.prototype.hasOwnProperty.call(HOST_ADDRESSES, h.address) && h.address !== 'host.docker.internal') {
          ctx.report({
            ...h.value.spanAt(h.index, h.address.length),
            severity: 'info',
            message: `extra_hosts of service "${service.name}" maps ${h.name} to ${h.address}: ${HOST_ADDRESSES[h.address]}. ${optIn(ctx.facts)}`,
          });
        }
      }

      for (const kv of listOrDict(ctx.doc, ctx.doc.get(service.node, 'environment'))) {
        const v = kv.valueValue;
        if (!v || kv.value === undefined) continue;
        const base = v.text.length - kv.value.length;
        for (const m of kv.value.matchAll(HOST_ADDRESS)) {
          // Already reported, more precisely, on the extra_hosts entry that maps this name.
          if (gatewayNames.has(m[1])) continue;
          ctx.report({
            ...v.spanAt(base + (m.index ?? 0), m[1].length),
            severity: 'info',
            message: `Environment variable ${kv.key} of service "${service.name}" points at ${m[1]}: ${HOST_ADDRESSES[m[1]]}, so the host's services are likely unreachable there. ${optIn(ctx.facts)}`,
          });
          break;
        }
      }

      const dns = ctx.doc.get(service.node, 'dns');
      for (const n of isSeq(dns) ? ctx.doc.items(dns) : [dns]) {
        const v = ctx.doc.value(n);
        if (!v || !LOOPBACK.test(v.text.trim())) continue;
        ctx.report({
          start: v.start,
          end: v.end,
          severity: 'info',
          message:
            `dns: ${v.text.trim()} of service "${service.name}" is a loopback address, and a rootless daemon forwards DNS queries from RootlessKit's network namespace, whose loopback is not the host's: ` +
            'a resolver listening on the host\'s loopback (such as systemd-resolved on 127.0.0.53) is not reachable and lookups fail. Use the resolver\'s LAN address, or drop dns: so the daemon uses the host\'s upstream servers.',
        });
      }
    }
  },
};
