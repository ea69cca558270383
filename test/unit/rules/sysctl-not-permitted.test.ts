import { sysctlNotPermitted } from '../../../src/lint/rules/compose/sysctl-not-permitted';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service (`sysctls:`), line 5 its first entry.
ruleTester(sysctlNotPermitted, 'compose', {
  valid: [
    { code: service('sysctls:', '  net.ipv4.ip_forward: 1'), name: 'per-netns key, map' },
    { code: service('sysctls:', '  - net.ipv4.ip_local_port_range=1024 65000', '  - net.ipv4.tcp_keepalive_time=600'), name: 'per-netns keys, list' },
    { code: service('sysctls:', '  - net.ipv6.conf.all.disable_ipv6=1', '  - net.ipv4.conf.all.src_valid_mark=1'), name: 'VPN keys' },
    { code: service('sysctls:', '  net.ipv4.ping_group_range: "0 65536"'), name: 'ping range within the mapped GIDs' },
    { code: service('sysctls:', '  net.ipv4.ping_group_range: "0 100000"'), facts: { source: 'host', subuidRange: 200000 }, name: 'ping range within a larger subuid range' },
    { code: service('sysctls:', '  net.ipv4.ping_group_range: ${PING_RANGE}'), name: 'unset ping range' },
    { code: service('sysctls:', '  kernel.domainname: example.com'), name: 'kernel.domainname is domainname-unsupported' },
    { code: service('network_mode: "service:vpn"', 'sysctls:', '  - net.ipv4.ip_forward=1'), name: "another service's network" },
    { code: service('environment:', '  - net.core.somaxconn=1024'), name: 'an environment variable' },
    { code: service('sysctls: []'), name: 'empty list' },
    { code: service('sysctls:', '  - net.ipv4.ping_group_range=1 0'), name: 'ping disabled (1 0)' },
    { code: service('sysctls:', '  net.ipv4.ping_group_range: "${PING_RANGE:-0 1000}"'), name: 'interpolated ping range within the mapped GIDs' },
    { code: service('sysctls:', '  net.ipv4.tcp_max_syn_backlog: 4096'), name: 'another backlog key' },
    { code: service('network_mode: bridge', 'sysctls: {net.ipv4.ip_forward: 1}'), name: 'bridge network mode' },
    { code: service('labels:', '  net.core.somaxconn: "1024"'), name: 'a label' },
    { code: 'x-base: &base\n  sysctls:\n    net.core.somaxconn: 1024\nservices:\n  web:\n    <<: *base\n    image: nginx\n    sysctls: !reset {}\n', name: 'reset over a merge' },
    { code: 'x-s: &s\n  sysctls:\n    net.core.somaxconn: 1024\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
  ],
  invalid: [
    {
      name: 'somaxconn beside another key: a warning, and its removal is not preferred (newer kernels allow it)',
      code: service('sysctls:', '  net.core.somaxconn: 1024', '  net.ipv4.tcp_syncookies: 0'),
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 25, severity: 'warning', message: 'fail to start with "open /proc/sys/net/core/somaxconn: no such file or directory"' }],
      output: null,
    },
    {
      name: 'somaxconn alone: its removal is offered, not preferred',
      code: service('sysctls:', '  - net.core.somaxconn=1024 # backlog'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 27, message: 'Sysctl net.core.somaxconn of service "web"' }],
      output: null,
    },
    {
      name: 'wide ping range, list: the value',
      code: service('sysctls:', '  - net.ipv4.ping_group_range=0 2147483647', '  - net.ipv4.ip_forward=1'),
      errors: [{ line: 5, column: 35, endLine: 5, endColumn: 47, message: 'only GIDs 0 to 65536 are mapped into a rootless container on a typical host' }],
      output: service('sysctls:', '  - net.ipv4.ip_forward=1'),
    },
    {
      name: 'wide ping range, map, host facts',
      code: service('sysctls:', '  net.ipv4.ping_group_range: "0 2147483647"', '  net.ipv4.ip_forward: "1"'),
      facts: { source: 'host', subuidRange: 65536 },
      errors: [{ line: 5, column: 34, endLine: 5, endColumn: 48, message: 'write /proc/sys/net/ipv4/ping_group_range: invalid argument' }],
      output: service('sysctls:', '  net.ipv4.ip_forward: "1"'),
    },
    {
      name: 'every entry fails: both findings remove the whole key',
      code: service('sysctls:', '  net.core.somaxconn: 1024', '  net.ipv4.ping_group_range: 0 2147483647'),
      errors: [
        { line: 5, column: 7, endLine: 5, endColumn: 25 },
        { line: 6, column: 34, endLine: 6, endColumn: 46 },
      ],
      output: service(),
    },
    {
      name: 'flow list: no fix',
      code: service('sysctls: [net.core.somaxconn=4096, "net.ipv4.ping_group_range=0 2147483647", net.ipv4.ip_forward=1]'),
      errors: [
        { line: 4, column: 15, endLine: 4, endColumn: 33 },
        { line: 4, column: 67, endLine: 4, endColumn: 79 },
      ],
      output: null,
    },
    {
      name: 'host network: every net key fails; IPC keys are info',
      code: service('network_mode: host', 'sysctls:', '  - net.ipv4.ip_forward=1', '  - kernel.shmmax=1000000'),
      errors: [
        { line: 6, column: 9, endLine: 6, endColumn: 28, severity: 'error', message: 'with "sysctl "net.ipv4.ip_forward" not allowed in host network namespace" (rootful too)' },
        { line: 7, column: 9, endLine: 7, endColumn: 22, severity: 'info', message: 'Sysctl kernel.shmmax of service "web" works under rootless on current kernels' },
      ],
      output: service('network_mode: host', 'sysctls:', '  - kernel.shmmax=1000000'),
    },
    {
      name: 'IPC keys only: info, no fix',
      code: service('sysctls:', '  kernel.msgmnb: 65536', '  fs.mqueue.msg_max: 100'),
      errors: [
        { line: 5, column: 7, endLine: 5, endColumn: 20, severity: 'info' },
        { line: 6, column: 7, endLine: 6, endColumn: 24, severity: 'info' },
      ],
      output: null,
    },
    {
      name: 'interpolated ping range: the whole item',
      code: service('sysctls:', '  - "net.ipv4.ping_group_range=${PING_RANGE:-0 2147483647}"', '  - net.ipv4.ip_forward=1'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 64, message: 'is set to "0 2147483647"' }],
      output: service('sysctls:', '  - net.ipv4.ip_forward=1'),
    },
    {
      name: 'CRLF line ends',
      code: 'services:\r\n  web:\r\n    image: nginx\r\n    sysctls:\r\n      net.core.somaxconn: 1024\r\n      net.ipv4.ip_forward: 1\r\n',
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 25 }],
      output: null,
    },
    {
      name: 'through a merge key: points at the anchored text, no fix',
      code: 'x-base: &base\n  sysctls:\n    net.core.somaxconn: 1024\nservices:\n  a:\n    <<: *base\n    image: x\n',
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 23, message: 'service "a"' }],
      output: null,
    },
  ],
});
