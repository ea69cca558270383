// Conformance, mounts and devices: volumes the daemon mounts itself, the rootful socket path, bind-mount
// ownership through the user namespace, and device nodes.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bed } from '../bed';
import { cleanup, create, failure, labels, probe, remove, startFailure, subuidOfDaemonUser, tempDir, translated } from './observe';

/** Runs `mknod` on the host (the suite runs as root, like the bed's own scripts). */
function mknod(file: string, mode: number, gid = 0): void {
  // Character device 1:3 is the kernel's null device: harmless to open and write.
  execFileSync('mknod', ['-m', mode.toString(8), file, 'c', '1', '3']);
  fs.chownSync(file, 0, gid);
}

/** Removes an empty /run/docker.sock directory from the daemon's private /run (RootlessKit's copy-up), if present. */
async function clearSocketDirectory(): Promise<string> {
  const r = await probe('docker-socket-path', {
    Cmd: ['sh', '-c', 'if [ -d /daemon-run/docker.sock ]; then rmdir /daemon-run/docker.sock && echo removed; else echo absent; fi'],
    HostConfig: { Binds: ['/run:/daemon-run'] },
  });
  assert.equal(r.exitCode, 0, r.output);
  return r.output.trim();
}

describe('conformance: mounts and devices', () => {
  after(cleanup);

  it('nfs-volume-mount: a local volume of type ext4 fails to mount with "operation not permitted"; nfs needs a kernel that has it', async () => {
    const { docker } = await bed();
    const cases: [string, Record<string, string>, RegExp][] = [
      ['ext4', { type: 'ext4', device: '/dev/rdtest-conformance-none' }, /failed to mount local volume: mount \/dev\/rdtest-conformance-none:[^,]*: operation not permitted/],
    ];
    // The bed's kernel has no nfs filesystem at all: the daemon then says "no such device", as a rootful one would.
    const nfsKnown = /\tnfs4?$/m.test(fs.readFileSync('/proc/filesystems', 'utf8'));
    cases.push(['nfs', { type: 'nfs', o: 'addr=127.0.0.1,rw,nfsvers=4', device: ':/export' }, nfsKnown ? /failed to mount local volume: .*operation not permitted/ : /failed to mount local volume: .*: no such device$/]);
    for (const [name, opts, expected] of cases) {
      const volume = await docker.createVolume({ Name: `conformance-${name}-${process.pid}`, Driver: 'local', DriverOpts: opts, Labels: labels('nfs-volume-mount') });
      const { message } = await startFailure('nfs-volume-mount', { Cmd: ['true'], HostConfig: { Binds: [`${volume.name}:/data`] } });
      assert.match(message, expected);
      if (name === 'ext4') await translated('nfs-volume-mount', name, message, `start with a local volume type ${name}`);
      await docker.getVolume(volume.name).remove();
    }
  });

  it('docker-socket-path: long syntax is refused at create; short syntax mounts an empty directory made in RootlessKit\'s private /run', async () => {
    assert.ok(!fs.existsSync('/var/run/docker.sock'), 'a rootful daemon socket exists on this host: not a representative host');
    await clearSocketDirectory(); // a leftover of an interrupted run would turn the long syntax into a mount
    const long = await failure(
      create('docker-socket-path', { Cmd: ['true'], HostConfig: { Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock' }] } }),
      'creating with a long-syntax bind of /var/run/docker.sock',
    );
    assert.match(long.message, /invalid mount config for type "bind": bind source path does not exist: \/var\/run\/docker\.sock/);
    await translated('docker-socket-path', 'long-syntax', long.message, 'create with Mounts bind /var/run/docker.sock');

    try {
      const short = await probe('docker-socket-path', {
        Cmd: ['sh', '-c', 'if [ -S /var/run/docker.sock ]; then echo socket; elif [ -d /var/run/docker.sock ]; then echo "directory: $(ls -A /var/run/docker.sock | wc -l) entries"; fi'],
        HostConfig: { Binds: ['/var/run/docker.sock:/var/run/docker.sock'] },
      });
      assert.equal(short.exitCode, 0, short.output);
      assert.equal(short.output.trim(), 'directory: 0 entries');
      assert.ok(!fs.existsSync('/var/run/docker.sock'), "the directory is not on the host: it is in RootlessKit's copy of /run");
      // Until it is removed (or the daemon restarts), it also satisfies the long syntax.
      const c = await create('docker-socket-path', { Cmd: ['true'], HostConfig: { Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock' }] } });
      await remove(c.container);
    } finally {
      assert.equal(await clearSocketDirectory(), 'removed');
    }
  });

  it('bind-uid-mapping: files written by container user 1000 belong to subuid start + 999 on the host; your files look root-owned', async () => {
    const dir = tempDir(0o777);
    const { uid, start } = await subuidOfDaemonUser();
    fs.writeFileSync(path.join(dir, 'mine'), 'x');
    fs.chownSync(path.join(dir, 'mine'), uid, uid);
    const r = await probe('bind-uid-mapping', { Cmd: ['sh', '-c', 'touch /data/written && stat -c "%n %u" /data/mine /data/written; echo x >> /data/mine; echo "append=$?"'], User: '1000', HostConfig: { Binds: [`${dir}:/data`] } });
    assert.match(r.output, /\/data\/mine 0\n/, 'a file of the daemon user is owned by root inside');
    assert.match(r.output, /\/data\/written 1000\n/);
    assert.match(r.output, /can't create \/data\/mine: Permission denied\nappend=1/, 'user 1000 cannot write your file');
    assert.equal(fs.statSync(path.join(dir, 'written')).uid, start + 999, 'on the host the new file belongs to a subordinate uid');
  });

  it('bind-root-owned-path: a root-owned host file shows as nobody:nogroup and is neither readable nor writable, even as container root', async () => {
    const dir = tempDir(0o755);
    fs.writeFileSync(path.join(dir, 'secret'), 'root only\n', { mode: 0o600 });
    const r = await probe('bind-root-owned-path', {
      Cmd: ['sh', '-c', 'id -u; stat -c "%u:%g %a" /data/secret; cat /data/secret; echo "read=$?"; echo x >> /data/secret; echo "write=$?"; cat /hostetc/shadow >/dev/null; echo "shadow=$?"'],
      HostConfig: { Binds: [`${dir}:/data`, '/etc:/hostetc:ro'] },
    });
    assert.match(r.output, /^0\n65534:65534 600\n/);
    assert.match(r.output, /can't open '\/data\/secret': Permission denied\nread=1/);
    assert.match(r.output, /can't create \/data\/secret: Permission denied\nwrite=1/);
    assert.match(r.output, /can't open '\/hostetc\/shadow': Permission denied\nshadow=1/);
  });

  it('device-group-access: a root-only device shows as nobody:nogroup and cannot be opened; a world-writable one can', async () => {
    const dir = tempDir(0o755);
    const { gid } = await subuidOfDaemonUser();
    mknod(path.join(dir, 'root-only'), 0o600);
    mknod(path.join(dir, 'everyone'), 0o666);
    mknod(path.join(dir, 'own-group'), 0o660, gid);
    const r = await probe('device-group-access', {
      Cmd: ['sh', '-c', `cd ${dir}; stat -c "%n %u:%g" root-only everyone own-group; for f in root-only everyone own-group; do echo x > $f && echo "$f ok" || echo "$f denied"; done`],
      HostConfig: { Devices: ['root-only', 'everyone', 'own-group'].map((f) => ({ PathOnHost: path.join(dir, f), PathInContainer: path.join(dir, f), CgroupPermissions: 'rwm' })) },
    });
    assert.match(r.output, /root-only 65534:65534\n/);
    assert.match(r.output, /root-only denied/);
    assert.match(r.output, /everyone ok/);
    // The daemon user's own primary group is mapped (to group root), so group access through it does work.
    assert.match(r.output, /own-group 65534:0\n/);
    assert.match(r.output, /own-group ok/);
  });

  it('device-group-access: a device mapped to another path inside fails at start (runc bind-mounts the target path from the host)', async () => {
    const { message } = await startFailure('device-group-access', {
      Cmd: ['true'],
      HostConfig: { Devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/rdtest-null', CgroupPermissions: 'rwm' }] },
    });
    assert.match(message, /error creating device nodes: mount \/dev\/rdtest-null:\S+ \(via \/proc\/self\/fd\/\d+\), flags: 0x1000: no such file or directory/);
    await translated('device-group-access', 'renamed', message, 'start with Devices /dev/null:/dev/rdtest-null');
  });
});
