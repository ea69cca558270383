import { cgroupV2UnsupportedOption } from '../../../src/lint/rules/compose/cgroup-v2-unsupported-option';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service.
ruleTester(cgroupV2UnsupportedOption, 'compose', {
  valid: [
    { code: service('oom_kill_disable: false') },
    { code: service('oom_kill_disable: "false"'), name: 'string false' },
    { code: service('oom_kill_disable: ${NO_OOM_KILL:-false}'), name: 'interpolated default false' },
    { code: service('mem_swappiness: -1'), name: 'swappiness left to the kernel' },
    { code: service('cpu_rt_runtime: 0', 'cpu_rt_period: 0s'), name: 'zero real-time values' },
    { code: service('oom_kill_disable: !reset null'), name: 'reset' },
    { code: service('oom_kill_disable: true', 'mem_swappiness: 0'), facts: { source: 'daemon', rootless: false, cgroupVersion: 1 }, name: 'a rootful daemon on cgroup v1 honours them' },
    { code: service('mem_limit: 1g', 'oom_score_adj: -100'), name: 'other cgroup fields' },
    { code: service('environment:', '  oom_kill_disable: "true"'), name: 'an environment variable of that name' },
    { code: 'x-c: &c\n  oom_kill_disable: true\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: service('deploy:', '  resources:', '    limits: {memory: 1G}'), name: 'deploy limits' },
    { code: service('mem_swappiness: "${SWAPPINESS}"'), name: 'unset variable' },
  ],
  invalid: [
    {
      code: service('oom_kill_disable: true', 'restart: always'),
      errors: [{ line: 4, column: 23, endLine: 4, endColumn: 27, severity: 'info', message: 'oom_kill_disable: true of service "web" disables the OOM killer, which cgroup v2 does not support; a rootless daemon has cgroups only on cgroup v2, so the option is dropped, and the daemon only warns "Your kernel does not support OomKillDisable. OomKillDisable discarded."' }],
      output: service('restart: always'),
    },
    {
      name: 'a rootless daemon on cgroup v1 drops it without a warning',
      code: service('oom_kill_disable: true', 'restart: always'),
      facts: { source: 'daemon', rootless: true, cgroupVersion: 1, cgroupDriver: 'none' },
      errors: [{ line: 4, column: 23, endLine: 4, endColumn: 27, message: 'so the option is dropped, with no warning at all on this cgroup v1 host. Remove it.' }],
      output: service('restart: always'),
    },
    {
      name: 'YAML 1.1 yes, with a comment, last line',
      code: service('oom_kill_disable: "yes" # never kill'),
      errors: [{ line: 4, column: 23, endLine: 4, endColumn: 28 }],
      output: service(),
    },
    {
      name: 'swappiness 0 is still a setting',
      code: service('mem_swappiness: 0'),
      errors: [{ line: 4, column: 21, endLine: 4, endColumn: 22, message: 'sets memory swappiness' }],
      output: service(),
    },
    {
      name: 'real-time runtime and period: two findings, two lines removed',
      code: service('cpu_rt_runtime: 950ms', 'cpu_rt_period: 1000ms', 'init: true'),
      errors: [
        { line: 4, column: 21, endLine: 4, endColumn: 26, message: 'real-time CPU runtime' },
        { line: 5, column: 20, endLine: 5, endColumn: 26, message: 'real-time CPU period' },
      ],
      output: service('init: true'),
    },
    {
      name: 'a rootful daemon on cgroup v2 drops it too',
      code: service('oom_kill_disable: true'),
      facts: { source: 'daemon', rootless: false, cgroupVersion: 2 },
      errors: [{ line: 4, column: 23, endLine: 4, endColumn: 27, severity: 'info' }],
      output: service(),
    },
    {
      name: 'through a merge key: the anchored line goes once',
      code: 'x-c: &c\n  oom_kill_disable: true\n  restart: always\nservices:\n  a:\n    <<: *c\n    image: nginx\n  b:\n    <<: *c\n    image: nginx\n',
      errors: [
        { line: 2, column: 21, endLine: 2, endColumn: 25, message: 'service "a"' },
        { line: 2, column: 21, endLine: 2, endColumn: 25, message: 'service "b"' },
      ],
      output: 'x-c: &c\n  restart: always\nservices:\n  a:\n    <<: *c\n    image: nginx\n  b:\n    <<: *c\n    image: nginx\n',
    },
    {
      name: 'the only key of a service: no fix, it would empty the service',
      code: 'services:\n  web:\n    oom_kill_disable: true\n',
      errors: [{ line: 3, column: 23, endLine: 3, endColumn: 27 }],
      output: null,
    },
  ],
});
