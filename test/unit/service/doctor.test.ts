// The doctor's checks over a fake host: each prerequisite passes on a healthy rootless host, and each way it can
// be missing gives the right status and a fix that says what to run.
import * as assert from 'node:assert/strict';
import {
  checkCgroup,
  checkDaemon,
  checkDockerHost,
  checkDockerUnit,
  checkKernel,
  checkLinger,
  checkNetworkDriver,
  checkPingGroupRange,
  checkPortStart,
  checkRootlesskitCaps,
  checkRootlessTools,
  checkRuntimeDir,
  checkStorageDriver,
  checkSubgid,
  checkSubuid,
  checkSystemdUser,
  checkUidmap,
  checkUserNamespaces,
  CHECKS,
  freeSubidStart,
  subidRanges,
} from '../../../src/service/doctor/checks';
import { runDoctor } from '../../../src/service/doctor/run';
import type { Check, CheckResult } from '../../../src/service/doctor/types';
import { dir, fakeProbe, file, healthyHost, hostWith, type FakeHost } from './probe';

const check = (c: Check, host: FakeHost): Promise<CheckResult> => c(fakeProbe(host));

/** A failing or warning result must carry a fix. */
function assertStatus(r: CheckResult, status: CheckResult['status'], summary?: RegExp): CheckResult {
  assert.equal(r.status, status, `${r.id}: ${r.status}: ${r.summary}`);
  if (summary) assert.match(r.summary, summary);
  if (status === 'warn' || status === 'fail') assert.ok(r.fix?.text, `${r.id} ${status} without a fix`);
  return r;
}

describe('doctor: checks', () => {
  it('a healthy rootless host passes every check', async () => {
    const report = await runDoctor(fakeProbe(healthyHost()));
    const notPassing = report.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status}: ${r.summary}`);
    assert.deepEqual(notPassing, []);
    assert.equal(report.results.length, CHECKS.length);
    assert.deepEqual(report.summary, { pass: CHECKS.length, warn: 0, fail: 0, skip: 0 });
    assert.equal(report.kernel, '6.8.0-45-generic');
  });

  it('every check has a unique id, in report order', () => {
    const ids = CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('a check that throws becomes a skip that says so, and the others still run', async () => {
    const boom: Check = () => Promise.reject(new Error('boom'));
    const report = await runDoctor(fakeProbe(healthyHost()), [{ id: 'boom', check: boom }, CHECKS[0]]);
    assert.equal(report.results[0].status, 'skip');
    assert.match(report.results[0].summary, /could not run: boom/);
    assert.equal(report.results[1].status, 'pass');
  });

  describe('kernel', () => {
    it('5.10 on a plain kernel: warn, overlay2 needs 5.11 or an Ubuntu/Debian kernel', async () => {
      const r = await check(checkKernel, hostWith((h) => Object.assign(h.files!, { '/proc/sys/kernel/osrelease': '5.10.0-1\n', '/proc/version': 'Linux version 5.10.0 (gcc)\n' })));
      assertStatus(r, 'warn', /cannot mount overlayfs in a user namespace/);
      assert.deepEqual(r.fix?.commands, ['sudo apt-get install fuse-overlayfs']);
    });
    it('5.10 on Debian passes (its kernel allows overlayfs in user namespaces)', async () => {
      const r = await check(checkKernel, hostWith((h) => Object.assign(h.files!, { '/proc/sys/kernel/osrelease': '5.10.0-28-amd64\n', '/proc/version': 'Linux version 5.10.0-28-amd64 (debian-kernel@lists.debian.org)\n' })));
      assertStatus(r, 'pass');
      assert.match(r.details?.[0] ?? '', /debian kernel/);
    });
    it('4.15: fail', async () => {
      const r = await check(checkKernel, hostWith((h) => Object.assign(h.files!, { '/proc/sys/kernel/osrelease': '4.15.0\n', '/proc/version': 'Linux\n' })));
      assertStatus(r, 'fail', /older than 4\.18/);
    });
    it('unreadable: skip', async () => {
      assertStatus(await check(checkKernel, hostWith((h) => delete h.files!['/proc/sys/kernel/osrelease'])), 'skip');
    });
  });

  describe('user namespaces', () => {
    it('max_user_namespaces 0: fail with the sysctl', async () => {
      const r = await check(checkUserNamespaces, hostWith((h) => (h.files!['/proc/sys/user/max_user_namespaces'] = '0\n')));
      assertStatus(r, 'fail', /disabled/);
      assert.match(r.fix?.commands?.[0] ?? '', /sysctl -w user\.max_user_namespaces=28633/);
    });
    it('Debian\'s unprivileged_userns_clone=0: fail', async () => {
      const r = await check(checkUserNamespaces, hostWith((h) => (h.files!['/proc/sys/kernel/unprivileged_userns_clone'] = '0\n')));
      assertStatus(r, 'fail', /unprivileged_userns_clone is 0/);
    });
    it('Ubuntu 24.04 AppArmor restriction: warn with the AppArmor docs', async () => {
      const r = await check(checkUserNamespaces, hostWith((h) => (h.files!['/proc/sys/kernel/apparmor_restrict_unprivileged_userns'] = '1\n')));
      assertStatus(r, 'warn', /AppArmor/);
      assert.match(r.fix?.docs ?? '', /apparmor/);
    });
    it('no user namespaces at all: fail', async () => {
      assertStatus(await check(checkUserNamespaces, hostWith((h) => delete h.files!['/proc/sys/user/max_user_namespaces'])), 'fail', /no user namespaces/);
    });
  });

  describe('newuidmap / newgidmap', () => {
    it('missing: fail, install uidmap', async () => {
      const r = await check(checkUidmap, hostWith((h) => delete h.tools!.newgidmap));
      assertStatus(r, 'fail', /newgidmap is not installed/);
      assert.deepEqual(r.fix?.commands, ['sudo apt-get install uidmap']);
    });
    it('not setuid and no file capabilities: fail, chmod u+s', async () => {
      const r = await check(checkUidmap, hostWith((h) => (h.stats!['/usr/bin/newuidmap'] = file(0o755))));
      assertStatus(r, 'fail', /neither setuid root nor has file capabilities/);
      assert.deepEqual(r.fix?.commands, ['sudo chmod u+s /usr/bin/newuidmap']);
    });
    it('file capabilities instead of setuid (Fedora): pass', async () => {
      const host = hostWith((h) => {
        h.stats!['/usr/bin/newuidmap'] = file(0o755);
        const base = h.run!;
        h.run = (tool, args) => (tool === 'getcap' && args[0] === '/usr/bin/newuidmap' ? { stdout: '/usr/bin/newuidmap cap_setuid=ep\n' } : base(tool, args));
      });
      const r = assertStatus(await check(checkUidmap, host), 'pass');
      assert.match(r.details?.join('\n') ?? '', /file capabilities \(cap_setuid=ep\)/);
    });
  });

  describe('subordinate ids', () => {
    it('no range: fail, with a usermod range above every existing one', async () => {
      const r = await check(checkSubuid, hostWith((h) => (h.files!['/etc/subuid'] = 'bob:100000:65536\ncarol:300000:65536\n')));
      assertStatus(r, 'fail', /no range for alice/);
      assert.deepEqual(r.fix?.commands, ['sudo usermod --add-subuids 365536-431071 alice']);
    });
    it('a small range: warn', async () => {
      const r = await check(checkSubgid, hostWith((h) => (h.files!['/etc/subgid'] = 'alice:100000:1000\n')));
      assertStatus(r, 'warn', /1,000 subordinate ids/);
      assert.match(r.fix?.commands?.[0] ?? '', /--add-subgids 101000-166535 alice/);
    });
    it('ranges by uid and several lines add up', async () => {
      const r = await check(checkSubuid, hostWith((h) => (h.files!['/etc/subuid'] = '1000:100000:32768\nalice:200000:32768\n')));
      assertStatus(r, 'pass', /65,536/);
      assert.equal(r.details?.length, 2);
    });
    it('no /etc/subuid at all: fail', async () => {
      assertStatus(await check(checkSubuid, hostWith((h) => delete h.files!['/etc/subuid'])), 'fail', /does not exist/);
    });
    it('parsing ignores comments, other users and malformed lines', () => {
      assert.deepEqual(subidRanges('#alice:1:2\nalice:10:20\nalicex:1:1\nalice:x:1\n', 'alice', 7), [[10, 20]]);
      assert.equal(freeSubidStart(''), 100000);
      assert.equal(freeSubidStart('a:100000:65536\nb:50000:10\n'), 165536);
    });
  });

  describe('cgroups', () => {
    it('cgroup v1 (this project\'s CI host): warn that limits are ignored', async () => {
      const r = await check(checkCgroup, hostWith((h) => {
        delete h.files!['/sys/fs/cgroup/cgroup.controllers'];
        h.stats!['/sys/fs/cgroup/memory'] = dir(0, 0o755);
      }));
      assertStatus(r, 'warn', /cgroup v1.*silently ignored/);
      assert.deepEqual(r.details, ['cgroup v1 hierarchies are mounted under /sys/fs/cgroup']);
    });
    it('v2 without memory and pids delegated: warn naming the ignored limits, with the drop-in', async () => {
      const r = await check(checkCgroup, hostWith((h) => (h.files!['/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/cgroup.controllers'] = 'cpu\n')));
      assertStatus(r, 'warn', /memory, pids are not delegated.*--memory, --pids-limit/);
      assert.ok(r.fix?.commands?.some((c) => c.includes('Delegate=cpu cpuset io memory pids')));
    });
    it('v2 with Debian\'s default delegation (no io, cpuset): pass, noting them', async () => {
      const r = await check(checkCgroup, hostWith((h) => (h.files!['/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/cgroup.controllers'] = 'cpu memory pids\n')));
      assertStatus(r, 'pass', /not delegated: io, cpuset/);
    });
    it('v2 but no user manager cgroup: warn', async () => {
      assertStatus(await check(checkCgroup, hostWith((h) => delete h.files!['/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/cgroup.controllers'])), 'warn', /no cgroup/);
    });
  });

  describe('systemd', () => {
    it('no systemd as PID 1: warn, start dockerd-rootless.sh yourself', async () => {
      const r = await check(checkSystemdUser, hostWith((h) => {
        delete h.stats!['/run/systemd/system'];
        h.run = () => ({ code: 1, stderr: 'Failed to connect to bus: No medium found\n' });
      }));
      assertStatus(r, 'warn', /does not run systemd/);
    });
    it('systemd, but no user bus: fail with the linger command', async () => {
      const r = await check(checkSystemdUser, hostWith((h) => (h.run = () => ({ code: 1, stderr: 'Failed to connect to bus: No such file or directory\n' }))));
      assertStatus(r, 'fail', /Cannot reach your user service manager/);
      assert.deepEqual(r.fix?.commands, ['sudo loginctl enable-linger alice']);
    });
    it('degraded user manager: warn', async () => {
      const r = await check(checkSystemdUser, hostWith((h) => (h.run = () => ({ stdout: 'Version=252\nSystemState=degraded\n' }))));
      assertStatus(r, 'warn', /some of its units failed/);
    });
    it('the unit not installed: fail with the setup tool', async () => {
      const r = await check(checkDockerUnit, hostWith((h) => (h.run = () => ({ stdout: 'LoadState=not-found\nActiveState=inactive\nSubState=dead\nUnitFileState=\n' }))));
      assertStatus(r, 'fail', /not installed for alice/);
      assert.deepEqual(r.fix?.commands, ['dockerd-rootless-setuptool.sh install']);
    });
    it('the unit installed but stopped and disabled: warn with enable and start', async () => {
      const r = await check(checkDockerUnit, hostWith((h) => (h.run = () => ({ stdout: 'LoadState=loaded\nActiveState=inactive\nSubState=dead\nUnitFileState=disabled\n' }))));
      assertStatus(r, 'warn', /not running and not started at login/);
      assert.deepEqual(r.fix?.commands, ['systemctl --user enable docker.service', 'systemctl --user start docker.service']);
    });
    it('the unit failing: fail with its journal', async () => {
      const r = await check(checkDockerUnit, hostWith((h) => (h.run = () => ({ stdout: 'LoadState=loaded\nActiveState=activating\nSubState=auto-restart\nUnitFileState=enabled\nResult=exit-code\n' }))));
      assertStatus(r, 'fail', /keeps exiting/);
      assert.match(r.fix?.commands?.[0] ?? '', /^journalctl --user -u docker\.service/);
    });
    it('a configured unit name that is refused: fail, without running anything', async () => {
      const probe = fakeProbe(hostWith((h) => (h.unit = '-x')));
      const r = await checkDockerUnit(probe);
      assertStatus(r, 'fail', /refused/);
      assert.deepEqual(probe.ran, []);
    });
    it('linger off: warn, why it matters, the sudo command', async () => {
      const r = await check(checkLinger, hostWith((h) => (h.run = () => ({ code: 1, stderr: 'Failed to get user: User ID 1000 is not logged in or lingering\n' }))));
      assertStatus(r, 'warn', /Lingering is off for alice.*stops when your last session ends/);
      assert.deepEqual(r.fix?.commands, ['sudo loginctl enable-linger alice']);
    });
    it('linger without logind: not applicable', async () => {
      const r = await check(checkLinger, hostWith((h) => (h.run = () => ({ code: 1, stderr: "System has not been booted with systemd as init system (PID 1). Can't operate.\n" }))));
      assertStatus(r, 'skip', /does not run systemd/);
    });
  });

  describe('runtime dir and endpoint', () => {
    it('XDG_RUNTIME_DIR unset: fail', async () => {
      const r = await check(checkRuntimeDir, hostWith((h) => delete h.env!.XDG_RUNTIME_DIR));
      assertStatus(r, 'fail', /not set/);
      assert.match(r.fix?.text ?? '', /export XDG_RUNTIME_DIR=\/run\/user\/1000/);
    });
    it('someone else\'s, or open to others: fail / warn', async () => {
      assertStatus(await check(checkRuntimeDir, hostWith((h) => (h.stats!['/run/user/1000'] = dir(0)))), 'fail', /belongs to uid 0/);
      const open = await check(checkRuntimeDir, hostWith((h) => (h.stats!['/run/user/1000'] = dir(1000, 0o755))));
      assertStatus(open, 'warn', /readable or writable by others/);
      assert.deepEqual(open.fix?.commands, ['chmod 0700 /run/user/1000']);
    });
    it('under /tmp: warn', async () => {
      const r = await check(checkRuntimeDir, hostWith((h) => {
        h.env!.XDG_RUNTIME_DIR = '/tmp/alice-run';
        h.stats!['/tmp/alice-run'] = dir();
      }));
      assertStatus(r, 'warn', /under \/tmp/);
    });
    it('DOCKER_HOST unset while the rootless socket exists: warn that the docker CLI would miss it', async () => {
      const r = await check(checkDockerHost, hostWith((h) => delete h.env!.DOCKER_HOST));
      assertStatus(r, 'warn', /neither DOCKER_HOST nor a docker context names it/);
      assert.deepEqual(r.fix?.commands, ['export DOCKER_HOST=unix:///run/user/1000/docker.sock', 'docker context use rootless']);
    });
    it('DOCKER_HOST pointing at a missing socket while the daemon listens elsewhere: fail', async () => {
      const r = await check(checkDockerHost, hostWith((h) => (h.env!.DOCKER_HOST = 'unix:///home/alice/old/docker.sock')));
      assertStatus(r, 'fail', /does not exist, while the rootless daemon listens on \/run\/user\/1000\/docker\.sock/);
    });
    it('DOCKER_HOST at the system socket: warn', async () => {
      assertStatus(await check(checkDockerHost, hostWith((h) => (h.env!.DOCKER_HOST = 'unix:///var/run/docker.sock'))), 'warn', /runs as root/);
    });
    it('DOCKER_HOST on tcp: warn that the host checks may not apply', async () => {
      assertStatus(await check(checkDockerHost, hostWith((h) => (h.env!.DOCKER_HOST = 'tcp://10.0.0.2:2376'))), 'warn', /not a local socket/);
    });
    it('nothing running: warn, start it', async () => {
      const r = await check(checkDockerHost, hostWith((h) => {
        delete h.env!.DOCKER_HOST;
        delete h.stats!['/run/user/1000/docker.sock'];
      }));
      assertStatus(r, 'warn', /No rootless socket exists/);
    });
  });

  describe('daemon and storage', () => {
    it('not answering: warn, start it', async () => {
      assertStatus(await check(checkDaemon, hostWith((h) => (h.daemon = { ok: false, error: 'the socket does not exist', code: 'ENOENT' }))), 'warn', /does not answer/);
    });
    it('a rootful daemon on the socket: warn', async () => {
      assertStatus(await check(checkDaemon, hostWith((h) => (h.daemon = { ok: true, info: { serverVersion: '27', rootless: false } }))), 'warn', /not in rootless mode/);
    });
    it('cgroup driver none (this project\'s CI host): warn that limits cannot apply', async () => {
      assertStatus(await check(checkDaemon, hostWith((h) => (h.daemon = { ok: true, info: { serverVersion: '20.10.24', rootless: true, cgroupDriver: 'none', driver: 'overlay2' } }))), 'warn', /cgroup driver "none"/);
    });
    it('vfs: warn, use overlay2 on this kernel', async () => {
      const r = await check(checkStorageDriver, hostWith((h) => (h.daemon = { ok: true, info: { driver: 'vfs' } })));
      assertStatus(r, 'warn', /vfs/);
      assert.match(r.fix?.text ?? '', /"storage-driver": "overlay2"/);
    });
    it('overlay2 on a kernel that cannot do it: fail', async () => {
      const r = await check(checkStorageDriver, hostWith((h) => {
        Object.assign(h.files!, { '/proc/sys/kernel/osrelease': '5.4.0\n', '/proc/version': 'Linux version 5.4.0 (gcc)\n' });
        h.daemon = { ok: true, info: { driver: 'overlay2' } };
      }));
      assertStatus(r, 'fail', /does not support in a user namespace/);
    });
    it('fuse-overlayfs without its binary: fail', async () => {
      assertStatus(await check(checkStorageDriver, hostWith((h) => (h.daemon = { ok: true, info: { driver: 'fuse-overlayfs' } }))), 'fail', /binary is not installed/);
    });
    it('no daemon: skip, naming what the kernel allows', async () => {
      assertStatus(await check(checkStorageDriver, hostWith((h) => (h.daemon = { ok: false, error: 'x' }))), 'skip', /this kernel allows overlay2/);
    });
  });

  describe('network and ports', () => {
    it('neither slirp4netns nor pasta: fail', async () => {
      assertStatus(await check(checkNetworkDriver, hostWith((h) => delete h.tools!.slirp4netns)), 'fail', /Neither slirp4netns nor pasta/);
    });
    it('pasta alone is enough', async () => {
      assertStatus(await check(checkNetworkDriver, hostWith((h) => {
        delete h.tools!.slirp4netns;
        h.tools!.pasta = '/usr/bin/pasta';
      })), 'pass', /pasta is installed/);
    });
    it('/dev/net/tun 0600 (measured on this project\'s test machines): fail with chmod', async () => {
      const r = await check(checkNetworkDriver, hostWith((h) => (h.stats!['/dev/net/tun'] = { type: 'other', mode: 0o600, uid: 0, gid: 0 })));
      assertStatus(r, 'fail', /setting up tap tap0/);
      assert.deepEqual(r.fix?.commands, ['sudo chmod 0666 /dev/net/tun']);
    });
    it('ports: 1024 warns with the exact daemon error; 0 passes; rootlesskit with CAP_NET_BIND_SERVICE passes', async () => {
      const r = await check(checkPortStart, hostWith((h) => (h.files!['/proc/sys/net/ipv4/ip_unprivileged_port_start'] = '1024\n')));
      assertStatus(r, 'warn', /cannot expose privileged port 80/);
      assertStatus(await check(checkPortStart, hostWith((h) => (h.files!['/proc/sys/net/ipv4/ip_unprivileged_port_start'] = '0\n'))), 'pass', /all of them/);
      const cap = await check(checkPortStart, hostWith((h) => {
        h.files!['/proc/sys/net/ipv4/ip_unprivileged_port_start'] = '1024\n';
        h.run = (tool) => (tool === 'getcap' ? { stdout: '/usr/bin/rootlesskit cap_net_bind_service=ep\n' } : undefined);
      }));
      assertStatus(cap, 'pass', /CAP_NET_BIND_SERVICE/);
    });
    it('ping_group_range "1 0" (the kernel default): warn', async () => {
      const r = await check(checkPingGroupRange, hostWith((h) => (h.files!['/proc/sys/net/ipv4/ping_group_range'] = '1\t0\n')));
      assertStatus(r, 'warn', /groups 1–0 \(nobody\), and your group is 1000/);
    });
  });

  describe('rootless tools', () => {
    it('no rootlesskit: fail', async () => {
      assertStatus(await check(checkRootlessTools, hostWith((h) => delete h.tools!.rootlesskit)), 'fail', /rootlesskit/);
    });
    it('only the setup tool missing: warn', async () => {
      assertStatus(await check(checkRootlessTools, hostWith((h) => delete h.tools!['dockerd-rootless-setuptool.sh'])), 'warn', /setuptool/);
    });
    it('rootlesskit with extra capabilities: warn; setuid: fail; getcap missing: skip', async () => {
      const extra = await check(checkRootlesskitCaps, hostWith((h) => (h.run = () => ({ stdout: '/usr/bin/rootlesskit cap_net_bind_service,cap_sys_admin=ep\n' }))));
      assertStatus(extra, 'warn', /cap_sys_admin/);
      assertStatus(await check(checkRootlesskitCaps, hostWith((h) => (h.stats!['/usr/bin/rootlesskit'] = file(0o4755)))), 'fail', /setuid/);
      assertStatus(await check(checkRootlesskitCaps, hostWith((h) => (h.run = () => undefined))), 'skip', /getcap is not installed/);
    });
  });

  it('a regular file where the socket should be is not taken for the socket', async () => {
    const r = await check(checkDockerHost, hostWith((h) => (h.stats!['/run/user/1000/docker.sock'] = file(0o600, 1000))));
    assertStatus(r, 'warn', /does not exist/);
  });
});
