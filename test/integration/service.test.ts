// The daemon service against the real thing: systemd as PID 1 of the test bed, the user's systemd --user, the
// rootless docker.service that dockerd-rootless-setuptool.sh installed, and journald. Every operation runs the
// extension's core (src/service) as that user inside the bed; each result is checked against what the test
// reads independently (the socket from the host, systemctl itself).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Outcome } from '../../src/service/control';
import type { ServiceError, UnitStatus } from '../../src/service/state';
import { answers, BED_USER, systemdBed, type SystemdBed } from './serviceBed';

type StatusAnswer = { ok: true; status: UnitStatus; socketPath: string } | { ok: false; error: ServiceError };
interface OpAnswer {
  outcome: Outcome;
  progress: string[];
}

/** `systemctl --user show -p PROP --value docker.service`, run by the test itself. */
async function prop(bed: SystemdBed, name: string): Promise<string> {
  const r = await bed.exec(['systemctl', '--user', 'show', `--property=${name}`, '--value', 'docker.service']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

async function isActive(bed: SystemdBed): Promise<string> {
  return (await bed.exec(['systemctl', '--user', 'is-active', 'docker.service'])).stdout.trim();
}

function assertOk(outcome: Outcome): asserts outcome is Extract<Outcome, { ok: true }> {
  assert.ok(outcome.ok, outcome.ok ? '' : `${outcome.error.kind}: ${outcome.error.message} ${outcome.error.detail ?? ''} ${(outcome.error.journal ?? []).join('\n')}`);
}

describe('daemon service (real systemd user manager)', function () {
  this.timeout(180_000);
  let bed: SystemdBed;

  before(async function () {
    this.timeout(1_300_000); // may wait for another run's session of the bed
    bed = await systemdBed();
  });

  it('status reflects a running daemon: the unit, its socket, systemd itself', async () => {
    const s = await bed.driver<StatusAnswer>('status');
    assert.ok(s.ok, JSON.stringify(s));
    assert.equal(s.socketPath, `${bed.runtimeDir}/docker.sock`);
    assert.equal(s.status.state, 'running');
    assert.equal(s.status.fileState, 'enabled');
    assert.equal(String(s.status.mainPid), await prop(bed, 'MainPID'));
    assert.equal(await isActive(bed), 'active');
    assert.ok(await answers(bed.hostSocket), 'the socket answers _ping');
  });

  it('stop returns once the socket is gone; status then says stopped', async () => {
    const { outcome } = await bed.driver<OpAnswer>('stop');
    assertOk(outcome);
    // Checked at once, without retrying: the wait is the command's job.
    assert.equal(fs.existsSync(bed.hostSocket) && (await answers(bed.hostSocket)), false, 'the socket still answers');
    assert.equal(await isActive(bed), 'inactive');
    assert.equal(outcome.status?.state, 'stopped');
    const s = await bed.driver<StatusAnswer>('status');
    assert.ok(s.ok && s.status.state === 'stopped', JSON.stringify(s));
  });

  it('start returns once the socket answers, reporting progress while it waits', async () => {
    assert.equal(await answers(bed.hostSocket), false, 'stopped before the test');
    const { outcome, progress } = await bed.driver<OpAnswer>('start');
    assertOk(outcome);
    assert.ok(await answers(bed.hostSocket), 'answers right after start returned');
    assert.equal(outcome.status?.state, 'running');
    assert.equal(await isActive(bed), 'active');
    assert.ok(progress.some((p) => p.startsWith('starting docker.service')), progress.join('\n'));
    assert.ok(progress.some((p) => p.startsWith(`waiting for the daemon to answer on ${bed.runtimeDir}/docker.sock`)), progress.join('\n'));
    console.log(`      start → socket answers: ${outcome.elapsedMs} ms`);
  });

  it('start of a running daemon changes nothing', async () => {
    const before = await prop(bed, 'MainPID');
    const { outcome } = await bed.driver<OpAnswer>('start');
    assertOk(outcome);
    assert.deepEqual(outcome.notes, ['docker.service was already running.']);
    assert.equal(await prop(bed, 'MainPID'), before);
  });

  it('restart gives a new daemon process and waits until it answers', async () => {
    const before = await prop(bed, 'MainPID');
    const { outcome } = await bed.driver<OpAnswer>('restart');
    assertOk(outcome);
    assert.notEqual(await prop(bed, 'MainPID'), before);
    assert.ok(await answers(bed.hostSocket));
    console.log(`      restart → socket answers: ${outcome.elapsedMs} ms`);
  });

  it("journal lines are read: dockerd's own, from this boot", async () => {
    const j = await bed.driver<{ lines: string[]; none?: unknown; error?: string }>('journal');
    assert.equal(j.error, undefined);
    assert.equal(j.none, undefined);
    assert.ok(j.lines.length > 0);
    assert.ok(j.lines.some((l) => l.includes(`API listen on ${bed.runtimeDir}/docker.sock`)), j.lines.slice(-10).join('\n'));
    assert.ok(j.lines.every((l) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \S+/.test(l)), 'every line has a time and a source');
  });

  it('the journal is followed live: lines of a restart arrive as they are written', async () => {
    const f = await bed.driver<{ outcome: Outcome; lines: string[]; stopSignal: string | null }>('follow');
    assertOk(f.outcome);
    assert.ok(f.lines.some((l) => /Stopped docker\.service|Stopping docker\.service/.test(l)), f.lines.slice(0, 10).join('\n'));
    assert.ok(f.lines.some((l) => l.includes('API listen on')), f.lines.slice(-10).join('\n'));
    assert.equal(f.stopSignal, 'SIGTERM', 'the follower was stopped, not left running');
  });

  it('enable / disable at login, as systemd sees it', async () => {
    const off = await bed.driver<{ outcome: Outcome }>('disable');
    assertOk(off.outcome);
    assert.equal((await bed.exec(['systemctl', '--user', 'is-enabled', 'docker.service'])).stdout.trim(), 'disabled');
    assert.equal(off.outcome.status?.fileState, 'disabled');
    const on = await bed.driver<{ outcome: Outcome }>('enable');
    assertOk(on.outcome);
    assert.equal((await bed.exec(['systemctl', '--user', 'is-enabled', 'docker.service'])).stdout.trim(), 'enabled');
  });

  it('linger: on for the bed user, off for a user without it, as loginctl says', async () => {
    assert.deepEqual(await bed.driver('linger'), { ok: true, linger: true });
    const shown = await bed.exec(['loginctl', 'show-user', '--property=Linger', '--value', BED_USER]);
    assert.equal(shown.stdout.trim(), 'yes');
    assert.deepEqual(await bed.driver('linger', { env: ['RD_LINGER_USER=root'] }), { ok: true, linger: false });
  });

  it('the user manager answers with its version', async () => {
    const m = await bed.driver<{ ok: boolean; version?: string; state?: string }>('manager');
    assert.ok(m.ok);
    const version = (await bed.exec(['systemctl', '--user', 'show', '--property=Version', '--value'])).stdout.trim();
    assert.equal(m.version, version);
  });

  it('a unit that fails to start: the error says so early, with the last journal lines', async () => {
    // A real failure of the real unit: RootlessKit refuses an unknown network driver.
    const dropIn = ['mkdir -p ~/.config/systemd/user/docker.service.d', "printf '[Service]\\nEnvironment=DOCKERD_ROOTLESS_ROOTLESSKIT_NET=bogus\\n' > ~/.config/systemd/user/docker.service.d/zz-test-broken.conf", 'systemctl --user daemon-reload'];
    assert.equal((await bed.exec(['sh', '-c', dropIn.join(' && ')])).code, 0);
    try {
      const { outcome } = await bed.driver<OpAnswer>('restart');
      assert.ok(!outcome.ok, 'restart of a broken unit succeeded');
      assert.equal(outcome.error.kind, 'unit-failed');
      assert.match(outcome.error.message, /^docker\.service did not come up: /);
      assert.ok(outcome.error.journal?.some((l) => l.includes('[rootlesskit:parent] error: unknown network mode: bogus')), (outcome.error.journal ?? []).join('\n'));
      assert.deepEqual(outcome.error.actions, ['show-journal', 'run-doctor']);
    } finally {
      assert.equal((await bed.exec(['sh', '-c', 'rm -f ~/.config/systemd/user/docker.service.d/zz-test-broken.conf && systemctl --user daemon-reload'])).code, 0);
    }
    // A start after the fix resets the failed state (the start limit was hit) and works.
    const { outcome } = await bed.driver<OpAnswer>('start');
    assertOk(outcome);
    assert.ok(await answers(bed.hostSocket));
  });

  it('a unit that is not installed: status says so; start offers to set it up, without starting anything', async () => {
    const s = await bed.driver<StatusAnswer>('status', { env: ['RD_UNIT=rd-missing.service'] });
    assert.ok(s.ok && s.status.state === 'not-installed', JSON.stringify(s));
    const { outcome } = await bed.driver<OpAnswer>('start', { env: ['RD_UNIT=rd-missing.service'] });
    assert.ok(!outcome.ok);
    assert.equal(outcome.error.kind, 'unit-not-found');
    assert.equal(outcome.error.message, 'rd-missing.service is not installed for your user.');
    const stop = await bed.driver<OpAnswer>('stop', { env: ['RD_UNIT=rd-missing.service'] });
    assert.ok(!stop.outcome.ok && stop.outcome.error.kind === 'unit-not-found', JSON.stringify(stop.outcome));
  });

  it('no user systemd, XDG_RUNTIME_DIR unset: "Failed to connect to bus: No medium found", said plainly', async () => {
    const s = await bed.driver<StatusAnswer>('status', { env: ['XDG_RUNTIME_DIR=', 'DBUS_SESSION_BUS_ADDRESS='] });
    assert.ok(!s.ok);
    assert.equal(s.error.kind, 'no-user-manager');
    assert.match(s.error.message, /XDG_RUNTIME_DIR is not set/);
    assert.equal(s.error.detail, 'Failed to connect to bus: No medium found');
    assert.equal(s.error.command, `sudo loginctl enable-linger ${BED_USER}`);
  });

  it('no user systemd for a user without linger or session: the bus socket is missing', async () => {
    // nobody has neither linger nor a session in the bed, so no systemd --user runs for it.
    const other = await bed.driver<OpAnswer>('start', { user: 'nobody' });
    assert.ok(!other.outcome.ok);
    assert.equal(other.outcome.error.kind, 'no-user-manager');
    assert.match(other.outcome.error.message, /systemd --user is not running/);
    assert.match(other.outcome.error.detail ?? '', /Failed to connect to bus: No such file or directory/);
  });

  it('the daemon is left running for the next suite', async () => {
    assert.ok(await answers(bed.hostSocket));
  });
});
