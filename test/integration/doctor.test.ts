// The doctor on real hosts: the CLI bundle (dist/cli.js) run inside the systemd test bed as its user, and on this
// machine as it is. Each check's verdict is compared with facts this test reads itself (kernel files, /etc/subuid,
// the daemon's /info over its socket, systemd's own answers), so the report is known to describe the host it ran on.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hostGet, REPO, run, systemdBed, type Ran, type SystemdBed } from './serviceBed';

interface Check {
  id: string;
  status: 'pass' | 'warn' | 'fail' | 'skip';
  summary: string;
  details?: string[];
  fix?: { text: string; commands?: string[] };
}
interface Report {
  user: { name?: string; uid?: number };
  kernel?: string;
  summary: Record<string, number>;
  checks: Check[];
}

const CLI = path.join(REPO, 'dist/cli.js');
const read = (file: string) => fs.readFileSync(file, 'utf8');

function parse(r: Ran): Report & { byId: (id: string) => Check } {
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`doctor printed no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  assert.equal(r.code, report.summary.fail > 0 ? 1 : 0, 'the exit code follows the failures');
  return {
    ...report,
    byId: (id) => {
      const c = report.checks.find((x) => x.id === id);
      assert.ok(c, `no check ${id}`);
      return c;
    },
  };
}

/** The facts of this kernel and host, read here. */
const host = {
  kernel: read('/proc/sys/kernel/osrelease').trim(),
  cgroupV2: fs.existsSync('/sys/fs/cgroup/cgroup.controllers'),
  portStart: Number(read('/proc/sys/net/ipv4/ip_unprivileged_port_start')),
  ping: read('/proc/sys/net/ipv4/ping_group_range').trim().split(/\s+/).map(Number),
  systemdPid1: fs.existsSync('/run/systemd/system'),
};

function subids(file: string, user: string): number {
  return read(file)
    .split('\n')
    .filter((l) => l.startsWith(`${user}:`))
    .reduce((n, l) => n + Number(l.split(':')[2]), 0);
}

describe('doctor (real hosts)', function () {
  this.timeout(180_000);
  let bed: SystemdBed;

  before(async function () {
    this.timeout(1_300_000);
    bed = await systemdBed();
    const build = await run(process.execPath, ['esbuild.js'], { timeoutMs: 120_000 });
    assert.equal(build.code, 0, build.stderr);
  });

  const doctorInBed = async (options: Parameters<SystemdBed['exec']>[1] = {}) => parse(await bed.exec([process.execPath, CLI, 'doctor', '--format', 'json'], options));

  it('inside the bed, as a lingering user with the daemon running: what this host really is', async () => {
    const r = await doctorInBed();
    assert.equal(r.user.name, 'rdsvc');
    assert.equal(r.kernel, host.kernel);

    // systemd, the unit, linger, the runtime dir: all in place in the bed.
    for (const id of ['systemd-user', 'docker-unit', 'linger', 'runtime-dir', 'userns', 'uidmap', 'rootless-tools']) assert.equal(r.byId(id).status, 'pass', `${id}: ${r.byId(id).summary}`);
    assert.match(r.byId('docker-unit').summary, /installed, running and started at login/);

    // Subordinate ids, as /etc/subuid and /etc/subgid say.
    const subuid = subids('/etc/subuid', 'rdsvc');
    assert.equal(r.byId('subuid').status, subuid >= 65536 ? 'pass' : subuid > 0 ? 'warn' : 'fail');
    assert.match(r.byId('subuid').summary, new RegExp(`${subuid.toLocaleString('en-US')} subordinate ids`));
    assert.equal(r.byId('subgid').status, subids('/etc/subgid', 'rdsvc') >= 65536 ? 'pass' : 'warn');

    // cgroups: v1 here means limits are silently ignored.
    const cgroup = r.byId('cgroup');
    if (!host.cgroupV2) {
      assert.equal(cgroup.status, 'warn');
      assert.match(cgroup.summary, /cgroup v1/);
    } else {
      assert.doesNotMatch(cgroup.summary, /cgroup v1/);
    }

    // The daemon, as its own /info says (asked here over its socket).
    const info = JSON.parse((await hostGet(bed.hostSocket, '/info')).body) as { Driver: string; CgroupDriver: string; ServerVersion: string; SecurityOptions: string[] };
    assert.ok(info.SecurityOptions.some((o) => o.includes('name=rootless')));
    const daemon = r.byId('daemon');
    assert.ok(daemon.details?.some((d) => d.includes(`storage ${info.Driver}, cgroup driver ${info.CgroupDriver}`)), JSON.stringify(daemon.details));
    assert.equal(daemon.status, info.CgroupDriver === 'none' ? 'warn' : 'pass');
    const storage = r.byId('storage-driver');
    assert.equal(storage.status, info.Driver === 'vfs' ? 'warn' : 'pass');
    assert.ok(storage.details?.includes(`driver ${info.Driver}`));

    // Kernel settings, read here.
    assert.equal(r.byId('port-start').status, host.portStart <= 80 ? 'pass' : 'warn');
    assert.ok(r.byId('port-start').details?.includes(`net.ipv4.ip_unprivileged_port_start = ${host.portStart}`));
    const [lo, hi] = host.ping;
    assert.equal(r.byId('ping').status, lo <= bed.gid && bed.gid <= hi ? 'pass' : 'warn');

    // The network: slirp4netns installed and /dev/net/tun usable (the bed's provisioning made it 0666).
    assert.equal(r.byId('network').status, (fs.statSync('/dev/net/tun').mode & 0o006) === 0o006 ? 'pass' : 'fail');

    // DOCKER_HOST is not set in the bed user's environment: the CLI would miss the socket, and the doctor says so.
    const dockerHost = r.byId('docker-host');
    assert.equal(dockerHost.status, 'warn');
    assert.ok(dockerHost.fix?.commands?.includes(`export DOCKER_HOST=unix://${bed.runtimeDir}/docker.sock`));
  });

  it('with the daemon stopped: the unit and the daemon checks say so, the storage check cannot tell', async () => {
    assert.equal((await bed.exec(['systemctl', '--user', 'stop', 'docker.service'])).code, 0);
    try {
      const r = await doctorInBed();
      assert.equal(r.byId('docker-unit').status, 'warn');
      assert.match(r.byId('docker-unit').summary, /installed, not running and started at login/);
      assert.deepEqual(r.byId('docker-unit').fix?.commands, ['systemctl --user start docker.service']);
      assert.equal(r.byId('daemon').status, 'warn');
      assert.match(r.byId('daemon').summary, /does not answer/);
      assert.equal(r.byId('storage-driver').status, 'skip');
    } finally {
      assert.equal((await bed.exec(['systemctl', '--user', 'start', 'docker.service'])).code, 0);
    }
  });

  it('as a user without linger or systemd --user: the user-manager check fails with the linger command', async () => {
    const r = await doctorInBed({ user: 'nobody' });
    assert.equal(r.byId('systemd-user').status, 'fail');
    assert.match(r.byId('systemd-user').summary, /systemd --user is not running/);
    assert.equal(r.byId('linger').status, 'warn');
    assert.deepEqual(r.byId('linger').fix?.commands, ['sudo loginctl enable-linger nobody']);
    assert.equal(r.byId('docker-unit').status, 'skip');
    assert.equal(r.byId('runtime-dir').status, 'fail', 'its XDG_RUNTIME_DIR does not exist in the bed');
    assert.equal(r.byId('subuid').status, subids('/etc/subuid', 'nobody') >= 65536 ? 'pass' : subids('/etc/subuid', 'nobody') > 0 ? 'warn' : 'fail');
  });

  it('on this machine, outside the bed, as root: what this machine is', async () => {
    const env = { PATH: '/usr/bin:/bin:/usr/sbin:/sbin', HOME: '/root', LANG: 'C.UTF-8' };
    const r = parse(await run(process.execPath, [CLI, 'doctor', '--format', 'json'], { env }));
    assert.equal(r.kernel, host.kernel);
    assert.equal(r.user.uid, 0);
    if (!host.systemdPid1) {
      assert.equal(r.byId('systemd-user').status, 'warn');
      assert.match(r.byId('systemd-user').summary, /does not run systemd/);
      assert.equal(r.byId('linger').status, 'skip');
      assert.equal(r.byId('docker-unit').status, 'skip');
    }
    assert.equal(r.byId('runtime-dir').status, 'fail', 'XDG_RUNTIME_DIR is not set');
    assert.equal(r.byId('subuid').status, subids('/etc/subuid', 'root') >= 65536 ? 'pass' : subids('/etc/subuid', 'root') > 0 ? 'warn' : 'fail');
    assert.equal(r.byId('cgroup').status === 'warn' && /cgroup v1/.test(r.byId('cgroup').summary), !host.cgroupV2);
  });
});
