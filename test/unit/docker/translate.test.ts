// The rootless-error translator over the daemon's own words: the messages the real test bed produced
// (dockerd 20.10.24, rootlesskit 1.1; captured with the busybox image), then the catalogue's phrasings of
// other versions, then messages that must not be translated.
import * as assert from 'node:assert/strict';
import { daemonMessage, translateDaemonError } from '../../../src/docker/translate';

// Captured from the bed (test/integration/sidebar.test.ts produces them again against the real daemon).
const BED = {
  privilegedPort:
    "driver failed programming external connectivity on endpoint sb-priv (0beb6bf2cad1025cfcd7b885167e5b45ca49ac1c937ad7bf3328e1ac1cadb97f): Error starting userland proxy: error while calling PortManager.AddPort(): cannot expose privileged port 80, you can add 'net.ipv4.ip_unprivileged_port_start=80' to /etc/sysctl.conf (currently 1024), or set CAP_NET_BIND_SERVICE on rootlesskit binary, or choose a larger port number (>= 1024): listen tcp4 0.0.0.0:80: bind: permission denied",
  memlock:
    'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error setting rlimits for ready process: error setting rlimit type 8: operation not permitted: unknown',
  domainname:
    'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: open /proc/sys/kernel/domainname: permission denied: unknown',
  socketBind: 'invalid mount config for type "bind": bind source path does not exist: /var/run/docker.sock',
  pause: 'Cannot pause container 2a6d657de8aa48089bdcb846506c97e15afe75d7f30b6850305cea9abb1a57bd: OCI runtime pause failed: cannot toggle freezer: cgroups not configured for container: unknown',
};

describe('translateDaemonError', () => {
  it('privileged port (bed): the port, the current limit and both fixes', () => {
    const t = translateDaemonError(BED.privilegedPort);
    assert.equal(t?.ruleId, 'privileged-port');
    assert.match(t.title, /host port 80: ports below 1024 are privileged/);
    assert.equal(t.short, 'privileged port 80');
    assert.match(t.guidance, /"8080:80"/);
    assert.match(t.guidance, /ip_unprivileged_port_start=80/);
    assert.match(t.docs, /^https:\/\//);
  });

  it('privileged port: a lowered limit is quoted, and docker ≥ 28 wording works too', () => {
    const t = translateDaemonError(
      'Error response from daemon: driver failed programming external connectivity on endpoint web (abc): error while calling RootlessKit PortManager.AddPort(): cannot expose privileged port 443, you can add \'net.ipv4.ip_unprivileged_port_start=443\' to /etc/sysctl.conf (currently 500), or set CAP_NET_BIND_SERVICE on rootlesskit binary, or choose a larger port number (>= 500)',
    );
    assert.equal(t?.ruleId, 'privileged-port');
    assert.match(t.title, /port 443: ports below 500/);
    assert.match(t.guidance, /"8443:443"/);
  });

  it('memlock ulimit (bed): rlimit type 8 is named memlock', () => {
    const t = translateDaemonError(BED.memlock);
    assert.equal(t?.ruleId, 'ulimit-above-hard-limit');
    assert.match(t.title, /memlock/);
    assert.equal(t.short, 'memlock ulimit above your hard limit');
    assert.match(t.guidance, /LimitMEMLOCK/);
    assert.match(t.guidance, /bootstrap\.memory_lock=false/);
  });

  it('nofile ulimit: type 7', () => {
    const t = translateDaemonError('error setting rlimit type 7: operation not permitted');
    assert.match(t!.title, /nofile/);
    assert.doesNotMatch(t!.guidance, /memory_lock/);
  });

  it('domainname (bed) and its older "write sysctl key" form', () => {
    assert.equal(translateDaemonError(BED.domainname)?.ruleId, 'domainname-unsupported');
    assert.equal(translateDaemonError('write sysctl key kernel.domainname: open /proc/sys/kernel/domainname: permission denied')?.ruleId, 'domainname-unsupported');
  });

  it('the docker socket bind (bed)', () => {
    const t = translateDaemonError(BED.socketBind);
    assert.equal(t?.ruleId, 'docker-socket-path');
    assert.match(t.guidance, /\$\{XDG_RUNTIME_DIR\}\/docker\.sock:\/var\/run\/docker\.sock/);
    assert.equal(translateDaemonError('bind source path does not exist: /run/docker.sock')?.ruleId, 'docker-socket-path');
  });

  it('pause without cgroups (bed, cgroup v1)', () => {
    const t = translateDaemonError(BED.pause);
    assert.equal(t?.ruleId, 'pause-needs-cgroups');
    assert.match(t.guidance, /stop and start the container instead/);
  });

  it('the catalogue messages of other rules', () => {
    const cases: [string, string][] = [
      ['Error starting userland proxy: error while connecting to RootlessKit API socket: dial unix /tmp/rootlesskit123/api.sock: connect: no such file or directory', 'rootlesskit-api-lost'],
      ['NanoCPUs can not be set, as your kernel does not support CPU CFS scheduler or the cgroup is not mounted', 'cgroup-controller-not-delegated'],
      ['write sysctl key net.ipv4.ping_group_range: write /proc/sys/net/ipv4/ping_group_range: invalid argument', 'sysctl-not-permitted'],
      ['open /proc/sys/net/core/somaxconn: no such file or directory', 'sysctl-not-permitted'],
      ['option WritableCgroups conflicts with user namespaces and rootless mode', 'writable-cgroups'],
      ['--storage-opt is supported only for overlay over xfs with \'pquota\' mount option', 'storage-opt-unsupported'],
      ['--storage-opt is not supported', 'storage-opt-unsupported'],
      ['failed to mount local volume: mount :/export/data:/home/u/.local/share/docker/volumes/data/_data, data: addr=10.0.0.5: operation not permitted', 'nfs-volume-mount'],
      ['failed to register layer: ApplyLayer exit status 1 stdout:  stderr: lchown /etc/shadow: invalid argument', 'uid-outside-subuid-range'],
      ['the requested parent interface eth0 was not found on the Docker host', 'macvlan-ipvlan-unsupported'],
      ['cgroup-parent for systemd cgroup should be a valid slice named as "xxx.slice"', 'cgroup-parent'],
    ];
    for (const [message, id] of cases) assert.equal(translateDaemonError(message)?.ruleId, id, message);
    assert.match(translateDaemonError(cases[3][0])!.title, /net\.core\.somaxconn/);
  });

  it('leaves other errors alone', () => {
    for (const message of [
      'No such container: abc',
      'Conflict. The container name "/web" is already in use',
      'port is already allocated',
      'driver failed programming external connectivity on endpoint x: Bind for 0.0.0.0:8080 failed: port is already allocated',
      'error setting rlimit',
      'bind source path does not exist: /home/me/data',
      '',
    ]) {
      assert.equal(translateDaemonError(message), undefined, message);
    }
  });

  it('a huge message is searched without trouble', () => {
    const big = `${'x'.repeat(100_000)} cannot expose privileged port 80`;
    assert.equal(translateDaemonError(big), undefined, 'beyond the first 20,000 characters');
    assert.equal(translateDaemonError(`cannot expose privileged port 80 ${'x'.repeat(100_000)}`)?.ruleId, 'privileged-port');
  });

  it('daemonMessage prefers the JSON message dockerode keeps', () => {
    assert.equal(daemonMessage({ json: { message: 'from json' }, message: '(HTTP code 500) server error - from json' }), 'from json');
    assert.equal(daemonMessage(new Error('plain')), 'plain');
    assert.equal(daemonMessage('text'), 'text');
  });
});
