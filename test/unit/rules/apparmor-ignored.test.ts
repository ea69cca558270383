import * as assert from 'node:assert/strict';
import { lint } from '../../../src/lint/engine';
import { apparmorIgnored } from '../../../src/lint/rules/compose/apparmor-ignored';
import { applyEdits } from '../../../src/lint/text';
import { GENERIC_HOST } from '../../../src/lint/types';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service, line 5 its first item.
ruleTester(apparmorIgnored, 'compose', {
  valid: [
    { code: service('security_opt:', '  - no-new-privileges:true') },
    { code: service('security_opt:', '  - seccomp=unconfined', '  - label=disable'), name: 'other security options' },
    { code: service('security_opt:', '  - "label=type:apparmor_t"'), name: 'apparmor later in the text' },
    { code: service('security_opt:', '  - apparmor_profile=x'), name: 'a longer option name' },
    { code: service('security_opt: !reset []'), name: 'reset security_opt' },
    { code: service('security_opt:', '  - "${SEC_OPT:-seccomp=unconfined}"'), name: 'interpolated to another option' },
    { code: service('# security_opt: [apparmor=unconfined]', 'read_only: true'), name: 'commented out' },
    { code: service('labels:', '  - apparmor=my-profile'), name: 'a label, not a security option' },
    { code: 'x-sec: &sec\n  security_opt: [apparmor=unconfined]\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: service('security_opt: ["apparmor"]'), name: 'no profile named' },
    { code: service('security_opt: ["apparmor="]'), name: 'an empty profile' },
    { code: service('security_opt:'), name: 'null security_opt' },
    { code: service('security_opt: ["seccomp:./seccomp-profile.json"]'), name: 'a seccomp profile file' },
    { code: service('security_opt: [systempaths=unconfined]'), name: 'unconfined, but not AppArmor' },
    { code: service('security_opt: ["${SEC_OPT:-}"]'), name: 'interpolated to nothing' },
    { code: service('security_opt: ["${SEC_OPT}"]'), env: { SEC_OPT: 'no-new-privileges' }, name: 'interpolated from the environment' },
    { code: service('cap_drop: [ALL]', 'read_only: true'), name: 'hardening without AppArmor' },
    { code: service('security_opt: !reset null'), name: 'reset to null' },
  ],
  invalid: [
    {
      name: 'a profile: warning, removal offered but not preferred',
      code: service('security_opt:', '  - apparmor=my-profile', '  - no-new-privileges:true'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 28, severity: 'warning', message: 'security_opt "apparmor=my-profile" of service "web" is ignored' }],
      output: null,
    },
    {
      name: 'colon form, quoted',
      code: service('security_opt:', '  - "apparmor:docker-default"'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 34, severity: 'warning', message: 'without the "docker-default" profile' }],
      output: null,
    },
    {
      name: 'unconfined among others: the item line goes',
      code: service('security_opt:', '  - seccomp=unconfined', '  - apparmor=unconfined   # for ptrace', '  - label=disable'),
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 28, severity: 'info', message: 'changes nothing under rootless' }],
      output: service('security_opt:', '  - seccomp=unconfined', '  - label=disable'),
    },
    {
      name: 'unconfined alone: the whole key goes',
      code: service('security_opt:', '  - apparmor:unconfined', 'read_only: true'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 28, severity: 'info' }],
      output: service('read_only: true'),
    },
    {
      name: 'two AppArmor entries: one fix removes the key for both',
      code: service('security_opt:', '  - apparmor=unconfined', '  - apparmor=unconfined'),
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 28 },
        { line: 6, column: 9, endLine: 6, endColumn: 28 },
      ],
      output: service(),
    },
    {
      name: 'flow sequence: no fix',
      code: service('security_opt: [apparmor=unconfined, seccomp=unconfined]'),
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 39, severity: 'info' }],
      output: null,
    },
    {
      name: 'interpolated profile that defaults to unconfined',
      code: service('security_opt:', '  - "apparmor=${APPARMOR:-unconfined}"', '  - seccomp=unconfined'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 43, severity: 'info', message: 'security_opt "apparmor=unconfined"' }],
      output: service('security_opt:', '  - seccomp=unconfined'),
    },
    {
      name: 'through a merge key: both findings share one edit of the anchored text',
      code: 'x-sec: &sec\n  security_opt:\n    - apparmor=unconfined\n    - seccomp=unconfined\nservices:\n  a:\n    <<: *sec\n    image: nginx\n  b:\n    <<: *sec\n    image: nginx\n',
      errors: [
        { line: 3, column: 7, endLine: 3, endColumn: 26, message: 'service "a"' },
        { line: 3, column: 7, endLine: 3, endColumn: 26, message: 'service "b"' },
      ],
      output: 'x-sec: &sec\n  security_opt:\n    - seccomp=unconfined\nservices:\n  a:\n    <<: *sec\n    image: nginx\n  b:\n    <<: *sec\n    image: nginx\n',
    },
    {
      name: 'the only key of an anchored map: no fix, it would empty the anchor',
      code: 'x-sec: &sec\n  security_opt:\n    - apparmor=unconfined\nservices:\n  a:\n    <<: *sec\n    image: nginx\n',
      errors: [{ line: 3, column: 7, endLine: 3, endColumn: 26 }],
      output: null,
    },
    {
      name: 'CRLF, last line without a line break',
      code: 'services:\r\n  web:\r\n    image: nginx\r\n    security_opt:\r\n      - seccomp=unconfined\r\n      - apparmor=unconfined',
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 28 }],
      output: 'services:\r\n  web:\r\n    image: nginx\r\n    security_opt:\r\n      - seccomp=unconfined\r\n',
    },
  ],
});

describe('apparmor-ignored removal of a named profile (offered, not preferred)', () => {
  it('removes only that item line', () => {
    const code = service('security_opt:', '  - apparmor=my-profile', '  - no-new-privileges:true');
    const [finding] = lint(code, 'compose', { facts: GENERIC_HOST, rules: [apparmorIgnored] });
    assert.deepEqual(finding.fixes.map((f) => ({ title: f.title, preferred: f.preferred, text: applyEdits(code, f.edits) })), [
      { title: 'Remove "apparmor=my-profile"', preferred: false, text: service('security_opt:', '  - no-new-privileges:true') },
    ]);
  });
});
