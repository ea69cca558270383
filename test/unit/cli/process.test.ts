// The built bundle, dist/cli.js, run as a real child process on the fixtures in test/fixtures/cli.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Log } from 'sarif';
import packageJson from '../../../package.json';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const FIXTURES = 'test/fixtures/cli';

/** --host auto reads this machine: port 80 is privileged unless its sysctl says otherwise (containers often set 0). */
const PORT_80_PRIVILEGED = (() => {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8')) > 80;
  } catch {
    return true;
  }
})();

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k === 'HTTP_PORT' || k.startsWith('DOCKER_')) delete env[k];
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO, env, timeout: 30_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(new Error(`cannot run the CLI: ${err.message}`));
      else resolve({ code: child.exitCode, stdout, stderr });
    });
    child.stdin?.end(options.stdin ?? '');
  });
}

describe('cli bundle (dist/cli.js) as a child process', function () {
  this.timeout(120_000);

  before(async () => {
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, ['esbuild.js'], { cwd: REPO, timeout: 110_000 }, (err, _out, stderr) => (err ? reject(new Error(`build failed: ${stderr}`)) : resolve())),
    );
    assert.ok(fs.readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n'), 'the bundle starts with a shebang');
  });

  it('lints the fixture directory: text output and exit 1', async () => {
    const r = await cli(['lint', FIXTURES]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.ok(
      lines.some((l) => l.startsWith(`${FIXTURES}/compose.yaml:6:10  error  privileged-port  Host port 80 of service "web" is privileged: a rootless daemon cannot bind ports below 1024`)),
      r.stdout,
    );
    assert.ok(!lines.some((l) => l.includes('privileged-port') && !l.startsWith(`${FIXTURES}/compose.yaml:`)), 'web/compose.yaml takes its port from .env');
    assert.match(lines[lines.length - 2], /^\d+ problems? \(\d+ errors?, \d+ warnings?, \d+ info\) in 3 files$/);
    assert.equal(lines[lines.length - 1], '');
  });

  it('--format json lists the walked files and their findings', async () => {
    const r = await cli(['lint', '--format', 'json', FIXTURES]);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout) as { files: { path: string; kind: string; findings: { ruleId: string; line: number; column: number }[] }[] };
    assert.deepEqual(
      json.files.map((f) => `${f.path} ${f.kind}`),
      [`${FIXTURES}/compose.yaml compose`, `${FIXTURES}/app/Dockerfile dockerfile`, `${FIXTURES}/web/compose.yaml compose`],
    );
    const ports = json.files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'privileged-port').map((x) => `${f.path}:${x.line}:${x.column}`));
    assert.deepEqual(ports, [`${FIXTURES}/compose.yaml:6:10`]);
  });

  it('--format sarif is a SARIF log', async () => {
    const r = await cli(['lint', '--format', 'sarif', `${FIXTURES}/compose.yaml`]);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as Log;
    assert.equal(log.version, '2.1.0');
    const result = log.runs[0].results?.find((x) => x.ruleId === 'privileged-port');
    assert.equal(result?.locations?.[0].physicalLocation?.artifactLocation?.uri, `${FIXTURES}/compose.yaml`);
    assert.equal(result?.locations?.[0].physicalLocation?.region?.startLine, 6);
  });

  it('a missing file exits 2 with one line on stderr', async () => {
    const r = await cli(['lint', `${FIXTURES}/missing.yaml`]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `rootless-docker: cannot read ${FIXTURES}/missing.yaml: no such file or directory (ENOENT)\n`);
  });

  it('a bad flag exits 2 with one line on stderr and nothing on stdout', async () => {
    const r = await cli(['lint', '--colour', FIXTURES]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'rootless-docker: unknown option --colour (see rootless-docker --help)\n');
  });

  it('reads standard input', async () => {
    const r = await cli(['lint', '-'], { stdin: fs.readFileSync(path.join(REPO, FIXTURES, 'compose.yaml'), 'utf8') });
    assert.equal(r.code, 1);
    assert.ok(r.stdout.split('\n').some((l) => l.startsWith('<stdin>:6:10  error  privileged-port  ')), r.stdout);
  });

  it('--version and --help', async () => {
    assert.deepEqual(await cli(['--version']), { code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: rootless-docker lint/);
  });

  it('--host auto asks the daemon named by DOCKER_HOST through the bundled client', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-cli-daemon-'));
    const sock = path.join(dir, 'docker.sock');
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url?.endsWith('/info') ? { SecurityOptions: ['name=seccomp,profile=default'], CgroupDriver: 'systemd', CgroupVersion: '2', ServerVersion: '28.1.1' } : { Version: '28.1.1' }));
    });
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const r = await cli(['lint', '--host', 'auto', '--format', 'json', `${FIXTURES}/compose.yaml`], { env: { DOCKER_HOST: `unix://${sock}` } });
      const json = JSON.parse(r.stdout) as { host: Record<string, unknown>; files: { findings: { ruleId: string; severity: string }[] }[] };
      assert.deepEqual([json.host.source, json.host.rootless, json.host.cgroupDriver, json.host.daemonVersion], ['daemon', false, 'systemd', '28.1.1']);
      const ports = json.files[0].findings.filter((f) => f.ruleId === 'privileged-port').map((f) => f.severity);
      assert.deepEqual(ports, PORT_80_PRIVILEGED ? ['info'] : [], 'a rootful daemon lowers rootless findings');
      assert.equal(r.code, 0);
      assert.match(r.stderr, /^rootless-docker: using this host's facts and the rootful Docker daemon 28\.1\.1 at unix:\/\/.*docker\.sock \(chosen because DOCKER_HOST is set\); it runs as root/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--host auto with no daemon says so once and goes on', async () => {
    const r = await cli(['lint', '--host', 'auto', `${FIXTURES}/compose.yaml`], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    assert.equal(r.code, PORT_80_PRIVILEGED ? 1 : 0);
    assert.equal(r.stderr, "rootless-docker: no Docker daemon answered at unix:///nonexistent/docker.sock: /nonexistent/docker.sock does not exist, so no daemon is running there; using this host's facts alone (that endpoint was chosen because DOCKER_HOST is set)\n");
  });

  it('--fix rewrites a copy in place, keeping its byte order mark', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-cli-'));
    try {
      const original = fs.readFileSync(path.join(REPO, FIXTURES, 'compose.yaml'));
      const file = path.join(dir, 'compose.yaml');
      fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]));
      const r = await cli(['lint', '--fix', '--format', 'json', 'compose.yaml'], { cwd: dir });
      const after = fs.readFileSync(file);
      assert.deepEqual([...after.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.equal(after.subarray(3).toString(), original.toString().replace('"80:80"', '"8080:80"'));
      const json = JSON.parse(r.stdout) as { files: { fixed: number; findings: { ruleId: string }[] }[] };
      assert.ok(json.files[0].fixed >= 1);
      assert.deepEqual(json.files[0].findings.filter((f) => f.ruleId === 'privileged-port'), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
