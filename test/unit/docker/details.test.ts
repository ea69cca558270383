// /info + /version → the daemon details the sidebar shows and the linter's facts.
import * as assert from 'node:assert/strict';
import { daemonDetails, DaemonAnswerError } from '../../../src/docker/info';

// A real rootless dockerd 20.10.24's /info, trimmed (the test bed's).
const BED_INFO = {
  Containers: 3, ContainersRunning: 1, ContainersPaused: 0, ContainersStopped: 2,
  Driver: 'overlay2', CgroupDriver: 'none', CgroupVersion: '1', KernelVersion: '6.18.44', OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
  Name: 'vm', ServerVersion: '20.10.24+dfsg1', SecurityOptions: ['name=seccomp,profile=default', 'name=rootless'],
  Warnings: ['WARNING: Running in rootless-mode without cgroups. To enable cgroups in rootless-mode, you need to boot the system in cgroup v2 mode.'],
};

describe('daemonDetails', () => {
  it('maps the bed daemon', () => {
    assert.deepEqual(daemonDetails(BED_INFO, { Version: '20.10.24+dfsg1', ApiVersion: '1.41' }), {
      facts: { rootless: true, cgroupDriver: 'none', cgroupVersion: 1, daemonVersion: '20.10.24+dfsg1' },
      rootless: true,
      warnings: BED_INFO.Warnings,
      securityOptions: BED_INFO.SecurityOptions,
      serverVersion: '20.10.24+dfsg1',
      apiVersion: '1.41',
      cgroupDriver: 'none',
      cgroupVersion: '1',
      storageDriver: 'overlay2',
      name: 'vm',
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.18.44',
      containers: { total: 3, running: 1, paused: 0, stopped: 2 },
    });
  });

  it('a rootful daemon, numbers where strings were, and junk', () => {
    const d = daemonDetails({ SecurityOptions: ['name=apparmor'], CgroupVersion: 2, Warnings: [1, 'w'], Containers: -1, Driver: 7 });
    assert.equal(d.rootless, false);
    assert.equal(d.cgroupVersion, '2');
    assert.deepEqual(d.warnings, ['w']);
    assert.deepEqual(d.containers, { total: 0, running: 0, paused: 0, stopped: 0 });
    assert.equal(d.storageDriver, undefined);
  });

  it('a daemon that does not list its security options is neither rootless nor rootful', () => {
    assert.equal(daemonDetails({}).rootless, undefined);
  });

  it('a body that is not an object is a DaemonAnswerError', () => {
    assert.throws(() => daemonDetails('<html>'), DaemonAnswerError);
  });
});
