import { hostPidIpcLimited } from '../../../src/lint/rules/compose/host-pid-ipc-limited';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service.
ruleTester(hostPidIpcLimited, 'compose', {
  valid: [
    { code: service(), name: 'neither key' },
    { code: service('pid: "service:db"'), name: "another service's pid namespace" },
    { code: service('pid: "container:abc"'), name: "a container's pid namespace" },
    { code: service('ipc: private') },
    { code: service('ipc: "service:db"'), name: "another service's ipc namespace" },
    { code: service('ipc: none') },
    { code: service('pid: ${PID_MODE:-}'), name: 'interpolated empty default' },
    { code: service('pid: ${PID_MODE}'), env: { PID_MODE: 'service:db' }, name: 'variable set to a service' },
    { code: service('network_mode: host', 'userns_mode: host'), name: 'other host modes are other rules' },
    { code: service('labels:', '  pid: host', '  ipc: host'), name: 'labels' },
    { code: 'x-base: &base\n  pid: host\nservices:\n  web:\n    <<: *base\n    image: nginx\n    pid: !reset null\n', name: 'reset over a merge' },
    { code: service('ipc: shareable'), name: 'ipc: shareable works (seen on Docker 20.10)' },
  ],
  invalid: [
    {
      code: service('pid: host'),
      errors: [{ line: 4, column: 10, endLine: 4, endColumn: 14, severity: 'info', message: 'pid: host of service "web" works under rootless only in part' }],
      output: null,
    },
    {
      code: service('ipc: "host"'),
      errors: [{ line: 4, column: 10, endLine: 4, endColumn: 16, severity: 'info', message: 'bind-mounts its /dev/shm and /dev/mqueue' }],
      output: null,
    },
    {
      name: 'both, in flow style',
      code: 'services:\n  agent: {image: x, pid: host, ipc: host}\n',
      errors: [
        { line: 2, column: 26, endLine: 2, endColumn: 30, message: 'pid: host of service "agent"' },
        { line: 2, column: 37, endLine: 2, endColumn: 41, message: 'ipc: host of service "agent"' },
      ],
      output: null,
    },
    {
      name: 'Docker 20.10: neither starts',
      code: service('pid: host', 'ipc: host'),
      facts: { source: 'daemon', daemonVersion: '20.10.24' },
      errors: [
        { line: 4, column: 10, endLine: 4, endColumn: 14, severity: 'error', message: 'fails to start with "error mounting "proc" to rootfs at "/proc": … operation not permitted"' },
        { line: 5, column: 10, endLine: 5, endColumn: 14, severity: 'error', message: 'does not work with a rootless Docker 20.10.24' },
      ],
      output: null,
    },
    {
      name: 'Docker 23.0 and later: in part',
      code: service('ipc: host'),
      facts: { source: 'daemon', daemonVersion: '27.5.1' },
      errors: [{ line: 4, column: 10, endLine: 4, endColumn: 14, severity: 'info', message: 'ipc: host of service "web" works under rootless only in part: the daemon bind-mounts' }],
      output: null,
    },
    {
      name: 'interpolated, through a merge key',
      code: 'x-base: &base\n  pid: ${PID_MODE:-host}\nservices:\n  a:\n    <<: *base\n    image: x\n',
      errors: [{ line: 2, column: 8, endLine: 2, endColumn: 25, message: 'service "a"' }],
      output: null,
    },
  ],
});
