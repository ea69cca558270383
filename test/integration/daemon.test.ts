// The daemon itself: what a rootless dockerd reports about itself, as the extension will read it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { bed, BedUnavailableError, connectTo, hostCgroupVersion, locateBed } from './bed';

interface DaemonInfo {
  SecurityOptions?: string[];
  CgroupDriver?: string;
  CgroupVersion?: string;
  Driver?: string;
  ServerVersion?: string;
}

describe('rootless daemon (real dockerd)', () => {
  it('answers GET /_ping with OK', async () => {
    const { docker } = await bed();
    const pong: unknown = await docker.ping();
    assert.equal(Buffer.isBuffer(pong) ? pong.toString('utf8') : pong, 'OK');
  });

  it('reports rootless mode in /info: SecurityOptions, CgroupDriver and CgroupVersion', async () => {
    const { docker } = await bed();
    const info = (await docker.info()) as DaemonInfo;
    console.log(
      `      info: ServerVersion ${info.ServerVersion}, Driver ${info.Driver}, CgroupDriver ${info.CgroupDriver}, ` +
        `CgroupVersion ${info.CgroupVersion}, SecurityOptions ${JSON.stringify(info.SecurityOptions)}`,
    );
    assert.ok(Array.isArray(info.SecurityOptions), 'SecurityOptions is a list');
    assert.ok(info.SecurityOptions.includes('name=rootless'), `name=rootless in ${JSON.stringify(info.SecurityOptions)}`);

    const cgroupVersion = hostCgroupVersion();
    assert.equal(info.CgroupVersion, cgroupVersion, 'the daemon sees the host cgroup version');
    // A rootless daemon has no cgroup driver ("none": limits are dropped) unless it can delegate to systemd, which
    // needs cgroup v2 and a running systemd. Measured on cgroup v1 (no systemd): "none".
    const systemd = fs.existsSync('/run/systemd/system');
    const expected = cgroupVersion === '2' && systemd ? 'systemd' : 'none';
    assert.equal(info.CgroupDriver, expected, `CgroupDriver on cgroup v${cgroupVersion}, systemd ${systemd ? 'running' : 'absent'}`);
  });

  it('serves the API on a socket owned by an unprivileged user, in a private 0700 directory', async () => {
    const { socketPath } = await bed();
    const socket = fs.statSync(socketPath);
    assert.ok(socket.isSocket(), `${socketPath} is a socket`);
    assert.notEqual(socket.uid, 0, 'the socket belongs to the unprivileged user, not root');
    const dir = fs.statSync(socketPath.replace(/\/[^/]+$/, ''));
    assert.equal(dir.mode & 0o777, 0o700, 'the runtime dir is private');
    assert.equal(dir.uid, socket.uid);
  });
});

describe('test bed helper', () => {
  it('fails loudly, saying how to start the bed, when the socket is missing', async () => {
    await assert.rejects(connectTo({ socketPath: '/nonexistent/rdtest/docker.sock', source: 'a test' }), (err: unknown) => {
      assert.ok(err instanceof BedUnavailableError);
      assert.match(err.message, /ENOENT/);
      assert.match(err.message, /scripts\/testbed\/rootless-daemon\.sh start/);
      assert.match(err.message, /never skip/);
      return true;
    });
  });

  it('takes DOCKER_HOST when set, and refuses a non-unix one', () => {
    assert.deepEqual(locateBed({ DOCKER_HOST: 'unix:///run/user/4242/docker.sock' }), {
      socketPath: '/run/user/4242/docker.sock',
      source: 'DOCKER_HOST',
    });
    assert.throws(() => locateBed({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }), BedUnavailableError);
  });
});
