import { sctpPort } from '../../../src/lint/rules/compose/sctp-port';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

/** A Dockerfile from its lines. */
const df = (...lines: string[]) => [...lines, ''].join('\n');

// Line 4 is the first line under the service, line 5 its first item.
ruleTester(sctpPort, 'compose', {
  valid: [
    { code: service('ports:', '  - "5000:5000/udp"') },
    { code: service('ports:', '  - "5000:5000"', '  - 5001'), name: 'TCP by default' },
    { code: service('ports:', '  - target: 5000', '    published: 5000', '    protocol: udp') },
    { code: service('ports:', '  - target: 5000', '    published: 5000'), name: 'long syntax without protocol' },
    { code: service('expose:', '  - "5000"', '  - 6000'), name: 'expose without protocol' },
    { code: service('expose:', '  - "5000/udp"') },
    { code: service('command: ["--listen", "5000/sctp"]'), name: 'not a ports field' },
    { code: service('environment:', '  - PORT=5000/sctp'), name: 'an environment value' },
    { code: 'x-ports: &p\n  - "5000:5000/sctp"\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: 'x-web: &web\n  ports:\n    - "5000:5000/sctp"\nservices:\n  web:\n    <<: *web\n    image: nginx\n    ports: !reset []\n', name: 'merged ports reset' },
    { code: service('ports:', '  - "${PROTO_PORT:-5000}:5000/udp"'), name: 'interpolated, UDP' },
    { code: service('ports:', '  - "5000:5000/${PROTO:-udp}"'), name: 'interpolated protocol defaulting to UDP' },
    { code: service('ports:', '  - target: 5000', '    protocol: ${PROTO:-tcp}'), name: 'long syntax, interpolated TCP' },
    { code: service('ports:', '  - "5000:5000/tcp"', '  - "5001-5002:5001-5002/udp"'), name: 'explicit TCP and a UDP range' },
    { code: service('expose:', '  - 5000', '  - "6000-6005/tcp"'), name: 'expose numbers and a TCP range' },
    { code: service('labels:', '  proto: sctp', '  port: "5000/sctp"'), name: 'labels that mention sctp' },
    { code: 'services:\n  web:\n    image: nginx\nnetworks:\n  sctp:\n    driver: bridge\n', name: 'a network named sctp' },
    { code: service('ports: !reset null'), name: 'reset to null' },
  ],
  invalid: [
    {
      code: service('ports:', '  - "5000:5000/sctp"'),
      errors: [{ line: 5, column: 20, endLine: 5, endColumn: 24, message: 'Service "web" publishes an SCTP port on host port 5000', severity: 'warning' }],
      output: null,
    },
    {
      name: 'unquoted with host IP, upper case',
      code: service('ports:', '  - 127.0.0.1:5000:5000/SCTP # signalling'),
      errors: [{ line: 5, column: 29, endLine: 5, endColumn: 33, message: 'accepts the binding without an error (Docker 20.10 even lists it in docker port and inspect) and nothing forwards it' }],
      output: null,
    },
    {
      name: 'container port only: published on a random host port',
      code: service('ports:', "  - '5000/sctp'"),
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 19, message: 'on a random host port' }],
      output: null,
    },
    {
      name: 'long syntax with a published port',
      code: service('ports:', '  - target: 5000', '    published: "5000"', '    protocol: sctp'),
      errors: [{ line: 7, column: 19, endLine: 7, endColumn: 23, message: 'on host port 5000' }],
      output: null,
    },
    {
      name: 'long syntax without published',
      code: service('ports:', '  - target: 5000', '    protocol: sctp'),
      errors: [{ line: 6, column: 19, endLine: 6, endColumn: 23, message: 'on a random host port' }],
      output: null,
    },
    {
      name: 'interpolated: the whole value',
      code: service('ports:', '  - "${SCTP_PORT:-5000}:5000/sctp"'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 39, message: 'host port 5000' }],
      output: null,
    },
    {
      name: 'expose: container-to-container only, info',
      code: service('expose:', '  - "5000/sctp"', '  - "6000"'),
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 19, message: 'exposes SCTP port 5000: fine between containers', severity: 'info' }],
      output: null,
    },
    {
      name: 'through a merge key: reported at the anchored text for each service',
      code: 'x-web: &web\n  ports:\n    - "5000:5000/sctp"\nservices:\n  a:\n    <<: *web\n    image: nginx\n  b:\n    <<: *web\n    image: nginx\n',
      errors: [
        { line: 3, column: 18, endLine: 3, endColumn: 22, message: 'Service "a"' },
        { line: 3, column: 18, endLine: 3, endColumn: 22, message: 'Service "b"' },
      ],
      output: null,
    },
    {
      name: 'CRLF line ends, flow sequence',
      code: 'services:\r\n  web:\r\n    image: nginx\r\n    ports: ["38412:38412/sctp"]\r\n',
      errors: [{ line: 4, column: 26, endLine: 4, endColumn: 30 }],
      output: null,
    },
    {
      name: 'a rootful daemon: info',
      code: service('ports:', '  - "5000:5000/sctp"'),
      facts: { source: 'daemon', rootless: false },
      errors: [{ line: 5, column: 20, endLine: 5, endColumn: 24, severity: 'info' }],
      output: null,
    },
  ],
});

ruleTester(sctpPort, 'dockerfile', {
  valid: [
    { code: df('FROM alpine', 'EXPOSE 80') },
    { code: df('FROM alpine', 'EXPOSE 5000/udp 5001/tcp') },
    { code: df('FROM alpine', 'LABEL ports="5000/sctp"'), name: 'a label' },
    { code: df('FROM alpine', 'RUN echo 5000/sctp'), name: 'a RUN argument' },
    { code: df('FROM alpine', '# EXPOSE 5000/sctp'), name: 'a comment' },
    { code: df('FROM alpine', 'ENV PORT=5000/sctp'), name: 'an ENV value' },
    { code: df('FROM alpine', 'EXPOSE ${PORT}'), name: 'a variable' },
    { code: df('FROM alpine', 'EXPOSE 5000/udp \\', '  5001'), name: 'continuation without SCTP' },
    { code: df('FROM alpine', 'HEALTHCHECK CMD nc -z localhost 5000'), name: 'a healthcheck' },
    { code: df('FROM alpine', 'ONBUILD EXPOSE 5000'), name: 'ONBUILD EXPOSE of TCP' },
    { code: df('FROM alpine', 'RUN sctp_test -H 0.0.0.0 -P 5000 -l'), name: 'an SCTP tool in RUN' },
    { code: 'FROM alpine\r\nEXPOSE 5000/tcp\r\n', name: 'CRLF, TCP' },
  ],
  invalid: [
    {
      code: df('FROM alpine', 'EXPOSE 80 5000/sctp'),
      errors: [{ line: 2, column: 16, endLine: 2, endColumn: 20, message: 'EXPOSE 5000/sctp only matters when the image is run with "docker run -P"', severity: 'info' }],
      output: null,
    },
    {
      name: 'line continuation, range, upper case',
      code: df('FROM alpine', 'EXPOSE 80 \\', '  6000-6001/SCTP'),
      errors: [{ line: 3, column: 13, endLine: 3, endColumn: 17, message: 'EXPOSE 6000-6001/SCTP' }],
      output: null,
    },
    {
      name: 'backtick escape directive',
      code: df('# escape=`', 'FROM alpine', 'EXPOSE 80 `', '  5000/sctp'),
      errors: [{ line: 4, column: 8, endLine: 4, endColumn: 12 }],
      output: null,
    },
    {
      name: 'inside ONBUILD',
      code: df('FROM alpine', 'ONBUILD EXPOSE 5000/sctp'),
      errors: [{ line: 2, column: 21, endLine: 2, endColumn: 25 }],
      output: null,
    },
    {
      name: 'CRLF line ends',
      code: 'FROM alpine\r\nEXPOSE 5000/sctp\r\nEXPOSE 5001/sctp\r\n',
      errors: [
        { line: 2, column: 13, endLine: 2, endColumn: 17 },
        { line: 3, column: 13, endLine: 3, endColumn: 17 },
      ],
      output: null,
    },
  ],
});
