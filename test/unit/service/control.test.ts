// The control flows over a scripted runner (what systemctl would answer) and fake daemons on unix sockets. The
// same flows run against the real systemd user manager in test/integration/service.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLinger, getStatus, restartService, setEnabled, startService, stopService, userManagerReachable, type ServiceContext } from '../../../src/service/control';
import type { RunResult, Runner, Tool } from '../../../src/service/run';
import { ran, SHOW_AUTO_RESTART, SHOW_FAILED, SHOW_MISSING, SHOW_RUNNING, SHOW_STOPPED } from './results';
import { fakeDaemon, tempDir, type FakeDaemon } from './sockets';

type Script = (tool: Tool, args: readonly string[]) => Partial<RunResult> | undefined;

/** A runner that answers from a script and records every call as "tool arg arg …". */
function scripted(script: Script): Runner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    which: (tool) => `/usr/bin/${tool}`,
    run: (tool, args) => {
      calls.push([tool, ...args].join(' '));
      return Promise.resolve(ran({ tool, args, ...(script(tool, args) ?? {}) }));
    },
    stream: () => assert.fail('not used'),
  };
}

const verb = (args: readonly string[]) => args[args.indexOf('--') - 1] ?? args[2];
const JOURNAL = [
  { __REALTIME_TIMESTAMP: '1795381626000000', SYSLOG_IDENTIFIER: 'dockerd-rootless.sh', _PID: '270', MESSAGE: '[rootlesskit:parent] error: unknown network mode: bogus' },
  { __REALTIME_TIMESTAMP: '1795381626100000', SYSLOG_IDENTIFIER: 'systemd', _PID: '111', PRIORITY: '4', MESSAGE: "docker.service: Failed with result 'exit-code'." },
]
  .map((e) => JSON.stringify(e))
  .join('\n');

describe('service: control flows', function () {
  this.timeout(20_000);
  let dir: string;
  let sock: string;
  const daemons: FakeDaemon[] = [];
  const up = async () => {
    const d = await fakeDaemon(sock);
    daemons.push(d);
    return d;
  };
  const ctx = (runner: Runner, extra: Partial<ServiceContext> = {}): ServiceContext => ({
    runner,
    unit: 'docker.service',
    socketPath: sock,
    user: 'alice',
    readyTimeoutMs: 5000,
    stopTimeoutMs: 5000,
    systemdBooted: true,
    ...extra,
  });

  beforeEach(() => {
    dir = tempDir('rd-control-');
    sock = path.join(dir, 'docker.sock');
  });
  afterEach(async () => {
    for (const d of daemons.splice(0)) await d.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('start: systemctl start -- UNIT, then waits until the socket answers', async () => {
    let started = false;
    const runner = scripted((_tool, args) => {
      if (args.includes('show')) return { stdout: started ? SHOW_RUNNING : SHOW_STOPPED };
      if (verb(args) === 'start') {
        started = true;
        setTimeout(() => void up(), 300);
      }
      return undefined;
    });
    const progress: string[] = [];
    const out = await startService(ctx(runner), { report: (m) => progress.push(m) });
    assert.ok(out.ok, JSON.stringify(out));
    assert.equal(out.status?.state, 'running');
    assert.ok(out.elapsedMs >= 250, `${out.elapsedMs}`);
    assert.ok(runner.calls.includes('systemctl --user --no-ask-password start -- docker.service'), runner.calls.join('\n'));
    assert.ok(!runner.calls.some((c) => c.includes('reset-failed')), 'nothing to reset');
    assert.ok(progress.some((m) => /waiting for the daemon to answer on .*docker\.sock/.test(m)), progress.join('\n'));
  });

  it('start: a failed unit is reset first (systemd refuses one that hit its start limit)', async () => {
    let state = SHOW_FAILED;
    const runner = scripted((_tool, args) => {
      if (args.includes('show')) return { stdout: state };
      if (verb(args) === 'start') {
        state = SHOW_RUNNING;
        void up();
      }
      return undefined;
    });
    const out = await startService(ctx(runner));
    assert.ok(out.ok);
    const reset = runner.calls.indexOf('systemctl --user --no-ask-password reset-failed -- docker.service');
    const start = runner.calls.indexOf('systemctl --user --no-ask-password start -- docker.service');
    assert.ok(reset >= 0 && start > reset, runner.calls.join('\n'));
    assert.match(out.notes.join(' '), /had failed before \(exit-code\)/);
  });

  it('start: a unit in its restart loop (config fixed meanwhile) is restarted at once, not left to the loop', async () => {
    let state = SHOW_AUTO_RESTART;
    const runner = scripted((_tool, args) => {
      if (args.includes('show')) return { stdout: state };
      if (verb(args) === 'restart') {
        state = SHOW_RUNNING;
        void up();
      }
      return undefined;
    });
    const out = await startService(ctx(runner));
    assert.ok(out.ok, JSON.stringify(out));
    assert.ok(runner.calls.includes('systemctl --user --no-ask-password restart -- docker.service'), runner.calls.join('\n'));
    assert.ok(!runner.calls.some((c) => / start -- /.test(c)));
    assert.match(out.notes.join(' '), /was being restarted by systemd after exiting \(exit-code\); it was restarted at once/);
  });

  it('start: a unit that is not installed says so and offers the setup tool, without trying to start it', async () => {
    const runner = scripted((_t, args) => (args.includes('show') ? { stdout: SHOW_MISSING } : undefined));
    const out = await startService(ctx(runner));
    assert.ok(!out.ok);
    assert.equal(out.error.kind, 'unit-not-found');
    assert.equal(out.error.command, 'dockerd-rootless-setuptool.sh install');
    assert.ok(!runner.calls.some((c) => / start /.test(c)));
  });

  it('start: no user manager is said in its own words', async () => {
    const runner = scripted(() => ({ code: 1, stderr: 'Failed to connect to bus: No such file or directory\n' }));
    const out = await startService(ctx(runner));
    assert.ok(!out.ok);
    assert.equal(out.error.kind, 'no-user-manager');
    assert.equal(runner.calls.length, 1);
  });

  it('start: a unit that fails while we wait ends the wait early, with the last journal lines', async () => {
    let started = false;
    const runner = scripted((tool, args) => {
      if (tool === 'journalctl') return { stdout: JOURNAL };
      if (args.includes('show')) return { stdout: started ? SHOW_AUTO_RESTART : SHOW_STOPPED };
      if (verb(args) === 'start') started = true;
      return undefined;
    });
    const t0 = Date.now();
    const out = await startService(ctx(runner, { readyTimeoutMs: 15_000 }));
    assert.ok(!out.ok);
    assert.equal(out.error.kind, 'unit-failed');
    assert.match(out.error.message, /did not come up: docker\.service exited with status 1 and systemd is restarting it/);
    assert.ok(Date.now() - t0 < 5000, 'did not wait for the deadline');
    assert.equal(out.error.journal?.length, 2);
    assert.match(out.error.journal?.[0] ?? '', /dockerd-rootless\.sh\[270\]: \[rootlesskit:parent\] error: unknown network mode: bogus$/);
    assert.ok(runner.calls.some((c) => c.startsWith('journalctl --user --no-pager --output=json --lines=20 --unit=docker.service')));
  });

  it('start: "Job for … failed" from systemctl comes with the journal', async () => {
    const runner = scripted((tool, args) => {
      if (tool === 'journalctl') return { stdout: JOURNAL };
      if (args.includes('show')) return { stdout: SHOW_STOPPED };
      if (verb(args) === 'start') return { code: 1, stderr: 'Job for docker.service failed because the control process exited with error code.\n' };
      return undefined;
    });
    const out = await startService(ctx(runner));
    assert.ok(!out.ok);
    assert.equal(out.error.kind, 'unit-failed');
    assert.equal(out.error.journal?.length, 2);
  });

  it('start: a socket that never answers is "not ready" at the deadline, naming the socket', async () => {
    const runner = scripted((_t, args) => (args.includes('show') ? { stdout: SHOW_RUNNING } : undefined));
    const out = await startService(ctx(runner, { readyTimeoutMs: 600 }));
    assert.ok(!out.ok);
    assert.equal(out.error.kind, 'not-ready');
    assert.match(out.error.message, /did not answer within 1 s \(the socket file does not exist\)/);
    assert.ok(out.error.message.includes(sock));
  });

  it('start: already running and answering is success without a new start', async () => {
    await up();
    const runner = scripted((_t, args) => (args.includes('show') ? { stdout: SHOW_RUNNING } : undefined));
    const out = await startService(ctx(runner));
    assert.ok(out.ok);
    assert.deepEqual(out.notes, ['docker.service was already running.']);
    assert.ok(!runner.calls.some((c) => / start /.test(c)));
  });

  it('restart: systemctl restart, then waits for the socket', async () => {
    const runner = scripted((_t, args) => {
      if (args.includes('show')) return { stdout: SHOW_RUNNING };
      if (verb(args) === 'restart') setTimeout(() => void up(), 200);
      return undefined;
    });
    const out = await restartService(ctx(runner));
    assert.ok(out.ok);
    assert.ok(runner.calls.includes('systemctl --user --no-ask-password restart -- docker.service'));
  });

  it('cancel while waiting: a clear "cancelled", not a failure of the unit', async () => {
    const runner = scripted((_t, args) => (args.includes('show') ? { stdout: SHOW_RUNNING.replace('active', 'activating') } : undefined));
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const out = await startService(ctx(runner, { readyTimeoutMs: 10_000 }), undefined, abort.signal);
    assert.ok(!out.ok);
    assert.match(out.error.message, /cancelled/);
  });

  it('an invalid unit name never reaches a process', async () => {
    const runner = scripted(() => assert.fail('no process may start'));
    for (const op of [startService, stopService, restartService]) {
      const out = await op(ctx(runner, { unit: '--now; reboot' }));
      assert.ok(!out.ok && out.error.kind === 'invalid-unit', JSON.stringify(out));
    }
    assert.equal((await getStatus(ctx(runner, { unit: '-x.service' }))).ok, false);
    assert.equal(runner.calls.length, 0);
  });

  it('stop: systemctl stop -- UNIT, then waits until the socket is gone', async () => {
    const d = await up();
    const runner = scripted((_t, args) => {
      if (verb(args) === 'stop') setTimeout(() => void d.close(), 200);
      if (args.includes('show')) return { stdout: SHOW_STOPPED };
      return undefined;
    });
    const out = await stopService(ctx(runner));
    assert.ok(out.ok, JSON.stringify(out));
    assert.equal(out.status?.state, 'stopped');
    assert.ok(runner.calls.includes('systemctl --user --no-ask-password stop -- docker.service'));
    daemons.splice(daemons.indexOf(d), 1);
  });

  it('stop: a socket that keeps answering means another daemon listens there', async () => {
    await up();
    const runner = scripted(() => undefined);
    const out = await stopService(ctx(runner, { stopTimeoutMs: 400 }));
    assert.ok(!out.ok);
    assert.equal(out.error.kind, 'still-running');
    assert.match(out.error.hint, /outside systemd/);
  });

  it('enable / disable at login, read back', async () => {
    const runner = scripted((_t, args) => (args.includes('show') ? { stdout: SHOW_RUNNING } : undefined));
    assert.ok((await setEnabled(ctx(runner), true)).ok);
    assert.ok((await setEnabled(ctx(runner), false)).ok);
    assert.ok(runner.calls.includes('systemctl --user --no-ask-password enable -- docker.service'));
    assert.ok(runner.calls.includes('systemctl --user --no-ask-password disable -- docker.service'));
  });

  it('status without systemd as PID 1: "no systemd"', async () => {
    const runner = scripted(() => ({ code: 1, stderr: 'Failed to connect to bus: No medium found\n' }));
    const s = await getStatus(ctx(runner, { systemdBooted: false }));
    assert.ok(!s.ok && s.error.kind === 'no-systemd');
    const m = await userManagerReachable({ runner, systemdBooted: false });
    assert.ok(!m.ok && m.error.kind === 'no-systemd');
  });

  it('status: a show without LoadState is an error, not a guess', async () => {
    const runner = scripted(() => ({ stdout: 'garbage\n' }));
    const s = await getStatus(ctx(runner));
    assert.ok(!s.ok && s.error.kind === 'unknown');
  });

  it('the user manager reports its version and state', async () => {
    const runner = scripted(() => ({ stdout: 'Version=252.38-1~deb12u1\nSystemState=running\n' }));
    assert.deepEqual(await userManagerReachable({ runner }), { ok: true, version: '252.38-1~deb12u1', state: 'running' });
  });

  it('linger through loginctl', async () => {
    const runner = scripted(() => ({ tool: 'loginctl', stdout: 'yes\n' }));
    assert.deepEqual(await getLinger({ runner }, 'alice'), { ok: true, linger: true });
    assert.deepEqual(runner.calls, ['loginctl --no-ask-password show-user --property=Linger --value -- alice']);
  });
});
