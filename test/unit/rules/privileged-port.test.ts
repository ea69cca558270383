import { privilegedPort } from '../../../src/lint/rules/compose/privileged-port';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service (`ports:`), line 5 its first item.
ruleTester(privilegedPort, 'compose', {
  valid: [
    { code: service('ports:', '  - "8080:80"') },
    { code: service('ports:', '  - 80'), name: 'container port only (number)' },
    { code: service('ports:', '  - "80"'), name: 'container port only (string)' },
    { code: service('ports:', '  - "3000-3005"'), name: 'container range only' },
    { code: service('ports:', '  - "127.0.0.1::80"'), name: 'random host port on an IP' },
    { code: service('ports:', '  - target: 80', '    published: 8080') },
    { code: service('ports:', '  - target: 80', '    published: 0'), name: 'published 0 is random' },
    { code: service('ports:', '  - target: 80'), name: 'long syntax without published' },
    { code: service('ports:', '  - "1024:80"'), name: 'exactly the threshold' },
    { code: service('ports:', '  - "80:80"'), facts: { source: 'host', unprivilegedPortStart: 0 }, name: 'host allows every port' },
    { code: service('ports:', '  - "443:443"'), facts: { source: 'host', unprivilegedPortStart: 443 }, name: 'host sysctl at 443' },
    { code: service('ports:', '  - "${WEB_PORT:-8080}:80"'), name: 'interpolated default above the threshold' },
    { code: service('ports:', '  - "${WEB_PORT}:80"'), env: { WEB_PORT: '8000' }, name: 'interpolated from the environment' },
    { code: service('ports:', '  - "$${X}:80"'), name: 'escaped dollar is not a port' },
    { code: service('expose:', '  - "80"'), name: 'expose is container-only' },
    { code: 'x-ports: &p\n  - "80:80"\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: service('ports: !reset []'), name: 'reset ports' },
  ],
  invalid: [
    {
      code: service('ports:', '  - "80:80"'),
      errors: [{ line: 5, column: 10, endLine: 5, endColumn: 12, message: 'Host port 80 of service "web" is privileged', severity: 'error' }],
      output: service('ports:', '  - "8080:80"'),
    },
    {
      name: 'unquoted, with IP, protocol and a comment',
      code: service('ports:', '  - 127.0.0.1:443:443/udp # tls'),
      errors: [{ line: 5, column: 19, endLine: 5, endColumn: 22 }],
      output: service('ports:', '  - 127.0.0.1:8443:443/udp # tls'),
    },
    {
      name: 'single-quoted host range',
      code: service('ports:', "  - '80-81:80-81'"),
      errors: [{ line: 5, column: 10, endLine: 5, endColumn: 15, message: 'ports 80-81' }],
      output: service('ports:', "  - '8080-8081:80-81'"),
    },
    {
      name: 'bracketed IPv6',
      code: service('ports:', '  - "[::1]:22:22"'),
      errors: [{ line: 5, column: 16, endLine: 5, endColumn: 18 }],
      output: service('ports:', '  - "[::1]:8022:22"'),
    },
    {
      name: 'bare IPv6 as in the compose spec',
      code: service('ports:', '  - "::1:53:53/udp"'),
      errors: [{ line: 5, column: 14, endLine: 5, endColumn: 16 }],
      output: service('ports:', '  - "::1:8053:53/udp"'),
    },
    {
      name: 'long syntax, number',
      code: service('ports:', '  - target: 80', '    published: 80', '    protocol: tcp'),
      errors: [{ line: 6, column: 20, endLine: 6, endColumn: 22 }],
      output: service('ports:', '  - target: 80', '    published: 8080', '    protocol: tcp'),
    },
    {
      name: 'long syntax, quoted string range',
      code: service('ports:', '  - target: 80', '    published: "80-90"'),
      errors: [{ line: 6, column: 21, endLine: 6, endColumn: 26, message: 'Host ports 80-90 of service "web" are privileged' }],
      output: service('ports:', '  - target: 80', '    published: "8080-8090"'),
    },
    {
      name: 'interpolated default: flagged on the whole value, no fix',
      code: service('ports:', '  - "${HTTP_PORT:-80}:80"'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 30, message: 'from "${HTTP_PORT:-80}:80"' }],
      output: null,
    },
    {
      name: 'interpolated from the environment',
      code: service('ports:', '  - "$PORT:80"'),
      env: { PORT: '81' },
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 19, message: 'Host port 81' }],
      output: null,
    },
    {
      name: 'unset variable: cannot evaluate',
      code: service('ports:', '  - "${PORT}:80"'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 21, message: "whether the host port of \"${PORT}:80\" is privileged: PORT is not set", severity: 'info' }],
      output: null,
    },
    {
      name: 'host threshold from facts',
      code: service('ports:', '  - "2000:80"'),
      facts: { source: 'host', unprivilegedPortStart: 4096 },
      errors: [{ line: 5, column: 10, endLine: 5, endColumn: 14, message: 'is 4096 on this host' }],
      output: service('ports:', '  - "10000:80"'),
    },
    {
      name: 'reached through a merge key: points at the anchored text',
      code: 'x-web: &web\n  ports:\n    - "80:80"\nservices:\n  a:\n    <<: *web\n    image: nginx\n  b:\n    <<: *web\n    image: nginx\n',
      errors: [
        { line: 3, column: 8, endLine: 3, endColumn: 10, message: 'service "a"' },
        { line: 3, column: 8, endLine: 3, endColumn: 10, message: 'service "b"' },
      ],
      output: 'x-web: &web\n  ports:\n    - "8080:80"\nservices:\n  a:\n    <<: *web\n    image: nginx\n  b:\n    <<: *web\n    image: nginx\n',
    },
    {
      name: 'two documents, CRLF line ends',
      code: 'services:\r\n  a:\r\n    ports: ["80:80"]\r\n---\r\nservices:\r\n  b:\r\n    ports: ["443:443"]\r\n',
      errors: [
        { line: 3, column: 14, endLine: 3, endColumn: 16 },
        { line: 7, column: 14, endLine: 7, endColumn: 17 },
      ],
      output: 'services:\r\n  a:\r\n    ports: ["8080:80"]\r\n---\r\nservices:\r\n  b:\r\n    ports: ["8443:443"]\r\n',
    },
  ],
});
