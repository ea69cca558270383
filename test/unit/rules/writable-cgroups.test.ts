import { writableCgroups } from '../../../src/lint/rules/compose/writable-cgroups';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is `security_opt:`, line 5 its first item.
ruleTester(writableCgroups, 'compose', {
  valid: [
    { code: service('security_opt:', '  - label=disable', '  - no-new-privileges:true'), name: 'other options' },
    { code: service('security_opt:', '  - writable-cgroups=false'), name: 'explicitly off' },
    { code: service('security_opt: ["writable-cgroups=0"]'), name: 'off as 0' },
    { code: service('security_opt: [writable-cgroups=no]'), name: 'not a Go boolean: not this rule' },
    { code: service('security_opt: [writable-cgroups-extra=true]'), name: 'a longer option name' },
    { code: service('security_opt: [seccomp=unconfined]'), name: 'seccomp' },
    { code: service('security_opt: !reset []'), name: 'reset security_opt' },
    { code: service('security_opt: []'), name: 'empty list' },
    { code: service('security_opt:'), name: 'null security_opt' },
    { code: service('security_opt: ["label:disable", apparmor=unconfined, systempaths=unconfined]'), name: 'unrelated options' },
    { code: service('environment:', '  - writable-cgroups=true'), name: 'an environment entry' },
    { code: service('privileged: true'), name: 'privileged is another rule' },
    { code: service('security_opt:', '  - "writable-cgroups = true"'), name: 'spaces around = are not the option' },
    { code: service('labels:', '  - writable-cgroups=true'), name: 'a label' },
    { code: service('cgroup: private', 'cgroupns_mode: private'), name: 'cgroup settings' },
    { code: service('security_opt: ${OPTS}'), name: 'not a list' },
    { code: service('security_opt: ["writable-cgroups=${WC}"]'), name: 'unset variable' },
    { code: service('security_opt: ["writable-cgroups=${WC}"]'), env: { WC: 'false' }, name: 'variable set to false' },
    { code: 'x-opts: &opts\n  security_opt: [writable-cgroups=true]\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor' },
    { code: 'x-opts: &opts\n  security_opt: [writable-cgroups=true]\nservices:\n  web:\n    <<: *opts\n    security_opt: [label=disable]\n', name: 'merged list overridden' },
  ],
  invalid: [
    {
      name: 'block list with another item: the item goes',
      code: service('security_opt:', '  - label=disable', '  - writable-cgroups=true # systemd'),
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 30, message: 'Service "web" sets security_opt "writable-cgroups=true"', severity: 'error' }],
      output: service('security_opt:', '  - label=disable'),
    },
    {
      name: 'the only item: the whole entry goes',
      code: service('security_opt:', '  - writable-cgroups', 'restart: always'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 25, message: 'option WritableCgroups conflicts with user namespaces and rootless mode' }],
      output: service('restart: always'),
    },
    {
      name: 'flow list, only item',
      code: service('security_opt: [writable-cgroups=true]'),
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 41 }],
      output: service(),
    },
    {
      name: 'flow list, last item, quoted: no fix (removals edit block style only)',
      code: service('security_opt: [label=disable, "writable-cgroups=True"]'),
      errors: [{ line: 4, column: 35, endLine: 4, endColumn: 58 }],
      output: null,
    },
    {
      name: 'flow list, first item, old colon separator: no fix',
      code: service('security_opt: [writable-cgroups:1, no-new-privileges:true]'),
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 38, message: '"writable-cgroups:1"' }],
      output: null,
    },
    {
      name: 'two in a flow list with another item: no fix',
      code: service('security_opt: [writable-cgroups, label=disable, writable-cgroups=t]'),
      errors: [
        { line: 4, column: 20, endLine: 4, endColumn: 36 },
        { line: 4, column: 53, endLine: 4, endColumn: 71 },
      ],
      output: null,
    },
    {
      name: 'two in a block list and nothing else: one removal',
      code: service('security_opt:', '  - writable-cgroups', '  - writable-cgroups=true'),
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 25 },
        { line: 6, column: 9, endLine: 6, endColumn: 30 },
      ],
      output: service(),
    },
    {
      name: 'an item through an alias: no fix',
      code: 'x-wc: &wc writable-cgroups=true\nservices:\n  web:\n    image: nginx\n    security_opt: [label=disable, *wc]\n',
      errors: [{ line: 1, column: 11, endLine: 1, endColumn: 32 }],
      output: null,
    },
    {
      name: 'from a variable default',
      code: service('security_opt: ["writable-cgroups=${WC:-true}"]'),
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 50, message: '"writable-cgroups=true"' }],
      output: service(),
    },
    {
      name: 'through a merge key: removed from the anchor',
      code: 'x-opts: &opts\n  restart: always\n  security_opt:\n    - writable-cgroups=true\nservices:\n  a:\n    <<: *opts\n  b:\n    <<: *opts\n',
      errors: [
        { line: 4, column: 7, endLine: 4, endColumn: 28, message: 'Service "a"' },
        { line: 4, column: 7, endLine: 4, endColumn: 28, message: 'Service "b"' },
      ],
      output: 'x-opts: &opts\n  restart: always\nservices:\n  a:\n    <<: *opts\n  b:\n    <<: *opts\n',
    },
    {
      name: 'rootful daemon known: info',
      code: service('security_opt: [writable-cgroups=true]'),
      facts: { source: 'daemon', rootless: false },
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 41, severity: 'info' }],
      output: service(),
    },
  ],
});
