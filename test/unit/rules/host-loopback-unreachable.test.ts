import { hostLoopbackUnreachable } from '../../../src/lint/rules/compose/host-loopback-unreachable';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service, line 5 its first item.
ruleTester(hostLoopbackUnreachable, 'compose', {
  valid: [
    { code: service('extra_hosts:', '  - "db:10.0.0.5"') },
    { code: service('extra_hosts:', '  - "somehost=162.242.195.82"', '  - "v6host=[::1]"'), name: 'fixed addresses' },
    { code: service('extra_hosts:', '  gateway-host: 192.168.1.1'), name: 'map form with a LAN address' },
    { code: service('extra_hosts:', '  - "host-gateway:10.1.1.1"'), name: 'a host named host-gateway is not the gateway' },
    { code: service('extra_hosts: !reset []'), name: 'reset extra_hosts' },
    { code: service('environment:', '  - DB_HOST=172.17.0.10'), name: 'another address that starts the same' },
    { code: service('environment:', '  - PROXY=10.0.2.20:3128'), name: 'another slirp-looking address' },
    { code: service('environment:', '  API: https://my.host.docker.internal.example.com'), name: 'a longer domain that contains the name' },
    { code: service('environment:', '  HOST_DOCKER_INTERNAL: "1"'), name: 'the name in a variable name only' },
    { code: service('environment:', '  - URL=http://$${HOST}:80'), name: 'escaped dollar' },
    { code: service('labels:', '  - "upstream=host.docker.internal"'), name: 'labels are not where the app connects' },
    { code: service('# DB=host.docker.internal', 'environment:', '  - DB=db'), name: 'a comment is not a value' },
    { code: service('dns: 1.1.1.1') },
    { code: service('dns:', '  - 10.127.0.1', '  - 8.8.8.8'), name: 'non-loopback resolvers' },
    { code: service('dns_search: 127.0.0.1.example'), name: 'dns_search is not dns' },
    { code: service('extra_hosts: ["gw:host-gateway-v2"]'), name: 'a longer address than host-gateway' },
    { code: service('environment:', '  - HOST=host.docker.internals'), name: 'a longer name' },
    { code: service('environment:', '  - URL=http://172.17.0.1.nip.io'), name: 'a DNS name that contains the address' },
    { code: service('dns: ["${DNS:-1.1.1.1}"]'), name: 'interpolated public resolver' },
    { code: service('environment:', '  - URL'), name: 'a variable passed through without a value' },
    { code: 'x-env: &e\n  extra_hosts: ["host.docker.internal:host-gateway"]\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
  ],
  invalid: [
    {
      code: service('extra_hosts:', '  - "host.docker.internal:host-gateway"'),
      errors: [{ line: 5, column: 31, endLine: 5, endColumn: 43, severity: 'warning', message: 'extra_hosts of service "web" maps host.docker.internal to host-gateway' }],
      output: null,
    },
    {
      name: 'name=host-gateway, unquoted',
      code: service('extra_hosts:', '  - myhost=host-gateway # for the API'),
      errors: [{ line: 5, column: 16, endLine: 5, endColumn: 28, message: 'To opt in (Docker 26 or later), set Environment="DOCKERD_ROOTLESS_ROOTLESSKIT_DISABLE_HOST_LOOPBACK=false"' }],
      output: null,
    },
    {
      name: 'map form, old daemon has no opt-in',
      code: service('extra_hosts:', '  host.docker.internal: host-gateway'),
      facts: { source: 'daemon', daemonVersion: '20.10.24' },
      errors: [{ line: 5, column: 29, endLine: 5, endColumn: 41, message: 'Docker 20.10.24 has no opt-in; Docker 26 or later has one' }],
      output: null,
    },
    {
      name: 'map form with a list of addresses, recent daemon',
      code: service('extra_hosts:', '  gw: [host-gateway]'),
      facts: { source: 'daemon', daemonVersion: '27.3.1' },
      errors: [{ line: 5, column: 12, endLine: 5, endColumn: 24, message: '"host-gateway-ip": "10.0.2.2"' }],
      output: null,
    },
    {
      name: 'environment list item pointing at host.docker.internal',
      code: service('environment:', '  - DB_URL=postgres://host.docker.internal:5432/db'),
      errors: [{ line: 5, column: 27, endLine: 5, endColumn: 47, severity: 'info', message: 'Environment variable DB_URL of service "web" points at host.docker.internal' }],
      output: null,
    },
    {
      name: 'environment map pointing at the bridge gateway',
      code: service('environment:', '  REDIS_HOST: 172.17.0.1'),
      errors: [{ line: 5, column: 19, endLine: 5, endColumn: 29, severity: 'info', message: 'default bridge gateway' }],
      output: null,
    },
    {
      name: 'interpolated value: the whole scalar',
      code: service('environment:', '  - "API=${API_URL:-http://host.docker.internal:8080}"'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 59, severity: 'info' }],
      output: null,
    },
    {
      name: 'the name mapped by extra_hosts is reported once, other addresses still are',
      code: service('extra_hosts: ["host.docker.internal:host-gateway"]', 'environment:', '  A: http://host.docker.internal:8080', '  B: http://10.0.2.2:8080'),
      errors: [
        { line: 4, column: 41, endLine: 4, endColumn: 53, severity: 'warning' },
        { line: 7, column: 17, endLine: 7, endColumn: 25, severity: 'info', message: 'slirp4netns address of the host' },
      ],
      output: null,
    },
    {
      name: 'extra_hosts pinned to the bridge gateway',
      code: service('extra_hosts:', '  - "host.docker.internal=172.17.0.1"'),
      errors: [{ line: 5, column: 31, endLine: 5, endColumn: 41, severity: 'info', message: 'maps host.docker.internal to 172.17.0.1' }],
      output: null,
    },
    {
      name: 'dns on the host loopback',
      code: service('dns: 127.0.0.53'),
      errors: [{ line: 4, column: 10, endLine: 4, endColumn: 20, severity: 'info', message: 'dns: 127.0.0.53 of service "web" is a loopback address' }],
      output: null,
    },
    {
      name: 'dns list: only the loopback entry',
      code: service('dns:', '  - 8.8.8.8', '  - "127.0.0.1"'),
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 20, severity: 'info' }],
      output: null,
    },
  ],
});
