import { usernsHostNoop } from '../../../src/lint/rules/compose/userns-host-noop';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service.
ruleTester(usernsHostNoop, 'compose', {
  valid: [
    { code: service(), name: 'no userns_mode' },
    { code: service('userns_mode: ""'), name: 'empty' },
    { code: service('userns_mode: ${USERNS}'), name: 'unset variable' },
    { code: service('userns_mode: ${USERNS:-}'), env: { USERNS: '' }, name: 'empty variable' },
    { code: service('userns_mode: "keep-id"'), name: 'another value' },
    { code: service('network_mode: host', 'pid: host'), name: 'other host modes are other rules' },
    { code: service('labels:', '  userns_mode: host'), name: 'a label' },
    { code: service('# userns_mode: host'), name: 'commented out' },
    { code: 'x-userns_mode: host\nservices:\n  web:\n    image: nginx\n', name: 'a top-level extension' },
    { code: 'x-base: &base\n  userns_mode: host\nservices:\n  web:\n    <<: *base\n    image: nginx\n    userns_mode: !reset null\n', name: 'reset over a merge' },
    { code: 'x-u: &u\n  userns_mode: host\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
  ],
  invalid: [
    {
      code: service('userns_mode: host'),
      errors: [{ line: 4, column: 18, endLine: 4, endColumn: 22, severity: 'info', message: 'userns_mode: host of service "web" does nothing under rootless' }],
      output: service(),
    },
    {
      name: 'quoted, with a comment, between other keys, CRLF',
      code: 'services:\r\n  web:\r\n    userns_mode: "host" # needed rootful\r\n    image: nginx\r\n',
      errors: [{ line: 3, column: 18, endLine: 3, endColumn: 24 }],
      output: 'services:\r\n  web:\r\n    image: nginx\r\n',
    },
    {
      name: 'last line without a line break',
      code: 'services:\n  web:\n    image: nginx\n    userns_mode: host',
      errors: [{ line: 4, column: 18, endLine: 4, endColumn: 22 }],
      output: 'services:\n  web:\n    image: nginx\n',
    },
    {
      name: 'flow map: no fix',
      code: 'services:\n  web: {image: nginx, userns_mode: host}\n',
      errors: [{ line: 2, column: 36, endLine: 2, endColumn: 40 }],
      output: null,
    },
    {
      name: 'only key of the service: no fix',
      code: 'services:\n  web:\n    userns_mode: host\n',
      errors: [{ line: 3, column: 18, endLine: 3, endColumn: 22 }],
      output: null,
    },
    {
      name: 'interpolated: no fix',
      code: service('userns_mode: ${USERNS:-host}'),
      errors: [{ line: 4, column: 18, endLine: 4, endColumn: 33 }],
      output: null,
    },
    {
      name: 'through a merge key: points at the anchored text, no fix',
      code: 'x-base: &base\n  userns_mode: host\nservices:\n  a:\n    <<: *base\n    image: x\n',
      errors: [{ line: 2, column: 16, endLine: 2, endColumn: 20, message: 'service "a"' }],
      output: null,
    },
  ],
});
