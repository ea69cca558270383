import { networkDrivers } from '../../parse/fields';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

/** The daemon's words for a parent interface it cannot see: Docker 20.10's (seen on the bed), then newer daemons'. */
function parentError(driver: string, parent: string): string {
  const nic = parent.split('.')[0];
  const old = parent.includes('.')
    ? `-o parent interface ${driver === 'macvlan' ? 'does was' : 'was'} not found on the host: ${nic}`
    : `invalid subinterface vlan name ${parent}, example formatting is ${parent}.10`;
  return `Docker 20.10: "${old}"; newer daemons: "the requested parent interface ${nic} was not found on the Docker host"`;
}

export const macvlanIpvlanUnsupported: Rule = {
  id: 'macvlan-ipvlan-unsupported',
  title: 'macvlan and ipvlan networks cannot reach the host NIC from a rootless daemon',
  severity: 'warning',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'With the host\'s own NIC as parent (eth0, not present in RootlessKit\'s namespace) creation fails: Docker 20.10 says "invalid subinterface vlan name eth0, example formatting is eth0.10", and for a VLAN parent "-o parent interface was not found on the host: eth0" (macvlan: "…does was not found…"). The no-parent case could not be seen: this kernel cannot create the dummy link ("operation not supported").' },
  compose(ctx: ComposeContext) {
    for (const net of networkDrivers(ctx.doc)) {
      const v = net.driver;
      const driver = v.text.trim();
      if (driver !== 'macvlan' && driver !== 'ipvlan') continue;
      const parent = ctx.doc.value(ctx.doc.get(ctx.doc.get(net.node, 'driver_opts'), 'parent'))?.text.trim();
      const effect = parent ? `so creating it fails (${parentError(driver, parent)})` : 'and with no parent interface Docker makes an internal network, so its containers cannot reach the LAN or be reached from it';
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
