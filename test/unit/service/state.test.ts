// systemctl / loginctl results → unit state and errors that say what happened and what to do. The texts are the
// ones measured with systemd 252 (../shared/reliability.md section 5 and the systemd test bed).
import * as assert from 'node:assert/strict';
import { classifyResult, describeStatus, lingerOf, notInstalled, parseProperties, stateOf, toolText, unitStatus } from '../../../src/service/state';
import { ran, SHOW_AUTO_RESTART, SHOW_FAILED, SHOW_MISSING, SHOW_RUNNING, SHOW_STOPPED } from './results';

const ctx = { unit: 'docker.service', action: 'start', user: 'alice' };

describe('service: state mapping', () => {
  it('parses KEY=VALUE lines; values may hold "="; junk is skipped', () => {
    const p = parseProperties('A=1\nB=x=y\nnot a property\n=nokey\nC=\n');
    assert.deepEqual([...p], [['A', '1'], ['B', 'x=y'], ['C', '']]);
  });

  it('a running unit', () => {
    const s = unitStatus('docker.service', parseProperties(SHOW_RUNNING));
    assert.equal(s.state, 'running');
    assert.equal(s.mainPid, 128);
    assert.equal(s.fileState, 'enabled');
    assert.equal(s.exitStatus, undefined, 'no exit status while the main process runs');
    assert.equal(s.fragmentPath, '/home/rdsvc/.config/systemd/user/docker.service');
    assert.equal(describeStatus(s), 'docker.service is running (pid 128, since Sun 2026-11-22 21:06:43 UTC)');
  });

  it('a unit systemd does not know is not-installed (show exits 0 for it)', () => {
    const s = unitStatus('docker.service', parseProperties(SHOW_MISSING));
    assert.equal(s.state, 'not-installed');
    assert.equal(s.mainPid, undefined);
    assert.equal(s.activeSince, undefined);
    assert.equal(describeStatus(s), 'docker.service is not installed');
  });

  it('activating/auto-restart is "restarting", with the exit status and the restart count', () => {
    const s = unitStatus('docker.service', parseProperties(SHOW_AUTO_RESTART));
    assert.equal(s.state, 'restarting');
    assert.equal(s.restarts, 2);
    assert.equal(s.exitStatus, 1);
    assert.equal(describeStatus(s), 'docker.service exited with status 1 and systemd is restarting it (2 restarts so far)');
  });

  it('failed, stopped', () => {
    const failed = unitStatus('docker.service', parseProperties(SHOW_FAILED));
    assert.equal(failed.state, 'failed');
    assert.equal(describeStatus(failed), 'docker.service failed (exit-code, exit status 1)');
    const stopped = unitStatus('docker.service', parseProperties(SHOW_STOPPED));
    assert.equal(stopped.state, 'stopped');
    assert.equal(stopped.exitStatus, 0);
  });

  it('every ActiveState maps to a state', () => {
    assert.equal(stateOf('loaded', 'active', 'running'), 'running');
    assert.equal(stateOf('loaded', 'reloading', 'reload'), 'running');
    assert.equal(stateOf('loaded', 'activating', 'start'), 'starting');
    assert.equal(stateOf('loaded', 'deactivating', 'stop-sigterm'), 'stopping');
    assert.equal(stateOf('loaded', 'inactive', 'dead'), 'stopped');
    assert.equal(stateOf('masked', 'inactive', 'dead'), 'masked');
    assert.equal(stateOf('loaded', 'something-new', ''), 'stopped');
  });
});

describe('service: errors', () => {
  it('success is no error', () => {
    assert.equal(classifyResult(ran(), ctx), undefined);
  });

  it('"Failed to connect to bus: No medium found" (XDG_RUNTIME_DIR unset): no user manager, offers linger', () => {
    const e = classifyResult(ran({ code: 1, stderr: 'Failed to connect to bus: No medium found\n' }), ctx);
    assert.equal(e?.kind, 'no-user-manager');
    assert.match(e.message, /XDG_RUNTIME_DIR is not set/);
    assert.match(e.hint, /sudo loginctl enable-linger alice/);
    assert.equal(e.command, 'sudo loginctl enable-linger alice');
    assert.deepEqual(e.actions, ['enable-linger', 'run-doctor']);
    assert.equal(e.detail, 'Failed to connect to bus: No medium found');
  });

  it('"…: No such file or directory" (no bus socket): systemd --user is not running', () => {
    const e = classifyResult(ran({ code: 1, stderr: 'Failed to connect to bus: No such file or directory\n' }), ctx);
    assert.equal(e?.kind, 'no-user-manager');
    assert.match(e.message, /systemd --user is not running/);
  });

  it("newer systemd's wording (user scope bus via local transport) is recognised too", () => {
    const e = classifyResult(ran({ code: 1, stderr: 'Failed to connect to user scope bus via local transport: No medium found\n' }), ctx);
    assert.equal(e?.kind, 'no-user-manager');
  });

  it('an unreachable bus on a machine without systemd as PID 1 is "no systemd"', () => {
    const e = classifyResult(ran({ code: 1, stderr: 'Failed to connect to bus: No medium found\n' }), { ...ctx, systemdBooted: false });
    assert.equal(e?.kind, 'no-systemd');
    assert.match(e.hint, /dockerd-rootless\.sh/);
  });

  it('loginctl without systemd (measured): "System has not been booted with systemd" is no-systemd', () => {
    const e = classifyResult(
      ran({ tool: 'loginctl', code: 1, stderr: "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n" }),
      ctx,
    );
    assert.equal(e?.kind, 'no-systemd');
  });

  it('start of a missing unit (rc 5 "Unit … not found."): not installed, offers the setup tool', () => {
    const e = classifyResult(ran({ code: 5, stderr: 'Failed to start nope.service: Unit nope.service not found.\n' }), ctx);
    assert.equal(e?.kind, 'unit-not-found');
    assert.match(e.message, /docker\.service is not installed for your user/);
    assert.match(e.hint, /dockerd-rootless-setuptool\.sh install/);
    assert.equal(e.command, 'dockerd-rootless-setuptool.sh install');
    assert.deepEqual(e.actions, ['install-unit', 'run-doctor']);
  });

  it('stop of a missing unit ("not loaded", rc 5) and enable of one ("Unit file … does not exist", rc 1)', () => {
    assert.equal(classifyResult(ran({ code: 5, stderr: 'Failed to stop nope.service: Unit nope.service not loaded.\n' }), ctx)?.kind, 'unit-not-found');
    assert.equal(classifyResult(ran({ code: 1, stderr: 'Failed to enable unit: Unit file nope.service does not exist.\n' }), ctx)?.kind, 'unit-not-found');
  });

  it('a missing unit other than docker.service points at the setting instead of the setup tool', () => {
    const e = notInstalled('podman.service');
    assert.deepEqual(e.actions, ['open-settings']);
    assert.equal(e.command, undefined);
    assert.match(e.hint, /rootlessDocker\.service\.unit/);
  });

  it('"Job for … failed" (measured after the start limit): unit failed, offers the log', () => {
    const stderr =
      'Job for docker.service failed because the control process exited with error code.\nSee "systemctl --user status docker.service" and "journalctl --user -xeu docker.service" for details.\n';
    const e = classifyResult(ran({ code: 1, stderr }), ctx);
    assert.equal(e?.kind, 'unit-failed');
    assert.equal(e.message, 'docker.service failed to start.');
    assert.deepEqual(e.actions, ['show-journal', 'run-doctor']);
  });

  it('masked units and refused authentication', () => {
    assert.equal(classifyResult(ran({ code: 1, stderr: 'Failed to start docker.service: Unit docker.service is masked.\n' }), ctx)?.kind, 'unit-masked');
    assert.equal(classifyResult(ran({ code: 1, stderr: 'Failed to start docker.service: Interactive authentication required.\n' }), ctx)?.kind, 'access-denied');
  });

  it('runner failures: missing tool, timeout, too much output', () => {
    assert.equal(classifyResult(ran({ code: null, failure: 'not-found', failureMessage: 'systemctl is not installed (looked in /usr/bin)' }), ctx)?.kind, 'tool-missing');
    const t = classifyResult(ran({ code: null, signal: 'SIGKILL', failure: 'timeout', failureMessage: 'systemctl did not finish within 30 s and was stopped' }), ctx);
    assert.equal(t?.kind, 'timeout');
    assert.match(t.message, /within 30 s .* while trying to start docker\.service/);
    assert.equal(classifyResult(ran({ code: null, failure: 'too-much-output', failureMessage: 'too much' }), ctx)?.kind, 'too-much-output');
  });

  it('an unknown non-zero exit is still an error, with the output as detail', () => {
    const e = classifyResult(ran({ code: 9, stderr: 'something new\n' }), ctx);
    assert.equal(e?.kind, 'unknown');
    assert.match(e.message, /exit 9/);
    assert.equal(e.detail, 'something new');
  });

  it('a process killed by a signal is an error even with code 0 absent', () => {
    assert.equal(classifyResult(ran({ code: null, signal: 'SIGTERM' }), ctx)?.kind, 'unknown');
  });

  it('tool text is cleaned: escapes and control characters removed, length capped', () => {
    assert.equal(toolText('\x1b[31mred\x1b[0m\x07 text \n'), 'red text');
    assert.ok(toolText('x'.repeat(5000)).length <= 2001);
  });
});

describe('service: linger', () => {
  it('yes / no from --value', () => {
    assert.deepEqual(lingerOf(ran({ tool: 'loginctl', stdout: 'yes\n' })), { linger: true });
    assert.deepEqual(lingerOf(ran({ tool: 'loginctl', stdout: 'no\n' })), { linger: false });
  });

  it('"is not logged in or lingering" (measured, rc 1) means no linger', () => {
    assert.deepEqual(lingerOf(ran({ tool: 'loginctl', code: 1, stderr: 'Failed to get user: User ID 1001 is not logged in or lingering\n' })), { linger: false });
  });

  it('no systemd: an error, not a guess', () => {
    const r = lingerOf(ran({ tool: 'loginctl', code: 1, stderr: "System has not been booted with systemd as init system (PID 1). Can't operate.\n" }));
    assert.ok('error' in r);
    assert.equal(r.error.kind, 'no-systemd');
  });

  it('an unexpected answer is an error naming it', () => {
    const r = lingerOf(ran({ tool: 'loginctl', stdout: 'maybe\n' }));
    assert.ok('error' in r);
    assert.match(r.error.message, /"maybe"/);
  });
});
