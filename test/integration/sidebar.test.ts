// The sidebar's core against the real rootless dockerd: discovery with nothing configured (run as the bed
// user), rootless and cgroup facts, containers with compose grouping and ports followed through /events,
// actions, rootless start errors translated, permission and ownership problems, ssh://, and a daemon that
// is killed and restarted under a live model. The daemon is always left running.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { utils } from 'ssh2';
import { DaemonClient } from '../../src/docker/client';
import { groupByProject, type ContainerInfo } from '../../src/docker/containers';
import { findEndpoint } from '../../src/docker/endpoint';
import { Demuxer } from '../../src/docker/logs';
import type { DaemonProblem, DaemonStatus } from '../../src/docker/state';
import { daemonMessage, translateDaemonError } from '../../src/docker/translate';
import { DaemonWatcher } from '../../src/docker/watch';
import { startSshBridge } from '../unit/docker/sshBridge';
import { bed, BED_IMAGE, BED_USER, freePort, hostCgroupVersion, RUN_ID, suiteLabels, uidOf } from './bed';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '../..');
const BED_SCRIPT = path.join(REPO, 'scripts/testbed/rootless-daemon.sh');

interface ProbeResult {
  uid: number;
  endpoint: { host: string; source: string; socketPath?: string; warnings: string[] };
  status: DaemonStatus;
  problem?: DaemonProblem;
  details?: { rootless?: boolean; cgroupDriver?: string; storageDriver?: string; serverVersion?: string };
  warnings: string[];
}

/** Runs discoverProbe.ts as the bed user with exactly `env` (plus nothing). */
async function probeAs(env: Record<string, string>): Promise<ProbeResult> {
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const { stdout } = await run('runuser', ['-u', BED_USER, '--', '/usr/bin/env', '-i', ...envArgs, process.execPath, '--import', 'tsx', 'test/integration/discoverProbe.ts'], {
    cwd: REPO,
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ProbeResult;
}

async function until<T>(what: string, probe: () => T | undefined | false, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function bedUid(): number {
  const uid = uidOf(BED_USER);
  assert.ok(uid !== undefined, `user ${BED_USER} exists`);
  return uid;
}

function expectedCgroupDriver(): string {
  return hostCgroupVersion() === '2' && fs.existsSync('/run/systemd/system') ? 'systemd' : 'none';
}

describe('sidebar core on the real rootless daemon', () => {
  describe('discovery with nothing configured, as the bed user', () => {
    it('finds the daemon through $XDG_RUNTIME_DIR (the only variable set)', async () => {
      const uid = bedUid();
      const r = await probeAs({ XDG_RUNTIME_DIR: `/run/user/${uid}` });
      assert.equal(r.uid, uid);
      assert.equal(r.endpoint.source, 'XDG_RUNTIME_DIR');
      assert.equal(r.endpoint.socketPath, `/run/user/${uid}/docker.sock`);
      assert.equal(r.status, 'ok', JSON.stringify(r.problem));
      assert.equal(r.details?.rootless, true);
      assert.deepEqual(r.warnings, []);
    });

    it('finds it through /run/user/UID with an empty environment', async () => {
      const uid = bedUid();
      const r = await probeAs({});
      assert.equal(r.endpoint.source, 'run-user');
      assert.equal(r.endpoint.socketPath, `/run/user/${uid}/docker.sock`);
      assert.equal(r.status, 'ok', JSON.stringify(r.problem));
      assert.equal(r.details?.rootless, true);
    });

    describe('sockets the bed user does not own', () => {
      let dir: string;
      let server: net.Server;
      before(async () => {
        // A daemon-like socket of root's, in a directory the bed user can enter, that only root may open.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-foreign-'));
        fs.chmodSync(dir, 0o755);
        server = net.createServer((c) => c.destroy());
        await new Promise<void>((resolve) => server.listen(path.join(dir, 'docker.sock'), resolve));
        fs.chmodSync(path.join(dir, 'docker.sock'), 0o600);
      });
      after(async () => {
        await new Promise((r) => server.close(r));
        fs.rmSync(dir, { recursive: true, force: true });
      });

      it('a socket it cannot open gives the permission state, naming the owner', async () => {
        const r = await probeAs({ DOCKER_HOST: `unix://${dir}/docker.sock` });
        assert.equal(r.status, 'permission');
        assert.match(r.problem!.message, new RegExp(`^Permission denied on ${dir}/docker\\.sock \\(it belongs to user root \\(uid 0\\)\\)`));
        assert.match(r.warnings.join('\n'), /belongs to uid 0, not to you/);
      });

      it("someone else's socket in $XDG_RUNTIME_DIR is not used: discovery goes on to /run/user/UID", async () => {
        const uid = bedUid();
        const r = await probeAs({ XDG_RUNTIME_DIR: dir });
        assert.equal(r.endpoint.source, 'run-user');
        assert.deepEqual(r.endpoint.warnings, [`${dir}/docker.sock belongs to uid 0, not to you (uid ${uid}); it is not used.`]);
        assert.equal(r.status, 'ok');
      });
    });
  });

  describe('a live model of the bed daemon', () => {
    let watcher: DaemonWatcher;
    const created: Docker.Container[] = [];
    const project = `rdsidebar-${RUN_ID}`.toLowerCase().replace(/[^a-z0-9_-]/g, '');
    const snapshot = () => watcher.snapshot();
    const byName = (name: string): ContainerInfo | undefined => [...snapshot().containers.values()].find((c) => c.name === name);

    before(async () => {
      const { socketPath } = await bed();
      watcher = new DaemonWatcher(new DaemonClient(findEndpoint({ env: { DOCKER_HOST: `unix://${socketPath}` } })), {
        backoff: { initialMs: 250, maxMs: 2000 },
      });
      watcher.start();
      await until('the watcher to connect', () => snapshot().status === 'ok' && snapshot().live);
    });
    after(() => watcher?.dispose());

    async function create(name: string, opts: Partial<Docker.ContainerCreateOptions> = {}): Promise<Docker.Container> {
      const { docker } = await bed();
      const c = await docker.createContainer({
        name: `${name}-${RUN_ID}`,
        Image: BED_IMAGE,
        Cmd: ['sleep', '600'],
        // sleep as PID 1 ignores SIGTERM: do not wait the default 10 s on every stop.
        StopTimeout: 1,
        ...opts,
        Labels: suiteLabels({ 'io.rootless-docker.test.case': name, ...(opts.Labels ?? {}) }),
      });
      created.push(c);
      return c;
    }

    it('reads rootless mode, the cgroup driver and version, and the storage driver', () => {
      const d = snapshot().details!;
      assert.equal(d.rootless, true);
      assert.equal(d.cgroupDriver, expectedCgroupDriver());
      assert.equal(d.cgroupVersion, hostCgroupVersion());
      assert.equal(d.facts.cgroupDriver, expectedCgroupDriver());
      assert.ok(d.storageDriver, 'a storage driver');
      assert.match(d.serverVersion ?? '', /^\d+\.\d+/);
      if (d.cgroupDriver === 'none') assert.ok(d.warnings.some((w) => /rootless-mode without cgroups/.test(w)), JSON.stringify(d.warnings));
    });

    it('containers created now appear through events, grouped by compose project, with their ports, without a re-list', async () => {
      const port = await freePort();
      const lists = watcher.stats.lists;
      const web = await create('web', {
        Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'web' },
        Cmd: ['httpd', '-f', '-p', '80', '-h', '/www'],
        ExposedPorts: { '80/tcp': {} },
        HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
      });
      const db = await create('db', { Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'db' } });
      await create('loose');
      await web.start();
      await db.start();
      const w = await until('web running with its port', () => {
        const c = byName(`web-${RUN_ID}`);
        return c?.state === 'running' && c.ports.length ? c : undefined;
      });
      assert.deepEqual(w.ports, [{ containerPort: 80, protocol: 'tcp', hostPort: port, hostIps: ['127.0.0.1'] }]);
      assert.equal(w.project, project);
      assert.equal(w.service, 'web');
      await until('db running and the loose one created', () => byName(`db-${RUN_ID}`)?.state === 'running' && byName(`loose-${RUN_ID}`)?.state === 'created');
      const group = groupByProject(snapshot().containers.values()).projects.find((p) => p.name === project);
      assert.deepEqual(group?.containers.map((c) => c.service), ['db', 'web']);
      assert.ok(groupByProject(snapshot().containers.values()).loose.some((c) => c.name === `loose-${RUN_ID}`));
      assert.equal(watcher.stats.lists, lists, 'updated container by container, not by re-listing');
      assert.ok(watcher.stats.events > 0);
    });

    it('stop, start, restart, pause/unpause and remove through the client; each shows in the model', async () => {
      const id = byName(`db-${RUN_ID}`)!.id;
      const client = watcher.client;
      const state = () => snapshot().containers.get(id)?.state;
      await client.containerAction(id, 'stop');
      await until('exited', () => state() === 'exited');
      await client.containerAction(id, 'start');
      await until('running', () => state() === 'running');
      const fetches = watcher.stats.fetches;
      await client.containerAction(id, 'restart');
      await until('the restart seen', () => watcher.stats.fetches > fetches && state() === 'running');
      if (snapshot().details?.cgroupDriver === 'none') {
        // No cgroups, no freezer: the real daemon refuses, and the refusal is translated.
        const err = await client.containerAction(id, 'pause').catch((e: unknown) => e);
        assert.equal(translateDaemonError(daemonMessage(err))?.ruleId, 'pause-needs-cgroups', daemonMessage(err));
        assert.equal(state(), 'running');
      } else {
        await client.containerAction(id, 'pause');
        await until('paused', () => state() === 'paused');
        await client.containerAction(id, 'unpause');
        await until('running after unpause', () => state() === 'running');
      }
      await client.removeContainer(id, true);
      await until('gone', () => !snapshot().containers.has(id));
    });

    it("logs (demultiplexed) and an exec session, as the view's terminals use them", async () => {
      const c = await create('talker', { Cmd: ['sh', '-c', 'echo hello-out; echo hello-err >&2; exec sleep 600'] });
      await c.start();
      const abort = new AbortController();
      const out: string[] = [];
      const stream = await watcher.client.logs(c.id, abort.signal);
      const demux = new Demuxer((text, kind) => out.push(`${kind}:${text}`));
      stream.on('data', (chunk: Buffer) => demux.push(chunk));
      stream.on('error', () => undefined);
      await until('both lines', () => out.includes('stdout:hello-out\n') && out.includes('stderr:hello-err\n'));
      abort.abort();

      const session = await watcher.client.exec(c.id, ['sh', '-c', 'read x; echo "got $x $((6*7))"'], { rows: 24, columns: 80 });
      let text = '';
      session.stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      session.stream.write('typed\n');
      await until('the shell answered', () => /got typed 42/.test(text));
      session.stream.destroy();
    });

    describe('rootless start errors, from the real daemon, translated', () => {
      it('publishing port 80: the start fails, and the model shows the privileged-port guidance', async () => {
        const c = await create('priv', {
          Cmd: ['httpd', '-f', '-p', '80'],
          ExposedPorts: { '80/tcp': {} },
          HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '80' }] } },
        });
        const err = await watcher.client.containerAction(c.id, 'start').catch((e: unknown) => e);
        const t = translateDaemonError(daemonMessage(err));
        assert.equal(t?.ruleId, 'privileged-port', daemonMessage(err));
        const shown = await until('the translated error in the model', () => {
          const info = snapshot().containers.get(c.id);
          return info?.error?.translation ? info : undefined;
        });
        assert.equal(shown.error!.translation!.ruleId, 'privileged-port');
        assert.deepEqual(shown.ports.map((p) => [p.hostPort, p.containerPort, p.requested]), [[80, 80, true]]);
      });

      it('an unlimited memlock ulimit', async () => {
        const c = await create('memlock', { HostConfig: { Ulimits: [{ Name: 'memlock', Soft: -1, Hard: -1 }] } });
        const err = await watcher.client.containerAction(c.id, 'start').catch((e: unknown) => e);
        assert.equal(translateDaemonError(daemonMessage(err))?.ruleId, 'ulimit-above-hard-limit', daemonMessage(err));
      });

      it('a domain name', async () => {
        const c = await create('domainname', { Domainname: 'example.com' });
        const err = await watcher.client.containerAction(c.id, 'start').catch((e: unknown) => e);
        assert.equal(translateDaemonError(daemonMessage(err))?.ruleId, 'domainname-unsupported', daemonMessage(err));
      });

      it('bind-mounting /var/run/docker.sock (refused at create)', async () => {
        assert.ok(!fs.existsSync('/var/run/docker.sock'), 'a rootful daemon socket exists on this machine: not a representative host');
        const err = await create('docker-sock', { HostConfig: { Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock' }] } }).catch((e: unknown) => e);
        assert.ok(err instanceof Error, 'the create failed');
        assert.equal(translateDaemonError(daemonMessage(err))?.ruleId, 'docker-socket-path', daemonMessage(err));
      });
    });

    it('survives the daemon being killed and restarted: the model recovers by itself', async function () {
      this.timeout(120_000);
      const uid = bedUid();
      const pid = Number(fs.readFileSync(`/run/user/${uid}/docker.pid`, 'utf8').trim());
      assert.ok(pid > 1, 'dockerd pid');
      const connects = watcher.stats.connects;
      const t0 = Date.now();
      try {
        process.kill(pid, 'SIGKILL');
        const down = await until('a failure state', () => (snapshot().status !== 'ok' ? snapshot() : undefined), 30_000);
        assert.ok(['refused', 'no-socket', 'timeout'].includes(down.status), down.status);
        assert.match(down.problem!.message, /docker\.sock/);
        assert.equal(down.containers.size, 0, 'no stale containers while the daemon is gone');
      } finally {
        // The bed stops what the killed daemon left (shims, containers) before starting; no need to wait long for it.
        await run('bash', [BED_SCRIPT, 'start'], { timeout: 90_000, env: { ...process.env, RDTEST_STOP_TIMEOUT: '5' } });
      }
      const restarted = Date.now();
      await until('ok again, following events', () => snapshot().status === 'ok' && snapshot().live, 30_000);
      console.log(`      daemon down and restarted in ${((restarted - t0) / 1000).toFixed(1)} s; the model was back ${Date.now() - restarted} ms after the bed answered`);
      assert.ok(watcher.stats.connects > connects);
      assert.ok(byName(`web-${RUN_ID}`), 'the suite containers are listed again');
      // A container created after the restart arrives through the new event stream.
      const after = await create('after-restart');
      await until('the new container', () => snapshot().containers.has(after.id));
    });
  });

  it('ssh://: through an ssh server (host key in known_hosts) to the bed daemon', async () => {
    const { socketPath } = await bed();
    const bridge = await startSshBridge(socketPath);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-ssh-home-'));
    try {
      fs.mkdirSync(path.join(home, '.ssh'));
      fs.writeFileSync(path.join(home, '.ssh', 'id_ed25519'), utils.generateKeyPairSync('ed25519').private);
      fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${bridge.port} ${bridge.hostPublicKey}\n`);
      const client = new DaemonClient(findEndpoint({ env: {}, setting: `ssh://tester@127.0.0.1:${bridge.port}` }), { env: {}, home, timeoutMs: 10_000 });
      try {
        const d = await client.details();
        assert.equal(d.rootless, true);
        assert.equal(d.cgroupDriver, expectedCgroupDriver());
        assert.ok(Array.isArray(await client.listContainers()));
      } finally {
        client.dispose();
      }
    } finally {
      await bridge.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
