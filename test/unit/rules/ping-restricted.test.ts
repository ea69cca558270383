import { pingRestricted } from '../../../src/lint/rules/dockerfile/ping-restricted';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

/** A Dockerfile from its lines. */
const df = (...lines: string[]) => [...lines, ''].join('\n');

ruleTester(pingRestricted, 'dockerfile', {
  valid: [
    { code: df('FROM debian', 'RUN apt-get install -y iputils-ping'), name: 'installing ping' },
    { code: df('FROM debian', 'RUN pingpong --ping'), name: 'ping inside other words' },
    { code: df('FROM debian', 'RUN echo ping && echo "ping x"'), name: 'ping as an argument' },
    { code: df('FROM debian', 'RUN which ping && command -v ping'), name: 'looking ping up' },
    { code: df('FROM debian', 'RUN echo x # ping y'), name: 'a shell comment' },
    { code: df('FROM debian', '# RUN ping x'), name: 'a Dockerfile comment' },
    { code: df('FROM debian', 'RUN echo start \\', '  ping'), name: 'continuation makes ping an argument' },
    { code: df('FROM debian', 'RUN ["echo", "ping"]'), name: 'exec form argument' },
    { code: df('FROM debian', 'HEALTHCHECK CMD curl -f http://localhost/ping || exit 1'), name: 'HTTP healthcheck' },
    { code: df('FROM debian', 'HEALTHCHECK NONE') },
    { code: df('FROM debian', 'RUN cat <<EOF > /etc/motd', 'ping me', 'EOF'), name: 'here-document that is data' },
    { code: df('FROM debian', 'RUN python3 <<EOF', 'ping()', 'EOF'), name: 'here-document fed to python' },
    { code: df('FROM debian', 'RUN <<EOF', '#!/usr/bin/env python3', 'ping()', 'EOF'), name: 'here-document script with a python shebang' },
    { code: df('FROM debian', 'LABEL check="ping"', 'ENV PING=ping'), name: 'label and env' },
    { code: df('FROM debian', 'CMD ["sleep", "infinity"]', 'RUN ping6x'), name: 'other command names' },
    { code: df('FROM debian', 'RUN ["sh", "-c", "echo ping"]'), name: 'exec form sh -c without ping' },
    { code: df('FROM debian', 'HEALTHCHECK CMD ["curl", "-f", "http://ping.internal/"]'), name: 'exec form healthcheck without ping' },
    { code: df('FROM debian', 'RUN <<EOF', 'echo ping', 'EOF'), name: 'here-document script without ping' },
    { code: df('FROM debian', 'RUN cat > /usr/local/bin/check <<EOF', 'ping -c1 db', 'EOF'), name: 'here-document written to a file' },
    { code: df('FROM debian', 'RUN x=ping; echo "$x"'), name: 'an assignment' },
    { code: df('FROM debian', 'ONBUILD RUN echo ping'), name: 'ONBUILD without ping' },
    { code: 'FROM debian\r\nRUN echo a \\\r\n  ping\r\n', name: 'CRLF continuation makes ping an argument' },
  ],
  invalid: [
    {
      code: df('FROM debian', 'RUN ping -c 1 example.com'),
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 9, message: 'RUN runs ping, but ICMP from rootless containers', severity: 'info' }],
      output: null,
    },
    {
      name: 'after a line continuation',
      code: df('FROM debian', 'RUN apt-get install -y iputils-ping && \\', '    ping -c1 example.com'),
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 9 }],
      output: null,
    },
    {
      name: 'backtick escape directive',
      code: df('# escape=`', 'FROM debian', 'RUN apk add iputils && `', '    # a comment inside the continuation', '    ping -c1 example.com'),
      errors: [{ line: 5, column: 5, endLine: 5, endColumn: 9 }],
      output: null,
    },
    {
      name: 'exec form',
      code: df('FROM debian', 'RUN ["ping", "-c", "1", "example.com"]'),
      errors: [{ line: 2, column: 7, endLine: 2, endColumn: 11 }],
      output: null,
    },
    {
      name: 'exec form through sh -c',
      code: df('FROM debian', 'RUN ["/bin/sh", "-ec", "apk add iputils; ping -c1 x"]'),
      errors: [{ line: 2, column: 42, endLine: 2, endColumn: 46 }],
      output: null,
    },
    {
      name: 'HEALTHCHECK shell form with options',
      code: df('FROM debian', 'HEALTHCHECK --interval=30s CMD ping -c 1 localhost || exit 1'),
      errors: [{ line: 2, column: 32, endLine: 2, endColumn: 36, message: 'the check always fails and the container is marked unhealthy', severity: 'info' }],
      output: null,
    },
    {
      name: 'HEALTHCHECK exec form',
      code: df('FROM debian', 'HEALTHCHECK CMD ["ping", "-c", "1", "db"]'),
      errors: [{ line: 2, column: 19, endLine: 2, endColumn: 23, message: 'marked unhealthy' }],
      output: null,
    },
    {
      name: 'here-document script',
      code: df('FROM debian', 'RUN <<EOF', 'set -e', 'ping -c1 example.com', 'EOF'),
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 5 }],
      output: null,
    },
    {
      name: 'here-document fed to bash',
      code: df('FROM debian', 'RUN bash <<-EOT', '\tping -c1 example.com', '\tEOT'),
      errors: [{ line: 3, column: 2, endLine: 3, endColumn: 6 }],
      output: null,
    },
    {
      name: 'ONBUILD RUN and ONBUILD HEALTHCHECK',
      code: df('FROM debian', 'ONBUILD RUN ping -c1 x', 'ONBUILD HEALTHCHECK CMD ping -c1 y'),
      errors: [
        { line: 2, column: 13, endLine: 2, endColumn: 17, message: 'RUN runs ping' },
        { line: 3, column: 25, endLine: 3, endColumn: 29, message: 'HEALTHCHECK runs ping' },
      ],
      output: null,
    },
    {
      name: 'wrappers, paths and ping6',
      code: df('FROM debian', 'RUN sudo -u nobody /bin/ping6 -c1 x; timeout 5 busybox ping y; sh -c "ping z"'),
      errors: [
        { line: 2, column: 20, endLine: 2, endColumn: 30, message: 'RUN runs /bin/ping6' },
        { line: 2, column: 56, endLine: 2, endColumn: 60 },
        { line: 2, column: 71, endLine: 2, endColumn: 75 },
      ],
      output: null,
    },
    {
      name: 'CRLF line ends',
      code: 'FROM debian\r\nRUN set -e \\\r\n  && ping -c1 x\r\nHEALTHCHECK CMD ping -c1 y\r\n',
      errors: [
        { line: 3, column: 6, endLine: 3, endColumn: 10 },
        { line: 4, column: 17, endLine: 4, endColumn: 21 },
      ],
      output: null,
    },
  ],
});

ruleTester(pingRestricted, 'compose', {
  valid: [
    { code: service('healthcheck:', '  test: ["CMD", "curl", "-f", "http://localhost/ping"]'), name: 'HTTP check' },
    { code: service('healthcheck:', '  test: ["CMD-SHELL", "wget -qO- http://localhost/ping || exit 1"]'), name: 'CMD-SHELL without ping' },
    { code: service('healthcheck:', '  test: ["NONE"]') },
    { code: service('healthcheck:', '  test: ping -c1 db', '  disable: true'), name: 'disabled healthcheck' },
    { code: service('healthcheck:', '  test: ["CMD", "echo", "ping"]'), name: 'ping as an argument' },
    { code: service('healthcheck:', '  test: ["CMD-SHELL", "echo ping"]'), name: 'ping as a shell argument' },
    { code: service('healthcheck:', '  test: pingpong'), name: 'another command' },
    { code: service('command: ping -c1 db'), name: 'not a healthcheck' },
    { code: service('environment:', '  CHECK: ping -c1 db'), name: 'an environment value' },
    { code: service('healthcheck:', '  test: ["CMD-SHELL", "nc -z localhost 5432 # not ping"]'), name: 'ping in a shell comment' },
    { code: 'x-hc: &hc\n  test: ping -c1 db\nservices:\n  web:\n    image: nginx\n    healthcheck:\n      <<: *hc\n      test: ["CMD", "true"]\n', name: 'merged ping overridden' },
    { code: 'x-hc: &hc\n  healthcheck:\n    test: ping -c1 db\nservices:\n  web:\n    <<: *hc\n    image: nginx\n    healthcheck: !reset null\n', name: 'merged healthcheck reset' },
  ],
  invalid: [
    {
      name: 'CMD list form',
      code: service('healthcheck:', '  test: ["CMD", "ping", "-c", "1", "db"]'),
      errors: [{ line: 5, column: 22, endLine: 5, endColumn: 26, message: 'The healthcheck of service "web" runs ping', severity: 'info' }],
      output: null,
    },
    {
      name: 'CMD-SHELL list form',
      code: service('healthcheck:', '  test: ["CMD-SHELL", "ping -c 1 db || exit 1"]'),
      errors: [{ line: 5, column: 28, endLine: 5, endColumn: 32 }],
      output: null,
    },
    {
      name: 'string form',
      code: service('healthcheck:', '  test: ping -c1 db', '  interval: 10s'),
      errors: [{ line: 5, column: 13, endLine: 5, endColumn: 17 }],
      output: null,
    },
    {
      name: 'block list, absolute path',
      code: service('healthcheck:', '  test:', '    - CMD', '    - /bin/ping', '    - -c1', '    - db'),
      errors: [{ line: 7, column: 11, endLine: 7, endColumn: 20, message: 'runs /bin/ping' }],
      output: null,
    },
    {
      name: 'escaped dollar: not verbatim, the whole value',
      code: service('healthcheck:', '  test: ["CMD-SHELL", "ping -c1 $${HOST}"]'),
      errors: [{ line: 5, column: 27, endLine: 5, endColumn: 46 }],
      output: null,
    },
    {
      name: 'shared through a merge key',
      code: 'x-hc: &hc\n  healthcheck:\n    test: ping -c1 db\nservices:\n  a:\n    <<: *hc\n    image: nginx\n  b:\n    <<: *hc\n    image: nginx\n',
      errors: [
        { line: 3, column: 11, endLine: 3, endColumn: 15, message: 'service "a"' },
        { line: 3, column: 11, endLine: 3, endColumn: 15, message: 'service "b"' },
      ],
      output: null,
    },
  ],
});
