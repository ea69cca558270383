import { cgroupParent } from '../../../src/lint/rules/compose/cgroup-parent';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

const systemd = { source: 'daemon' as const, cgroupDriver: 'systemd' as const, cgroupVersion: 2 as const };

// Line 4 is the first line under the service.
ruleTester(cgroupParent, 'compose', {
  valid: [
    { code: service('cgroup_parent: ci.slice'), facts: systemd, name: 'a slice under the systemd driver' },
    { code: service('cgroup_parent: /ci'), facts: { source: 'daemon', cgroupDriver: 'cgroupfs' }, name: 'cgroupfs driver: a rootful daemon' },
    { code: service('cgroup_parent: /ci'), facts: { source: 'daemon', rootless: false }, name: 'rootful daemon' },
    { code: service('cgroup_parent: !reset null'), name: 'reset' },
    { code: service('cgroup_parent: ""'), name: 'empty' },
    { code: service('cgroup_parent: "${CGROUP_PARENT:-}"'), name: 'interpolated to nothing' },
    { code: service('cgroup: private'), name: 'the cgroup namespace option' },
    { code: service('labels:', '  cgroup_parent: /ci'), name: 'a label of that name' },
    { code: 'x-c: &c\n  cgroup_parent: /ci\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: service('cgroup_parent: "${PARENT}"'), env: { PARENT: 'jobs.slice' }, facts: systemd, name: 'interpolated slice under systemd' },
  ],
  invalid: [
    {
      name: 'unknown host: a path, removal preferred',
      code: service('cgroup_parent: /ci', 'init: true'),
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 23, severity: 'info', message: 'with the systemd cgroup driver the container fails to start (cgroup-parent for systemd cgroup should be a valid slice named as "xxx.slice"), and without cgroups' }],
      output: service('init: true'),
    },
    {
      name: 'unknown host: a slice is only dropped without systemd, removal not preferred',
      code: service('cgroup_parent: ci.slice'),
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 28, severity: 'info', message: 'is dropped with no error unless the rootless daemon runs with the systemd cgroup driver' }],
      output: null,
    },
    {
      name: 'systemd driver: an error, with a slice to use',
      code: service('cgroup_parent: "/docker/ci-jobs"'),
      facts: systemd,
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 37, severity: 'error', message: 'Remove it, or name a slice such as ci_jobs.slice.' }],
      output: service(),
    },
    {
      name: 'driver none: dropped',
      code: service('cgroup_parent: ci.slice'),
      facts: { source: 'daemon', cgroupDriver: 'none' },
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 28, severity: 'info', message: 'the rootless daemon runs without cgroups (Cgroup Driver: none), so it clears the parent' }],
      output: null,
    },
    {
      name: 'cgroup v1 means no cgroups',
      code: service('cgroup_parent: /ci'),
      facts: { source: 'host', cgroupVersion: 1, cgroupDriver: 'systemd' },
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 23, severity: 'info', message: 'clears the parent' }],
      output: service(),
    },
    {
      name: 'through a merge key',
      code: 'x-c: &c\n  cgroup_parent: /ci\n  init: true\nservices:\n  a:\n    <<: *c\n    image: nginx\n',
      errors: [{ line: 2, column: 18, endLine: 2, endColumn: 21, message: 'service "a"' }],
      output: 'x-c: &c\n  init: true\nservices:\n  a:\n    <<: *c\n    image: nginx\n',
    },
  ],
});
