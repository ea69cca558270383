// main() in memory: every option, exit code and error path of `rootless-docker lint`.
// Only the engine's own rules and privileged-port are relied on; other rules' findings are filtered out.
import * as assert from 'node:assert/strict';
import { main, USAGE } from '../../../src/cli/main';
import type { FactSources } from '../../../src/cli/io';
import type { Endpoint } from '../../../src/docker/endpoint';
import packageJson from '../../../package.json';
import { memoryIo, type Entry, type MemoryIo, type MemoryOptions } from './memoryIo';

const OURS = new Set(['privileged-port', 'yaml-syntax', 'not-linted']);

const compose = (...ports: string[]) => `services:\n  web:\n    image: example/web\n    ports:\n${ports.map((p) => `      - "${p}"\n`).join('')}`;
const PRIVILEGED = compose('80:80');
const CLEAN = compose('8080:80');

interface JsonOut {
  schemaVersion: number;
  tool: { name: string; version: string };
  host: Record<string, unknown>;
  files: { path: string; kind: string; fixed: number; findings: { ruleId: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
  summary: { files: number; problems: number; errors: number; warnings: number; info: number; fixed: number };
  errors: string[];
}

async function run(argv: string[], files: Record<string, Entry> = {}, options: MemoryOptions = {}): Promise<{ code: number; io: MemoryIo }> {
  const io = memoryIo(files, options);
  const code = await main(argv, io);
  return { code, io };
}

/** Runs with --format json and keeps only the findings of the rules these tests rely on. */
async function runJson(argv: string[], files: Record<string, Entry> = {}, options: MemoryOptions = {}) {
  const { code, io } = await run(['lint', '--format', 'json', ...argv], files, options);
  const json = JSON.parse(io.out) as JsonOut;
  for (const f of json.files) f.findings = f.findings.filter((x) => OURS.has(x.ruleId));
  return { code, io, json, ours: json.files.flatMap((f) => f.findings.map((x) => ({ path: f.path, ...x }))) };
}

/** stderr is one line per message, each starting with the program's name. */
function assertMessages(err: string, ...patterns: RegExp[]): void {
  const lines = err.split('\n').filter(Boolean);
  assert.equal(lines.length, patterns.length, `stderr:\n${err}`);
  lines.forEach((line, i) => {
    assert.match(line, /^rootless-docker: /);
    assert.match(line, patterns[i]);
  });
}

describe('cli main()', () => {
  describe('help, version and usage errors', () => {
    it('--help prints the usage on stdout and exits 0', async () => {
      const { code, io } = await run(['--help']);
      assert.equal(code, 0);
      assert.equal(io.out, USAGE);
      assert.equal(io.err, '');
      assert.match(USAGE, /^Usage: rootless-docker lint \[options\] \[PATH\.\.\.\]/);
      for (const word of ['--format text|json|sarif', '--fix', '--host generic|auto', '--kind compose|dockerfile', 'Exit status']) assert.ok(USAGE.includes(word), word);
    });

    it('-h and "lint --help" print the usage too', async () => {
      assert.equal((await run(['-h'])).io.out, USAGE);
      assert.equal((await run(['lint', '--help'])).io.out, USAGE);
    });

    it('--version prints the package version', async () => {
      const { code, io } = await run(['--version']);
      assert.equal(code, 0);
      assert.equal(io.out, `${packageJson.version}\n`);
    });

    const usage: [string, string[], RegExp][] = [
      ['no command', [], /no command given/],
      ['an unknown command', ['check', 'x'], /unknown command "check"/],
      ['an unknown option', ['lint', '--bogus', 'compose.yaml'], /unknown option --bogus \(see rootless-docker --help\)$/],
      ['an unknown format', ['lint', '--format', 'xml', 'compose.yaml'], /unknown format "xml"; use text, json or sarif/],
      ['--format without a value', ['lint', 'compose.yaml', '--format'], /option --format needs a value/],
      ['a value given to --fix', ['lint', '--fix=yes', 'compose.yaml'], /option --fix takes no value/],
      ['an unknown host mode', ['lint', '--host', 'remote', 'compose.yaml'], /unknown host "remote"; use generic or auto/],
      ['an unknown kind', ['lint', '--kind', 'k8s', 'compose.yaml'], /unknown kind "k8s"; use compose or dockerfile/],
      ['--fix with standard input', ['lint', '--fix', '-'], /--fix cannot change standard input/],
    ];
    for (const [name, argv, pattern] of usage) {
      it(`exits 2 with one line on stderr for ${name}`, async () => {
        const { code, io } = await run(argv, { 'compose.yaml': PRIVILEGED });
        assert.equal(code, 2);
        assert.equal(io.out, '');
        assertMessages(io.err, pattern);
        assert.deepEqual(io.reads, [], 'nothing is read after a usage error');
      });
    }
  });

  describe('inputs', () => {
    it('lints a named compose file: text output, exit 1 on an error', async () => {
      const { code, io } = await run(['lint', 'compose.yaml'], { 'compose.yaml': PRIVILEGED });
      assert.equal(code, 1);
      assert.equal(io.err, '');
      const lines = io.out.split('\n');
      assert.ok(lines[0].startsWith('compose.yaml:5:10  error  privileged-port  Host port 80 of service "web" is privileged'), lines[0]);
      assert.match(io.out, /\n\n1 problem \(1 error, 0 warnings, 0 info\) in 1 file\n$/);
    });

    it('exits 0 on a clean file', async () => {
      const { code, io } = await runJson(['compose.yaml'], { 'compose.yaml': CLEAN });
      assert.equal(code, 0);
      assert.deepEqual(io.err, '');
    });

    it('the summary counts files without findings too', async () => {
      const { code, io } = await run(['lint', 'a/compose.yaml', 'b/compose.yaml'], { 'a/compose.yaml': CLEAN, 'b/compose.yaml': CLEAN });
      assert.equal(code, 0);
      assert.equal(io.out.trim().split('\n').pop(), '0 problems (0 errors, 0 warnings, 0 info) in 2 files');
    });

    it('a missing file exits 2 with a clear one-line message, and the other files are still reported', async () => {
      const { code, io, ours } = await runJson(['nope.yaml', 'compose.yaml'], { 'compose.yaml': PRIVILEGED });
      assert.equal(code, 2);
      assertMessages(io.err, /^rootless-docker: cannot read nope\.yaml: no such file or directory \(ENOENT\)$/);
      assert.deepEqual(ours.map((f) => f.path), ['compose.yaml']);
      assert.deepEqual((JSON.parse(io.out) as JsonOut).errors, ['cannot read nope.yaml: no such file or directory (ENOENT)']);
    });

    it('with nothing readable, json still prints a document naming the errors', async () => {
      const { code, io, json } = await runJson(['nope.yaml']);
      assert.equal(code, 2);
      assert.deepEqual([json.files, json.errors, json.summary.files], [[], ['cannot read nope.yaml: no such file or directory (ENOENT)'], 0]);
      assertMessages(io.err, /cannot read nope\.yaml/);
      assert.equal((await run(['lint', 'nope.yaml'])).io.out, '', 'text prints only the message');
    });

    it('an unreadable file exits 2', async () => {
      const { code, io } = await run(['lint', 'compose.yaml'], { 'compose.yaml': { error: 'EACCES' } });
      assert.equal(code, 2);
      assertMessages(io.err, /cannot read compose\.yaml: permission denied \(EACCES\)/);
    });

    it('walks a directory: compose and Dockerfile names only, sorted, skipping node_modules, .git and symlinked directories', async () => {
      const { code, json } = await runJson(['.'], {
        'compose.yaml': CLEAN,
        'docker-compose.override.yml': CLEAN,
        'compose.dev.yaml': CLEAN,
        'notes.yml': PRIVILEGED,
        'README.md': 'x',
        'Dockerfile.dockerignore': 'node_modules\n',
        'api/Dockerfile': 'FROM alpine\n',
        'api/Dockerfile.prod': 'FROM alpine\n',
        'api/web.Dockerfile': 'FROM alpine\n',
        'node_modules/pkg/compose.yaml': PRIVILEGED,
        '.git/compose.yaml': PRIVILEGED,
        'linked-dir': { symlink: 'api' },
        'linked.compose.yaml': { symlink: 'notes.yml' },
        'dangling-compose.yaml': { symlink: 'missing.yaml' },
        'empty': { dir: true },
      });
      assert.deepEqual(
        json.files.map((f) => `${f.path} ${f.kind}`),
        [
          'compose.dev.yaml compose',
          'compose.yaml compose',
          'docker-compose.override.yml compose',
          'api/Dockerfile dockerfile',
          'api/Dockerfile.prod dockerfile',
          'api/web.Dockerfile dockerfile',
        ],
      );
      assert.equal(code, 0);
    });

    it('lints a symlinked file found in a walk where it is named', async () => {
      const { json } = await runJson(['.'], { 'compose.yaml': { symlink: 'real/app.yml' }, 'real/app.yml': PRIVILEGED });
      assert.deepEqual(json.files.map((f) => f.path), ['compose.yaml']);
      assert.equal(json.files[0].findings.length, 1);
    });

    it('lints the working directory when no PATH is given', async () => {
      const { json } = await runJson([], { 'compose.yaml': CLEAN, 'sub/Dockerfile': 'FROM alpine\n' });
      assert.deepEqual(json.files.map((f) => f.path), ['compose.yaml', 'sub/Dockerfile']);
    });

    it('a directory with nothing to lint exits 2', async () => {
      const { code, io } = await run(['lint', 'docs'], { 'docs/index.md': '# hi' });
      assert.equal(code, 2);
      assertMessages(io.err, /no compose files or Dockerfiles found in docs/, /nothing to lint/);
    });

    it('an unreadable subdirectory exits 2 but the rest is linted', async () => {
      const { code, io, json } = await runJson(['.'], { 'compose.yaml': PRIVILEGED, secret: { error: 'EACCES', dir: true } });
      assert.equal(code, 2);
      assertMessages(io.err, /cannot read the directory secret: permission denied \(EACCES\)/);
      assert.deepEqual(json.files.map((f) => f.path), ['compose.yaml']);
    });

    it('a file named twice is linted once', async () => {
      const { json } = await runJson(['compose.yaml', './compose.yaml', '.'], { 'compose.yaml': PRIVILEGED });
      assert.deepEqual(json.files.map((f) => f.path), ['compose.yaml']);
    });

    it('shows paths outside the working directory as absolute paths', async () => {
      const { json } = await runJson(['/elsewhere/compose.yaml'], { '/elsewhere/compose.yaml': CLEAN });
      assert.equal(json.files[0].path, '/elsewhere/compose.yaml');
    });

    it('a named *.yml file is compose whatever its name', async () => {
      const { ours, code } = await runJson(['deploy/stack.yml'], { 'deploy/stack.yml': PRIVILEGED });
      assert.equal(code, 1);
      assert.deepEqual(ours.map((f) => `${f.path} ${f.ruleId}`), ['deploy/stack.yml privileged-port']);
    });

    it('a named file whose name says nothing is guessed from its content', async () => {
      const { json } = await runJson(['build.txt', 'stack.conf'], { 'build.txt': '# syntax=docker/dockerfile:1\nFROM alpine\n', 'stack.conf': PRIVILEGED });
      assert.deepEqual(json.files.map((f) => `${f.path} ${f.kind}`), ['build.txt dockerfile', 'stack.conf compose']);
    });

    it('--kind decides the kind of a named file', async () => {
      const { json } = await runJson(['--kind', 'dockerfile', 'compose.yaml'], { 'compose.yaml': PRIVILEGED });
      assert.equal(json.files[0].kind, 'dockerfile');
      assert.deepEqual(json.files[0].findings, []);
    });

    it('a binary file is reported as not linted, at info, and exits 0', async () => {
      const { code, ours } = await runJson(['compose.yaml'], { 'compose.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe]) });
      assert.equal(code, 0);
      assert.deepEqual(ours.map((f) => `${f.ruleId} ${f.severity} ${f.line}:${f.column}`), ['not-linted info 1:1']);
      assert.match(ours[0].message, /binary/);
    });

    it('a file over the size limit is reported as not linted without being read', async () => {
      const { code, io, ours } = await runJson(['compose.yaml'], { 'compose.yaml': CLEAN }, { sizes: { 'compose.yaml': 50 * 1024 * 1024 } });
      assert.equal(code, 0);
      assert.deepEqual(io.reads, []);
      assert.deepEqual(ours.map((f) => `${f.ruleId} ${f.severity}`), ['not-linted info']);
      assert.equal(ours[0].message, 'File is 50.0 MB; files over 4.0 MB are not linted.');
    });

    it('a YAML syntax error exits 1', async () => {
      const { code, ours } = await runJson(['compose.yaml'], { 'compose.yaml': 'services:\n  web: [\n' });
      assert.equal(code, 1);
      assert.ok(ours.some((f) => f.ruleId === 'yaml-syntax' && f.severity === 'error'));
    });

    it('positions skip a byte order mark', async () => {
      const { ours } = await runJson(['compose.yaml'], { 'compose.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ports_first: 1\n' + PRIVILEGED)]) });
      assert.deepEqual(ours.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`), ['6:10-6:12']);
    });
  });

  describe('standard input', () => {
    it('lints - as compose when it looks like YAML', async () => {
      const { code, json } = await runJson(['-'], {}, { stdin: PRIVILEGED });
      assert.equal(code, 1);
      assert.equal(json.files[0].path, '<stdin>');
      assert.equal(json.files[0].kind, 'compose');
      assert.deepEqual(json.files[0].findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`), ['privileged-port 5:10']);
    });

    it('guesses a Dockerfile from its first instruction', async () => {
      const { json } = await runJson(['-'], {}, { stdin: '# a comment\nARG BASE=alpine\nFROM $BASE\n' });
      assert.equal(json.files[0].kind, 'dockerfile');
    });

    it('--kind overrides the guess', async () => {
      const { json } = await runJson(['--kind', 'dockerfile', '-'], {}, { stdin: PRIVILEGED });
      assert.equal(json.files[0].kind, 'dockerfile');
      assert.deepEqual(json.files[0].findings, []);
    });

    it('text output names it <stdin>, and - can be mixed with files', async () => {
      const { io } = await run(['lint', 'compose.yaml', '-'], { 'compose.yaml': CLEAN }, { stdin: PRIVILEGED });
      assert.ok(io.out.startsWith('<stdin>:5:10  error  privileged-port  '), io.out);
      assert.match(io.out, /in 2 files\n$/);
    });

    it('interpolates standard input with the .env of the working directory', async () => {
      const { ours } = await runJson(['-'], { '.env': 'HTTP_PORT=8080\n' }, { stdin: compose('${HTTP_PORT:-80}:80') });
      assert.deepEqual(ours, []);
    });
  });

  describe('.env interpolation', () => {
    const files = (dotenv?: string): Record<string, Entry> => ({
      'app/compose.yaml': compose('${HTTP_PORT:-80}:80'),
      ...(dotenv === undefined ? {} : { 'app/.env': dotenv }),
    });

    it('without a .env the default applies and is flagged', async () => {
      const { ours } = await runJson(['app/compose.yaml'], files());
      assert.deepEqual(ours.map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endColumn}`), ['privileged-port 5:9-30']);
    });

    it('a value from the .env beside the compose file is used', async () => {
      const { code, ours } = await runJson(['app/compose.yaml'], files('# ports\nHTTP_PORT=8080\n'));
      assert.deepEqual(ours, []);
      assert.equal(code, 0);
    });

    it('the .env of another directory is not used', async () => {
      const { ours } = await runJson(['app/compose.yaml'], { ...files(), '.env': 'HTTP_PORT=8080\n' });
      assert.equal(ours.length, 1);
    });

    it('the process environment wins over .env, as with compose', async () => {
      const { ours } = await runJson(['app/compose.yaml'], files('HTTP_PORT=8080\n'), { env: { HTTP_PORT: '81' } });
      assert.deepEqual(ours.map((f) => f.ruleId), ['privileged-port']);
      assert.match(ours[0].message, /Host port 81 /);
    });

    it('never prints a variable that no finding is about', async () => {
      const { io } = await run(['lint', '--format', 'json', 'app/compose.yaml'], files('API_TOKEN=s3cr3t-t0ken\nHTTP_PORT=81\n'), { env: { DB_PASSWORD: 'hunter2-pw' } });
      assert.ok(!io.out.includes('s3cr3t') && !io.err.includes('s3cr3t'));
      assert.ok(!io.out.includes('hunter2') && !io.err.includes('hunter2'));
    });

    it('an unreadable .env is said once, exits 2, and the files are linted without it', async () => {
      const { code, io, ours } = await runJson(['app/compose.yaml', 'app/compose.override.yaml'], {
        ...files(),
        'app/.env': { error: 'EACCES' },
        'app/compose.override.yaml': CLEAN,
      });
      assert.equal(code, 2);
      assertMessages(io.err, /cannot read app\/\.env: permission denied \(EACCES\); interpolating without it/);
      assert.equal(ours.length, 1);
    });

    it('Dockerfiles do not read .env', async () => {
      const { io } = await run(['lint', 'Dockerfile'], { Dockerfile: 'FROM alpine\n', '.env': { error: 'EACCES' } });
      assert.equal(io.err, '');
      assert.deepEqual(io.reads, ['/work/Dockerfile']);
    });
  });

  describe('--fix', () => {
    it('applies the preferred fixes, writes the file and reports what remains', async () => {
      const { code, io, json } = await runJson(['--fix', 'compose.yaml'], { 'compose.yaml': compose('80:80', '443:443', '${P:-22}:22') });
      const written = io.written.get('/work/compose.yaml')?.toString();
      assert.equal(written, compose('8080:80', '8443:443', '${P:-22}:22'));
      assert.deepEqual(json.files[0].findings.map((f) => `${f.ruleId} ${f.line}`), ['privileged-port 7'], 'the interpolated port has no fix');
      assert.equal(json.files[0].fixed, 2);
      assert.equal(json.summary.fixed, 2);
      assert.equal(code, 1);
    });

    it('exits 0 when every error was fixed; the text output says what was fixed', async () => {
      const { code, io } = await run(['lint', '--fix', 'compose.yaml'], { 'compose.yaml': PRIVILEGED });
      assert.equal(code, 0);
      assert.equal(io.content('compose.yaml')?.toString(), compose('8080:80'));
      assert.match(io.out, /^Fixed 1 problem in 1 file\.\n0 problems \(0 errors, 0 warnings, 0 info\) in 1 file\n$/);
    });

    it('does not write a file that has nothing to fix', async () => {
      const { io } = await run(['lint', '--fix', 'compose.yaml', 'Dockerfile'], { 'compose.yaml': CLEAN, Dockerfile: 'FROM alpine\n' });
      assert.equal(io.written.size, 0);
    });

    it('keeps a UTF-8 byte order mark and CRLF line ends', async () => {
      const bom = Buffer.from([0xef, 0xbb, 0xbf]);
      const { io } = await run(['lint', '--fix', 'compose.yaml'], { 'compose.yaml': Buffer.concat([bom, Buffer.from(PRIVILEGED.replace(/\n/g, '\r\n'))]) });
      const written = io.written.get('/work/compose.yaml');
      assert.ok(written, 'written');
      assert.deepEqual([...written.subarray(0, 3)], [...bom]);
      assert.equal(written.subarray(3).toString(), compose('8080:80').replace(/\n/g, '\r\n'));
    });

    it('does not add a byte order mark', async () => {
      const { io } = await run(['lint', '--fix', 'compose.yaml'], { 'compose.yaml': PRIVILEGED });
      assert.equal(io.written.get('/work/compose.yaml')?.[0], 's'.charCodeAt(0));
    });

    it('fixes a finding shared through an anchor once', async () => {
      const text = 'x-web: &web\n  ports:\n    - "80:80"\nservices:\n  a:\n    <<: *web\n    image: x\n  b:\n    <<: *web\n    image: x\n';
      const { io, json } = await runJson(['--fix', 'compose.yaml'], { 'compose.yaml': text });
      assert.equal(io.written.get('/work/compose.yaml')?.toString(), text.replace('"80:80"', '"8080:80"'));
      assert.equal(json.files[0].fixed, 2);
    });

    it('a second run changes nothing', async () => {
      const first = await run(['lint', '--fix', 'compose.yaml'], { 'compose.yaml': PRIVILEGED });
      const fixed = first.io.content('compose.yaml')!;
      const second = await run(['lint', '--fix', 'compose.yaml'], { 'compose.yaml': fixed });
      assert.equal(second.io.written.size, 0);
    });

    it('fixes every file of a directory walk', async () => {
      const { io } = await run(['lint', '--fix', '.'], { 'a/compose.yaml': PRIVILEGED, 'b/docker-compose.yml': PRIVILEGED });
      assert.deepEqual([...io.written.keys()].sort(), ['/work/a/compose.yaml', '/work/b/docker-compose.yml']);
    });

    it('leaves a file that is not valid UTF-8 alone, and says why', async () => {
      const bad = Buffer.concat([Buffer.from(PRIVILEGED), Buffer.from('# caf\xe9\n', 'latin1')]);
      const { code, io } = await run(['lint', '--fix', 'compose.yaml'], { 'compose.yaml': bad });
      assert.equal(io.written.size, 0);
      assertMessages(io.err, /not fixing compose\.yaml: it is not valid UTF-8/);
      assert.equal(code, 1);
    });

    it('a failed write exits 2 with a clear message', async () => {
      const { code, io } = await run(['lint', '--fix', 'compose.yaml'], { 'compose.yaml': PRIVILEGED }, { writeError: 'EROFS' });
      assert.equal(code, 2);
      assertMessages(io.err, /cannot write the fixes to compose\.yaml: read-only file system \(EROFS\)/);
    });
  });

  describe('--host', () => {
    const endpoint = (over: Partial<Endpoint> = {}): Endpoint => ({
      host: 'unix:///run/user/1000/docker.sock',
      socketPath: '/run/user/1000/docker.sock',
      source: 'XDG_RUNTIME_DIR',
      reason: 'the rootless socket in $XDG_RUNTIME_DIR exists',
      rootful: false,
      warnings: [],
      ...over,
    });
    const sources = (over: Partial<FactSources> = {}): FactSources & { asked: string[] } => {
      const asked: string[] = [];
      return {
        asked,
        readHost: () => ({ unprivilegedPortStart: 1024, cgroupVersion: 2, delegatedControllers: ['cpu', 'memory', 'pids'], subuidRange: 65536 }),
        findEndpoint: () => endpoint(),
        fetchDaemon: (p) => {
          asked.push(p);
          return Promise.resolve({ rootless: true, cgroupDriver: 'systemd', cgroupVersion: 2, daemonVersion: '29.0.1' });
        },
        ...over,
      };
    };

    it('generic is the default and reads nothing from the host', async () => {
      const never = (): never => assert.fail('host facts were read');
      const { json, io } = await runJson(['compose.yaml'], { 'compose.yaml': PRIVILEGED }, { facts: { readHost: never, findEndpoint: never, fetchDaemon: never } });
      assert.deepEqual(json.host, { source: 'generic', unprivilegedPortStart: 1024 });
      assert.equal(io.err, '');
    });

    it('auto merges host and daemon facts and says which daemon', async () => {
      const facts = sources();
      const { json, io } = await runJson(['--host', 'auto', 'compose.yaml'], { 'compose.yaml': PRIVILEGED }, { facts });
      assert.deepEqual(json.host, {
        source: 'daemon',
        unprivilegedPortStart: 1024,
        cgroupVersion: 2,
        delegatedControllers: ['cpu', 'memory', 'pids'],
        subuidRange: 65536,
        rootless: true,
        cgroupDriver: 'systemd',
        daemonVersion: '29.0.1',
      });
      assert.deepEqual(facts.asked, ['/run/user/1000/docker.sock']);
      assertMessages(io.err, /using this host's facts and the rootless Docker daemon 29\.0\.1 at unix:\/\/\/run\/user\/1000\/docker\.sock \(chosen because the rootless socket in \$XDG_RUNTIME_DIR exists\)/);
    });

    it("auto uses this host's port threshold", async () => {
      const facts = sources({ readHost: () => ({ unprivilegedPortStart: 80 }) });
      const { code, ours } = await runJson(['--host', 'auto', 'compose.yaml'], { 'compose.yaml': PRIVILEGED }, { facts });
      assert.deepEqual(ours, []);
      assert.equal(code, 0);
    });

    it('a rootful daemon turns findings into info and exits 0', async () => {
      const facts = sources({ fetchDaemon: () => Promise.resolve({ rootless: false, daemonVersion: '27.0.0' }) });
      const { code, ours, io } = await runJson(['--host', 'auto', 'compose.yaml'], { 'compose.yaml': PRIVILEGED }, { facts });
      assert.deepEqual(ours.map((f) => `${f.ruleId} ${f.severity}`), ['privileged-port info']);
      assert.equal(code, 0);
      assertMessages(io.err, /rootful Docker daemon 27\.0\.0 .* runs as root, so rootless findings are reported as info/);
    });

    it('no daemon: says so once and continues with the host facts', async () => {
      const refused = Object.assign(new Error('connect ENOENT /run/user/1000/docker.sock'), { code: 'ENOENT' });
      const facts = sources({ fetchDaemon: () => Promise.reject(refused) });
      const { code, json, io } = await runJson(['--host', 'auto', 'a/compose.yaml', 'b/compose.yaml'], { 'a/compose.yaml': PRIVILEGED, 'b/compose.yaml': PRIVILEGED }, { facts });
      assert.equal(json.host.source, 'host');
      assert.equal(json.host.rootless, undefined);
      assert.equal(code, 1);
      assertMessages(io.err, /no Docker daemon answered at unix:\/\/\/run\/user\/1000\/docker\.sock: \/run\/user\/1000\/docker\.sock does not exist, so no daemon is running there; using this host's facts alone/);
    });

    it('a remote endpoint is not asked', async () => {
      const facts = sources({ findEndpoint: () => endpoint({ host: 'tcp://10.0.0.5:2376', socketPath: undefined, source: 'DOCKER_HOST', reason: 'DOCKER_HOST is set' }) });
      const { io } = await runJson(['--host', 'auto', 'compose.yaml'], { 'compose.yaml': CLEAN }, { facts });
      assert.deepEqual(facts.asked, []);
      assertMessages(io.err, /the Docker endpoint tcp:\/\/10\.0\.0\.5:2376 \(chosen because DOCKER_HOST is set\) is not a local socket/);
    });

    it("the endpoint's warnings are passed on", async () => {
      const facts = sources({ findEndpoint: () => endpoint({ warnings: ['DOCKER_HOST (unix:///a) overrides the docker context "x" (unix:///b); the docker CLI makes the same choice.'] }) });
      const { io } = await runJson(['--host', 'auto', 'compose.yaml'], { 'compose.yaml': CLEAN }, { facts });
      assertMessages(io.err, /DOCKER_HOST \(unix:\/\/\/a\) overrides the docker context "x"/, /using this host's facts and the rootless Docker daemon/);
    });
  });
});
