// Daemon faults the real bed cannot produce, against servers on unix sockets made here: garbage where the
// container list should be (not JSON, HTTP 500, an answer of 70 MB), bytes that are not HTTP, a daemon that
// stops answering while connected, and a noisy event stream. Each must end in a clear state within 3 s, with no unhandled rejection, no TypeError and nothing
// left open. The real daemon's faults: test/integration/faults.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DaemonClient } from '../../../src/docker/client';
import { findEndpoint } from '../../../src/docker/endpoint';
import { classifyError, type DaemonStatus } from '../../../src/docker/state';
import { DaemonWatcher, type WatcherOptions } from '../../../src/docker/watch';
import { fakeId, ROOTLESS_INFO, summary } from './fakeDaemon';

const GOAL_MS = 3000;

async function until(what: string, probe: () => boolean, ms: number): Promise<number> {
  const start = Date.now();
  while (!probe()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, path: string) => boolean;

/** An Engine API that answers _ping, /info, /version, /events and the list normally, unless `override` handles the request. */
class ScriptedDaemon {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-faults-'));
  readonly socket = path.join(this.dir, 'docker.sock');
  override: Handler | undefined;
  readonly containers = [summary(1), summary(2, { State: 'exited', Status: 'Exited (0) 1 minute ago' })];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly streams = new Set<http.ServerResponse>();

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.socket, resolve));
  }

  get openStreams(): number {
    return this.streams.size;
  }

  event(line: string): void {
    for (const s of this.streams) s.write(line);
  }

  async dispose(): Promise<void> {
    for (const s of this.streams) s.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const p = new URL(req.url ?? '/', 'http://docker').pathname.replace(/^\/v[\d.]+/, '');
    if (this.override?.(req, res, p)) return;
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (p === '/_ping') res.end('OK');
    else if (p === '/info') json(ROOTLESS_INFO);
    else if (p === '/version') json({ Version: '20.10.24', ApiVersion: '1.41' });
    else if (p === '/containers/json') json(this.containers);
    else if (p === '/events') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      this.streams.add(res);
      res.on('close', () => this.streams.delete(res));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"page not found"}');
    }
  }
}

describe('daemon faults (scripted servers on unix sockets)', () => {
  let rejections: unknown[];
  const onRejection = (reason: unknown) => rejections.push(reason);
  let watcher: DaemonWatcher | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];

  const watch = (socket: string, opts: WatcherOptions = {}, timeoutMs?: number) => {
    const client = new DaemonClient(findEndpoint({ env: { DOCKER_HOST: `unix://${socket}` } }), timeoutMs ? { timeoutMs } : {});
    watcher = new DaemonWatcher(client, { watchSocketDir: false, ...opts });
    watcher.start();
    return watcher;
  };

  /** Waits for a state other than ok/connecting and checks it is `status`, reached within the goal. */
  async function expectState(w: DaemonWatcher, status: DaemonStatus, message: RegExp): Promise<number> {
    const ms = await until(`the ${status} state`, () => !['ok', 'connecting'].includes(w.snapshot().status), GOAL_MS);
    const s = w.snapshot();
    assert.equal(s.status, status, s.problem?.message);
    assert.match(s.problem!.message, message);
    assert.doesNotMatch(s.problem!.message, /TypeError|undefined|Cannot read properties/);
    return ms;
  }

  beforeEach(() => {
    rejections = [];
    process.on('unhandledRejection', onRejection);
  });
  afterEach(async () => {
    watcher?.dispose();
    watcher = undefined;
    for (const c of cleanups.splice(0)) await c();
    process.off('unhandledRejection', onRejection);
    assert.deepEqual(rejections, [], 'no unhandled rejections');
  });

  async function scripted(override?: Handler): Promise<ScriptedDaemon> {
    const d = new ScriptedDaemon();
    d.override = override;
    await d.listen();
    cleanups.push(() => d.dispose());
    return d;
  }

  describe('garbage where the container list should be', () => {
    it('a 200 that is not JSON: bad-answer, naming what came', async () => {
      const d = await scripted((_q, res, p) => {
        if (p !== '/containers/json') return false;
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>It works!</body></html>');
        return true;
      });
      const w = watch(d.socket);
      await expectState(w, 'bad-answer', /not a Docker daemon: the container list is not JSON, not a JSON array/);
      assert.equal(w.snapshot().containers.size, 0);
    });

    it('a JSON object instead of a list: bad-answer', async () => {
      const d = await scripted((_q, res, p) => {
        if (p !== '/containers/json') return false;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"containers":[]}');
        return true;
      });
      await expectState(watch(d.socket), 'bad-answer', /the container list is a JSON object, not a JSON array/);
    });

    it('HTTP 500 with the daemon message: bad-answer with the status and the message', async () => {
      const d = await scripted((_q, res, p) => {
        if (p !== '/containers/json') return false;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message":"layer does not exist"}');
        return true;
      });
      await expectState(watch(d.socket), 'bad-answer', /answered with HTTP 500.*layer does not exist/);
    });

    it('an answer of 70 MB is cut off at 64 MiB: bad-answer, and the sender stopped before the end', async function () {
      this.timeout(20_000);
      let sent = 0;
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      const d = await scripted((_q, res, p) => {
        if (p !== '/containers/json') return false;
        res.writeHead(200, { 'content-type': 'application/json' });
        const write = () => {
          while (sent < 70 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', write);
          }
          res.end();
        };
        res.on('error', () => undefined);
        write();
        return true;
      });
      const w = watch(d.socket, { backoff: { initialMs: 60_000, maxMs: 60_000 } });
      const ms = await expectState(w, 'bad-answer', /larger than 64 MiB, so it was cut off/);
      assert.ok(sent < 70, `the server was cut off before sending all 70 MB (sent ${sent} MB)`);
      console.log(`      70 MB answer: bad-answer after ${ms} ms, ${sent} MB sent before the cut`);
    });

    it('a smaller cap is honoured for any call (here /info)', async () => {
      const d = await scripted((_q, res, p) => {
        if (p !== '/info') return false;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...ROOTLESS_INFO, Padding: 'y'.repeat(200_000) }));
        return true;
      });
      const client = new DaemonClient(findEndpoint({ env: { DOCKER_HOST: `unix://${d.socket}` } }), { maxResponseBytes: 100_000 });
      watcher = new DaemonWatcher(client, { watchSocketDir: false });
      watcher.start();
      await expectState(watcher, 'bad-answer', /the answer was larger than 98 KiB, so it was cut off/);
    });

    it('bytes that are not HTTP at all: bad-answer, not a parser exception', async () => {
      const server = net.createServer((c) => {
        c.on('error', () => undefined);
        c.resume();
        c.end('\x00\x01\x02 SSH-2.0-OpenSSH_9.2\r\n\xff\xfe garbage\r\n\r\n');
      });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-faults-'));
      const socket = path.join(dir, 'docker.sock');
      await new Promise<void>((r) => server.listen(socket, r));
      cleanups.push(async () => {
        await new Promise((r) => server.close(r));
        fs.rmSync(dir, { recursive: true, force: true });
      });
      await expectState(watch(socket), 'bad-answer', /but not in HTTP: .*\(HPE_/);
    });
  });

  it('a daemon that stops answering while connected: not responding within 3 s, containers kept, one ping at a time; back when it answers', async function () {
    this.timeout(20_000);
    let hung = false;
    const held: http.ServerResponse[] = [];
    const d = await scripted((_q, res, p) => {
      if (!hung || p === '/events') return false;
      held.push(res);
      return true;
    });
    const w = watch(d.socket);
    await until('ok', () => w.snapshot().status === 'ok' && w.snapshot().live, GOAL_MS);
    hung = true;
    const t0 = Date.now();
    const ms = await expectState(w, 'timeout', /not responding/);
    assert.equal(w.snapshot().containers.size, 2, 'the last known containers stay');
    await new Promise((r) => setTimeout(r, 4000));
    assert.ok(w.resources().callsInFlight <= 1, `${w.resources().callsInFlight} calls in flight`);
    const asked = held.length;
    assert.ok(asked <= 5, `${asked} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s of hang`);
    hung = false;
    for (const res of held.splice(0)) res.destroy();
    const back = await until('ok again', () => w.snapshot().status === 'ok', GOAL_MS);
    console.log(`      hung daemon: not responding after ${ms} ms, ${asked} requests while hung, ok ${back} ms after it answered again`);
  });

  it('a noisy event stream (not JSON, a 2 MB line, junk ids) changes nothing; the next real event still counts', async () => {
    const d = await scripted();
    const w = watch(d.socket, { debounceMs: 10 });
    await until('ok', () => w.snapshot().status === 'ok' && w.snapshot().live, GOAL_MS);
    await until('the stream reached the server', () => d.openStreams === 1, GOAL_MS);
    d.event('not json\n{"Type":"container"\n');
    d.event(`${'z'.repeat(2 * 1024 * 1024)}`);
    d.event('\n{"Type":"container","Action":"start","Actor":{"ID":"../../etc"}}\n[1,2,3]\nnull\n');
    d.containers.push(summary(3));
    d.event(`${JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: fakeId(3) }, timeNano: 1 })}\n`);
    await until('the real event applied', () => w.snapshot().containers.has(fakeId(3)), GOAL_MS);
    assert.equal(w.snapshot().status, 'ok');
    assert.equal(w.stats.events, 1);
  });

  describe('permission messages', () => {
    const endpoint = findEndpoint({ env: { DOCKER_HOST: 'unix:///run/user/1001/docker.sock' } });
    const eacces = Object.assign(new Error('connect EACCES /run/user/1001/docker.sock'), { code: 'EACCES' });

    it('your own socket with its mode taken away: says so, with the mode, and what repairs it', () => {
      const p = classifyError(eacces, { endpoint, socketOwner: 'user rdtest (uid 1001)', ownedByYou: true, socketMode: 0o140000 });
      assert.equal(p.status, 'permission');
      assert.equal(
        p.message,
        'Permission denied on /run/user/1001/docker.sock (it belongs to you, user rdtest (uid 1001), but mode 000 does not let you open it): something changed its permissions; restarting the daemon recreates it.',
      );
    });

    it("someone else's socket: names the owner", () => {
      const p = classifyError(eacces, { endpoint, socketOwner: 'user root (uid 0)', ownedByYou: false, socketMode: 0o140660 });
      assert.match(p.message, /^Permission denied on \/run\/user\/1001\/docker\.sock \(it belongs to user root \(uid 0\)\): a rootless daemon's socket can only be opened by the user who runs the daemon\.$/);
    });
  });
});
