// The systemd test bed (scripts/testbed/systemd-bed.sh) for the service and doctor suites: a real systemd as
// PID 1 of private namespaces, with the user `rdsvc` lingering and its rootless docker.service installed.
// One bed per test process: booted on first use, taken down (and checked to leave nothing behind) after all
// tests. A session lock keeps two test runs on this machine from sharing the bed. Missing prerequisites fail
// the suite loudly: these tests exist to exercise a real systemd, and never skip.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export const REPO = path.resolve(__dirname, '../..');
export const BED_SCRIPT = path.join(REPO, 'scripts/testbed/systemd-bed.sh');
export const BED_USER = process.env.SYSTEMD_BED_USER ?? 'rdsvc';
const SESSION_LOCK = `/run/testbed-${BED_USER}.session.lock`;
const DRIVER = path.join(REPO, 'out/integration/service-driver.js');
const HOW_TO = [
  'The systemd test bed is not usable. As root, from the repository root:',
  `  ${path.relative(REPO, BED_SCRIPT)} provision   # packages and the ${BED_USER} user, once per machine`,
  `  ${path.relative(REPO, BED_SCRIPT)} up          # what these tests do themselves`,
  'These tests never skip: they exist to exercise a real systemd user manager.',
].join('\n');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program (no shell), resolving with its exit code and output. */
export function run(file: string, args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024, env: options.env ?? process.env, cwd: REPO }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number' && !err.killed) reject(new Error(`cannot run ${file}: ${err.message}`));
      else resolve({ code: child.exitCode, stdout, stderr });
    });
  });
}

export interface ExecOptions {
  /** Run as this user (default: the bed user); `root` for root inside the bed. */
  user?: string;
  /** Extra environment, `K=V`; `K=` sets it empty. */
  env?: string[];
  timeoutMs?: number;
}

export interface SystemdBed {
  /** The host pid of the bed's systemd. */
  pid: number;
  uid: number;
  gid: number;
  /** The user's runtime dir inside the bed, and its docker socket as seen from the host (through /proc/PID/root). */
  runtimeDir: string;
  hostSocket: string;
  /** Runs a command inside the bed. */
  exec(command: string[], options?: ExecOptions): Promise<Ran>;
  /** Runs one operation of the service core inside the bed (test/integration/serviceDriver.ts), parsed. */
  driver<T = Record<string, unknown>>(op: string, options?: ExecOptions): Promise<T>;
}

function passwd(user: string): { uid: number; gid: number } | undefined {
  for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === user) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return undefined;
}

let lockHolder: ChildProcess | undefined;

/** Takes the machine-wide session lock (waits for another run's session to finish). */
async function takeSessionLock(): Promise<void> {
  const holder = spawn('/usr/bin/flock', ['-w', '1200', SESSION_LOCK, process.execPath, '-e', "process.stdout.write('locked\\n'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));"], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  lockHolder = holder;
  await new Promise<void>((resolve, reject) => {
    holder.stdout?.once('data', () => resolve());
    holder.once('exit', (code) => reject(new Error(`could not take ${SESSION_LOCK} (flock exit ${code})`)));
    holder.once('error', reject);
  });
}

function releaseSessionLock(): void {
  lockHolder?.stdin?.end();
  lockHolder = undefined;
}

let session: Promise<SystemdBed> | undefined;
let canary: string | undefined;

/** The bed, booted once per test process. Rejects with how to fix it when it cannot boot. */
export function systemdBed(): Promise<SystemdBed> {
  session ??= boot();
  return session;
}

async function boot(): Promise<SystemdBed> {
  if (process.getuid?.() !== 0) throw new Error(`${HOW_TO}\n(the tests must run as root to boot the bed)`);
  const ids = passwd(BED_USER);
  if (!ids) throw new Error(`${HOW_TO}\n(no user ${BED_USER})`);
  await takeSessionLock();
  // The host's /tmp must survive the bed (a naive systemd boot empties it): a canary checked at the end.
  canary = fs.mkdtempSync(path.join(os.tmpdir(), 'systemd-bed-canary-'));
  fs.writeFileSync(path.join(canary, 'alive'), 'the host /tmp survived\n');
  const up = await run('/bin/bash', [BED_SCRIPT, 'up'], { timeoutMs: 300_000 });
  if (up.code !== 0) throw new Error(`${HOW_TO}\n\n'systemd-bed.sh up' failed (exit ${up.code}):\n${up.stderr}`);
  const pid = Number(up.stdout.trim().split('\n').pop());
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'serviceDriver.ts')],
    outfile: DRIVER,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
  });
  fs.chmodSync(DRIVER, 0o644);
  const runtimeDir = `/run/user/${ids.uid}`;
  const bed: SystemdBed = {
    pid,
    uid: ids.uid,
    gid: ids.gid,
    runtimeDir,
    hostSocket: `/proc/${pid}/root${runtimeDir}/docker.sock`,
    exec: (command, options = {}) => {
      const args = [BED_SCRIPT, 'exec'];
      if (options.user === 'root') args.push('--root');
      else if (options.user) args.push('--user', options.user);
      for (const e of options.env ?? []) args.push('--env', e);
      return run('/bin/bash', [...args, '--', ...command], { timeoutMs: options.timeoutMs ?? 120_000 });
    },
    driver: async <T>(op: string, options: ExecOptions = {}) => {
      const r = await bed.exec([process.execPath, DRIVER, op], options);
      if (r.code !== 0) throw new Error(`driver ${op} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    },
  };
  return bed;
}

/** Takes the bed down and checks that nothing of it is left: no process, no mount, no cgroup; the host /tmp intact. */
export async function teardown(): Promise<void> {
  if (!session) return;
  let bed: SystemdBed | undefined;
  try {
    bed = await session;
  } catch {
    // boot failed and said why; still take down whatever it started
  }
  session = undefined;
  try {
    const down = await run('/bin/bash', [BED_SCRIPT, 'down'], { timeoutMs: 120_000 });
    if (down.code !== 0) throw new Error(`'systemd-bed.sh down' failed (exit ${down.code}): ${down.stderr}`);
    if (bed) {
      if (fs.existsSync(`/proc/${bed.pid}`) && fs.readlinkSync(`/proc/${bed.pid}/ns/pid`) !== fs.readlinkSync('/proc/self/ns/pid')) {
        throw new Error(`the bed's systemd (pid ${bed.pid}) survived`);
      }
      const left = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && ownerOf(p) === bed.uid);
      if (left.length) throw new Error(`processes of ${BED_USER} survived the bed: ${left.join(', ')}`);
    }
    const mountPoints = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '');
    const ours = mountPoints.filter((m) => m.includes(`systemd-bed-${BED_USER}`) || (bed !== undefined && m.startsWith(bed.runtimeDir)));
    if (ours.length) throw new Error(`mounts of the bed are visible on the host: ${ours.join(', ')}`);
    const cgroups = fs.readdirSync('/sys/fs/cgroup').filter((h) => fs.existsSync(`/sys/fs/cgroup/${h}/systemd-bed-${BED_USER}`));
    if (cgroups.length) throw new Error(`the bed's cgroups survived in: ${cgroups.join(', ')}`);
    if (canary && fs.readFileSync(path.join(canary, 'alive'), 'utf8') !== 'the host /tmp survived\n') throw new Error('the canary in the host /tmp changed');
  } finally {
    if (canary) fs.rmSync(canary, { recursive: true, force: true });
    canary = undefined;
    releaseSessionLock();
  }
}

function ownerOf(pid: string): number | undefined {
  try {
    const m = /^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** GET on the bed user's docker socket, from the host (root can use it through /proc/PID/root). */
export function hostGet(socketPath: string, apiPath: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: apiPath, headers: { Host: 'docker' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Whether the socket answers _ping right now (one try). */
export async function answers(socketPath: string): Promise<boolean> {
  try {
    const r = await hostGet(socketPath, '/_ping', 3000);
    return r.status === 200 && r.body === 'OK';
  } catch {
    return false;
  }
}

// Root-level hook (this module is imported by the suites' files while mocha loads them): after every test of
// the process, the bed goes down, and a bed that leaves anything behind fails the run.
after(async function () {
  this.timeout(180_000);
  await teardown();
});
