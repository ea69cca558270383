import { networkDrivers } from '../../parse/fields';
import { DOCS, type ComposeContext, type Rule } from '../../rule';

export const macvlanIpvlanUnsupported: Rule = {
  id: 'macvlan-ipvlan-unsupported',
  title: 'macvlan and ipvlan networks cannot reach the host NIC from a rootless daemon',
  severity: 'warning',
  docs: DOCS.limitations,
  compose(ctx: ComposeContext) {
    for (const net of networkDrivers(ctx.doc)) {
      const v = net.driver;
      const driver = v.text.trim();
      if (driver !== 'macvlan' && driver !== 'ipvlan') continue;
      const parent = ctx.doc.value(ctx.doc.get(ctx.doc.get(net.node, 'driver_opts'), 'parent'))?.text.trim();
      const effect = parent
        ? `so creating it fails with "the requested parent interface ${parent} was not found on the Docker host"`
        : 'and with no parent interface Docker makes an internal network, so its containers cannot reach the LAN or be reached from it';
      ctx.report({
        start: v.start,
        end: v.end,
        message:
          `Network "${net.name}" uses driver "${driver}": a rootless daemon lives in RootlessKit's network namespace, where the host's network interfaces do not exist, ` +
          `${effect}. Use a bridge network and publish the service's ports instead.`,
      });
    }
  },
};
