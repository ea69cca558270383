import { capAddIneffective } from '../../../src/lint/rules/compose/cap-add-ineffective';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

const hostNet = ['services:', '  vpn:', '    image: wg', '    networks: [hn]', '    cap_add:', '      - NET_ADMIN', 'networks:', '  hn:', '    external: true', '    name: host', ''].join('\n');

// Line 4 is the first line under the service, line 5 the first list item (text from column 9).
ruleTester(capAddIneffective, 'compose', {
  valid: [
    { code: service('cap_add:', '  - NET_ADMIN'), name: 'NET_ADMIN on a bridge network' },
    { code: service('cap_add: [NET_RAW, CHOWN, SYS_PTRACE, CAP_DAC_OVERRIDE]'), name: 'namespaced capabilities' },
    { code: service('cap_drop:', '  - SYS_TIME'), name: 'dropping is fine' },
    { code: service('network_mode: host', 'cap_add: [NET_RAW]'), name: 'host network, NET_RAW' },
    { code: service('network_mode: bridge', 'cap_add: [net_admin]'), name: 'bridge network mode' },
    { code: service('cap_add: ["${EXTRA_CAP}"]'), name: 'unset variable' },
    { code: service('cap_add: ["${EXTRA_CAP:-NET_BIND_SERVICE}"]'), name: 'interpolated harmless default' },
    { code: service('cap_add:', '  - NET_ADMIN', 'networks: [lan]') + 'networks:\n  lan:\n    external: true\n    name: lan\n', name: 'external network not named host' },
    { code: service('labels:', '  cap: SYS_TIME'), name: 'a label is not a capability' },
    { code: service('network_mode: "service:vpn"', 'cap_add: [NET_ADMIN]'), name: "another service's network namespace" },
    { code: service('cap_add: [SYS_BOOT, SYS_CHROOT, KILL, SETUID]'), name: 'capabilities a user namespace honours' },
    { code: service('cap_add: []'), name: 'empty list' },
    { code: 'x-base: &base\n  cap_add: [SYS_TIME]\nservices:\n  web:\n    <<: *base\n    image: nginx\n    cap_add: !reset []\n', name: 'reset over a merge' },
    { code: 'x-caps: &caps\n  - SYS_TIME\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
  ],
  invalid: [
    {
      code: service('cap_add:', '  - SYS_TIME'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 17, severity: 'warning', message: 'cap_add "SYS_TIME" of service "web" has no effect under rootless' }],
      output: null,
    },
    {
      name: 'both spellings, any case; one finding per item',
      code: service('cap_add:', '  - cap_sys_time', '  - CAP_MKNOD', '  - NET_RAW', '  - sys_module # kmod'),
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 21, message: 'setting the system clock needs CAP_SYS_TIME' },
        { line: 6, column: 9, endLine: 6, endColumn: 18, message: 'creating device nodes' },
        { line: 8, column: 9, endLine: 8, endColumn: 19, message: 'loading kernel modules' },
      ],
      output: null,
    },
    {
      name: 'flow list: SYS_ADMIN and ALL are info',
      code: service('cap_add: [SYS_ADMIN, "ALL", AUDIT_CONTROL]'),
      errors: [
        { line: 4, column: 15, endLine: 4, endColumn: 24, severity: 'info', message: 'works only in part' },
        { line: 4, column: 26, endLine: 4, endColumn: 31, severity: 'info', message: 'grants every capability only inside' },
        { line: 4, column: 33, endLine: 4, endColumn: 46, severity: 'warning', message: 'configuring the kernel audit system' },
      ],
      output: null,
    },
    {
      name: 'NET_ADMIN with network_mode host, daemon version unknown',
      code: service('network_mode: host', 'cap_add:', '  - NET_ADMIN'),
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 18, severity: 'info', message: 'belongs to the host (Docker 29.5 and later) or to RootlessKit (before 29.5)' }],
      output: null,
    },
    {
      name: 'NET_ADMIN on an external network named host, Docker 29.5',
      code: hostNet,
      facts: { source: 'daemon', daemonVersion: '29.5.0' },
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 18, message: "belongs to the host's initial user namespace (Docker 29.5.0" }],
      output: null,
    },
    {
      name: 'NET_ADMIN with host network on an older daemon',
      code: service('network_mode: "host"', 'cap_add: [CAP_NET_ADMIN]'),
      facts: { source: 'daemon', daemonVersion: '20.10.24' },
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 28, message: "is RootlessKit's namespace (Docker 20.10.24 is older than 29.5)" }],
      output: null,
    },
    {
      name: 'interpolated: the whole value',
      code: service('cap_add:', '  - ${CAP:-SYS_NICE}'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 25, message: 'cap_add "SYS_NICE"' }],
      output: null,
    },
    {
      name: 'through an alias: points at the anchored item',
      code: 'x-caps: &caps\n  - IPC_LOCK\nservices:\n  a:\n    image: x\n    cap_add: *caps\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 13, message: 'cap_add "IPC_LOCK" of service "a"' }],
      output: null,
    },
  ],
});
