import { overlayNetworkUnsupported } from '../../../src/lint/rules/compose/overlay-network-unsupported';
import { ruleTester } from '../ruleTester';

/** A service on network `backend`, whose declaration gets the given lines (from line 7, column 5). */
function net(...lines: string[]): string {
  return ['services:', '  web:', '    image: nginx', '    networks: [backend]', 'networks:', '  backend:', ...lines.map((l) => `    ${l}`), ''].join('\n');
}

ruleTester(overlayNetworkUnsupported, 'compose', {
  valid: [
    { code: net('driver: bridge') },
    { code: net('internal: true'), name: 'no driver: bridge by default' },
    { code: net('driver: macvlan'), name: 'macvlan is another rule' },
    { code: net('external: true', 'driver: overlay'), name: 'an external network is only looked up' },
    { code: net('external:', '  name: swarm-net', 'driver: overlay'), name: 'legacy external map' },
    { code: net('name: shared'), name: 'only a name' },
    { code: net('driver: ${NET_DRIVER:-bridge}'), name: 'interpolated default bridge' },
    { code: net('driver: ${NET_DRIVER}'), env: { NET_DRIVER: 'bridge' }, name: 'variable set to bridge' },
    { code: net('driver: bridge', 'driver_opts:', '  driver: overlay'), name: 'an option value is not the driver' },
    { code: 'services:\n  web:\n    image: nginx\nvolumes:\n  data:\n    driver: overlay\n', name: 'a volume driver is not a network driver' },
    { code: 'x-net: &n\n  driver: overlay\nservices:\n  web:\n    image: nginx\n', name: 'an anchor outside networks' },
  ],
  invalid: [
    {
      code: net('driver: overlay', 'attachable: true'),
      errors: [{ line: 7, column: 13, endLine: 7, endColumn: 20, severity: 'error', message: 'Network "backend" uses driver "overlay": overlay networks need Swarm mode' }],
      output: net('driver: bridge', 'attachable: true'),
    },
    {
      name: 'quoted, with a comment',
      code: net('driver: "overlay" # swarm'),
      errors: [{ line: 7, column: 13, endLine: 7, endColumn: 22 }],
      output: net('driver: "bridge" # swarm'),
    },
    {
      name: 'interpolated default: no fix',
      code: net('driver: ${NET_DRIVER:-overlay}'),
      errors: [{ line: 7, column: 13, endLine: 7, endColumn: 35 }],
      output: null,
    },
    {
      name: 'through a merge key: points at the anchored text',
      code: 'x-net: &net\n  driver: overlay\nservices:\n  web:\n    image: nginx\nnetworks:\n  a:\n    <<: *net\n  b:\n    <<: *net\n',
      errors: [
        { line: 2, column: 11, endLine: 2, endColumn: 18, message: 'Network "a"' },
        { line: 2, column: 11, endLine: 2, endColumn: 18, message: 'Network "b"' },
      ],
      output: 'x-net: &net\n  driver: bridge\nservices:\n  web:\n    image: nginx\nnetworks:\n  a:\n    <<: *net\n  b:\n    <<: *net\n',
    },
  ],
});
