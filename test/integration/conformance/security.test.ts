// Conformance, security settings: AppArmor, capabilities, privileged, user and host namespaces, sysctls, the
// domain name, user IDs, runtimes and GPUs, as the rootless daemon treats them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { bed } from '../bed';
import { cleanup, create, failure, hostAddress, probe, remove, started, startFailure, subuidOfDaemonUser, translated } from './observe';

/** Whether capability `bit` is in a CapEff hex mask. */
function hasCap(mask: string, bit: number): boolean {
  return ((BigInt(`0x${mask}`) >> BigInt(bit)) & 1n) === 1n;
}

const CAP = { MKNOD: 27, SYS_TIME: 25, SYS_RESOURCE: 24, SYS_NICE: 23, SYSLOG: 34, SYS_ADMIN: 21, NET_ADMIN: 12 };

describe('conformance: security settings', () => {
  after(cleanup);

  it('apparmor-ignored: a profile that does not exist is accepted and the container runs; the daemon reports no AppArmor', async () => {
    const { docker } = await bed();
    const info = (await docker.info()) as { SecurityOptions?: string[] };
    assert.ok(!info.SecurityOptions?.some((o) => o.includes('apparmor')), `SecurityOptions ${JSON.stringify(info.SecurityOptions)}`);
    const r = await probe('apparmor-ignored', { Cmd: ['sh', '-c', 'echo running'], HostConfig: { SecurityOpt: ['apparmor=rdtest-conformance-no-such-profile'] } });
    assert.deepEqual(r.warnings, []);
    assert.equal(r.exitCode, 0, r.output);
    assert.match(r.output, /running/);
    assert.deepEqual(r.inspect.HostConfig.SecurityOpt, ['apparmor=rdtest-conformance-no-such-profile'], 'the option is recorded, and nothing else happens');
  });

  it('cap-add-ineffective: SYS_TIME, MKNOD, SYSLOG, SYS_RESOURCE and SYS_NICE are granted, yet their operations fail', async () => {
    const r = await probe('cap-add-ineffective', {
      Cmd: [
        'sh',
        '-c',
        [
          'grep CapEff /proc/self/status',
          'date -s "2020-01-01 00:00:00" >/dev/null; echo "date=$?"',
          'mknod /tmp/node c 1 3; echo "mknod=$?"',
          'dmesg >/dev/null; echo "dmesg=$?"',
          'ulimit -n $(( $(ulimit -Hn) + 1 )); echo "nofile=$?"',
          'renice -n -5 $$ >/dev/null; echo "renice=$?"',
        ].join('; '),
      ],
      HostConfig: { CapAdd: ['SYS_TIME', 'MKNOD', 'SYSLOG', 'SYS_RESOURCE', 'SYS_NICE'] },
    });
    const mask = /CapEff:\s+([0-9a-f]+)/.exec(r.output)?.[1];
    assert.ok(mask, r.output);
    for (const cap of ['SYS_TIME', 'MKNOD', 'SYSLOG', 'SYS_RESOURCE', 'SYS_NICE'] as const) assert.ok(hasCap(mask, CAP[cap]), `${cap} is in CapEff ${mask}`);
    assert.match(r.output, /can't set date: Operation not permitted/); // busybox date still exits 0
    assert.match(r.output, /mknod: \/tmp\/node: Operation not permitted\nmknod=1/);
    assert.match(r.output, /klogctl: Operation not permitted\ndmesg=1/);
    assert.match(r.output, /error setting limit: Operation not permitted\nnofile=1/);
    assert.match(r.output, /setpriority: Permission denied\nrenice=1/);
  });

  it("cap-add-ineffective: SYS_ADMIN mounts tmpfs but not ext4; NET_ADMIN on host networking changes RootlessKit's namespace only", async () => {
    const admin = await probe('cap-add-ineffective', {
      Cmd: ['sh', '-c', 'mkdir -p /m; mount -t tmpfs none /m; echo "tmpfs=$?"; mount -t ext4 /dev/null /m 2>&1; echo "ext4=$?"'],
      HostConfig: { CapAdd: ['SYS_ADMIN'] },
    });
    assert.match(admin.output, /tmpfs=0/);
    assert.match(admin.output, /mount: permission denied \(are you root\?\)\next4=1/);

    const address = '10.213.77.77';
    const net = await probe('cap-add-ineffective', {
      Cmd: ['sh', '-c', `ip addr add ${address}/32 dev lo; echo "add=$?"; ip -o addr show dev lo; ip addr del ${address}/32 dev lo`],
      HostConfig: { NetworkMode: 'host', CapAdd: ['NET_ADMIN'] },
    });
    assert.match(net.output, /add=0/, net.output);
    assert.match(net.output, new RegExp(`inet ${address.replace(/\./g, '\\.')}/32`), 'the address went onto the lo of the namespace the container has');
    const hostAddresses = Object.values(os.networkInterfaces()).flat().map((a) => a?.address);
    assert.ok(!hostAddresses.includes(address), "the host's own interfaces never got it");
  });

  it('privileged-userns-only: every capability inside, yet no clock, no device nodes, and no host devices', async () => {
    const r = await probe('privileged-userns-only', {
      Cmd: ['sh', '-c', 'grep CapEff /proc/self/status; cat /proc/self/uid_map; date -s "2020-01-01" >/dev/null; mknod /tmp/n c 1 3; echo "mknod=$?"; echo "dev: $(ls /dev | tr "\\n" " ")"'],
      HostConfig: { Privileged: true },
    });
    const plain = await probe('privileged-userns-only', { Cmd: ['sh', '-c', 'echo "dev: $(ls /dev | tr "\\n" " ")"'] });
    const mask = /CapEff:\s+([0-9a-f]+)/.exec(r.output)![1];
    // Every capability Docker 20.10 knows: CAP_CHOWN (0) to CAP_AUDIT_READ (37); newer kernels have more.
    const known = (1n << 38n) - 1n;
    assert.equal(BigInt(`0x${mask}`) & known, known, `every capability: ${mask}`);
    const { uid } = await subuidOfDaemonUser();
    assert.match(r.output, new RegExp(`^\\s*0\\s+${uid}\\s+1\\s*$`, 'm'), 'root inside is the daemon user');
    assert.match(r.output, /can't set date: Operation not permitted/);
    assert.match(r.output, /mknod: \/tmp\/n: Operation not permitted\nmknod=1/);
    const devices = (o: string) => /dev: (.*)/.exec(o)![1].trim();
    assert.equal(devices(r.output), devices(plain.output), 'a privileged container gets no host devices');
  });

  it('userns-host-noop: userns_mode host gives the same user namespace mapping as no setting', async () => {
    const host = await probe('userns-host-noop', { Cmd: ['cat', '/proc/self/uid_map'], HostConfig: { UsernsMode: 'host' } });
    const plain = await probe('userns-host-noop', { Cmd: ['cat', '/proc/self/uid_map'] });
    assert.equal(host.exitCode, 0, host.output);
    assert.equal(host.output, plain.output);
    const { uid, start, count } = await subuidOfDaemonUser();
    assert.match(host.output, new RegExp(`^\\s*0\\s+${uid}\\s+1\\s*\\n\\s*1\\s+${start}\\s+${count}\\s*$`), host.output);
  });

  it('host-pid-ipc-limited: pid host and ipc host fail at start on Docker 20.10 (procfs and mqueue cannot be mounted)', async () => {
    const pid = await startFailure('host-pid-ipc-limited', { Cmd: ['true'], HostConfig: { PidMode: 'host' } });
    assert.match(pid.message, /error mounting "proc" to rootfs at "\/proc": mount proc:\/proc \(via \/proc\/self\/fd\/\d+\), flags: 0xe: operation not permitted/);
    await translated('host-pid-ipc-limited', 'pid-host', pid.message, 'start with PidMode host');
    const ipc = await startFailure('host-pid-ipc-limited', { Cmd: ['true'], HostConfig: { IpcMode: 'host' } });
    assert.match(ipc.message, /error mounting "mqueue" to rootfs at "\/dev\/mqueue": mount mqueue:\/dev\/mqueue \(via \/proc\/self\/fd\/\d+\), flags: 0xe: operation not permitted/);
    await translated('host-pid-ipc-limited', 'ipc-host', ipc.message, 'start with IpcMode host');
  });

  it("host-pid-ipc-limited: ipc shareable works: another container joins the same IPC namespace", async () => {
    const owner = await started('host-pid-ipc-limited', { Cmd: ['sleep', '60'], HostConfig: { IpcMode: 'shareable' } });
    try {
      const ns = fs.readlinkSync(`/proc/${owner.inspect.State.Pid}/ns/ipc`);
      const joiner = await probe('host-pid-ipc-limited', { Cmd: ['readlink', '/proc/self/ns/ipc'], HostConfig: { IpcMode: `container:${owner.id}` } });
      assert.equal(joiner.exitCode, 0, joiner.output);
      assert.equal(joiner.output.trim(), ns);
    } finally {
      await remove(owner.container);
    }
  });

  it('writable-cgroups: Docker 20.10 refuses the option at create as an unknown security option', async () => {
    const { message } = await failure(create('writable-cgroups', { Cmd: ['true'], HostConfig: { SecurityOpt: ['writable-cgroups=true'] } }), 'creating with writable-cgroups=true');
    assert.match(message, /invalid --security-opt 2: "writable-cgroups=true"/);
    await translated('writable-cgroups', 'create', message, 'create with SecurityOpt writable-cgroups=true');
  });

  it('runtime-unsupported: a runtime not registered with the rootless daemon is refused at create', async () => {
    const { message } = await failure(create('runtime-unsupported', { Cmd: ['true'], HostConfig: { Runtime: 'runsc' } }), 'creating with runtime runsc');
    assert.match(message, /Unknown runtime specified runsc/);
    await translated('runtime-unsupported', 'runsc', message, 'create with Runtime runsc');
  });

  it('gpu-requires-config: GPU requests fail when no NVIDIA runtime is set up for the rootless daemon', async () => {
    const request = { Driver: '', Count: -1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} };
    const c = await create('gpu-requires-config', { Cmd: ['true'], HostConfig: { DeviceRequests: [request] } });
    try {
      const { message } = await failure(c.container.start(), 'starting with a GPU request');
      assert.match(message, /could not select device driver "" with capabilities: \[\[gpu\]\]/);
      await translated('gpu-requires-config', 'gpus-all', message, 'start with DeviceRequests [{Count: -1, Capabilities: [[gpu]]}]');
    } finally {
      await remove(c.container);
    }
  });

  describe('sysctls', () => {
    it('sysctl-not-permitted: net.ipv4.ping_group_range "0 2147483647" fails at start; "0 65536" (the mapped GIDs) works', async () => {
      const wide = await startFailure('sysctl-not-permitted', { Cmd: ['true'], HostConfig: { Sysctls: { 'net.ipv4.ping_group_range': '0 2147483647' } } });
      assert.match(wide.message, /write \/proc\/sys\/net\/ipv4\/ping_group_range: invalid argument/);
      await translated('sysctl-not-permitted', 'ping-group-range', wide.message, 'start with Sysctls net.ipv4.ping_group_range=0 2147483647');
      const { count } = await subuidOfDaemonUser();
      const inside = await probe('sysctl-not-permitted', { Cmd: ['cat', '/proc/sys/net/ipv4/ping_group_range'], HostConfig: { Sysctls: { 'net.ipv4.ping_group_range': `0 ${count}` } } });
      assert.equal(inside.exitCode, 0, inside.output);
      assert.deepEqual(inside.output.trim().split(/\s+/), ['0', String(count)]);
    });

    it('sysctl-not-permitted: any net.* key with host networking fails at start', async () => {
      const { message } = await startFailure('sysctl-not-permitted', { Cmd: ['true'], HostConfig: { NetworkMode: 'host', Sysctls: { 'net.ipv4.tcp_keepalive_time': '600' } } });
      assert.match(message, /sysctl "net.ipv4.tcp_keepalive_time" not allowed in host network namespace/);
      await translated('sysctl-not-permitted', 'host-network', message, 'start with NetworkMode host and Sysctls net.ipv4.tcp_keepalive_time=600');
    });

    it('sysctl-not-permitted: net.core.somaxconn and the IPC sysctls are set on this kernel', async () => {
      const r = await probe('sysctl-not-permitted', {
        Cmd: ['sh', '-c', 'cat /proc/sys/net/core/somaxconn /proc/sys/kernel/shmmax /proc/sys/kernel/msgmax /proc/sys/fs/mqueue/msg_max'],
        HostConfig: { Sysctls: { 'net.core.somaxconn': '1234', 'kernel.shmmax': '100000000', 'kernel.msgmax': '10000', 'fs.mqueue.msg_max': '20' } },
      });
      assert.equal(r.exitCode, 0, r.output);
      assert.deepEqual(r.output.trim().split(/\s+/), ['1234', '100000000', '10000', '20']);
      console.log(`      kernel ${fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}`);
    });

    it('domainname-unsupported: domainname and the kernel.domainname sysctl fail at start', async () => {
      for (const [name, hostConfig, body] of [
        ['domainname', {}, { Domainname: 'example.com' }],
        ['sysctl', { Sysctls: { 'kernel.domainname': 'example.com' } }, {}],
      ] as const) {
        const { message } = await startFailure('domainname-unsupported', { Cmd: ['true'], ...body, HostConfig: hostConfig });
        assert.match(message, /open \/proc\/sys\/kernel\/domainname: permission denied/);
        await translated('domainname-unsupported', name, message, name === 'sysctl' ? 'start with Sysctls kernel.domainname' : 'start with Domainname example.com');
      }
    });
  });

  describe('user IDs', () => {
    it('uid-outside-subuid-range: user 70000 fails at start; 65536, the last mapped ID, runs and writes', async () => {
      const { count } = await subuidOfDaemonUser();
      const outside = await startFailure('uid-outside-subuid-range', { Cmd: ['true'], User: String(count + 1) });
      assert.match(outside.message, /unable to setup user: invalid argument/);
      await translated('uid-outside-subuid-range', 'user', outside.message, `start with User ${count + 1}`);
      const far = await startFailure('uid-outside-subuid-range', { Cmd: ['true'], User: '70000' });
      assert.match(far.message, /unable to setup user: invalid argument/);

      const edge = await probe('uid-outside-subuid-range', { Cmd: ['sh', '-c', 'id -u; touch /tmp/f && stat -c %u /tmp/f'], User: String(count) });
      assert.equal(edge.exitCode, 0, edge.output);
      assert.deepEqual(edge.output.trim().split(/\s+/), [String(count), String(count)]);
    });

    it('uid-outside-subuid-range: chown to 70000 inside a container fails with "Invalid argument"', async () => {
      const r = await probe('uid-outside-subuid-range', { Cmd: ['sh', '-c', 'touch /tmp/f; chown 70000 /tmp/f; echo "chown=$?"'] });
      assert.match(r.output, /chown: \/tmp\/f: Invalid argument\nchown=1/);
    });
  });

  it("ping-restricted: the daemon gives containers no ping_group_range, so a non-root user cannot ping at all", async () => {
    const { address } = hostAddress();
    const r = await probe('ping-restricted', { Cmd: ['sh', '-c', `cat /proc/sys/net/ipv4/ping_group_range; ping -c 1 -W 2 ${address}; echo "ping=$?"`], User: '1000' });
    assert.match(r.output, /^65534\s+65534$/m, 'the kernel default ("nobody"), not the 0 2147483647 a rootful daemon sets');
    assert.match(r.output, /permission denied \(are you root\?\)\nping=1/);
  });
});
