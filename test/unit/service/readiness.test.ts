// Readiness against fake daemons on unix sockets: `_ping` answers, missing and stale sockets, a hung daemon,
// waits that end on success, on their deadline, early on a reason, or on cancel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { daemonSocket, isGone, ping, runningContainers, waitForGone, waitForReady } from '../../../src/service/readiness';
import { fakeDaemon, staleSocket, tempDir, type FakeDaemon } from './sockets';

describe('service: readiness', function () {
  this.timeout(20_000);
  let dir: string;
  let sock: string;
  const open: FakeDaemon[] = [];
  const servers: net.Server[] = [];

  beforeEach(() => {
    dir = tempDir('rd-ready-');
    sock = path.join(dir, 'docker.sock');
  });
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
    for (const s of servers.splice(0)) s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const daemon = async (handler?: Parameters<typeof fakeDaemon>[1]) => {
    const d = await fakeDaemon(sock, handler);
    open.push(d);
    return d;
  };

  it('ping: OK from a daemon', async () => {
    const d = await daemon();
    assert.deepEqual(await ping(sock), { ok: true });
    assert.deepEqual(d.requests, ['GET /_ping']);
  });

  it('ping: no socket file is ENOENT, and "gone"', async () => {
    const p = await ping(sock);
    assert.equal(p.ok, false);
    assert.ok(!p.ok && p.code === 'ENOENT');
    assert.ok(isGone(p));
  });

  it('ping: a stale socket (daemon killed) is ECONNREFUSED, and "gone"', async () => {
    staleSocket(sock);
    const p = await ping(sock);
    assert.ok(!p.ok && p.code === 'ECONNREFUSED', JSON.stringify(p));
    assert.ok(isGone(p));
  });

  it('ping: something that answers but not "OK" is not ready, and not gone either', async () => {
    await daemon((_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    });
    const p = await ping(sock);
    assert.ok(!p.ok && p.code === 'HTTP500', JSON.stringify(p));
    assert.equal(isGone(p), false);
  });

  it('ping: a hung daemon (accepts, never answers) times out, bounded', async () => {
    const server = net.createServer(() => undefined).listen(sock);
    servers.push(server);
    await new Promise((r) => server.once('listening', r));
    const started = Date.now();
    const p = await ping(sock, 300);
    assert.ok(!p.ok && p.code === 'ETIMEDOUT', JSON.stringify(p));
    assert.ok(Date.now() - started < 3000);
    assert.equal(isGone(p), false);
  });

  it('waitForReady: returns once the daemon comes up, reporting progress', async () => {
    const ticks: number[] = [];
    setTimeout(() => void daemon(), 400);
    const w = await waitForReady(sock, { timeoutMs: 10_000, intervalMs: 50, onTick: (ms) => ticks.push(ms) });
    assert.ok(w.ok, JSON.stringify(w));
    assert.ok(w.elapsedMs >= 300, `${w.elapsedMs}`);
    assert.ok(ticks.length >= 2, 'progress was reported while waiting');
  });

  it('waitForReady: gives up at its deadline with the last answer', async () => {
    const w = await waitForReady(sock, { timeoutMs: 400, intervalMs: 50 });
    assert.equal(w.ok, false);
    if (!w.ok) {
      assert.equal(w.reason, 'timeout');
      assert.equal(w.last.ok, false);
      assert.ok(w.elapsedMs >= 400 && w.elapsedMs < 3000, `${w.elapsedMs}`);
    }
  });

  it('waitForReady: stops early when the check gives a reason (the unit failed)', async () => {
    let checks = 0;
    const w = await waitForReady(sock, {
      timeoutMs: 10_000,
      intervalMs: 50,
      check: () => Promise.resolve(++checks >= 2 ? 'docker.service failed (exit-code)' : undefined),
    });
    assert.ok(!w.ok && w.reason === 'check' && w.detail === 'docker.service failed (exit-code)', JSON.stringify(w));
    assert.ok(w.elapsedMs < 5000);
  });

  it('waitForReady: a check that throws is no reason to stop', async () => {
    setTimeout(() => void daemon(), 300);
    const w = await waitForReady(sock, { timeoutMs: 10_000, intervalMs: 50, check: () => Promise.reject(new Error('x')) });
    assert.ok(w.ok);
  });

  it('waitForReady: cancel ends the wait', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    const w = await waitForReady(sock, { timeoutMs: 10_000, intervalMs: 50, signal: abort.signal });
    assert.ok(!w.ok && w.reason === 'aborted');
    assert.ok(w.elapsedMs < 3000);
  });

  it('waitForGone: returns once nothing listens', async () => {
    const d = await daemon();
    setTimeout(() => void d.close(), 300);
    const w = await waitForGone(sock, { timeoutMs: 10_000, intervalMs: 50 });
    assert.ok(w.ok, JSON.stringify(w));
    open.splice(open.indexOf(d), 1);
  });

  it('waitForGone: a daemon that stays is reported at the deadline', async () => {
    await daemon();
    const w = await waitForGone(sock, { timeoutMs: 300, intervalMs: 50 });
    assert.ok(!w.ok && w.reason === 'timeout' && w.last.ok);
  });

  it('running containers: names without the slash, ids for nameless ones; undefined when it cannot tell', async () => {
    await daemon((req, res) => {
      if (req.url === '/containers/json') res.end(JSON.stringify([{ Id: 'a'.repeat(64), Names: ['/web'] }, { Id: 'b'.repeat(64) }]));
      else res.end('OK');
    });
    assert.deepEqual(await runningContainers(sock), ['web', 'b'.repeat(12)]);
    assert.equal(await runningContainers(path.join(dir, 'none.sock')), undefined);
  });

  it('running containers: a non-JSON or non-list answer is "cannot tell"', async () => {
    await daemon((_req, res) => res.end('<html>'));
    assert.equal(await runningContainers(sock), undefined);
  });

  describe('the socket to wait on', () => {
    it('DOCKER_HOST naming a unix socket of the user', () => {
      const s = daemonSocket({ env: { DOCKER_HOST: 'unix:///run/user/4242/docker.sock', HOME: '/nonexistent' }, uid: 4242 });
      assert.equal(s?.socketPath, '/run/user/4242/docker.sock');
    });

    it('the rootless default while the daemon is stopped (discovery would fall back to the system daemon)', () => {
      const s = daemonSocket({ env: { XDG_RUNTIME_DIR: dir, HOME: '/nonexistent' }, uid: 4242 });
      assert.equal(s?.socketPath, path.join(dir, 'docker.sock'));
      assert.match(s?.reason ?? '', /rootless default/);
    });

    it('/run/user/UID without XDG_RUNTIME_DIR; nothing without a uid', () => {
      assert.equal(daemonSocket({ env: { HOME: '/nonexistent' }, uid: 4242 })?.socketPath, '/run/user/4242/docker.sock');
      assert.equal(daemonSocket({ env: { HOME: '/nonexistent' } }), undefined);
    });

    it('a DOCKER_HOST naming the system socket is not waited on', () => {
      const s = daemonSocket({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock', XDG_RUNTIME_DIR: dir, HOME: '/nonexistent' }, uid: 4242 });
      assert.equal(s?.socketPath, path.join(dir, 'docker.sock'));
    });

    it('the rootlessDocker.host setting wins', () => {
      const s = daemonSocket({ env: { XDG_RUNTIME_DIR: dir, HOME: '/nonexistent' }, uid: 4242, setting: 'unix:///srv/me/docker.sock' });
      assert.equal(s?.socketPath, '/srv/me/docker.sock');
    });
  });
});
