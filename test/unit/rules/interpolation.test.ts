import { interpolation } from '../../../src/lint/rules/compose/interpolation';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

/** Nine levels of nine aliases each: 9^9 paths to one scalar, which must be visited once. */
function aliasBomb(leaf: string): string {
  const lines = [`a: &a ["${leaf}", "x"]`];
  for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  lines.push('services:', '  web:', '    image: nginx', '    command: *j', '');
  return lines.join('\n');
}

// Line 4 is the first line under the service; its values start at column 5.
ruleTester(interpolation, 'compose', {
  valid: [
    { code: service('environment:', '  TAG: ${TAG:-latest}') },
    { code: service('environment:', '  TAG: "${TAG}"'), name: 'unset without "?" is only a compose warning' },
    { code: service('environment:', '  TAG: ${TAG:?set TAG}'), env: { TAG: '1.2' }, name: 'required and set' },
    { code: service('environment:', '  TAG: ${TAG?set TAG}'), env: { TAG: '' }, name: '"?" accepts an empty value' },
    { code: service('command: echo $${HOME} $$1 $$'), name: 'escaped dollars' },
    { code: service('command: awk "{print $1}"'), name: 'a lone dollar before a digit' },
    { code: service('environment:', '  A: ${A:-${B:-x}}'), name: 'nested defaults' },
    { code: service('environment:', '  A: ${A:-${B:?need B}}'), env: { A: 'set' }, name: 'an unused nested requirement' },
    { code: service('environment:', '  A: ${A:+${B:?need B}}'), name: 'an unused alternative' },
    { code: service('environment:', '  A: $UNSET_VAR ${ALSO_UNSET-} ${X:+y}'), name: 'other unset forms' },
    { code: service('labels:', '  "com.example.${key": "v"'), name: 'keys are not interpolated' },
    { code: service('ports: [8080]', 'privileged: false'), name: 'numbers and booleans' },
    { code: 'x-env: &env\n  A: ${A:-1}\nservices:\n  web:\n    image: nginx\n    environment: *env\n', name: 'a valid anchored value' },
    { code: service('environment:', '  A: ${A:?need A}'), env: { A: 'x' }, facts: { source: 'daemon', rootless: false }, name: 'rootful daemon, variable set' },
    { code: service('healthcheck:', '  test: ["CMD-SHELL", "test -n \\"$${PGUSER}\\""]'), name: 'escaped dollars in a healthcheck' },
    { code: service('container_name: app-${ENV:-dev}-${REGION-eu}'), name: 'two defaults' },
    { code: service('command: echo $${1BAD} $${OPEN'), name: 'escaped, so not references' },
    { code: service('environment:', '  A: ${A-${B?need B}}'), env: { A: '' }, name: '"-" keeps an empty value' },
    { code: service('environment:', '  A: ${A:+${1BAD}}'), name: 'an unused alternative with a bad name' },
    { code: service('environment:', '  PRICE: 5$', '  EMPTY: ${E:-}'), name: 'a trailing dollar and an empty default' },
    { code: service('command: ["sh", "-c", "echo $$PATH"]'), name: 'escaped shell variable' },
    { code: service('environment:', '  DB_PASSWORD: ${DB_PASSWORD:?set it}'), env: { DB_PASSWORD: 's3cret' }, name: 'required secret is set' },
    { code: 'services:\r\n  web:\r\n    image: nginx\r\n    command: echo ${TAG:-x}\r\n', name: 'CRLF, valid' },
    { code: aliasBomb('${TAG:-x}'), name: 'an alias bomb of valid values' },
  ],
  invalid: [
    {
      name: 'unterminated ${',
      code: service('command: echo ${TAG'),
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 24, message: 'Service "web", command: "${" is never closed', severity: 'error' }],
      output: null,
    },
    {
      name: 'a bad name',
      code: service('environment:', '  - PORT=${1PORT}'),
      errors: [{ line: 5, column: 14, endLine: 5, endColumn: 22, message: 'environment[0]: "${1PORT}" does not name a variable', severity: 'error' }],
      output: null,
    },
    {
      name: 'a bad operator',
      code: service("working_dir: '/srv/${APP:x}'"),
      errors: [{ line: 4, column: 24, endLine: 4, endColumn: 32, message: 'has no valid operator', severity: 'error' }],
      output: null,
    },
    {
      name: 'required and unset',
      code: service('environment:', '  DB_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD in .env}'),
      errors: [{ line: 5, column: 20, endLine: 5, endColumn: 59, message: 'DB_PASSWORD is not set in this environment (process environment and .env), so compose will stop with: set DB_PASSWORD in .env', severity: 'warning' }],
      output: null,
    },
    {
      name: 'required non-empty and empty',
      code: service('environment:', '  DB: "${DB:?must not be empty}"'),
      env: { DB: '' },
      errors: [{ line: 5, column: 12, endLine: 5, endColumn: 36, message: 'DB is set but empty' }],
      output: null,
    },
    {
      name: 'required without a message',
      code: service('command: ["run", "--token", "${TOKEN?}"]'),
      errors: [{ line: 4, column: 34, endLine: 4, endColumn: 43, message: 'command[2]: TOKEN is not set in this environment (process environment and .env), so compose will stop with: required variable TOKEN is missing a value' }],
      output: null,
    },
    {
      name: 'nested requirement that is used',
      code: service('environment:', '  A: ${A:-${B:?need B}}'),
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 27, message: 'B is not set' }],
      output: null,
    },
    {
      name: 'never echoes a value',
      code: service('environment:', '  A: ${A:?${SECRET} is not enough}'),
      env: { SECRET: 'hunter2' },
      errors: [{ line: 5, column: 10, endLine: 5, endColumn: 39, message: /^(?![\s\S]*hunter2)[\s\S]*will stop with: \$\{SECRET\} is not enough/ }],
      output: null,
    },
    {
      name: 'two problems in one value',
      code: service('entrypoint: "${REGISTRY:?}/app:${1TAG}"'),
      errors: [
        { line: 4, column: 18, endLine: 4, endColumn: 31, message: 'REGISTRY is not set', severity: 'warning' },
        { line: 4, column: 36, endLine: 4, endColumn: 43, message: 'does not name a variable', severity: 'error' },
      ],
      output: null,
    },
    {
      name: 'an anchored value used by two services is reported once',
      code: 'x-env: &env\n  A: ${BAD\nservices:\n  a:\n    image: nginx\n    environment: *env\n  b:\n    image: nginx\n    environment:\n      <<: *env\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 11, message: 'Service "a", environment.A' }],
      output: null,
    },
    {
      name: 'an alias bomb: the shared value is reported once',
      code: aliasBomb('${1X}'),
      errors: [{ line: 1, column: 9, endLine: 1, endColumn: 14, message: 'Service "web", command[0][0][0][0][0][0][0][0][0][0]' }],
      output: null,
    },
    {
      name: 'a circular merge',
      code: 'x: &x {<<: *x, environment: {A: "${A:x}"}}\nservices:\n  web:\n    <<: *x\n    image: nginx\n',
      errors: [{ line: 1, column: 34, endLine: 1, endColumn: 40, message: 'environment.A' }],
      output: null,
    },
    {
      name: 'a block scalar: the whole value',
      code: service('command: |', '  echo ${1BAD}'),
      errors: [{ line: 4, column: 14, endLine: 6, endColumn: 1 }],
      output: null,
    },
    {
      name: 'an escape sequence in a double-quoted value: the whole value',
      code: service('command: "echo\\t${A:x}"'),
      errors: [{ line: 4, column: 14, endLine: 4, endColumn: 28 }],
      output: null,
    },
    {
      name: 'CRLF line ends',
      code: 'services:\r\n  web:\r\n    image: nginx\r\n    command: echo ${TAG\r\n',
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 24 }],
      output: null,
    },
  ],
});
