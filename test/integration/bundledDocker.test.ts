// The daemon client as it ships: dist/docker.js with dockerode from dist/dockerode.js, where dockerode's
// BuildKit session (@grpc/grpc-js) and progress decoding (protobufjs) are stubs and ssh2 loads from
// dist/ssh2.js on first use (esbuild.js). Every dockerode call the extension makes runs here against the
// real rootless dockerd: ping, /info and /version, listing, inspect, every container action, remove,
// /events, logs and an interactive exec; then the same client over ssh://, which loads ssh2 only then.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { utils } from 'ssh2';
import type { DockerModule } from '../../src/lazy';
import { startSshBridge } from '../unit/docker/sshBridge';
import { bed, BED_IMAGE, RUN_ID, suiteLabels } from './bed';

const REPO = path.resolve(__dirname, '../..');

/** Reads a stream until `done(text so far)` holds, within `ms`. */
function readUntil(stream: Readable, done: (text: string) => boolean, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`not seen within ${ms} ms; got ${JSON.stringify(text.slice(-300))}`)), ms);
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (done(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    stream.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

describe('the shipped daemon bundle (dist/docker.js + dist/dockerode.js) on the real daemon', function () {
  this.timeout(120_000);
  let dir: string;
  let dist: string;
  let docker: DockerModule;
  const inCache = (file: string) => require.cache[path.join(dist, file)] !== undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-bundle-'));
    dist = path.join(dir, 'dist');
    const build = spawnSync(process.execPath, ['esbuild.js', '--production', '--outdir', dist], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    docker = require(path.join(dist, 'docker.js')) as DockerModule;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves grpc, protobufjs and ssh2 out of dockerode.js, and loads no ssh2 for a socket', () => {
    const text = fs.readFileSync(path.join(dist, 'dockerode.js'), 'utf8');
    assert.doesNotMatch(text, /grpc-js|protobufjs|ServerCredentials/);
    assert.ok(inCache('dockerode.js'));
    assert.ok(!inCache('ssh2.js'), 'ssh2 loaded before any ssh:// endpoint');
  });

  it('every call the extension makes, over the unix socket', async () => {
    const { socketPath } = await bed();
    const endpoint = docker.findEndpoint({ env: {}, setting: `unix://${socketPath}` });
    const client = new docker.DaemonClient(endpoint, { env: {}, home: os.homedir(), timeoutMs: 30_000 });
    const name = `bundle-${RUN_ID}`;
    let id: string | undefined;
    try {
      await client.ping();
      const details = await client.details();
      assert.equal(details.rootless, true);
      assert.ok(details.serverVersion);

      // A container to act on, made through the bundled client's own dockerode.
      const events = await client.events(AbortSignal.timeout(60_000), Math.floor(Date.now() / 1000) - 1);
      const seen = readUntil(events, (t) => t.includes('"status":"start"') && t.includes(name), 60_000);
      const api = (client as unknown as { api: { createContainer(o: object): Promise<{ id: string }> } }).api;
      ({ id } = await api.createContainer({
        name,
        Image: BED_IMAGE,
        Cmd: ['sh', '-c', 'echo bundled-hello; sleep 600'],
        Tty: false,
        Labels: suiteLabels({ 'io.rootless-docker.test.case': 'bundled-docker' }),
      }));
      await client.containerAction(id, 'start');
      await seen;
      events.destroy();

      const listed = await client.listContainers([id]);
      assert.ok(Array.isArray(listed) && listed.length === 1, JSON.stringify(listed));
      const inspect = (await client.inspectContainer(id)) as { State: { Running: boolean } };
      assert.equal(inspect.State.Running, true);

      const abort = new AbortController();
      const logs = await client.logs(id, abort.signal);
      assert.match(await readUntil(logs, (t) => t.includes('bundled-hello'), 20_000), /bundled-hello/);
      abort.abort();

      const session = await client.exec(id, ['sh', '-c', 'echo exec-$((40+2))'], { rows: 24, columns: 80 });
      assert.match(await readUntil(session.stream, (t) => t.includes('exec-42'), 20_000), /exec-42/);
      await session.resize(30, 100).catch(() => undefined); // the exec may have ended already
      session.stream.destroy();

      // Pause needs the freezer cgroup, which a rootless daemon on cgroup v1 lacks: the daemon's own refusal
      // proves the call went through just as well.
      const paused = await client.containerAction(id, 'pause').then(
        () => true,
        (err: { statusCode?: number; message?: string }) => {
          assert.equal(err.statusCode, 500, String(err.message));
          assert.match(String(err.message), /freezer|cgroup/);
          return false;
        },
      );
      if (paused) await client.containerAction(id, 'unpause');
      for (const action of ['restart', 'stop', 'start', 'kill'] as const) await client.containerAction(id, action);
      await client.removeContainer(id, true);
      const gone = await client.listContainers([id]);
      assert.deepEqual(gone, []);
      id = undefined;
    } finally {
      if (id) await client.removeContainer(id, true).catch(() => undefined);
      client.dispose();
    }
  });

  it('the watcher follows the daemon through the bundle', async () => {
    const { socketPath } = await bed();
    const client = new docker.DaemonClient(docker.findEndpoint({ env: {}, setting: `unix://${socketPath}` }), { env: {}, home: os.homedir() });
    const watcher = new docker.DaemonWatcher(client, { pollMs: 30_000, uid: undefined, log: () => undefined });
    try {
      watcher.start();
      for (const deadline = Date.now() + 30_000; !(watcher.snapshot().status === 'ok' && watcher.snapshot().live); ) {
        assert.ok(Date.now() < deadline, `watcher not live: ${JSON.stringify(watcher.snapshot().problem)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(watcher.snapshot().details?.rootless, true);
    } finally {
      watcher.dispose();
    }
  });

  it('ssh://: loads ssh2 from dist/ssh2.js on first use and reaches the daemon', async () => {
    const { socketPath } = await bed();
    const bridge = await startSshBridge(socketPath);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-ssh-home-'));
    try {
      fs.mkdirSync(path.join(home, '.ssh'));
      fs.writeFileSync(path.join(home, '.ssh', 'id_ed25519'), utils.generateKeyPairSync('ed25519').private);
      fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${bridge.port} ${bridge.hostPublicKey}\n`);
      const client = new docker.DaemonClient(docker.findEndpoint({ env: {}, setting: `ssh://tester@127.0.0.1:${bridge.port}` }), { env: {}, home, timeoutMs: 15_000 });
      try {
        assert.ok(!inCache('ssh2.js'), 'ssh2 loaded before the first ssh:// request');
        const d = await client.details();
        assert.equal(d.rootless, true);
        assert.ok(Array.isArray(await client.listContainers()));
        assert.ok(inCache('ssh2.js'), 'the ssh:// requests did not go through dist/ssh2.js');
        assert.ok(bridge.commands.includes('docker system dial-stdio'));
      } finally {
        client.dispose();
      }
    } finally {
      await bridge.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('the left-out BuildKit parts fail with a clear error, not a crash', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Docker = require(path.join(dist, 'dockerode.js')) as new (o: object) => { followProgress(s: unknown, cb: unknown): unknown };
    const d = new Docker({ socketPath: '/nonexistent.sock' });
    assert.throws(() => d.followProgress(undefined, () => undefined), /BuildKit .* not part of this extension/);
  });
});
