import { isMap } from 'yaml';
import { DOCS, TEST_BED, reportValue, type ComposeContext, type Rule } from '../../rule';

const ADDRESS_KEYS = ['ipv4_address', 'ipv6_address'];

export const containerIpUnreachable: Rule = {
  id: 'container-ip-unreachable',
  title: "A container's own IP address is not reachable from the host under rootless",
  severity: 'info',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'Another container gets the page from the container\'s bridge address (172.17.0.x); from the host that address does not lead to the container.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const network of ctx.doc.entries(ctx.doc.get(service.node, 'networks'))) {
        if (!isMap(network.value)) continue;
        for (const key of ADDRESS_KEYS) {
          const v = ctx.doc.value(ctx.doc.get(network.value, key));
          if (!v || !v.text) continue;
          reportValue(
            ctx,
            v,
            `Service "${service.name}" gets the fixed address ${v.text} (${key}) on network "${network.key}". Under rootless this address exists only inside ` +
              `RootlessKit's network namespace: other containers on the network reach it, but the host does not. To reach the service from the host, publish ` +
              `its port with ports:, or enter the namespace with nsenter -U --preserve-credentials -n -m -t $(cat $XDG_RUNTIME_DIR/docker.pid).`,
          );
        }
      }
    }
  },
};
