// Daemon faults on the real rootless dockerd of the bed, under a live model with the extension's own
// defaults: dockerd killed mid /events and restarted, dockerd stopped (SIGSTOP) and resumed, its socket
// made unopenable (mode 000, another owner) for the user who runs the model, and a socket of our own that
// accepts connections and never answers. Each fault must show as a clear state within 3 s, recovery must
// follow within 3 s of the daemon answering again, with no unhandled rejection and nothing left growing
// (listeners, calls in flight, handles) after repeated cycles. Whatever happens, the bed is put back as it
// was: running, same socket, same owner and mode. Figures are printed; garbage answers are unit-tested
// (test/unit/docker/faults.test.ts).
import * as assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DaemonClient } from '../../src/docker/client';
import { findEndpoint } from '../../src/docker/endpoint';
import type { DaemonStatus } from '../../src/docker/state';
import { DaemonWatcher } from '../../src/docker/watch';
import { bed, BED_IMAGE, BED_USER, RUN_ID, suiteLabels, uidOf } from './bed';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '../..');
const BED_SCRIPT = path.join(REPO, 'scripts/testbed/rootless-daemon.sh');
/** Every fault must show within this, and recovery follow within this of the daemon answering again. */
const GOAL_MS = 3000;
const GONE: DaemonStatus[] = ['refused', 'no-socket'];

async function until<T>(what: string, probe: () => T | undefined | false, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function bedUid(): number {
  const uid = uidOf(BED_USER);
  assert.ok(uid !== undefined, `user ${BED_USER} exists`);
  return uid;
}

function dockerdPid(): number {
  const pid = Number(fs.readFileSync(`/run/user/${bedUid()}/docker.pid`, 'utf8').trim());
  assert.ok(pid > 1, 'dockerd pid');
  return pid;
}

/** One GET /_ping on its own connection; true when the answer is OK within 500 ms. */
function pingOnce(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', agent: false, timeout: 500 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(res.statusCode === 200 && body === 'OK'));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Starts the bed (a no-op when it answers and is healthy); killed leftovers are not waited for long. A start can
 * fail when the killed daemon's containerd is still going away: then once more.
 */
async function startBed(): Promise<void> {
  const start = () => run('bash', [BED_SCRIPT, 'start'], { timeout: 120_000, env: { ...process.env, RDTEST_STOP_TIMEOUT: '5' } });
  await start().catch(start);
}

/** Handle counts by type, the least seen over `ms` (so a heartbeat caught in flight does not count). */
async function handles(ms = 1500): Promise<Record<string, number>> {
  const least: Record<string, number> = {};
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const now: Record<string, number> = {};
    for (const t of process.getActiveResourcesInfo()) now[t] = (now[t] ?? 0) + 1;
    for (const t of new Set([...Object.keys(now), ...Object.keys(least)])) least[t] = Math.min(least[t] ?? Infinity, now[t] ?? 0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return least;
}

type ModelResources = ReturnType<DaemonWatcher['resources']>;

/** The model's own counts, the least seen over `ms` (a heartbeat ping may be in flight at any one moment). */
async function steady(w: DaemonWatcher, ms = 1500): Promise<ModelResources> {
  let least = w.resources();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    const now = w.resources();
    least = {
      listeners: Math.min(least.listeners, now.listeners),
      streamListeners: Math.min(least.streamListeners, now.streamListeners),
      callsInFlight: Math.min(least.callsInFlight, now.callsInFlight),
      timers: Math.min(least.timers, now.timers),
      watchingDir: least.watchingDir && now.watchingDir,
    };
  }
  return least;
}

const fmt = (xs: number[]) => xs.map((x) => `${x} ms`).join(', ');

describe('daemon faults on the real rootless dockerd', function () {
  this.timeout(180_000);
  let socketPath: string;
  let original: { uid: number; gid: number; mode: number } | undefined;
  let rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  before(async () => {
    ({ socketPath } = await bed());
    const st = fs.statSync(socketPath);
    original = { uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
    process.on('unhandledRejection', onRejection);
  });

  // Put the bed back whatever happened: resumed, socket owner and mode as they were, running.
  after(async () => {
    process.off('unhandledRejection', onRejection);
    try {
      process.kill(dockerdPid(), 'SIGCONT');
    } catch {
      // not running: started below
    }
    try {
      if (original && fs.existsSync(socketPath)) {
        fs.chownSync(socketPath, original.uid, original.gid);
        fs.chmodSync(socketPath, original.mode);
      }
    } finally {
      await startBed();
    }
    assert.ok(await pingOnce(socketPath), 'the bed answers again');
  });

  afterEach(() => {
    assert.deepEqual(rejections, [], 'no unhandled rejections');
    rejections = [];
  });

  describe('a live model in this process', () => {
    let watcher: DaemonWatcher;
    let baseline: { handles: Record<string, number>; model: ModelResources };
    const snapshot = () => watcher.snapshot();
    let changes = 0;

    before(async () => {
      // The extension's defaults (backoff, heartbeat, timeouts, socket directory watch); only the log is ours.
      watcher = new DaemonWatcher(new DaemonClient(findEndpoint({ env: { DOCKER_HOST: `unix://${socketPath}` } })));
      watcher.onDidChange(() => changes++);
      watcher.start();
      await until('the model connected and live', () => snapshot().status === 'ok' && snapshot().live, 15_000);
      await watcher.settled();
      baseline = { handles: await handles(), model: await steady(watcher) };
    });
    after(() => watcher?.dispose());

    it('dockerd killed (SIGKILL) mid /events: "daemon stopped" within 3 s; restarted: back within 3 s of its first _ping (2 cycles)', async () => {
      const down: number[] = [];
      const back: number[] = [];
      const restart: number[] = [];
      for (let cycle = 0; cycle < 2; cycle++) {
        await until('live before the fault', () => snapshot().status === 'ok' && snapshot().live, 15_000);
        const pid = dockerdPid();
        const t0 = Date.now();
        let failure: ReturnType<DaemonWatcher['snapshot']> | undefined;
        try {
          process.kill(pid, 'SIGKILL');
          failure = await until('a "daemon gone" state', () => (GONE.includes(snapshot().status) ? snapshot() : undefined), GOAL_MS);
          down.push(Date.now() - t0);
        } finally {
          // Restart while watching for the first _ping the new daemon answers (our own connection every 20 ms).
          let answered: number | undefined;
          let restarting = true;
          const watch = (async () => {
            while (restarting && answered === undefined) {
              if (await pingOnce(socketPath)) answered = Date.now();
              else await new Promise((r) => setTimeout(r, 20));
            }
          })();
          const started = Date.now();
          try {
            await startBed();
          } finally {
            restarting = false;
            await watch;
          }
          restart.push(Date.now() - started);
          const at = answered ?? Date.now();
          await until('ok and live again', () => snapshot().status === 'ok' && snapshot().live, 30_000);
          back.push(Math.max(0, Date.now() - at));
        }
        assert.ok(failure);
        assert.equal(failure.status, 'refused', failure.problem?.message);
        assert.match(failure.problem!.message, /^The Docker daemon stopped: .*docker\.sock exists but nothing listens on it/);
        assert.equal(failure.containers.size, 0, 'no stale containers while the daemon is gone');
      }
      console.log(`      SIGKILL → stopped state in ${fmt(down)}; bed restart took ${fmt(restart)}; model back ${fmt(back)} after the first _ping answered`);
      for (const ms of back) assert.ok(ms <= GOAL_MS, `recovered ${ms} ms after the daemon answered`);
      // The new event stream works: a container created now arrives through it.
      const { docker } = await bed();
      const c = await docker.createContainer({ name: `faults-after-kill-${RUN_ID}`, Image: BED_IMAGE, Cmd: ['true'], Labels: suiteLabels({ 'io.rootless-docker.test.case': 'faults' }) });
      await until('the new container in the model', () => snapshot().containers.has(c.id), GOAL_MS);
    });

    it('dockerd stopped (SIGSTOP): "not responding" within 3 s, no pile-up, containers kept; SIGCONT: back within 3 s (3 cycles)', async () => {
      const hung: number[] = [];
      const back: number[] = [];
      for (let cycle = 0; cycle < 3; cycle++) {
        await until('ok before the fault', () => snapshot().status === 'ok', 15_000);
        await watcher.settled();
        const known = snapshot().containers.size;
        const pings = watcher.stats.pings;
        const lists = watcher.stats.lists;
        const pid = dockerdPid();
        const t0 = Date.now();
        let resumed = false;
        try {
          process.kill(pid, 'SIGSTOP');
          const s = await until('the timeout state', () => (snapshot().status === 'timeout' ? snapshot() : undefined), GOAL_MS);
          hung.push(Date.now() - t0);
          assert.match(s.problem!.message, /is not responding: the daemon did not answer within \d+ ms/);
          assert.equal(s.containers.size, known, 'the last known containers stay while it hangs');
          // Stay hung a while: requests stay single-flight and spaced out.
          const hangUntil = Date.now() + 3000;
          while (Date.now() < hangUntil) {
            assert.ok(watcher.client.inFlightCount <= 1, `${watcher.client.inFlightCount} calls in flight`);
            await new Promise((r) => setTimeout(r, 50));
          }
          const asked = watcher.stats.pings - pings + (watcher.stats.lists - lists);
          const hungFor = (Date.now() - t0) / 1000;
          assert.ok(asked <= 2 + hungFor, `${asked} requests in ${hungFor.toFixed(1)} s of hang`);
          process.kill(pid, 'SIGCONT');
          resumed = true;
          const t1 = Date.now();
          await until('ok again', () => snapshot().status === 'ok', GOAL_MS);
          back.push(Date.now() - t1);
        } finally {
          if (!resumed) process.kill(pid, 'SIGCONT');
        }
      }
      console.log(`      SIGSTOP → not responding in ${fmt(hung)}; SIGCONT → ok in ${fmt(back)}`);
    });

    it('after the 5 fault cycles nothing has grown: listeners, stream listeners, calls in flight, timers, handles', async () => {
      await until('ok and live', () => snapshot().status === 'ok' && snapshot().live, 15_000);
      await watcher.settled();
      const now = { handles: await handles(), model: await steady(watcher) };
      console.log(`      before: ${JSON.stringify(baseline)}\n      after:  ${JSON.stringify(now)}`);
      assert.deepEqual(now.model, baseline.model);
      for (const [type, n] of Object.entries(now.handles)) assert.ok(n <= (baseline.handles[type] ?? 0), `${type}: ${baseline.handles[type] ?? 0} → ${n}`);
      assert.ok(changes > 0);
    });
  });

  describe('the socket made unopenable, for the model of the user who runs the daemon', () => {
    let child: ChildProcessWithoutNullStreams;
    const seen: { t: number; status: DaemonStatus; message?: string; live: boolean; containers: number }[] = [];
    let final: { rejections: number; resources: Record<string, unknown> } | undefined;
    let stderr = '';

    // The model runs as the bed user (root opens any socket): it reports every change as a JSON line.
    const PROBE = `
      const { DaemonClient } = require(${JSON.stringify(path.join(REPO, 'src/docker/client.ts'))});
      const { findEndpoint } = require(${JSON.stringify(path.join(REPO, 'src/docker/endpoint.ts'))});
      const { DaemonWatcher } = require(${JSON.stringify(path.join(REPO, 'src/docker/watch.ts'))});
      let rejections = 0;
      process.on('unhandledRejection', () => rejections++);
      const uid = process.getuid();
      const w = new DaemonWatcher(new DaemonClient(findEndpoint({ env: process.env, uid })), { uid });
      let last = '';
      w.onDidChange(() => {
        const s = w.snapshot();
        const line = JSON.stringify({ status: s.status, message: s.problem && s.problem.message, live: s.live, containers: s.containers.size });
        if (line !== last) process.stdout.write(JSON.stringify({ t: Date.now(), ...JSON.parse(line) }) + '\\n');
        last = line;
      });
      w.start();
      process.stdin.on('data', () => {
        process.stdout.write(JSON.stringify({ final: { rejections, resources: w.resources() } }) + '\\n');
        w.dispose();
        setTimeout(() => process.exit(0), 100);
      });
    `;

    before(async () => {
      const uid = bedUid();
      child = spawn('runuser', ['-u', BED_USER, '--', '/usr/bin/env', '-i', `XDG_RUNTIME_DIR=/run/user/${uid}`, process.execPath, '--import', 'tsx', '-e', PROBE], { cwd: REPO });
      let buf = '';
      child.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const v = JSON.parse(buf.slice(0, nl)) as (typeof seen)[number] & { final?: typeof final };
          buf = buf.slice(nl + 1);
          if (v.final) final = v.final;
          else seen.push(v);
        }
      });
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      await until(`the bed user's model connected (stderr: ${stderr})`, () => seen.at(-1)?.status === 'ok' && seen.at(-1)?.live, 30_000);
    });

    after(async () => {
      if (child.exitCode === null) {
        child.stdin.write('exit\n');
        await until('the probe reporting and exiting', () => child.exitCode !== null, 10_000).catch(() => child.kill());
      }
    });

    /** Applies `fault` to the socket; the state must be `permission` within 3 s, and ok within 3 s of `repair`. */
    async function unopenable(fault: () => void, repair: () => void, message: RegExp): Promise<[number, number]> {
      const from = seen.length;
      const t0 = Date.now();
      let repaired = false;
      try {
        fault();
        const s = await until('the permission state', () => seen.slice(from).find((e) => e.status !== 'ok'), GOAL_MS);
        assert.equal(s.status, 'permission', s.message);
        assert.match(s.message ?? '', message);
        assert.equal(s.containers, 0);
        repair();
        repaired = true;
        const t1 = Date.now();
        const k = seen.length;
        await until('ok again', () => seen.slice(k).some((e) => e.status === 'ok' && e.live), GOAL_MS);
        return [s.t - t0, Date.now() - t1];
      } finally {
        if (!repaired) repair();
      }
    }

    it('mode 000: the permission state names the socket, its owner (you) and the mode, within 3 s; mode restored: back within 3 s (2 cycles)', async () => {
      const { mode } = original!;
      const figures: [number, number][] = [];
      for (let cycle = 0; cycle < 2; cycle++) {
        figures.push(
          await unopenable(
            () => fs.chmodSync(socketPath, 0),
            () => fs.chmodSync(socketPath, mode),
            new RegExp(`^Permission denied on ${socketPath.replace(/\./g, '\\.')} \\(it belongs to you, user ${BED_USER} \\(uid ${bedUid()}\\), but mode 000 does not let you open it\\)`),
          ),
        );
      }
      console.log(`      mode 000 → permission state in ${fmt(figures.map((f) => f[0]))}; restored → ok in ${fmt(figures.map((f) => f[1]))}`);
    });

    it("another owner (root): the permission state names root, within 3 s; owner restored: back within 3 s", async () => {
      const { uid, gid } = original!;
      const [down, up] = await unopenable(
        () => fs.chownSync(socketPath, 0, 0),
        () => fs.chownSync(socketPath, uid, gid),
        /^Permission denied on .*docker\.sock \(it belongs to user root \(uid 0\)\): a rootless daemon's socket can only be opened by the user who runs the daemon/,
      );
      console.log(`      owner root → permission state in ${down} ms; restored → ok in ${up} ms`);
    });

    it('the model of the bed user ends with no unhandled rejection and nothing in flight', async () => {
      child.stdin.write('exit\n');
      await until('the final report', () => final, 10_000);
      assert.equal(final!.rejections, 0);
      assert.equal((final!.resources as { callsInFlight: number }).callsInFlight, 0);
      assert.equal((final!.resources as { listeners: number }).listeners, 1);
    });
  });

  it('a socket that accepts connections and never answers: "not responding" within 3 s, few connections, one at a time, none left open', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-silent-'));
    const socket = path.join(dir, 'docker.sock');
    const open = new Set<net.Socket>();
    let accepted = 0;
    let mostAtOnce = 0;
    const server = net.createServer((c) => {
      accepted++;
      open.add(c);
      mostAtOnce = Math.max(mostAtOnce, open.size);
      c.on('close', () => open.delete(c));
      c.on('error', () => undefined);
      c.resume(); // read and drop the request, so that the client closing is seen
    });
    await new Promise<void>((r) => server.listen(socket, r));
    const watcher = new DaemonWatcher(new DaemonClient(findEndpoint({ env: { DOCKER_HOST: `unix://${socket}` } })));
    try {
      const t0 = Date.now();
      watcher.start();
      const s = await until('the timeout state', () => (watcher.snapshot().status !== 'connecting' ? watcher.snapshot() : undefined), GOAL_MS);
      const ms = Date.now() - t0;
      assert.equal(s.status, 'timeout', s.problem?.message);
      assert.match(s.problem!.message, /is not responding/);
      await new Promise((r) => setTimeout(r, 8000));
      const secs = (Date.now() - t0) / 1000;
      assert.equal(watcher.snapshot().status, 'timeout');
      assert.ok(accepted <= 2 + secs / 2, `${accepted} connections in ${secs.toFixed(1)} s`);
      assert.ok(mostAtOnce <= 1, `${mostAtOnce} connections open at once`);
      watcher.dispose();
      await until('every connection closed', () => open.size === 0, 2000);
      console.log(`      silent socket → not responding in ${ms} ms; ${accepted} connections in ${secs.toFixed(1)} s, at most ${mostAtOnce} at once, none left open`);
    } finally {
      watcher.dispose();
      for (const c of open) c.destroy();
      await new Promise((r) => server.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
