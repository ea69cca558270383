import { containerIpUnreachable } from '../../../src/lint/rules/compose/container-ip-unreachable';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is `networks:`, line 5 the network, line 6 its first setting.
ruleTester(containerIpUnreachable, 'compose', {
  valid: [
    { code: service('networks:', '  - back'), name: 'list of networks' },
    { code: service('networks:', '  back:', '    aliases: [api]'), name: 'aliases only' },
    { code: service('networks:', '  back:'), name: 'network with no settings' },
    { code: service('networks:', '  back:', '    priority: 100', '    link_local_ips: ["169.254.8.8"]'), name: 'other settings' },
    { code: service('networks:', '  back:', '    ipv4_address: ""'), name: 'empty address' },
    { code: service('networks:', '  back:', '    ipv4_address: ${BACK_IP}'), name: 'address from an unset variable' },
    { code: service('labels:', '  ipv4_address: 172.20.0.10'), name: 'a label named like the key' },
    { code: service('mac_address: "02:42:ac:11:00:02"'), name: 'a fixed MAC address' },
    { code: 'networks:\n  back:\n    ipam:\n      config:\n        - subnet: 172.20.0.0/24\n          gateway: 172.20.0.1\nservices:\n  web:\n    image: nginx\n    networks: [back]\n', name: 'subnet and gateway of the network' },
    { code: 'x-net: &net\n  networks:\n    back:\n      ipv4_address: 172.20.0.10\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor' },
    { code: 'x-net: &net\n  networks:\n    back:\n      ipv4_address: 172.20.0.10\nservices:\n  web:\n    <<: *net\n    networks: !reset {}\n', name: 'merged networks reset' },
    { code: service('networks:', '  back:', '    ipv4_address: !reset null'), name: 'address reset' },
  ],
  invalid: [
    {
      code: service('networks:', '  back:', '    ipv4_address: 172.20.0.10'),
      errors: [{ line: 6, column: 23, endLine: 6, endColumn: 34, message: 'Service "web" gets the fixed address 172.20.0.10 (ipv4_address) on network "back"', severity: 'info' }],
      output: null,
    },
    {
      name: 'IPv6 in flow style',
      code: service('networks: {back: {ipv6_address: "fd00::10"}}'),
      errors: [{ line: 4, column: 37, endLine: 4, endColumn: 47, message: 'fd00::10 (ipv6_address)' }],
      output: null,
    },
    {
      name: 'both families on two networks',
      code: service('networks:', '  front:', '    ipv4_address: 10.0.0.2', '  back:', '    ipv4_address: 10.1.0.2', '    ipv6_address: fd00::2'),
      errors: [
        { line: 6, column: 23, endLine: 6, endColumn: 31, message: 'network "front"' },
        { line: 8, column: 23, endLine: 8, endColumn: 31, message: 'network "back"' },
        { line: 9, column: 23, endLine: 9, endColumn: 30, message: 'fd00::2' },
      ],
      output: null,
    },
    {
      name: 'interpolated default',
      code: service('networks:', '  back:', '    ipv4_address: ${BACK_IP:-172.20.0.5}'),
      errors: [{ line: 6, column: 23, endLine: 6, endColumn: 45, message: 'fixed address 172.20.0.5' }],
      output: null,
    },
    {
      name: 'through a merge key',
      code: 'x-net: &net\n  networks:\n    back:\n      ipv4_address: 172.20.0.10\nservices:\n  a:\n    <<: *net\n  b:\n    image: nginx\n',
      errors: [{ line: 4, column: 21, endLine: 4, endColumn: 32, message: 'Service "a"' }],
      output: null,
    },
    {
      name: 'network settings through an alias',
      code: 'x-ip: &ip\n  ipv4_address: 172.20.0.10\nservices:\n  a:\n    networks:\n      back: *ip\n',
      errors: [{ line: 2, column: 17, endLine: 2, endColumn: 28, message: 'Service "a"' }],
      output: null,
    },
  ],
});
