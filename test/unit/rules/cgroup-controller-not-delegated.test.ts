import * as assert from 'node:assert/strict';
import { lint } from '../../../src/lint/engine';
import { cgroupControllerNotDelegated } from '../../../src/lint/rules/compose/cgroup-controller-not-delegated';
import { cgroupLimitsIgnored } from '../../../src/lint/rules/compose/cgroup-limits-ignored';
import { GENERIC_HOST, type HostFacts } from '../../../src/lint/types';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

const systemd: Partial<HostFacts> = { source: 'daemon', cgroupDriver: 'systemd', cgroupVersion: 2 };
const defaultDelegation: Partial<HostFacts> = { ...systemd, delegatedControllers: ['memory', 'pids'] };
const allDelegated: Partial<HostFacts> = { ...systemd, delegatedControllers: ['cpuset', 'cpu', 'io', 'memory', 'pids'] };
const deploy = (...lines: string[]) => service('deploy:', '  resources:', ...lines.map((l) => `    ${l}`));

// Line 4 is the first line under the service.
ruleTester(cgroupControllerNotDelegated, 'compose', {
  valid: [
    { code: service('mem_limit: 512m', 'pids_limit: 100'), name: 'memory and pids are delegated by default' },
    { code: service('mem_limit: 512m'), facts: defaultDelegation, name: 'memory delegated on this host' },
    { code: service('cpus: 1.5'), facts: { source: 'daemon', cgroupDriver: 'none' }, name: 'no cgroups at all is the other rule\'s' },
    { code: service('cpus: 1.5'), facts: { source: 'host', cgroupVersion: 1 }, name: 'cgroup v1 is the other rule\'s' },
    { code: service('cpus: 1.5', 'cpu_shares: 512', 'cpuset: "0"', 'blkio_config:', '  weight: 300'), facts: allDelegated, name: 'every controller delegated' },
    { code: service('cpus: 2'), facts: { source: 'host', cgroupVersion: 2, delegatedControllers: ['cpu', 'memory', 'pids'] }, name: 'cpu delegated, driver unknown: the other rule\'s' },
    { code: deploy('reservations:', '  cpus: "0.5"'), facts: defaultDelegation, name: 'reservations.cpus is a swarm option compose ignores' },
    { code: service('cpus: 0', 'cpu_quota: -1'), facts: defaultDelegation, name: 'no limit set' },
    { code: service('cpus: 1.5'), facts: { source: 'daemon', cgroupDriver: 'cgroupfs' }, name: 'cgroupfs driver: a rootful daemon' },
    { code: service('cpus: 1.5'), facts: { ...defaultDelegation, rootless: false }, name: 'rootful daemon' },
    { code: service('cpu_rt_runtime: 950000', 'cpu_rt_period: 1000000'), facts: defaultDelegation, name: 'real-time options are rule 8' },
    { code: service('cpus: !reset null'), name: 'reset' },
    { code: service('cpus: "${WEB_CPUS:-}"'), name: 'interpolated to nothing' },
    { code: service('cpuset: ""'), name: 'empty cpuset' },
    { code: 'x-limits: &l\n  cpus: 2\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: service('labels:', '  cpus: "2"'), name: 'a label of that name' },
  ],
  invalid: [
    {
      name: 'unknown host: cpus may fail to start',
      code: service('cpus: 1.5'),
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 14, severity: 'warning', message: 'unless it is delegated, the container fails to start with "NanoCPUs can not be set, as your kernel does not support CPU CFS scheduler or the cgroup is not mounted" (and if the daemon runs without cgroup v2 and systemd' }],
      output: null,
    },
    {
      name: 'systemd, cpu not delegated: cpus is an error',
      code: service('cpus: "0.5"'),
      facts: defaultDelegation,
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 16, severity: 'error', message: 'not delegated to the user\'s systemd slice on this host (delegated: memory, pids), so the container fails to start' }],
      output: null,
    },
    {
      name: 'deploy limits.cpus, certain',
      code: deploy('limits:', '  cpus: "2"', '  memory: 1G'),
      facts: defaultDelegation,
      errors: [{ line: 7, column: 17, endLine: 7, endColumn: 20, severity: 'error', message: 'deploy.resources.limits.cpus: 2' }],
      output: null,
    },
    {
      name: 'cpu_shares, certain: discarded with a warning',
      code: service('cpu_shares: 512'),
      facts: defaultDelegation,
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 20, severity: 'warning', message: 'Shares discarded.' }],
      output: null,
    },
    {
      name: 'systemd known, delegation unknown',
      code: service('cpu_quota: 50000', 'cpu_period: 100000'),
      facts: systemd,
      errors: [
        { line: 4, column: 16, endLine: 4, endColumn: 21, severity: 'warning', message: /by default only memory and pids\): unless it is delegated, it is discarded with the warning "Your kernel does not support CPU CFS scheduler\. CPU period\/quota discarded\." To delegate/ },
        { line: 5, column: 17, endLine: 5, endColumn: 23, message: 'cpu_period: 100000' },
      ],
      output: null,
    },
    {
      name: 'cpuset needs a recent systemd',
      code: service('cpuset: 0-3'),
      errors: [{ line: 4, column: 13, endLine: 4, endColumn: 16, message: 'delegating cpuset needs systemd 244 or later' }],
      output: null,
    },
    {
      name: 'io: weight on its value, lists on their key',
      code: service('blkio_config:', '  weight: 300', '  device_write_iops:', '    - path: /dev/sdb', '      rate: 30'),
      facts: defaultDelegation,
      errors: [
        { line: 5, column: 15, endLine: 5, endColumn: 18, message: 'Weight discarded.' },
        { line: 6, column: 7, endLine: 6, endColumn: 24, message: 'blkio_config.device_write_iops of service "web" needs the io cgroup controller' },
      ],
      output: null,
    },
    {
      name: 'memory not delegated on this host',
      code: service('mem_limit: 1g'),
      facts: { ...systemd, delegatedControllers: ['pids'] },
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 18, severity: 'warning', message: 'it is discarded, with no more than a warning from the daemon' }],
      output: null,
    },
    {
      name: 'nothing delegated',
      code: service('pids_limit: 64'),
      facts: { ...systemd, delegatedControllers: [] },
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 19, message: '(delegated: none)' }],
      output: null,
    },
  ],
});

describe('cgroup-limits-ignored and cgroup-controller-not-delegated together', () => {
  const every = service(
    'mem_limit: 1g', 'memswap_limit: 2g', 'mem_reservation: 512m', 'cpus: 1.5', 'cpu_shares: 512', 'cpu_quota: 50000', 'cpu_period: 100000',
    'cpuset: 0-1', 'pids_limit: 100', 'blkio_config:', '  weight: 300', '  device_read_bps: [{path: /dev/sda, rate: 1mb}]',
    'deploy:', '  resources:', '    limits: {cpus: "1", memory: 1G, pids: 10}', '    reservations: {cpus: "0.5", memory: 256M}',
  );
  const hosts: Partial<HostFacts>[] = [
    {},
    { cgroupVersion: 1 },
    { cgroupVersion: 2 },
    { cgroupDriver: 'none' },
    { cgroupDriver: 'systemd' },
    { cgroupDriver: 'cgroupfs' },
    { cgroupVersion: 2, delegatedControllers: ['cpu', 'memory'] },
    ...[[], ['memory', 'pids'], ['cpu', 'io', 'memory', 'pids'], ['cpuset', 'cpu', 'io', 'memory', 'pids']].map((d) => ({ cgroupDriver: 'systemd' as const, cgroupVersion: 2 as const, delegatedControllers: d })),
  ];
  for (const facts of hosts) {
    it(`reports each setting at most once: ${JSON.stringify(facts)}`, () => {
      const found = lint(every, 'compose', { facts: { ...GENERIC_HOST, ...facts }, rules: [cgroupLimitsIgnored, cgroupControllerNotDelegated] });
      const spans = found.map((f) => `${f.offset}+${f.length}`);
      assert.equal(new Set(spans).size, spans.length, found.map((f) => `${f.ruleId} ${f.message.slice(0, 40)}`).join('\n'));
      // 15 limits are set; reservations.cpus is not one of them.
      const expected = facts.cgroupDriver === 'cgroupfs' ? 0 : facts.cgroupDriver === 'systemd' && facts.delegatedControllers?.length === 5 ? 0 : undefined;
      if (expected !== undefined) assert.equal(found.length, expected);
      if (facts.cgroupDriver === 'none' || facts.cgroupVersion === 1) assert.equal(found.filter((f) => f.ruleId === cgroupLimitsIgnored.id).length, 15);
      // Unless the driver is known to be systemd, every limit may be lost, so one of the two rules says so.
      if (facts.cgroupDriver === undefined || facts.cgroupDriver === 'none') assert.equal(found.length, 15);
    });
  }
});
