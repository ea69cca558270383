// The process runner, for real: stub "systemctl"/"journalctl" scripts in a temp directory stand in for the tools
// (the S2 faults of ../shared/reliability.md section 7: hangs, floods, non-UTF-8, missing binaries).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRunner, decodeOutput, lineSplitter, MAX_LINE, toolEnv, TRUSTED_DIRS, trustedExecutable, type Tool } from '../../../src/service/run';

let dir: string;
const own = (file: string) => fs.existsSync(file) && fs.statSync(file).uid === (process.getuid?.() ?? -1);

function stub(tool: Tool, script: string, mode = 0o755): string {
  const file = path.join(dir, tool);
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode });
  fs.chmodSync(file, mode);
  return file;
}

const runner = (env: Record<string, string | undefined> = {}) => createRunner({ env, dirs: [dir], cwd: dir, trusted: own });

describe('service: process runner', function () {
  this.timeout(20_000);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-runner-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the tool with the arguments as given: no shell, "--help" after "--" stays an operand', async () => {
    stub('systemctl', 'for a in "$@"; do printf "<%s>\\n" "$a"; done');
    const r = await runner().run('systemctl', ['--user', 'start', '--', '--help', 'a b;$(id)']);
    assert.equal(r.code, 0);
    assert.equal(r.failure, undefined);
    assert.equal(r.stdout, '<--user>\n<start>\n<-->\n<--help>\n<a b;$(id)>\n');
  });

  it('passes only the bus variables through, with C locale, no pager, no colours, a fixed PATH', async () => {
    stub('systemctl', '/usr/bin/env | /usr/bin/sort');
    const env = { XDG_RUNTIME_DIR: '/run/user/4242', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/4242/bus', DOCKER_HOST: 'tcp://evil', LD_PRELOAD: '/tmp/x.so', HOME: '/home/x', PATH: '/tmp/evil' };
    const r = await runner(env).run('systemctl', []);
    const seen = Object.fromEntries(r.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.equal(seen.XDG_RUNTIME_DIR, '/run/user/4242');
    assert.equal(seen.DBUS_SESSION_BUS_ADDRESS, 'unix:path=/run/user/4242/bus');
    assert.equal(seen.LC_ALL, 'C');
    assert.equal(seen.SYSTEMD_PAGER, '');
    assert.equal(seen.PAGER, 'cat');
    assert.equal(seen.SYSTEMD_COLORS, '0');
    assert.equal(seen.PATH, dir);
    for (const k of ['DOCKER_HOST', 'LD_PRELOAD', 'HOME']) assert.equal(seen[k], undefined, k);
  });

  it('the default PATH for tools is the trusted system directories', () => {
    assert.equal(toolEnv({}, TRUSTED_DIRS).PATH, TRUSTED_DIRS.join(':'));
    assert.deepEqual(Object.keys(toolEnv({ XDG_RUNTIME_DIR: '' }, TRUSTED_DIRS)).includes('XDG_RUNTIME_DIR'), false);
  });

  it('runs in the given directory (home), not the workspace', async () => {
    stub('systemctl', 'pwd');
    const r = await runner().run('systemctl', []);
    assert.equal(r.stdout.trim(), fs.realpathSync(dir));
  });

  it('keeps exit code, stdout and stderr of a failing tool', async () => {
    stub('systemctl', 'echo out; echo "Failed to connect to bus: No medium found" >&2; exit 1');
    const r = await runner().run('systemctl', []);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'Failed to connect to bus: No medium found\n');
    assert.equal(r.failure, undefined);
  });

  it('kills a hung tool at the timeout (SIGKILL, even when it ignores SIGTERM)', async () => {
    stub('systemctl', "trap '' TERM; exec /bin/sleep 30");
    const started = Date.now();
    const r = await runner().run('systemctl', [], { timeoutMs: 500 });
    assert.equal(r.failure, 'timeout');
    assert.equal(r.signal, 'SIGKILL');
    assert.equal(r.code, null);
    assert.match(r.failureMessage ?? '', /did not finish within 0\.5 s/);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('stops a tool that floods its output at the cap', async () => {
    stub('journalctl', 'exec /usr/bin/yes 0123456789abcdef');
    const r = await runner().run('journalctl', [], { maxBytes: 64 * 1024, timeoutMs: 10_000 });
    assert.equal(r.failure, 'too-much-output');
    assert.ok(r.stdout.length <= 64 * 1024 + 64, `${r.stdout.length}`);
  });

  it('decodes invalid UTF-8 leniently (U+FFFD), never failing', async () => {
    stub('systemctl', "printf 'caf\\351 \\377ok\\n'");
    const r = await runner().run('systemctl', []);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'caf\ufffd \ufffdok\n');
    assert.equal(decodeOutput(undefined), '');
  });

  it('a tool that is not installed: not-found, without spawning anything', async () => {
    const r = await runner().run('loginctl', ['show-user']);
    assert.equal(r.failure, 'not-found');
    assert.equal(r.code, null);
    assert.match(r.failureMessage ?? '', /loginctl is not installed \(looked in /);
    assert.equal(runner().which('loginctl'), undefined);
  });

  it('only trusted files run: by default root-owned and not writable by group or others', function () {
    const file = stub('systemctl', 'exit 0', 0o755);
    assert.equal(trustedExecutable(file), process.getuid?.() === 0, 'a 0755 file is trusted only when root owns it');
    fs.chmodSync(file, 0o775);
    assert.equal(trustedExecutable(file), false, 'group-writable');
    fs.chmodSync(file, 0o757);
    assert.equal(trustedExecutable(file), false, 'world-writable');
    fs.chmodSync(file, 0o644);
    assert.equal(trustedExecutable(file), false, 'not executable');
    assert.equal(trustedExecutable(path.join(dir, 'none')), false);
    assert.equal(trustedExecutable(dir), false, 'a directory');
    if (fs.existsSync('/usr/bin/systemctl')) assert.equal(trustedExecutable('/usr/bin/systemctl'), true);
  });

  it('resolves each tool once: a file replaced later is not picked up', async () => {
    stub('systemctl', 'echo first');
    const r1 = runner();
    assert.equal((await r1.run('systemctl', [])).stdout, 'first\n');
    fs.rmSync(path.join(dir, 'systemctl'));
    stub('systemctl', 'echo second');
    assert.equal(r1.which('systemctl'), path.join(dir, 'systemctl'));
  });

  it('streams lines as they come and stops on request', async () => {
    stub('journalctl', 'i=0; while true; do i=$((i+1)); echo "line $i"; /bin/sleep 0.05; done');
    const lines: string[] = [];
    const handle = runner().stream('journalctl', ['--follow'], (l) => lines.push(l));
    const deadline = Date.now() + 10_000;
    while (lines.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    handle.stop();
    const r = await handle.done;
    assert.ok(lines.length >= 3, `${lines.length} lines`);
    assert.deepEqual(lines.slice(0, 3), ['line 1', 'line 2', 'line 3']);
    assert.equal(r.signal, 'SIGTERM');
  });

  it('a streamed tool that exits on its own settles with its code and stderr', async () => {
    stub('journalctl', 'echo a; printf b; echo oops >&2; exit 3');
    const lines: string[] = [];
    const r = await runner().stream('journalctl', [], (l) => lines.push(l)).done;
    assert.deepEqual(lines, ['a', 'b']);
    assert.equal(r.code, 3);
    assert.equal(r.stderr, 'oops\n');
  });

  it('streaming a missing tool settles at once as not-found', async () => {
    const r = await runner().stream('journalctl', [], () => assert.fail('no lines')).done;
    assert.equal(r.failure, 'not-found');
  });

  it('splits lines across chunks and cuts an overlong line, dropping its rest', () => {
    const out: string[] = [];
    const s = lineSplitter((l) => out.push(l));
    s.push('ab');
    s.push('c\nde');
    s.push('f\n' + 'x'.repeat(MAX_LINE + 10));
    s.push('yyy\nnext\ntail');
    s.end();
    assert.deepEqual(out.map((l) => (l.length > 20 ? `${l[0]}×${l.length}` : l)), ['abc', 'def', `x×${MAX_LINE}`, 'next', 'tail']);
  });
});
