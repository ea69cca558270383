import { cgroupLimitsIgnored } from '../../../src/lint/rules/compose/cgroup-limits-ignored';
import type { HostFacts } from '../../../src/lint/types';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

const noCgroups: Partial<HostFacts> = { source: 'daemon', cgroupDriver: 'none', cgroupVersion: 2 };
const systemd: Partial<HostFacts> = { source: 'daemon', cgroupDriver: 'systemd', cgroupVersion: 2 };
const deploy = (...lines: string[]) => service('deploy:', '  resources:', ...lines.map((l) => `    ${l}`));

// Line 4 is the first line under the service.
ruleTester(cgroupLimitsIgnored, 'compose', {
  valid: [
    { code: service('mem_limit: 512m'), facts: systemd, name: 'systemd driver: memory is delegated by default' },
    { code: service('pids_limit: 100'), facts: { ...systemd, delegatedControllers: ['cpu', 'memory', 'pids'] }, name: 'pids delegated' },
    { code: service('cpus: 1.5'), name: 'cpus on an unknown host is the delegation rule\'s' },
    { code: service('cpu_shares: 512', 'cpuset: "0-1"'), facts: systemd, name: 'cpu on systemd is the delegation rule\'s' },
    { code: deploy('reservations:', '  cpus: "0.5"'), facts: noCgroups, name: 'reservations.cpus is a swarm option compose ignores' },
    { code: service('pids_limit: -1'), name: 'unlimited pids' },
    { code: service('mem_limit: 0', 'cpus: 0.0'), facts: noCgroups, name: 'zero means no limit' },
    { code: service('mem_limit: 512m'), facts: { source: 'daemon', cgroupDriver: 'cgroupfs' }, name: 'cgroupfs driver: a rootful daemon' },
    { code: service('mem_limit: 512m'), facts: { source: 'daemon', rootless: false, cgroupDriver: 'none' }, name: 'rootful daemon' },
    { code: service('mem_swappiness: 10', 'oom_kill_disable: true', 'oom_score_adj: -500'), facts: noCgroups, name: 'fields of other rules' },
    { code: service('shm_size: 1g', 'cpu_count: 2', 'cpu_percent: 50'), facts: noCgroups, name: 'not cgroup limits on Linux' },
    { code: service('mem_limit: !reset null'), name: 'reset' },
    { code: service('mem_limit: "${MEM_LIMIT:-}"'), name: 'interpolated to nothing' },
    { code: service('blkio_config:', '  device_read_bps: []'), facts: noCgroups, name: 'empty blkio list' },
    { code: 'x-limits: &l\n  mem_limit: 1g\nservices:\n  web:\n    image: nginx\n', facts: noCgroups, name: 'an unused anchor is not a service' },
    { code: service('environment:', '  mem_limit: 512m'), facts: noCgroups, name: 'an environment variable of that name' },
  ],
  invalid: [
    {
      name: 'unknown host: conditional',
      code: service('mem_limit: 512m'),
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 20, severity: 'warning', message: 'mem_limit: 512m of service "web" is ignored unless the host uses cgroup v2 and the rootless daemon runs under systemd' }],
      output: null,
    },
    {
      name: 'driver none: every limit, each on its value',
      code: service('mem_limit: 1g', 'memswap_limit: 2g', 'cpus: "1.5"', 'cpu_quota: 50000', 'cpuset: 0-1', 'pids_limit: 200', 'blkio_config:', '  weight: 300'),
      facts: noCgroups,
      errors: [
        { line: 4, column: 16, endLine: 4, endColumn: 18, message: 'the daemon\'s cgroup driver is "none"' },
        { line: 5, column: 20, endLine: 5, endColumn: 22 },
        { line: 6, column: 11, endLine: 6, endColumn: 16, message: 'cpus: 1.5' },
        { line: 7, column: 16, endLine: 7, endColumn: 21 },
        { line: 8, column: 13, endLine: 8, endColumn: 16 },
        { line: 9, column: 17, endLine: 9, endColumn: 20 },
        { line: 11, column: 15, endLine: 11, endColumn: 18, message: 'blkio_config.weight: 300' },
      ],
      output: null,
    },
    {
      name: 'cgroup v1',
      code: service('pids_limit: 100'),
      facts: { source: 'host', cgroupVersion: 1 },
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 20, message: 'this host uses cgroup v1' }],
      output: null,
    },
    {
      name: 'cgroup v2 known, driver unknown',
      code: service('mem_reservation: 256m'),
      facts: { source: 'host', cgroupVersion: 2 },
      errors: [{ line: 4, column: 22, endLine: 4, endColumn: 26, message: 'is ignored unless the rootless daemon runs under systemd' }],
      output: null,
    },
    {
      name: 'deploy limits: memory and pids here, cpus is the delegation rule\'s',
      code: deploy('limits:', '  cpus: "0.5"', '  memory: 512M', '  pids: 50', 'reservations:', '  memory: 128M'),
      errors: [
        { line: 8, column: 19, endLine: 8, endColumn: 23, message: 'deploy.resources.limits.memory: 512M' },
        { line: 9, column: 17, endLine: 9, endColumn: 19, message: 'deploy.resources.limits.pids: 50' },
        { line: 11, column: 19, endLine: 11, endColumn: 23, message: 'deploy.resources.reservations.memory: 128M' },
      ],
      output: null,
    },
    {
      name: 'blkio lists are reported on their key',
      code: service('blkio_config:', '  device_read_bps:', '    - path: /dev/sda', '      rate: 12mb'),
      facts: noCgroups,
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 22, message: 'blkio_config.device_read_bps of service "web" is ignored' }],
      output: null,
    },
    {
      name: 'cpu delegated, driver unknown: the cpu limit is this rule\'s',
      code: service('cpus: 2'),
      facts: { source: 'host', cgroupVersion: 2, delegatedControllers: ['cpu', 'memory', 'pids'] },
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 12, message: 'cpus: 2 of service "web" is ignored unless' }],
      output: null,
    },
    {
      name: 'interpolated default',
      code: service('mem_limit: ${WEB_MEM:-1g}'),
      facts: noCgroups,
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 30, message: 'mem_limit: 1g' }],
      output: null,
    },
    {
      name: 'through a merge key: points at the anchored text',
      code: 'x-limits: &l\n  mem_limit: 1g\nservices:\n  a:\n    <<: *l\n    image: nginx\n  b:\n    <<: *l\n    image: nginx\n',
      facts: noCgroups,
      errors: [
        { line: 2, column: 14, endLine: 2, endColumn: 16, message: 'service "a"' },
        { line: 2, column: 14, endLine: 2, endColumn: 16, message: 'service "b"' },
      ],
      output: null,
    },
  ],
});
