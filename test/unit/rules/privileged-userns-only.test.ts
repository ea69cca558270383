import { privilegedUsernsOnly } from '../../../src/lint/rules/compose/privileged-userns-only';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service.
ruleTester(privilegedUsernsOnly, 'compose', {
  valid: [
    { code: service(), name: 'no privileged key' },
    { code: service('privileged: false') },
    { code: service('privileged: "false"'), name: 'false as a string' },
    { code: service('privileged: ${PRIV:-false}'), name: 'interpolated default false' },
    { code: service('privileged: ${PRIV}'), name: 'unset variable' },
    { code: service('privileged: ${PRIV}'), env: { PRIV: 'false' }, name: 'variable set to false' },
    { code: service('build:', '  context: .', '  privileged: true'), name: 'build.privileged is another rule' },
    { code: 'x-priv: &p\n  privileged: true\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    image: nginx\n    privileged: !reset null\n', name: 'reset over a merge' },
    { code: 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    image: nginx\n    privileged: false\n', name: 'explicit key wins over the merge' },
  ],
  invalid: [
    {
      code: service('privileged: true'),
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 21, severity: 'info', message: 'privileged: true of service "web" gives the container every capability only inside' }],
      output: null,
    },
    {
      name: 'interpolated from the environment',
      code: service('privileged: ${PRIV}'),
      env: { PRIV: 'true' },
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 24, message: 'cap_add' }],
      output: null,
    },
    {
      name: 'string "yes"',
      code: service('privileged: "yes"'),
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 22, message: 'privileged: yes of service' }],
      output: null,
    },
    {
      name: 'docker:dind says it works that way',
      code: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n',
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 21, message: 'Docker-in-Docker (docker:27-dind) works this way' }],
      output: null,
    },
    {
      name: 'through a merge key: points at the anchored text',
      code: 'x-base: &base\n  privileged: true\nservices:\n  a:\n    <<: *base\n    image: x\n  b:\n    <<: *base\n    image: y\n',
      errors: [
        { line: 2, column: 15, endLine: 2, endColumn: 19, message: 'service "a"' },
        { line: 2, column: 15, endLine: 2, endColumn: 19, message: 'service "b"' },
      ],
      output: null,
    },
  ],
});
