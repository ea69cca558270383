import { deviceCgroupRulesIgnored } from '../../../src/lint/rules/compose/device-cgroup-rules-ignored';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service.
ruleTester(deviceCgroupRulesIgnored, 'compose', {
  valid: [
    { code: service('devices:', '  - /dev/ttyUSB0:/dev/ttyUSB0'), name: 'devices mapped explicitly' },
    { code: service('device_cgroup_rules: []'), name: 'empty list' },
    { code: service('device_cgroup_rules:'), name: 'null' },
    { code: service('device_cgroup_rules: !reset []'), name: 'reset' },
    { code: service('device_cgroup_rules: ["${EXTRA_RULE:-}"]'), name: 'interpolated to nothing' },
    { code: service('labels:', '  device_cgroup_rules: "c 1:3 mr"'), name: 'a label of that name' },
    { code: 'x-dev: &d\n  device_cgroup_rules: ["c 189:* rmw"]\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: service('# device_cgroup_rules: ["c 189:* rmw"]', 'init: true'), name: 'commented out' },
  ],
  invalid: [
    {
      code: service('device_cgroup_rules:', '  - "c 189:* rmw"'),
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 24, severity: 'warning', message: 'device_cgroup_rules of service "web" (the rule "c 189:* rmw") are dropped' }],
      output: null,
    },
    {
      name: 'several rules, flow list: one finding on the key',
      code: service('device_cgroup_rules: ["c 1:3 mr", "a 7:* rmw", "b 8:0 r"]'),
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 24, message: '(3 rules, from "c 1:3 mr" on)' }],
      output: null,
    },
    {
      name: 'through a merge key: the anchored key',
      code: 'x-dev: &d\n  device_cgroup_rules: ["c 189:* rmw"]\nservices:\n  a:\n    <<: *d\n    image: nginx\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 22, message: 'service "a"' }],
      output: null,
    },
    {
      name: 'interpolated rule',
      code: service('device_cgroup_rules:', '  - "${USB_RULE:-c 189:* rmw}"'),
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 24, message: 'the rule "c 189:* rmw"' }],
      output: null,
    },
  ],
});
