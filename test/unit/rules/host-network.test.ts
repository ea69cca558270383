import { hostNetwork } from '../../../src/lint/rules/compose/host-network';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

const hostNet = (name: string) => `networks:\n  ${name}:\n    external: true\n    name: host\n`;

// Line 4 is the first line under the service.
ruleTester(hostNetwork, 'compose', {
  valid: [
    { code: service('network_mode: bridge') },
    { code: service('network_mode: none') },
    { code: service('network_mode: "service:db"'), name: 'another service\'s namespace' },
    { code: service('network_mode: "container:hostagent"'), name: 'a container named like host' },
    { code: service('network_mode: "${NET_MODE:-bridge}"'), name: 'interpolated default bridge' },
    { code: service('network_mode: "${NET_MODE}"'), env: { NET_MODE: 'bridge' }, name: 'interpolated from the environment' },
    { code: service('network_mode: !reset null'), name: 'reset network_mode' },
    { code: service('hostname: host'), name: 'hostname is not a network' },
    { code: service('build:', '  context: .', '  network: host'), name: 'build network is another rule' },
    { code: service('networks: [hn]') + 'networks:\n  hn:\n    external: true\n    name: hostnet\n', name: 'external network with another name' },
    { code: service('networks: [host]') + 'networks:\n  host:\n    driver: bridge\n', name: 'a project network keyed host is not the host network' },
    { code: service('networks: [front]') + hostNet('hn'), name: 'host network declared but not used' },
    { code: 'x-net: &n\n  network_mode: host\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: service('network_mode: host-local'), name: 'a name that starts with host' },
    { code: service('pid: host', 'ipc: host', 'userns_mode: host'), name: 'other host namespaces are other rules' },
    { code: service('networks: [hn]') + 'networks:\n  hn:\n    external: false\n    name: host\n', name: 'not external' },
    { code: service('networks: [hostnet]') + hostNet('hn'), name: 'joins another network than the host one' },
    { code: service('networks:', '  default:', '    aliases: [host]'), name: 'an alias named host' },
    { code: service('labels:', '  network_mode: host'), name: 'a label of that name' },
  ],
  invalid: [
    {
      code: service('network_mode: host'),
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 23, severity: 'warning', message: 'unless the rootless daemon is Docker 29.5 or later, the container gets RootlessKit\'s network namespace' }],
      output: null,
    },
    {
      name: 'quoted, old daemon',
      code: service('network_mode: "host"'),
      facts: { source: 'daemon', daemonVersion: '20.10.24' },
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 25, severity: 'warning', message: 'on Docker 20.10.24 (before 29.5)' }],
      output: null,
    },
    {
      name: 'Docker 29.5: the real host network, info',
      code: service('network_mode: host'),
      facts: { source: 'daemon', daemonVersion: '29.5.0' },
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 23, severity: 'info', message: 'cannot bind ports below 1024' }],
      output: null,
    },
    {
      name: 'newer major with a v prefix, all ports allowed',
      code: service('network_mode: host'),
      facts: { source: 'host', daemonVersion: 'v30.1.0-rc.1', unprivilegedPortStart: 0 },
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 23, severity: 'info', message: /applies no AppArmor profile\. Setting DOCKERD_ROOTLESS_ROOTLESSKIT_DETACH_NETNS=false/ }],
      output: null,
    },
    {
      name: 'unreadable version counts as unknown',
      code: service('network_mode: host'),
      facts: { daemonVersion: 'dev' },
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 23, severity: 'warning', message: 'unless the rootless daemon is Docker 29.5' }],
      output: null,
    },
    {
      name: 'interpolated default',
      code: service('network_mode: ${NET_MODE:-host}'),
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 36, message: 'network_mode: host (from "${NET_MODE:-host}")' }],
      output: null,
    },
    {
      name: 'external network named host, list form',
      code: service('networks: [hn]') + hostNet('hn'),
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 18, message: 'Network "hn" (external, name: host) of service "web"' }],
      output: null,
    },
    {
      name: 'external network named host, map form with string true',
      code: service('networks:', '  hn:', '    aliases: [web]') + 'networks:\n  hn:\n    external: "true"\n    name: host\n',
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 9 }],
      output: null,
    },
    {
      name: 'external network keyed host, no name',
      code: service('networks:', '  - host') + 'networks:\n  host:\n    external: true\n',
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 13 }],
      output: null,
    },
    {
      name: 'legacy external name',
      code: service('networks: [hn]') + 'networks:\n  hn:\n    external:\n      name: host\n',
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 18 }],
      output: null,
    },
    {
      name: 'through a merge key: points at the anchored text',
      code: 'x-base: &base\n  network_mode: host\nservices:\n  a:\n    <<: *base\n    image: nginx\n  b:\n    <<: *base\n    image: nginx\n',
      errors: [
        { line: 2, column: 17, endLine: 2, endColumn: 21, message: 'service "a"' },
        { line: 2, column: 17, endLine: 2, endColumn: 21, message: 'service "b"' },
      ],
      output: null,
    },
  ],
});
