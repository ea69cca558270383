import { bindRootOwnedPath } from '../../../src/lint/rules/compose/bind-root-owned-path';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

const vol = (...items: string[]) => service('volumes:', ...items.map((i) => `  - ${i}`));

// Line 4 is `volumes:`, line 5 its first item.
ruleTester(bindRootOwnedPath, 'compose', {
  valid: [
    { code: vol('/etc/localtime:/etc/localtime:ro'), name: 'localtime read-only' },
    { code: vol('/etc/timezone:/etc/timezone:ro', '/etc/hosts:/etc/hosts:ro', '/etc/resolv.conf:/etc/resolv.conf:ro'), name: 'the other world-readable files read-only' },
    { code: vol('/etc/localtime:/etc/localtime:ro,z'), name: 'read-only with an SELinux label' },
    { code: service('volumes:', '  - type: bind', '    source: /etc/localtime', '    target: /etc/localtime', '    read_only: true'), name: 'long syntax, read-only' },
    { code: vol('/var/run/docker.sock:/var/run/docker.sock'), name: 'the docker socket is another rule' },
    { code: vol('/run/docker.sock:/run/docker.sock:ro'), name: 'the other socket path' },
    { code: vol('./etc:/etc/app'), name: 'relative etc directory' },
    { code: vol('./nginx.conf:/etc/nginx/nginx.conf:ro'), name: 'target under /etc' },
    { code: vol('/home/me/etc:/etc/app', '/srv/mysql:/var/lib/mysql'), name: 'own directories' },
    { code: vol('/etcetera:/x', '/var/logs:/y', '/rooted:/z', '/var/library:/w', '/system:/v'), name: 'paths that only start like root-owned ones' },
    { code: vol('logs:/var/log'), name: 'named volume' },
    { code: vol('~/logs:/var/log', '/run/user/1000/app:/run/app'), name: 'home and runtime directories' },
    { code: vol('/opt/app:/opt/app', '/var/tmp:/tmp', '/srv/www:/var/www'), name: 'other system paths are not in the list' },
    { code: service('volumes:', '  - type: bind', '    source: ./etc', '    target: /etc/app'), name: 'long syntax, relative source' },
    { code: vol('/var/log'), name: 'anonymous volume at /var/log' },
    { code: service('volumes:', '  - type: volume', '    source: etc', '    target: /etc/app'), name: 'long syntax volume' },
    { code: service('volumes:', '  - type: tmpfs', '    target: /var/log'), name: 'tmpfs at /var/log' },
    { code: vol('${CONF_ROOT}/etc/app:/etc/app'), name: 'unset variable in the source' },
    { code: vol('${LOG_DIR:-./logs}:/var/log/app'), name: 'default is a relative path' },
    { code: vol('${LOG_DIR}:/logs'), env: { LOG_DIR: '/home/me/logs' }, name: 'variable set to an own directory' },
    { code: 'volumes:\n  logs:\n    driver_opts: {type: none, o: bind, device: /var/log}\nservices:\n  web:\n    image: nginx\n', name: 'top-level volume definition' },
    { code: vol('/var/log/../../home/me:/x'), name: 'a path that leaves /var/log through ..' },
    { code: 'x-base: &base\n  volumes: ["/var/log:/var/log"]\nservices:\n  web:\n    <<: *base\n    volumes: !reset []\n', name: 'merged volumes reset' },
    { code: 'x-logs: &logs\n  - /var/log:/var/log\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor' },
  ],
  invalid: [
    {
      name: 'logs read-only',
      code: vol('/var/log:/var/log:ro'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 17, message: 'Service "web" bind-mounts /var/log (host logs', severity: 'warning' }],
      output: null,
    },
    {
      name: 'certificates',
      code: vol('/etc/letsencrypt:/etc/letsencrypt:ro # certs'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 25, message: 'nobody:nogroup' }],
      output: null,
    },
    {
      name: "long syntax, root's home",
      code: service('volumes:', '  - type: bind', '    source: /root/.ssh', '    target: /root/.ssh'),
      errors: [{ line: 6, column: 17, endLine: 6, endColumn: 27, message: "root's home directory" }],
      output: null,
    },
    {
      name: 'monitoring agent mounts',
      code: vol('/var/lib/docker/:/var/lib/docker:ro', '/proc:/host/proc:ro', '"/sys:/host/sys:ro"'),
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 25, message: 'bind-mounts /var/lib/docker (system service state' },
        { line: 6, column: 9, endLine: 6, endColumn: 14, message: "the host's /proc" },
        { line: 7, column: 10, endLine: 7, endColumn: 14, message: "the host's /sys" },
      ],
      output: null,
    },
    {
      name: 'kernel trees',
      code: vol('/boot:/boot:ro', '/lib/modules:/lib/modules:ro'),
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 14 },
        { line: 6, column: 9, endLine: 6, endColumn: 21, message: 'kernel modules' },
      ],
      output: null,
    },
    {
      name: 'doubled slash and trailing slash',
      code: vol("'//etc/ssl/private/:/keys'"),
      errors: [{ line: 5, column: 10, endLine: 5, endColumn: 28, message: 'bind-mounts /etc/ssl/private (host configuration' }],
      output: null,
    },
    {
      name: 'a whitelisted file mounted read-write: info',
      code: vol('/etc/localtime:/etc/localtime'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 23, message: 'Mount it read-only', severity: 'info' }],
      output: null,
    },
    {
      name: 'a path that enters /etc through ..',
      code: vol('/srv/../etc/ssh:/ssh:ro'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 24, message: 'bind-mounts /etc/ssh' }],
      output: null,
    },
    {
      name: 'from a variable default: whole value',
      code: vol('${LOG_DIR:-/var/log}:/logs'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 35, message: 'bind-mounts /var/log (from "${LOG_DIR:-/var/log}")' }],
      output: null,
    },
    {
      name: 'a variable in the mode only: the source is still exact',
      code: vol('/var/log:/logs:${LOG_MODE:-ro}'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 17 }],
      output: null,
    },
    {
      name: 'rootful daemon known: info',
      code: vol('/var/lib:/host/var/lib'),
      facts: { source: 'daemon', rootless: false },
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 17, severity: 'info' }],
      output: null,
    },
    {
      name: 'through a merge key',
      code: 'x-base: &base\n  volumes: ["/etc:/host/etc:ro"]\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [
        { line: 2, column: 14, endLine: 2, endColumn: 18, message: 'Service "a"' },
        { line: 2, column: 14, endLine: 2, endColumn: 18, message: 'Service "b"' },
      ],
      output: null,
    },
  ],
});
