import { buildSecurityInsecure } from '../../../src/lint/rules/dockerfile/build-security-insecure';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

/** A Dockerfile from its lines. */
const df = (...lines: string[]) => [...lines, ''].join('\n');

ruleTester(buildSecurityInsecure, 'dockerfile', {
  valid: [
    { code: df('FROM alpine', 'RUN --security=sandbox make') },
    { code: df('FROM alpine', 'RUN make') },
    { code: df('FROM alpine', 'RUN echo --security=insecure'), name: 'an argument, not a flag' },
    { code: df('FROM alpine', '# RUN --security=insecure make'), name: 'a comment' },
    { code: df('FROM alpine', 'RUN --network=host make'), name: 'another flag' },
    { code: df('FROM alpine', 'LABEL security=insecure'), name: 'a label' },
    { code: df('FROM alpine', 'ONBUILD RUN --security=sandbox make'), name: 'ONBUILD sandbox' },
    { code: df('FROM alpine', 'RUN ["sh", "-c", "echo --security=insecure"]'), name: 'exec form' },
    { code: 'FROM alpine\r\nRUN --security=sandbox make\r\n', name: 'CRLF sandbox' },
    { code: df('FROM alpine', 'RUN --mount=type=secret,id=insecure make'), name: 'a secret named insecure' },
  ],
  invalid: [
    {
      code: df('FROM alpine', 'RUN --security=insecure losetup -f disk.img'),
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 24, message: 'RUN --security=insecure: under rootless Docker a privileged build step is privileged only inside the user namespace', severity: 'info' }],
      output: null,
    },
    {
      name: 'after a line continuation',
      code: df('FROM alpine', 'RUN --network=none \\', '    --security=insecure make'),
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 24 }],
      output: null,
    },
    {
      name: 'backtick escape directive',
      code: df('# escape=`', 'FROM alpine', 'RUN `', '  --security=insecure make'),
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 22 }],
      output: null,
    },
    {
      name: 'ONBUILD and CRLF',
      code: 'FROM alpine\r\nONBUILD RUN --security=insecure make\r\n',
      errors: [{ line: 2, column: 13, endLine: 2, endColumn: 32 }],
      output: null,
    },
    {
      name: 'with a here-document',
      code: df('FROM alpine', 'RUN --security=insecure <<EOF', 'mount -t tmpfs none /mnt', 'EOF'),
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 24 }],
      output: null,
    },
  ],
});

ruleTester(buildSecurityInsecure, 'compose', {
  valid: [
    { code: service('build:', '  context: .', '  entitlements: [network.host]') },
    { code: service('build:', '  context: .', '  privileged: false') },
    { code: service('build: .'), name: 'build as a string' },
    { code: service('privileged: true'), name: 'a privileged container (another rule)' },
    { code: service('build:', '  context: .', '  args:', '    MODE: security.insecure'), name: 'a build argument' },
    { code: service('build:', '  context: .', '  privileged: "no"'), name: 'YAML 1.1 no' },
    { code: service('build:', '  context: .', '  privileged: ${PRIV:-false}'), name: 'interpolated false' },
    { code: 'x-b: &b\n  entitlements: [security.insecure]\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor' },
    { code: 'x-b: &b\n  context: .\n  entitlements: [security.insecure]\nservices:\n  web:\n    build:\n      <<: *b\n      entitlements: !reset []\n', name: 'merged entitlements reset' },
    { code: service('build:', '  context: .', '  entitlements: [security.insecurely]'), name: 'a near miss' },
  ],
  invalid: [
    {
      code: service('build:', '  context: .', '  entitlements:', '    - network.host', '    - security.insecure'),
      errors: [{ line: 8, column: 11, endLine: 8, endColumn: 28, message: 'Service "web" allows the build entitlement security.insecure', severity: 'info' }],
      output: null,
    },
    {
      name: 'privileged build',
      code: service('build:', '  context: .', '  privileged: true'),
      errors: [{ line: 6, column: 19, endLine: 6, endColumn: 23, message: 'Service "web" builds with privileged: true' }],
      output: null,
    },
    {
      name: 'both, flow style, privileged as a string',
      code: service('build: {context: ., entitlements: ["security.insecure"], privileged: "true"}'),
      errors: [
        { line: 4, column: 40, endLine: 4, endColumn: 59 },
        { line: 4, column: 74, endLine: 4, endColumn: 80 },
      ],
      output: null,
    },
    {
      name: 'interpolated privileged',
      code: service('build:', '  privileged: ${PRIV:-true}'),
      errors: [{ line: 5, column: 19, endLine: 5, endColumn: 32 }],
      output: null,
    },
    {
      name: 'through a merge key',
      code: 'x-b: &b\n  entitlements: [security.insecure]\nservices:\n  web:\n    build:\n      <<: *b\n      context: .\n',
      errors: [{ line: 2, column: 18, endLine: 2, endColumn: 35 }],
      output: null,
    },
  ],
});
