// The live model against a fake Engine API on a unix socket: one filtered fetch per event batch instead
// of a re-list, single-flight polls against a hung daemon, states for a missing socket and garbage
// answers, and recovery when the daemon comes back. The real daemon: test/integration/sidebar.test.ts.
import * as assert from 'node:assert/strict';
import { DaemonClient } from '../../../src/docker/client';
import { findEndpoint } from '../../../src/docker/endpoint';
import { DaemonWatcher } from '../../../src/docker/watch';
import { fakeId, FakeDaemon, summary } from './fakeDaemon';

async function until(what: string, probe: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('DaemonWatcher (fake daemon)', () => {
  let daemon: FakeDaemon;
  let watcher: DaemonWatcher | undefined;
  const make = (opts: ConstructorParameters<typeof DaemonWatcher>[1] = {}, timeoutMs = 2000) => {
    const endpoint = findEndpoint({ env: { DOCKER_HOST: `unix://${daemon.socket}` } });
    watcher = new DaemonWatcher(new DaemonClient(endpoint, { timeoutMs }), { debounceMs: 20, backoff: { initialMs: 50, maxMs: 200 }, watchSocketDir: false, ...opts });
    return watcher;
  };

  beforeEach(async () => {
    daemon = new FakeDaemon();
    await daemon.listen();
  });
  afterEach(async () => {
    watcher?.dispose();
    watcher = undefined;
    await daemon.dispose();
  });

  it('connects: details, one listing, an open event stream', async () => {
    daemon.containers.set(fakeId(1), summary(1, { Labels: { 'com.docker.compose.project': 'web' } }));
    const w = make();
    w.start();
    await until('ok', () => w.snapshot().status === 'ok');
    const s = w.snapshot();
    assert.equal(s.details?.rootless, true);
    assert.equal(s.details?.cgroupDriver, 'none');
    assert.equal(s.containers.get(fakeId(1))?.project, 'web');
    assert.equal(s.live, true);
    assert.equal(daemon.count(/^GET \/containers\/json/), 1);
    assert.equal(daemon.openStreams, 1);
  });

  it('an event fetches only the container it names, in one filtered request', async () => {
    const w = make();
    w.start();
    await until('ok', () => w.snapshot().status === 'ok');
    let changes = 0;
    w.onDidChange(() => changes++);
    daemon.containers.set(fakeId(2), summary(2));
    daemon.containers.set(fakeId(3), summary(3, { State: 'exited', Status: 'Exited (0) 1 second ago' }));
    daemon.event({ Type: 'container', Action: 'start', Actor: { ID: fakeId(2) }, timeNano: 1 });
    daemon.event({ Type: 'container', Action: 'die', Actor: { ID: fakeId(3) }, timeNano: 2 });
    daemon.event({ Type: 'container', Action: 'exec_start: sh', Actor: { ID: fakeId(3) }, timeNano: 3 });
    await until('both containers', () => w.snapshot().containers.size === 2);
    const filtered = daemon.requests.filter((r) => r.startsWith('GET /containers/json') && r.includes('filters'));
    assert.equal(filtered.length, 1, `one filtered request: ${daemon.requests.join(', ')}`);
    assert.match(decodeURIComponent(filtered[0]), new RegExp(`${fakeId(2)}.*${fakeId(3)}`));
    assert.equal(daemon.count(/^GET \/containers\/json$|^GET \/containers\/json\?all=true$/), 1, 'no full re-list');
    assert.ok(changes >= 1);
  });

  it('shows what die, pause and unpause events say at once, before the fetch answers; a start waits for the fetch', async function () {
    this.timeout(20_000);
    daemon.containers.set(fakeId(5), summary(5));
    const w = make({ debounceMs: 0 });
    w.start();
    await until('listed', () => w.snapshot().containers.size === 1);
    daemon.hang = /^\/containers\/json/; // the confirming fetch never answers: only the event can change the model
    const state = () => w.snapshot().containers.get(fakeId(5));
    daemon.event({ Type: 'container', Action: 'pause', Actor: { ID: fakeId(5) }, timeNano: 1 });
    await until('paused from the event', () => state()?.state === 'paused');
    assert.equal(state()?.statusText, 'Up 5 minutes (Paused)');
    daemon.event({ Type: 'container', Action: 'unpause', Actor: { ID: fakeId(5) }, timeNano: 2 });
    await until('running again', () => state()?.state === 'running' && state()?.statusText === 'Up 5 minutes');
    daemon.event({ Type: 'container', Action: 'die', Actor: { ID: fakeId(5), Attributes: { exitCode: '137' } }, timeNano: 3 });
    await until('exited from the event', () => state()?.state === 'exited');
    assert.equal(state()?.exitCode, 137);
    assert.equal(state()?.statusText, 'Exited (137) Less than a second ago');
    // A start shows with what the daemon lists (state, status text, ports), so it waits for the fetch.
    daemon.event({ Type: 'container', Action: 'start', Actor: { ID: fakeId(5) }, timeNano: 4 });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(state()?.state, 'exited');
    daemon.containers.set(fakeId(5), summary(5, { Status: 'Up Less than a second', Ports: [{ PrivatePort: 80, PublicPort: 8080, Type: 'tcp', IP: '0.0.0.0' }] }));
    daemon.hang = undefined;
    daemon.event({ Type: 'container', Action: 'start', Actor: { ID: fakeId(5) }, timeNano: 5 });
    // The hung fetch times out first (2 s here), then the model looks again.
    await until('running from the fetch, with its port', () => state()?.state === 'running' && state()?.ports.length === 1, 15_000);
  });

  it('after die, a listing that still says running is the daemon lagging: the event wins until the daemon agrees', async () => {
    daemon.containers.set(fakeId(6), summary(6));
    const w = make({ debounceMs: 0 });
    w.start();
    await until('listed', () => w.snapshot().containers.size === 1);
    const seen: string[] = [];
    w.onDidChange(() => seen.push(w.snapshot().containers.get(fakeId(6))?.state ?? 'gone'));
    // The daemon announces die while its listing still says running, as dockerd does until the stop finishes.
    daemon.event({ Type: 'container', Action: 'die', Actor: { ID: fakeId(6), Attributes: { exitCode: '0' } }, timeNano: 1 });
    await until('a few fetches', () => daemon.count(/^GET \/containers\/json\?.*filters/) >= 2);
    assert.deepEqual([...new Set(seen)], ['exited'], 'never flips back to running');
    daemon.containers.set(fakeId(6), summary(6, { State: 'exited', Status: 'Exited (0) 1 second ago' }));
    await until('the daemon agrees', () => w.snapshot().containers.get(fakeId(6))?.statusText === 'Exited (0) 1 second ago');
    const fetches = daemon.count(/^GET \/containers\/json\?.*filters/);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(daemon.count(/^GET \/containers\/json\?.*filters/), fetches, 'no more fetches once it agrees');
    assert.ok(!seen.includes('running'));
  });

  it('an event stream that keeps closing as it opens is reopened less and less often, the model staying up', async function () {
    this.timeout(30_000);
    daemon.containers.set(fakeId(7), summary(7));
    daemon.closeEvents = true;
    const w = make({ debounceMs: 0 });
    w.start();
    await until('listed', () => w.snapshot().containers.size === 1);
    await new Promise((r) => setTimeout(r, 3000));
    // Every 200 ms would be 15 openings in 3 s; doubling from 200 ms gives 5 (0, 0.2, 0.6, 1.4, 3.0 s).
    const opened = daemon.count(/^GET \/events/);
    assert.ok(opened >= 3 && opened <= 6, `${opened} openings of /events in 3 s`);
    assert.ok(daemon.count(/^GET \/containers\/json(\?all=(1|true))?$/) <= opened + 1, 'a full listing per opening at most');
    assert.equal(w.snapshot().status, 'ok');
    assert.equal(w.snapshot().containers.size, 1);
    // Once the stream stays open, the model is live again.
    daemon.closeEvents = false;
    await until('live', () => w.snapshot().live, 15_000);
  });

  it('destroy removes the container without asking the daemon', async () => {
    daemon.containers.set(fakeId(4), summary(4));
    const w = make();
    w.start();
    await until('listed', () => w.snapshot().containers.size === 1);
    const before = daemon.requests.length;
    daemon.event({ Type: 'container', Action: 'destroy', Actor: { ID: fakeId(4) } });
    await until('removed', () => w.snapshot().containers.size === 0);
    assert.equal(daemon.requests.length, before);
  });

  it('a failed start (network connect/disconnect only) is re-inspected and its error translated', async () => {
    const id = fakeId(5);
    daemon.containers.set(id, summary(5, { State: 'created', Status: 'Created' }));
    daemon.inspect.set(id, { State: { Error: '' }, HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '80' }] } } });
    const w = make();
    w.start();
    await until('listed', () => w.snapshot().containers.size === 1);
    const c0 = w.snapshot().containers.get(id);
    assert.equal(c0?.error, undefined);
    assert.deepEqual(c0?.ports, [{ containerPort: 80, protocol: 'tcp', hostIps: [], requested: true, hostPort: 80 }]);
    daemon.inspect.set(id, {
      State: { Error: "driver failed programming external connectivity on endpoint x: Error starting userland proxy: error while calling PortManager.AddPort(): cannot expose privileged port 80, you can add 'net.ipv4.ip_unprivileged_port_start=80' to /etc/sysctl.conf (currently 1024), or set CAP_NET_BIND_SERVICE on rootlesskit binary, or choose a larger port number (>= 1024): listen tcp4 0.0.0.0:80: bind: permission denied" },
      HostConfig: {},
    });
    daemon.event({ Type: 'network', Action: 'connect', Actor: { ID: 'net', Attributes: { container: id } } });
    daemon.event({ Type: 'network', Action: 'disconnect', Actor: { ID: 'net', Attributes: { container: id } } });
    await until('translated error', () => w.snapshot().containers.get(id)?.error?.translation?.ruleId === 'privileged-port');
  });

  it('a missing socket is the no-socket state, retried with backoff, and recovered from', async () => {
    await daemon.close();
    const w = make();
    w.start();
    await until('no-socket', () => w.snapshot().status === 'no-socket');
    assert.match(w.snapshot().problem!.message, /does not exist/);
    await until('a few retries', () => w.snapshot().attempts >= 3);
    await daemon.listen();
    await until('ok again', () => w.snapshot().status === 'ok', 3000);
  });

  it('the daemon dying mid-stream empties the model, and it recovers by itself', async () => {
    daemon.containers.set(fakeId(6), summary(6));
    const w = make();
    w.start();
    await until('ok', () => w.snapshot().status === 'ok' && w.snapshot().containers.size === 1);
    await daemon.close();
    await until('failure state', () => w.snapshot().status !== 'ok');
    assert.equal(w.snapshot().containers.size, 0);
    assert.equal(w.snapshot().details, undefined, 'no facts of a daemon that is gone');
    await daemon.listen();
    await until('ok again', () => w.snapshot().status === 'ok' && w.snapshot().containers.size === 1 && w.snapshot().live, 3000);
  });

  it('a hung daemon gets one listing at a time, never a pile-up', async function () {
    this.timeout(10_000);
    const w = make({ pollMs: 30 }, 300);
    w.start();
    await until('ok', () => w.snapshot().status === 'ok');
    daemon.hang = /^\/containers\/json/;
    await until('timeout state', () => w.snapshot().status === 'timeout', 3000);
    const hangStart = daemon.count(/^GET \/containers\/json/);
    await new Promise((r) => setTimeout(r, 800));
    const during = daemon.count(/^GET \/containers\/json/) - hangStart;
    // 30 ms polls over 800 ms would be ~26 requests; each listing waits 600 ms, then the retries back off.
    assert.ok(during <= 4, `${during} listings while hung`);
    daemon.hang = undefined;
    await until('ok again', () => w.snapshot().status === 'ok', 3000);
  });

  it('an answer that is not the Engine API is a bad-answer state, not a crash', async () => {
    daemon.garbage = { status: 200, body: '<html>hello</html>' };
    const w = make();
    w.start();
    await until('failure', () => w.snapshot().status !== 'connecting');
    assert.equal(w.snapshot().status, 'bad-answer');
    assert.match(w.snapshot().problem!.message, /not a Docker daemon/);
  });

  it('an HTTP 500 on every call is reported with its status', async () => {
    daemon.garbage = { status: 500, body: '{"message":"boom"}' };
    const w = make();
    w.start();
    await until('failure', () => w.snapshot().status !== 'connecting');
    assert.equal(w.snapshot().status, 'bad-answer');
    assert.match(w.snapshot().problem!.message, /HTTP 500/);
  });

  it('a list entry without an Id is skipped', async () => {
    daemon.containers.set('x', { Names: ['/broken'] });
    daemon.containers.set(fakeId(7), summary(7));
    const w = make();
    w.start();
    await until('ok', () => w.snapshot().status === 'ok');
    assert.deepEqual([...w.snapshot().containers.keys()], [fakeId(7)]);
  });

  it('dispose aborts the stream and stops retrying', async () => {
    const w = make();
    w.start();
    await until('ok', () => w.snapshot().status === 'ok');
    await until('stream open on the daemon', () => daemon.openStreams === 1);
    w.dispose();
    watcher = undefined;
    await until('stream closed on the daemon', () => daemon.openStreams === 0);
    const n = daemon.requests.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(daemon.requests.length, n);
  });
});
