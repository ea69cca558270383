import { buildNetworkHost } from '../../../src/lint/rules/dockerfile/build-network-host';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

/** A Dockerfile from its lines. */
const df = (...lines: string[]) => [...lines, ''].join('\n');

ruleTester(buildNetworkHost, 'dockerfile', {
  valid: [
    { code: df('FROM alpine', 'RUN --network=none make test') },
    { code: df('FROM alpine', 'RUN --network=default apk add curl') },
    { code: df('FROM alpine', 'RUN apk add curl') },
    { code: df('FROM alpine', 'RUN echo --network=host'), name: 'an argument, not a flag' },
    { code: df('FROM alpine', '# RUN --network=host apk add curl'), name: 'a comment' },
    { code: df('FROM alpine', 'RUN --mount=type=cache,target=/var/cache/apk apk add curl'), name: 'another flag' },
    { code: df('FROM --platform=linux/amd64 alpine', 'RUN --security=sandbox true'), name: 'other flags elsewhere' },
    { code: df('FROM alpine', 'RUN --network=host apk add curl'), facts: { source: 'daemon', daemonVersion: '29.5.0' }, name: 'Docker 29.5 uses the real host network' },
    { code: df('FROM alpine', 'RUN --network=host apk add curl'), facts: { source: 'daemon', daemonVersion: '30.0.1' }, name: 'Docker 30' },
    { code: df('FROM alpine', 'ONBUILD RUN --network=none make'), name: 'ONBUILD, no network' },
  ],
  invalid: [
    {
      code: df('FROM alpine', 'RUN --network=host apk add curl'),
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 19, message: 'RUN --network=host: with a rootless daemon older than v29.5, "host" is RootlessKit\'s network namespace', severity: 'info' }],
      output: null,
    },
    {
      name: 'after a line continuation',
      code: df('FROM alpine', 'RUN --mount=type=cache,target=/var/cache/apk \\', '    --network=host apk add curl'),
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 19 }],
      output: null,
    },
    {
      name: 'backtick escape directive',
      code: df('# escape=`', 'FROM alpine', 'RUN `', '  --network=host apk add curl'),
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 17 }],
      output: null,
    },
    {
      name: 'ONBUILD and CRLF',
      code: 'FROM alpine\r\nONBUILD RUN --network=host make\r\n',
      errors: [{ line: 2, column: 13, endLine: 2, endColumn: 27 }],
      output: null,
    },
    {
      name: 'known older daemon',
      code: df('FROM alpine', 'RUN --network=host apk add curl'),
      facts: { source: 'daemon', daemonVersion: '28.0.4' },
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 19, message: 'with Docker 28.0.4' }],
      output: null,
    },
  ],
});

ruleTester(buildNetworkHost, 'compose', {
  valid: [
    { code: service('build:', '  context: .', '  network: none') },
    { code: service('build: .'), name: 'build as a string' },
    { code: service('build:', '  context: .', '  network: default') },
    { code: service('network_mode: host'), name: 'the container network (another rule)' },
    { code: service('build:', '  context: .', '  args:', '    NETWORK: host'), name: 'a build argument' },
    { code: service('build:', '  context: .', '  network: host'), facts: { source: 'daemon', daemonVersion: '29.5.1' }, name: 'Docker 29.5' },
    { code: 'x-b: &b\n  network: host\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor' },
    { code: 'x-b: &b\n  context: .\n  network: host\nservices:\n  web:\n    build:\n      <<: *b\n      network: !reset null\n', name: 'merged network reset' },
    { code: service('build:', '  context: .', '  network: ${BUILD_NET:-none}'), name: 'interpolated default none' },
    { code: service('build:', '  context: .', '  network: hostnet'), name: 'a network named like host' },
  ],
  invalid: [
    {
      code: service('build:', '  context: .', '  network: host'),
      errors: [{ line: 6, column: 16, endLine: 6, endColumn: 20, message: 'Service "web" builds with network: host', severity: 'info' }],
      output: null,
    },
    {
      name: 'quoted, flow mapping',
      code: service('build: {context: ., network: "host"}'),
      errors: [{ line: 4, column: 34, endLine: 4, endColumn: 40 }],
      output: null,
    },
    {
      name: 'interpolated default',
      code: service('build:', '  context: .', '  network: ${BUILD_NET:-host}'),
      errors: [{ line: 6, column: 16, endLine: 6, endColumn: 34 }],
      output: null,
    },
    {
      name: 'through a merge key',
      code: 'x-b: &b\n  context: .\n  network: host\nservices:\n  web:\n    build:\n      <<: *b\n',
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 16 }],
      output: null,
    },
    {
      name: 'a rootful daemon: still info',
      code: service('build:', '  network: host'),
      facts: { source: 'daemon', rootless: false },
      errors: [{ line: 5, column: 16, endLine: 5, endColumn: 20, severity: 'info' }],
      output: null,
    },
  ],
});
