import { isMap } from 'yaml';
import { scalarText } from '../../parse/compose';
import { isExternal, isTrue } from '../../parse/fields';
import { servicePorts } from '../../parse/ports';
import { DOCS, TEST_BED, reportValue, type ComposeContext, type Rule } from '../../rule';

const PORT_DRIVERS =
  'With the slirp4netns or gvisor-tap-vsock port driver a rootless daemon drops IPv6 bindings without an error, so nothing listens there; ' +
  'the builtin driver (the default) and pasta keep them (DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER).';

export const ipv6Limited: Rule = {
  id: 'ipv6-limited',
  title: 'IPv6 port bindings and IPv6 networks are limited under rootless',
  severity: 'info',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: false, why: 'The loss needs the slirp4netns or gvisor-tap-vsock port driver, and IPv6 egress needs an IPv6 uplink; the bed uses the builtin driver, which was seen to keep a [::1] binding (forwarded as tcp6), and has no IPv6 uplink.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const port of servicePorts(ctx.doc, service.node)) {
        if (port.long) {
          const hostIp = ctx.doc.value(ctx.doc.get(port.node, 'host_ip'));
          if (!hostIp || !hostIp.text.includes(':')) continue;
          reportValue(
            ctx,
            hostIp,
            `Service "${service.name}" publishes a port on IPv6 address ${hostIp.text} (host_ip). ${PORT_DRIVERS} Use an IPv4 host_ip such as 0.0.0.0 if the port must be reachable with any driver.`,
          );
          continue;
        }
        const v = port.value;
        if (!v || port.hostIp === undefined || !port.hostIp.includes(':')) continue;
        const bracketed = v.text.startsWith('[');
        ctx.report({
          ...v.spanAt(0, port.hostIp.length + (bracketed ? 2 : 0)),
          message:
            `Service "${service.name}" publishes "${scalarText(v.raw)}" on IPv6 address ${port.hostIp}. ${PORT_DRIVERS} ` +
            `Publish on IPv4 (drop the address, or use 0.0.0.0) if the port must be reachable with any driver.`,
        });
      }
    }

    for (const network of ctx.doc.section('networks')) {
      if (!isMap(network.value) || isExternal(ctx.doc, network.value)) continue;
      const v = ctx.doc.value(ctx.doc.get(network.value, 'enable_ipv6'));
      if (!isTrue(v)) continue;
      reportValue(
        ctx,
        v!,
        `Network "${network.key}" sets enable_ipv6: true. Containers get IPv6 addresses, but RootlessKit gives a rootless daemon no IPv6 route out ` +
          `unless it runs with --ipv6 (experimental, slirp4netns only: DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=--ipv6) or uses pasta, so IPv6 egress fails. ` +
          'Rely on IPv4, or configure RootlessKit for IPv6.',
      );
    }
  },
};
