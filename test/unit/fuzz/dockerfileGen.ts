// Arbitraries for realistic Dockerfiles: parser directives, every instruction, flags, shell and JSON
// forms, line continuations with either escape character, heredocs, comments and blank lines.
import fc from 'fast-check';

type Arb<T> = fc.Arbitrary<T>;

/** A fragment of shell that the Dockerfile rules look into. */
const command: Arb<string> = fc.constantFrom<string>(
  'ping -c 1 example.com', 'ping6 -c1 ::1', 'busybox ping -c1 x', 'sudo ping 8.8.8.8', 'sh -c "ping -c1 localhost"', "bash -lc 'ping -w1 gw && echo ok'",
  'useradd -u 100000 app', 'useradd --uid 70000 -m app', 'groupadd -g 65536 grp', 'adduser -D -u 200000 app', 'addgroup -g 1000 app', 'usermod -u 300000 app',
  'groupmod -g 99999 g', 'chown 100000:100000 /app', 'chown -R app:app /srv', 'apt-get update && apt-get install -y iputils-ping', 'setcap cap_net_raw+ep /bin/ping',
  'echo "$HOME"', 'if true; then ping x; fi', 'for i in 1 2; do ping -c1 $i; done', 'env FOO=1 ping x', 'command ping x', 'exec ping x', 'ping -c1 ${HOST}',
  'timeout 5 ping x', 'echo ping > /x', 'curl -fsSL https://example.com | sh', 'nsenter -t 1 -m', 'mount -t tmpfs none /mnt', 'chmod u+s /bin/ping',
  'useradd -u ${UID} app', 'echo $((1+2))', 'cat <<EOF > /x\nping\nEOF', "sh -c 'sh -c \"ping -c1 deep\"'", 'xargs ping', 'ping', '',
);

const join: Arb<string> = fc.constantFrom(' && ', '; ', ' || ', ' | ', ' & ');

/** `cmd1 && cmd2 …`, sometimes split over lines with the escape character. */
function shell(esc: string): Arb<string> {
  return fc
    .tuple(fc.array(command, { minLength: 1, maxLength: 4 }), fc.array(join, { minLength: 3, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.constantFrom('    ', '\t', ''))
    .map(([cmds, joins, breaks, indent]) => cmds.reduce<string>((acc, c, i) => (i === 0 ? c : `${acc}${breaks[i - 1] ? ` ${esc}\n${indent}` : ''}${joins[i - 1]}${c}`), ''));
}

function jsonForm(words: Arb<readonly string[]>): Arb<string> {
  return words.map((w) => `[${w.map((x) => JSON.stringify(x)).join(', ')}]`);
}

const jsonWords: Arb<readonly string[]> = fc.constantFrom<readonly string[]>(['ping', '-c', '1', 'x'], ['sh', '-c', 'ping -c1 localhost'], ['/bin/bash', '-c', 'useradd -u 100000 a'], ['npm', 'start'], ['ping'], []);

const heredoc = fc
  .tuple(fc.constantFrom('EOF', 'EOT', '"EOF"', "'END'", '-EOF'), fc.array(command, { minLength: 0, maxLength: 3 }), fc.constantFrom('', ' bash', ' sh -x', ' python3'), fc.boolean())
  .map(([tag, body, prog, tabs]) => {
    const name = tag.replace(/^-/, '').replace(/["']/g, '');
    const lines = body.map((l) => (tabs ? '\t' : '') + l);
    return `<<${tag}${prog}\n${lines.join('\n')}${lines.length ? '\n' : ''}${tag.startsWith('-') && tabs ? '\t' : ''}${name}`;
  });

const runFlag = fc.constantFrom(
  '--network=host', '--network=none', '--network=default', '--security=insecure', '--security=sandbox', '--mount=type=cache,target=/root/.cache',
  '--mount=type=secret,id=token', '--mount=type=bind,source=.,target=/src', '--network=${NET}', '--network host', '--device=/dev/kvm',
);

const user = fc.constantFrom('root', '0', '1000', '1000:1000', '100000', '100000:100000', 'app', 'app:app', '${UID}', '${UID}:${GID}', '65536', '4294967295', '-1', 'nobody', '0:65536');

function instruction(esc: string): Arb<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.array(runFlag, { maxLength: 2 }), fc.oneof(shell(esc), jsonForm(jsonWords), heredoc)).map(([flags, body]) => ['RUN', ...flags, body].join(' ')) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('CMD', 'ENTRYPOINT'), fc.oneof(shell(esc), jsonForm(jsonWords))).map(([i, b]) => `${i} ${b}`) },
    { weight: 2, arbitrary: user.map((u) => `USER ${u}`) },
    { weight: 1, arbitrary: fc.constantFrom('ENV UID=200000', 'ENV PATH=/x:$PATH', 'ENV A 1', 'ENV A=1 B="two words"', `ENV MULTI=a ${esc}\n    B=c`) },
    { weight: 1, arbitrary: fc.constantFrom('ARG UID=100000', 'ARG GID', 'ARG VERSION=1.0', 'ARG HOST=localhost') },
    { weight: 1, arbitrary: fc.constantFrom('LABEL a=b', 'LABEL "com.example"="x y"', 'MAINTAINER someone', 'STOPSIGNAL SIGTERM', 'WORKDIR /app', 'WORKDIR $HOME') },
    { weight: 1, arbitrary: fc.constantFrom('EXPOSE 80', 'EXPOSE 80/tcp 53/udp', 'EXPOSE 8000-8010', 'EXPOSE $PORT', 'VOLUME /data', 'VOLUME ["/data", "/logs"]') },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('COPY', 'ADD'), fc.constantFrom('', '--chown=100000:100000 ', '--chown=app:app ', '--chown=${UID} ', '--from=build ', '--link ', '--chmod=755 '), fc.oneof(fc.constantFrom('. /app', 'src/ /src/', '["a b", "/c"]', 'https://example.com/x.tgz /tmp/'), heredoc.map((h) => h.replace(/^<<(\S+)[^\n]*/, '<<$1 /etc/conf')))).map(([i, f, a]) => `${i} ${f}${a}`) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', '--interval=5s ', '--timeout=3s --retries=2 '), fc.oneof(fc.constant('NONE'), shell(esc).map((s) => `CMD ${s}`), jsonForm(jsonWords).map((j) => `CMD ${j}`))).map(([f, b]) => `HEALTHCHECK ${f}${b}`) },
    { weight: 1, arbitrary: fc.constantFrom('SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["powershell", "-command"]', 'SHELL ["sh"]') },
    { weight: 1, arbitrary: fc.oneof(shell(esc), fc.constantFrom('USER 100000', 'RUN --network=host ping x')).map((s) => (s.startsWith('USER') || s.startsWith('RUN') ? `ONBUILD ${s}` : `ONBUILD RUN ${s}`)) },
    { weight: 1, arbitrary: fc.constantFrom('# a comment', '', '# rootless-docker-disable-next-line ping-restricted', '   ', 'FROM scratch', 'FROM busybox AS second') },
  );
}

const directive: Arb<string> = fc.constantFrom<string>('# syntax=docker/dockerfile:1', '# syntax=docker/dockerfile:1.7-labs', '# check=skip=all', '#escape=`', '# escape = \\', '# escape=x', '# escape=', '# ESCAPE=`', '# unknown=1', '# escape=`\r');

/** A Dockerfile: directives, a FROM (sometimes after ARGs), then instructions; some stages. */
export const dockerfileText: Arb<string> = fc
  .tuple(
    fc.array(directive, { maxLength: 2 }),
    fc.constantFrom('\\', '\\', '`'),
    fc.constantFrom('FROM alpine:3.20', 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'ARG BASE=debian\nFROM ${BASE}', 'FROM ubuntu', 'from node:20 as web', ''),
    fc.array(fc.constantFrom('\\', '`').chain((esc) => instruction(esc)), { minLength: 0, maxLength: 12 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([directives, esc, from, body, lower, escapeDirective]) => {
    const head: string[] = [...directives];
    if (escapeDirective || esc === '`') head.unshift(`# escape=${esc}`);
    // Continuations are written with the file's escape character; the other one stays a literal character.
    const lines = body.map((l) => (esc === '`' ? l.replace(/\\\n/g, '`\n') : l.replace(/`\n/g, '\\\n')));
    const all = [...head, from, ...lines].map((l) => (lower ? l.replace(/^[A-Z]+\b/, (w) => w.toLowerCase()) : l));
    return all.join('\n') + '\n';
  });
