import { uidOutsideSubuidRange } from '../../../src/lint/rules/dockerfile/uid-outside-subuid-range';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

/** A Dockerfile from its lines. */
const df = (...lines: string[]) => [...lines, ''].join('\n');

ruleTester(uidOutsideSubuidRange, 'dockerfile', {
  valid: [
    { code: df('FROM alpine', 'USER 1000') },
    { code: df('FROM alpine', 'USER 1000:1000') },
    { code: df('FROM alpine', 'USER app') },
    { code: df('FROM alpine', 'USER 65535:65535'), name: 'just below the default range' },
    { code: df('FROM alpine', 'USER 65536:65536'), name: 'the last mapped ID: 0 is your user, 1 to 65536 the subordinate range' },
    { code: df('FROM alpine', 'ARG UID=70000', 'USER ${UID}'), name: 'a variable is not read' },
    { code: df('FROM alpine', 'RUN useradd -u 1000 app && groupadd -g 1000 grp') },
    { code: df('FROM alpine', 'RUN adduser -D -g 70000 app'), name: 'busybox adduser -g is the GECOS field' },
    { code: df('FROM alpine', 'RUN useradd -d /home/70000 -c 100000 app'), name: 'numbers in other options' },
    { code: df('FROM alpine', 'RUN chown -R 1000:1000 /data && chgrp 1000 /data') },
    { code: df('FROM alpine', 'RUN chown --reference=/etc/passwd /data'), name: 'chown --reference' },
    { code: df('FROM alpine', 'RUN echo 70000 && sleep 100000'), name: 'numbers that are not IDs' },
    { code: df('FROM alpine', 'COPY --chown=1000:1000 app /app') },
    { code: df('FROM alpine', 'LABEL uid=70000', 'CMD ["sleep", "70000"]'), name: 'label and CMD' },
    { code: df('FROM alpine', 'USER 70000', 'RUN useradd -u 100000 app'), facts: { source: 'host', subuidRange: 200000 }, name: 'a wider range on this host' },
    { code: df('FROM alpine', 'RUN cat <<EOF > /etc/group', 'app:x:70000:', 'EOF'), name: 'here-document data' },
    { code: df('FROM alpine', '# USER 70000'), name: 'a comment' },
    { code: df('FROM alpine', 'USER 0') },
    { code: df('FROM alpine', 'ARG APP_UID=70000', 'RUN useradd -u ${APP_UID} app && chown "$APP_UID" /x'), name: 'variables in RUN' },
    { code: df('FROM alpine', 'RUN chown 0:0 /x && groupadd -r -g 998 docker'), name: 'small IDs' },
    { code: df('FROM alpine', 'RUN echo "useradd -u 70000 app"'), name: 'a quoted argument' },
    { code: df('FROM alpine', 'RUN ["echo", "useradd", "-u", "70000"]'), name: 'exec form argument' },
    { code: df('FROM alpine', 'RUN python3 <<EOF', 'os.chown(p, 70000, 70000)', 'EOF'), name: 'here-document fed to python' },
    { code: df('FROM alpine', 'COPY --from=build --chown=app:app /a /b', 'ADD --chmod=755 a /70000'), name: 'names and paths' },
    { code: df('FROM alpine', 'RUN ls -la /home/100000'), name: 'a path' },
    { code: df('FROM alpine', 'ENV UID=70000'), name: 'an ENV value' },
    { code: df('FROM alpine', 'RUN useradd -u 70000 app'), facts: { source: 'host', subuidRange: 100000 }, name: 'RUN with a wider range on this host' },
    { code: 'FROM alpine\r\nUSER 1000\r\n', name: 'CRLF, small ID' },
  ],
  invalid: [
    {
      code: df('FROM alpine', 'USER 70000'),
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 11, message: 'UID 70000 (USER) cannot be mapped under rootless Docker', severity: 'warning' }],
      output: null,
    },
    {
      name: 'group part only',
      code: df('FROM alpine', 'USER app:70000'),
      errors: [{ line: 2, column: 10, endLine: 2, endColumn: 15, message: 'GID 70000 (USER)' }],
      output: null,
    },
    {
      name: 'both parts, just above the default range',
      code: df('FROM alpine', 'USER 65537:65537'),
      errors: [
        { line: 2, column: 6, endLine: 2, endColumn: 11, message: 'maps IDs 0 (your own user) to 65536 and higher IDs do not exist' },
        { line: 2, column: 12, endLine: 2, endColumn: 17 },
      ],
      output: null,
    },
    {
      name: 'USER after a line continuation',
      code: df('FROM alpine', 'USER \\', '  100000'),
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 9 }],
      output: null,
    },
    {
      name: 'useradd and groupadd, short, long and clustered options',
      code: df('FROM alpine', 'RUN groupadd --gid=80000 grp && useradd -ru 70000 -g grp app && usermod --uid 70001 www-data'),
      errors: [
        { line: 2, column: 20, endLine: 2, endColumn: 25, message: 'GID 80000 (groupadd -g)' },
        { line: 2, column: 45, endLine: 2, endColumn: 50, message: 'UID 70000 (useradd -u)' },
        { line: 2, column: 79, endLine: 2, endColumn: 84, message: 'UID 70001 (usermod -u)' },
      ],
      output: null,
    },
    {
      name: 'busybox adduser and addgroup',
      code: df('FROM alpine', 'RUN addgroup -S -g 90000 grp && adduser -D -u90001 -G grp app'),
      errors: [
        { line: 2, column: 20, endLine: 2, endColumn: 25, message: 'GID 90000 (addgroup -g)' },
        { line: 2, column: 46, endLine: 2, endColumn: 51, message: 'UID 90001 (adduser -u)' },
      ],
      output: null,
    },
    {
      name: 'chown and chgrp',
      code: df('FROM alpine', 'RUN chown -R 200000:200000 /data; chown app.70000 /x; chgrp 99999 /y'),
      errors: [
        { line: 2, column: 14, endLine: 2, endColumn: 20, message: 'UID 200000 (chown)' },
        { line: 2, column: 21, endLine: 2, endColumn: 27, message: 'GID 200000 (chown)' },
        { line: 2, column: 45, endLine: 2, endColumn: 50, message: 'GID 70000 (chown)' },
        { line: 2, column: 61, endLine: 2, endColumn: 66, message: 'GID 99999 (chgrp)' },
      ],
      output: null,
    },
    {
      name: 'COPY and ADD --chown',
      code: df('FROM alpine', 'COPY --chown=100000:100 app /app', 'ADD --chown=app:70000 a.tar /'),
      errors: [
        { line: 2, column: 14, endLine: 2, endColumn: 20, message: 'UID 100000 (COPY --chown)' },
        { line: 3, column: 17, endLine: 3, endColumn: 22, message: 'GID 70000 (ADD --chown)' },
      ],
      output: null,
    },
    {
      name: 'quoted, after a continuation with the backtick escape',
      code: df('# escape=`', 'FROM alpine', 'RUN useradd -d /home/u `', '    -u "70002" u2'),
      errors: [{ line: 4, column: 9, endLine: 4, endColumn: 14 }],
      output: null,
    },
    {
      name: 'exec form',
      code: df('FROM alpine', 'RUN ["useradd", "-u", "70003", "app"]'),
      errors: [{ line: 2, column: 24, endLine: 2, endColumn: 29 }],
      output: null,
    },
    {
      name: 'here-document script',
      code: df('FROM alpine', 'RUN <<EOF', 'set -e', 'useradd --uid 70004 app', 'EOF'),
      errors: [{ line: 4, column: 15, endLine: 4, endColumn: 20 }],
      output: null,
    },
    {
      name: 'ONBUILD',
      code: df('FROM alpine', 'ONBUILD RUN usermod -u 100000 www-data', 'ONBUILD USER 100000'),
      errors: [
        { line: 2, column: 24, endLine: 2, endColumn: 30 },
        { line: 3, column: 14, endLine: 3, endColumn: 20 },
      ],
      output: null,
    },
    {
      name: 'CRLF line ends',
      code: 'FROM alpine\r\nRUN set -e \\\r\n  && useradd -u 70000 app\r\nUSER 70000\r\n',
      errors: [
        { line: 3, column: 17, endLine: 3, endColumn: 22 },
        { line: 4, column: 6, endLine: 4, endColumn: 11 },
      ],
      output: null,
    },
    {
      name: 'a narrower range on this host',
      code: df('FROM alpine', 'USER 5000'),
      facts: { source: 'host', subuidRange: 4096 },
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 10, message: 'your /etc/subuid range holds 4096 IDs' }],
      output: null,
    },
  ],
});

ruleTester(uidOutsideSubuidRange, 'compose', {
  valid: [
    { code: service('user: "1000:1000"') },
    { code: service('user: app') },
    { code: service('user: root:root') },
    { code: service('user: "65535"'), name: 'just below the default range' },
    { code: service('user: "${UID}:${GID}"'), name: 'unset variables' },
    { code: service('user: "${APP_UID:-1000}"'), name: 'interpolated default below the range' },
    { code: service('user: "70000"'), facts: { source: 'host', subuidRange: 131072 }, name: 'a wider range on this host' },
    { code: service('environment:', '  PUID: "70000"'), name: 'not the user field' },
    { code: 'x-u: &u\n  user: "70000"\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor' },
    { code: 'x-u: &u\n  user: "70000"\nservices:\n  web:\n    <<: *u\n    image: nginx\n    user: !reset null\n', name: 'merged user reset' },
    { code: service('user: "1000"'), env: { APP_UID: '70000' }, name: 'an unrelated variable' },
    { code: service('user: "0:0"'), name: 'root inside, the rootless idiom' },
  ],
  invalid: [
    {
      code: service('user: "70000"'),
      errors: [{ line: 4, column: 12, endLine: 4, endColumn: 17, message: 'UID 70000 (user of service "web") cannot be mapped', severity: 'warning' }],
      output: null,
    },
    {
      name: 'a number',
      code: service('user: 100000'),
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 17 }],
      output: null,
    },
    {
      name: 'group part',
      code: service("user: 'app:70000'"),
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 21, message: 'GID 70000' }],
      output: null,
    },
    {
      name: 'interpolated default: the whole value',
      code: service('user: "${APP_UID:-100000}"'),
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 31, message: 'from "${APP_UID:-100000}"' }],
      output: null,
    },
    {
      name: 'interpolated from the environment',
      code: service('user: "${APP_UID}:${APP_UID}"'),
      env: { APP_UID: '70000' },
      errors: [
        { line: 4, column: 11, endLine: 4, endColumn: 34, message: 'UID 70000' },
        { line: 4, column: 11, endLine: 4, endColumn: 34, message: 'GID 70000' },
      ],
      output: null,
    },
    {
      name: 'through a merge key',
      code: 'x-u: &u\n  user: "70000"\nservices:\n  a:\n    <<: *u\n    image: nginx\n',
      errors: [{ line: 2, column: 10, endLine: 2, endColumn: 15, message: 'service "a"' }],
      output: null,
    },
  ],
});
