import { bindUidMapping } from '../../../src/lint/rules/compose/bind-uid-mapping';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

const bind = ['volumes:', '  - ./data:/data'];

// Line 4 is the first line under the service.
ruleTester(bindUidMapping, 'compose', {
  valid: [
    { code: service('user: "1000:1000"', 'volumes:', '  - data:/data'), name: 'named volume only' },
    { code: service('user: "1000:1000"', 'volumes:', '  - type: tmpfs', '    target: /cache'), name: 'tmpfs only' },
    { code: service('user: "1000"'), name: 'no mounts at all' },
    { code: service('user: "0:0"', ...bind), name: 'root is the fix' },
    { code: service('user: root', ...bind), name: 'root by name' },
    { code: service('user: "0:1000"', ...bind), name: 'UID 0 with another group' },
    { code: service(...bind), name: 'no user' },
    { code: service('user: node', ...bind), name: 'a user name is out of scope' },
    { code: service('user: "${UID:-0}"', ...bind), name: 'variable defaulting to 0' },
    { code: service('user: "${UID}:${GID}"', ...bind), env: { UID: '0', GID: '0' }, name: 'variables set to 0' },
    { code: service('user: "${APP_USER}"', ...bind), name: 'unset variable that is not an ID' },
    { code: service('user: "1000"', 'volumes:', '  - /etc/localtime:/etc/localtime:ro', '  - /etc/timezone:/etc/timezone:ro'), name: 'only world-readable files read-only' },
    { code: service('environment:', '  - PUID=0', '  - PGID=0', ...bind), name: 'PUID and PGID 0' },
    { code: service('environment:', '  PUID: 1000', '  PGID: 1000', 'volumes:', '  - config:/config'), name: 'PUID without a bind mount' },
    { code: service('environment:', '  - PUID', ...bind), name: 'PUID passed through from the shell' },
    { code: service('environment:', '  PUID_FILE: /run/secrets/puid', '  MY_PUID: 1000', ...bind), name: 'other keys' },
    { code: service('labels:', '  PUID: "1000"', ...bind), name: 'a label, not the environment' },
    { code: 'x-base: &base\n  user: "1000:1000"\nservices:\n  web:\n    <<: *base\n    user: !reset null\n    volumes: ["./data:/data"]\n', name: 'merged user reset' },
    { code: 'x-base: &base\n  user: "1000:1000"\nservices:\n  web:\n    <<: *base\n    user: "0:0"\n    volumes: ["./data:/data"]\n', name: 'merged user overridden' },
  ],
  invalid: [
    {
      name: 'host UID from variables',
      code: service('user: "${UID}:${GID}"', ...bind),
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 26, message: 'runs as user "${UID}:${GID}" (${UID}, meant to be your host ID) and bind-mounts "./data"', severity: 'warning' }],
      output: null,
    },
    {
      name: 'numeric UID and GID',
      code: service('user: "1000:1000"', ...bind),
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 22, message: 'subuid start + 999 (e.g. 100999)' }],
      output: null,
    },
    {
      name: 'plain number, long bind syntax',
      code: service('user: 1000', 'volumes:', '  - type: bind', '    source: ./src', '    target: /app'),
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 15, message: 'bind-mounts "./src"' }],
      output: null,
    },
    {
      name: 'variable set from the environment',
      code: service('user: $UID', ...bind),
      env: { UID: '1000' },
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 15, message: '(ID 1000)' }],
      output: null,
    },
    {
      name: 'read-only bind of your own files',
      code: service('user: "1001"', 'volumes:', '  - /etc/localtime:/etc/localtime:ro', '  - ./config:/config:ro'),
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 17, message: 'bind-mounts "./config"' }],
      output: null,
    },
    {
      name: 'PUID and PGID in a list',
      code: service('environment:', '  - PUID=1000', '  - PGID=1000', ...bind),
      errors: [
        { line: 5, column: 14, endLine: 5, endColumn: 18, message: 'sets PUID=1000 (ID 1000): the image runs its process with that UID' },
        { line: 6, column: 14, endLine: 6, endColumn: 18, message: 'subgid start + 999' },
      ],
      output: null,
    },
    {
      name: 'PUID with a default in a map',
      code: service('environment:', '  PUID: "${PUID:-1000}"', ...bind),
      errors: [{ line: 5, column: 13, endLine: 5, endColumn: 28, message: 'sets PUID=1000' }],
      output: null,
    },
    {
      name: 'PGID from an unset variable',
      code: service('environment:', '  PGID: ${PGID}', ...bind),
      errors: [{ line: 5, column: 13, endLine: 5, endColumn: 20, message: 'sets PGID=${PGID} (${PGID}, meant to be your host ID)' }],
      output: null,
    },
    {
      name: 'rootful daemon known: info',
      code: service('user: "1000"', ...bind),
      facts: { source: 'daemon', rootless: false },
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 17, severity: 'info' }],
      output: null,
    },
    {
      name: 'user through a merge key',
      code: 'x-base: &base\n  user: "1000:1000"\nservices:\n  a:\n    <<: *base\n    volumes: ["./a:/a"]\n  b:\n    <<: *base\n',
      errors: [{ line: 2, column: 9, endLine: 2, endColumn: 20, message: 'Service "a"' }],
      output: null,
    },
  ],
});
