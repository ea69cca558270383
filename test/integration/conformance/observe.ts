// Helpers of the conformance suite: each test creates, through the Engine API, the container a compose rule is
// about, and looks at what the real rootless daemon did with it (the create call's warnings, the start error, what
// the container sees, what the host sees). Everything created is labelled and removed.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { daemonMessage, translateDaemonError } from '../../../src/docker/translate';
import { bed, BED_IMAGE, LABEL_RUN, RUN_ID, suiteLabels } from '../bed';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/observed');
export const FIXTURE_PAGE = fs.readFileSync(path.join(REPO, 'test/fixtures/testbed/www/index.html'), 'utf8');

/** Labels of everything this suite creates; the root hook removes containers, `cleanup()` the rest. */
export function labels(ruleId: string): Record<string, string> {
  return suiteLabels({ 'io.rootless-docker.test.case': `conformance/${ruleId}` });
}

export interface Created {
  container: Docker.Container;
  id: string;
  /** The `Warnings` of the create call: where the daemon says it discarded a setting. */
  warnings: string[];
}

let rootless: Promise<void> | undefined;

/**
 * Fails unless the daemon is rootless: some probes (setting the clock, raising limits) would act on the host
 * through a rootful daemon.
 */
export function assertRootless(): Promise<void> {
  rootless ??= bed().then(async ({ docker }) => {
    const info = (await docker.info()) as { SecurityOptions?: string[] };
    assert.ok(info.SecurityOptions?.includes('name=rootless'), `the daemon is not rootless (SecurityOptions ${JSON.stringify(info.SecurityOptions)}): the conformance probes would act on the host`);
  });
  return rootless;
}

/** POST /containers/create with `body` (Image and labels filled in), keeping the warnings dockerode drops. */
export async function create(ruleId: string, body: Docker.ContainerCreateOptions): Promise<Created> {
  await assertRootless();
  const { docker } = await bed();
  const options = { Image: BED_IMAGE, ...body, Labels: { ...labels(ruleId), ...body.Labels } };
  const modem = docker.modem as { dial(o: object, cb: (err: Error | null, data: unknown) => void): void };
  const data = await new Promise<{ Id: string; Warnings: string[] | null }>((resolve, reject) => {
    modem.dial(
      {
        path: '/containers/create?',
        method: 'POST',
        // `_body` keeps the settings out of the query string, where dockerode would copy them too.
        options: { _query: {}, _body: options },
        statusCodes: { 201: true, 400: 'bad parameter', 404: 'no such image', 409: 'conflict', 500: 'server error' },
      },
      (err, d) => (err ? reject(err) : resolve(d as { Id: string; Warnings: string[] | null })),
    );
  });
  return { container: docker.getContainer(data.Id), id: data.Id, warnings: data.Warnings ?? [] };
}

export async function remove(container: Docker.Container | undefined): Promise<void> {
  if (!container) return;
  try {
    await container.remove({ force: true, v: true });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}

export interface Probe {
  exitCode: number;
  /** stdout and stderr together (the probes run with a TTY). */
  output: string;
  warnings: string[];
  inspect: Docker.ContainerInspectInfo;
}

/**
 * A container's output (stdout and stderr; TTY line ends made plain). docker-modem parses a body that happens to
 * be JSON, so probes print labelled values ("score=0"), never a bare number.
 */
export async function logsOf(container: Docker.Container): Promise<string> {
  const raw: unknown = await container.logs({ stdout: true, stderr: true });
  return (Buffer.isBuffer(raw) ? raw.toString('utf8') : JSON.stringify(raw)).replace(/\r\n/g, '\n');
}

/** Runs a short-lived container to completion and returns what it printed; the container is removed. */
export async function probe(ruleId: string, body: Docker.ContainerCreateOptions): Promise<Probe> {
  const c = await create(ruleId, { Tty: true, ...body });
  try {
    await c.container.start();
    const { StatusCode } = (await c.container.wait()) as { StatusCode: number };
    const output = await logsOf(c.container);
    return { exitCode: StatusCode, output, warnings: c.warnings, inspect: await c.container.inspect() };
  } finally {
    await remove(c.container);
  }
}

/** Starts a long-running container and returns it with its inspect data; remove it with `remove()`. */
export async function started(ruleId: string, body: Docker.ContainerCreateOptions): Promise<Created & { inspect: Docker.ContainerInspectInfo }> {
  const c = await create(ruleId, body);
  try {
    await c.container.start();
    return { ...c, inspect: await c.container.inspect() };
  } catch (err) {
    await remove(c.container);
    throw err;
  }
}

/** The daemon's message when `action` fails; fails the test when it succeeds. */
export async function failure(action: Promise<unknown>, what: string): Promise<{ message: string; statusCode?: number }> {
  let err: unknown;
  try {
    await action;
  } catch (e) {
    err = e;
  }
  assert.ok(err !== undefined, `${what}: the daemon accepted it`);
  return { message: daemonMessage(err), statusCode: (err as { statusCode?: number }).statusCode };
}

/** Creates and starts a container that must fail at start; returns the daemon's message and whether create warned. */
export async function startFailure(ruleId: string, body: Docker.ContainerCreateOptions): Promise<{ message: string; warnings: string[] }> {
  const c = await create(ruleId, body);
  try {
    const { message } = await failure(c.container.start(), `starting the ${ruleId} container`);
    const state = (await c.container.inspect()).State;
    assert.equal(state.Running, false, 'the container is not running after the failed start');
    return { message, warnings: c.warnings };
  } finally {
    await remove(c.container);
  }
}

// --- the daemon's errors, translated and recorded ----------------------------------------------------------

/**
 * Asserts that the daemon's message translates to `ruleId` (src/docker/translate.ts, as the containers view shows
 * it), and with RDTEST_RECORD_OBSERVED=1 stores it under test/fixtures/observed/ for the translator's unit test.
 */
export async function translated(ruleId: string, name: string, message: string, request: string): Promise<void> {
  const t = translateDaemonError(message);
  assert.equal(t?.ruleId, ruleId, `the daemon's message translates to ${ruleId}: ${message}`);
  assert.ok(t.guidance.length > 0);
  if (process.env.RDTEST_RECORD_OBSERVED !== '1') return;
  const { docker } = await bed();
  const info = (await docker.info()) as { ServerVersion?: string; DockerRootDir?: string };
  const fixture = { ruleId, case: name, engine: info.ServerVersion, request, message: normalize(message, info.DockerRootDir) };
  fs.mkdirSync(FIXTURES, { recursive: true });
  fs.writeFileSync(path.join(FIXTURES, `${ruleId}.${name}.json`), JSON.stringify(fixture, null, 2) + '\n');
}

/** Ids, generated names and the data root vary per run; the rest of a message is the daemon's own text. */
export function normalize(message: string, dataRoot: string | undefined): string {
  let text = message
    .replace(/\b[0-9a-f]{64}\b/g, '<id>')
    .replace(/(on endpoint )\S+( \()/g, '$1<name>$2')
    .replace(/\b(conformance-[a-z0-9]+)-\d+\b/g, '$1'); // the suite's volume and network names carry its pid
  if (dataRoot) text = text.split(dataRoot).join('<data-root>');
  return text;
}

// --- the daemon's process and RootlessKit ---------------------------------------------------------------------

/** dockerd's pid, from the docker.pid beside the socket (dockerd-rootless.sh writes it there). */
export async function daemonPid(): Promise<number> {
  const { socketPath } = await bed();
  const file = path.join(path.dirname(socketPath), 'docker.pid');
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  assert.ok(pid > 0 && fs.existsSync(`/proc/${pid}`), `dockerd runs as pid ${pid} (${file})`);
  return pid;
}

/** The cgroup membership lines of a process ("4:memory:/path"), keyed by controller list. */
export function cgroupsOf(pid: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n')) {
    const [, controllers, p] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (controllers !== undefined) out.set(controllers, p);
  }
  return out;
}

/** The memory.limit_in_bytes of a process's memory cgroup on the host (cgroup v1). */
export function memoryLimitOf(pid: number): number {
  const p = cgroupsOf(pid).get('memory');
  assert.ok(p !== undefined, `pid ${pid} has a memory cgroup`);
  return Number(fs.readFileSync(path.join('/sys/fs/cgroup/memory', p, 'memory.limit_in_bytes'), 'utf8').trim());
}

/** A value from dockerd's environment (root reads /proc/PID/environ). */
export async function daemonEnv(name: string): Promise<string | undefined> {
  const env = fs.readFileSync(`/proc/${await daemonPid()}/environ`, 'utf8').split('\0');
  return env.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** GET on RootlessKit's API (its state dir is in dockerd's environment): /v1/info, /v1/ports. */
export async function rootlesskit<T>(what: '/v1/info' | '/v1/ports'): Promise<T> {
  const dir = await daemonEnv('ROOTLESSKIT_STATE_DIR');
  assert.ok(dir, 'dockerd runs under RootlessKit (ROOTLESSKIT_STATE_DIR is set)');
  const body = await new Promise<string>((resolve, reject) => {
    const req = http.get({ socketPath: path.join(dir, 'api.sock'), path: what, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`RootlessKit API ${what} timed out`)));
    req.on('error', reject);
  });
  return JSON.parse(body) as T;
}

export interface RootlessKitPort {
  id: number;
  spec: { proto: string; parentIP: string; parentPort: number; childPort: number };
}

/** The user the daemon runs as (uid, primary gid) and its subordinate uid range (/etc/subuid, by name or uid). */
export async function subuidOfDaemonUser(): Promise<{ uid: number; gid: number; start: number; count: number }> {
  const status = fs.readFileSync(`/proc/${await daemonPid()}/status`, 'utf8');
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
  const gid = Number(/^Gid:\s+(\d+)/m.exec(status)![1]);
  const name = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[2] === String(uid))?.split(':')[0];
  for (const line of fs.readFileSync('/etc/subuid', 'utf8').split('\n')) {
    const [who, start, count] = line.split(':');
    if (who === name || who === String(uid)) return { uid, gid, start: Number(start), count: Number(count) };
  }
  assert.fail(`no /etc/subuid entry for uid ${uid}`);
}

// --- the host side ------------------------------------------------------------------------------------------

/** The host's own IPv4 address on its default-route interface, and that interface's name. */
export function hostAddress(): { iface: string; address: string } {
  const route = fs.readFileSync('/proc/net/route', 'utf8').split('\n').slice(1).map((l) => l.trim().split(/\s+/));
  const iface = route.find((f) => f[1] === '00000000')?.[0];
  assert.ok(iface, 'the host has a default route');
  const address = os.networkInterfaces()[iface]?.find((a) => a.family === 'IPv4')?.address;
  assert.ok(address, `${iface} has an IPv4 address`);
  return { iface, address };
}

/** A TCP server on the host's 127.0.0.1 that sends `token` to whoever connects; counts connections. */
export async function loopbackServer(token: string): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    socket.end(`${token}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address() as net.AddressInfo;
  return { port: address.port, connections: () => count, close: () => new Promise((r) => server.close(() => r())) };
}

/** Connects to 127.0.0.1:`port` and returns what the server sends before closing. */
export function readFrom(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = net.connect(port, '127.0.0.1');
    socket.on('data', (d: Buffer) => (data += d.toString('utf8')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

/** GET `url` once: status and body, or the connection error. */
export function get(url: string, ms = 3_000): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: ms }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
  });
}

/** Polls `check` until it returns something, within `ms`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A shell loop, for inside a container, that waits up to ~10 s for `cmd` to succeed. */
export function retry(cmd: string): string {
  return `i=0; until ${cmd}; do i=$((i+1)); [ $i -ge 100 ] && exit 1; sleep 0.1; done`;
}

const tempDirs: string[] = [];

/** A fresh directory on the host, removed by `cleanup()`. */
export function tempDir(mode = 0o755): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdtest-conformance-'));
  fs.chmodSync(dir, mode);
  tempDirs.push(dir);
  return dir;
}

// --- builds (the classic builder of the Engine API) ----------------------------------------------------------

/**
 * Builds a Dockerfile with POST /build. A LABEL right after FROM marks every intermediate image, so cleanup()
 * finds them even when the build fails half-way. Returns the build output, or the error the daemon reported.
 */
export async function build(ruleId: string, dockerfile: string, query: Record<string, string> = {}): Promise<{ output: string; error?: string }> {
  const { docker } = await bed();
  const label = Object.entries(labels(ruleId)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
  const text = dockerfile.replace(/^(FROM [^\n]+\n)/m, `$1LABEL ${label}\n`);
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
  const { stdout } = await run('tar', ['-C', dir, '-cf', '-', 'Dockerfile'], { encoding: 'buffer', maxBuffer: 1 << 20 });
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(Readable.from([stdout]), { forcerm: true, ...query });
  } catch (err) {
    return { output: '', error: daemonMessage(err) };
  }
  const events = await new Promise<{ stream?: string; error?: string; errorDetail?: { message?: string } }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, res: unknown[]) => (err ? reject(err) : resolve(res as never))),
  );
  // The builder colours a step's stderr with ANSI escapes (ESC [ n m).
  const output = events.map((e) => e.stream ?? '').join('').replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '');
  const error = events.find((e) => e.error !== undefined);
  return { output, error: error ? (error.errorDetail?.message ?? error.error) : undefined };
}

// --- cleanup -------------------------------------------------------------------------------------------------

/** Removes this run's images, volumes and networks (the root hook removes the containers), and temp dirs. */
export async function cleanup(): Promise<void> {
  try {
    await removeRunObjects();
  } finally {
    for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function removeRunObjects(): Promise<void> {
  const { docker } = await bed();
  const filter = { label: [`${LABEL_RUN}=${RUN_ID}`] };
  for (const c of await docker.listContainers({ all: true, filters: filter })) await remove(docker.getContainer(c.Id));
  for (const n of await docker.listNetworks({ filters: filter })) await docker.getNetwork(n.Id).remove();
  const volumes = (await docker.listVolumes({ filters: filter })).Volumes ?? [];
  for (const v of volumes) await docker.getVolume(v.Name).remove();
  // Build steps leave chains of images: remove the leaves (no other image of the run names them as parent) first.
  let images = await docker.listImages({ all: true, filters: filter });
  while (images.length) {
    const parents = new Set(images.map((i) => i.ParentId));
    const leaves = images.filter((i) => !parents.has(i.Id));
    assert.ok(leaves.length > 0, `images of this run form a cycle: ${images.map((i) => i.Id).join(', ')}`);
    for (const i of leaves) {
      try {
        await docker.getImage(i.Id).remove({ noprune: true });
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
    }
    images = images.filter((i) => !leaves.includes(i));
  }
}
