import { ipv6Limited } from '../../../src/lint/rules/compose/ipv6-limited';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

const net = (...lines: string[]) => ['services:', '  web:', '    image: nginx', 'networks:', '  back:', ...lines.map((l) => `    ${l}`), ''].join('\n');

// service(): line 4 is `ports:`, line 5 its first item. net(): line 6 is the first setting of network "back".
ruleTester(ipv6Limited, 'compose', {
  valid: [
    { code: service('ports:', '  - "8080:80"'), name: 'no host IP' },
    { code: service('ports:', '  - "0.0.0.0:8080:80"', '  - "127.0.0.1:8443:443"'), name: 'IPv4 host IPs' },
    { code: service('ports:', '  - 80', '  - "8000-8010:8000-8010"'), name: 'container port and range' },
    { code: service('ports:', '  - target: 80', '    published: 8080', '    host_ip: 127.0.0.1'), name: 'long syntax, IPv4' },
    { code: service('ports:', '  - target: 80', '    host_ip: ${BIND_IP}'), name: 'long syntax, unset host IP' },
    { code: service('ports:', '  - "${BIND_IP:-0.0.0.0}:8080:80"'), name: 'interpolated IPv4 default' },
    { code: service('expose:', '  - "80"'), name: 'expose' },
    { code: service('ports: !reset []'), name: 'reset ports' },
    { code: service('networks:', '  back:', '    ipv6_address: fd00::10'), name: 'a service IPv6 address is another rule' },
    { code: net('enable_ipv6: false'), name: 'IPv6 off' },
    { code: net('enable_ipv6: "false"'), name: 'IPv6 off as a string' },
    { code: net('external: true', 'enable_ipv6: true'), name: 'external network settings are not applied' },
    { code: net('driver: bridge', 'ipam:', '  config:', '    - subnet: 172.28.0.0/16'), name: 'IPv4 network' },
    { code: service('enable_ipv6: true'), name: 'enable_ipv6 under a service' },
    { code: 'x-net: &n\n  enable_ipv6: true\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor' },
  ],
  invalid: [
    {
      name: 'bracketed unspecified address',
      code: service('ports:', '  - "[::]:8080:80"'),
      errors: [{ line: 5, column: 10, endLine: 5, endColumn: 14, message: 'Service "web" publishes "[::]:8080:80" on IPv6 address ::', severity: 'info' }],
      output: null,
    },
    {
      name: 'bare IPv6 loopback as in the compose spec',
      code: service('ports:', '  - "::1:8053:53/udp"'),
      errors: [{ line: 5, column: 10, endLine: 5, endColumn: 13, message: 'gvisor-tap-vsock' }],
      output: null,
    },
    {
      name: 'global address, single-quoted',
      code: service('ports:', "  - '[2001:db8::1]:8443:443'"),
      errors: [{ line: 5, column: 10, endLine: 5, endColumn: 23, message: 'IPv6 address 2001:db8::1' }],
      output: null,
    },
    {
      name: 'long syntax',
      code: service('ports:', '  - target: 80', '    published: 8080', '    host_ip: "::"'),
      errors: [{ line: 7, column: 18, endLine: 7, endColumn: 22, message: 'on IPv6 address :: (host_ip)' }],
      output: null,
    },
    {
      name: 'interpolated: whole value',
      code: service('ports:', '  - "${BIND_IP:-::}:8080:80"'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 33, message: 'publishes "${BIND_IP:-::}:8080:80"' }],
      output: null,
    },
    {
      name: 'network with IPv6',
      code: net('enable_ipv6: true'),
      errors: [{ line: 6, column: 18, endLine: 6, endColumn: 22, message: 'Network "back" sets enable_ipv6: true', severity: 'info' }],
      output: null,
    },
    {
      name: 'network with IPv6 as a string',
      code: net('enable_ipv6: "true"'),
      errors: [{ line: 6, column: 18, endLine: 6, endColumn: 24, message: 'DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=--ipv6' }],
      output: null,
    },
    {
      name: 'through a merge key',
      code: 'x-ports: &p\n  ports: ["[::]:8080:80"]\nservices:\n  a:\n    <<: *p\n  b:\n    <<: *p\n',
      errors: [
        { line: 2, column: 12, endLine: 2, endColumn: 16, message: 'Service "a"' },
        { line: 2, column: 12, endLine: 2, endColumn: 16, message: 'Service "b"' },
      ],
      output: null,
    },
  ],
});
