import { macvlanIpvlanUnsupported } from '../../../src/lint/rules/compose/macvlan-ipvlan-unsupported';
import { ruleTester } from '../ruleTester';

/** A service on network `lan`, whose declaration gets the given lines (from line 7, column 5). */
function net(...lines: string[]): string {
  return ['services:', '  web:', '    image: nginx', '    networks: [lan]', 'networks:', '  lan:', ...lines.map((l) => `    ${l}`), ''].join('\n');
}

ruleTester(macvlanIpvlanUnsupported, 'compose', {
  valid: [
    { code: net('driver: bridge') },
    { code: net('ipam:', '  config:', '    - subnet: 192.168.10.0/24'), name: 'no driver' },
    { code: net('driver: overlay'), name: 'overlay is another rule' },
    { code: net('external: true'), name: 'an external network created elsewhere' },
    { code: net('external: true', 'name: macvlan'), name: 'external network named macvlan' },
    { code: net('driver: ${LAN_DRIVER:-bridge}'), name: 'interpolated default bridge' },
    { code: net('driver: bridge', 'driver_opts:', '  parent: eth0'), name: 'a parent option on a bridge' },
    { code: net('driver: macvlanx'), name: 'another driver name' },
    { code: 'services:\n  web:\n    image: nginx\n    labels:\n      driver: macvlan\n', name: 'a label is not a driver' },
  ],
  invalid: [
    {
      code: net('driver: macvlan', 'driver_opts:', '  parent: eth0', '  macvlan_mode: bridge'),
      errors: [{ line: 7, column: 13, endLine: 7, endColumn: 20, severity: 'warning', message: 'creating it fails (Docker 20.10: "invalid subinterface vlan name eth0, example formatting is eth0.10"; newer daemons: "the requested parent interface eth0 was not found on the Docker host")' }],
      output: null,
    },
    {
      name: 'ipvlan without a parent',
      code: net('driver: ipvlan', 'driver_opts:', '  ipvlan_mode: l2'),
      errors: [{ line: 7, column: 13, endLine: 7, endColumn: 19, message: 'with no parent interface Docker makes an internal network' }],
      output: null,
    },
    {
      name: 'quoted, parent from a variable',
      code: net('driver: "ipvlan"', 'driver_opts:', '  parent: ${LAN_IF:-enp3s0}'),
      errors: [{ line: 7, column: 13, endLine: 7, endColumn: 21, message: 'parent interface enp3s0 was not found' }],
      output: null,
    },
    {
      name: 'through a merge key',
      code: 'x-lan: &lan\n  driver: macvlan\nservices:\n  web:\n    image: nginx\nnetworks:\n  lan:\n    <<: *lan\n',
      errors: [{ line: 2, column: 11, endLine: 2, endColumn: 18, message: 'Network "lan" uses driver "macvlan"' }],
      output: null,
    },
  ],
});
