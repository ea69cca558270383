// Starting and stopping code-server (installed by install-code-server.sh), shared by `npm start`
// (scripts/start.ts), the in-VS Code suite's driver (test/vscode/run.ts) and the browser tests
// (test/vscode/browser/). Always on loopback, with a profile and extensions folder of its own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const CODE_SERVER_DIR = path.join(REPO, '.testbed/code-server/node_modules/code-server');
export const CODE_SERVER_BIN = path.join(REPO, '.testbed/code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** User settings for a quiet profile: no welcome page, tips, update checks or telemetry. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  // Scratch workspaces live inside this repository's tree (under .testbed/).
  'git.openRepositoryInParentFolders': 'never',
};

export function codeServerInstalled(): boolean {
  return fs.existsSync(CODE_SERVER_BIN);
}

/** The VS Code version inside the installed code-server, e.g. "1.100.3". */
export function vscodeVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(CODE_SERVER_DIR, 'lib/vscode/package.json'), 'utf8')) as { version: string }).version;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns something other than undefined, or the deadline passes (then undefined). */
export async function poll<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, intervalMs = 200): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface Profile {
  userData: string;
  extensions: string;
}

/** Makes a profile under `dir` with the quiet settings plus `settings`. */
export function makeProfile(dir: string, settings: Record<string, unknown> = {}): Profile {
  const profile = { userData: path.join(dir, 'user-data'), extensions: path.join(dir, 'extensions') };
  fs.mkdirSync(path.join(profile.userData, 'User'), { recursive: true });
  fs.mkdirSync(profile.extensions, { recursive: true });
  fs.writeFileSync(path.join(profile.userData, 'User/settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  return profile;
}

/** `code-server --install-extension VSIX` into a profile; returns its output, throws when it fails. */
export function installExtension(vsix: string, profile: Profile, dir: string): string {
  const r = spawnSync(
    CODE_SERVER_BIN,
    ['--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, '--install-extension', vsix],
    { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...xdgEnv(dir) } },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.error?.message ?? r.status}):\n${out}`);
  return out;
}

/** code-server's own config and data stay in `dir`, not in $HOME. */
function xdgEnv(dir: string): Record<string, string> {
  return { XDG_CONFIG_HOME: path.join(dir, 'xdg/config'), XDG_DATA_HOME: path.join(dir, 'xdg/data') };
}

export interface StartOptions {
  /** Holds code-server's log and config. */
  dir: string;
  profile: Profile;
  /** The folder it opens. */
  workspace: string;
  port?: number;
  /** Keep Workspace Trust on: a fresh profile then opens the workspace in Restricted Mode. */
  workspaceTrust?: boolean;
  env?: Record<string, string>;
}

export interface CodeServer {
  base: string;
  port: number;
  logFile: string;
  /** Why it exited, once it has. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

/** Starts code-server on 127.0.0.1 and waits for /healthz; stops it again if it does not answer within 60 s. */
export async function startCodeServer(o: StartOptions): Promise<CodeServer> {
  const port = o.port ?? (await freePort());
  fs.mkdirSync(o.dir, { recursive: true });
  const logFile = path.join(o.dir, 'code-server.log');
  // TMPDIR for everything code-server starts: short enough for the Unix sockets VS Code makes there
  // (a path under the repository can pass the 107-byte limit).
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootless-docker-vscode-'));
  const logFd = fs.openSync(logFile, 'w');
  const child = spawn(
    CODE_SERVER_BIN,
    [
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-getting-started-override', '--ignore-last-opened',
      '--user-data-dir', o.profile.userData, '--extensions-dir', o.profile.extensions,
      ...(o.workspaceTrust ? [] : ['--disable-workspace-trust']),
      o.workspace,
    ],
    // Its own process group, so that the server, extension host, file watcher and pty host stop together.
    { cwd: o.dir, detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, ...xdgEnv(o.dir), TMPDIR: tmpDir, ...o.env } },
  );
  fs.closeSync(logFd);
  let exit: string | undefined;
  child.on('exit', (code, signal) => (exit = `code-server exited (${signal ?? code})`));
  const base = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    base,
    port,
    logFile,
    exited: () => exit,
    stop: async () => {
      await stopGroup(child);
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
  const healthy = await poll(async () => {
    if (exit) return false;
    try {
      return (await fetch(`${base}/healthz`)).ok || undefined;
    } catch {
      return undefined;
    }
  }, 60_000);
  if (!healthy) {
    await server.stop();
    throw new Error(`${exit ?? 'code-server did not answer on /healthz within 60 s'}; log: ${logFile}`);
  }
  return server;
}

/** The workbench URL for `folder`; `payload` as @vscode/test-electron passes it (extensionDevelopmentPath, extensionTestsPath). */
export function workbenchUrl(server: CodeServer, folder: string, payload?: [string, string][]): string {
  const query = `folder=${encodeURIComponent(folder)}`;
  return `${server.base}/?${query}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}

/** A path on the code-server machine as the workbench names it in a payload. */
export function remoteUri(server: CodeServer, p: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${p}`;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined || !groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGTERM');
  if (await poll(() => (groupAlive(pgid) ? undefined : true), 10_000)) return;
  process.kill(-pgid, 'SIGKILL');
  await poll(() => (groupAlive(pgid) ? undefined : true), 5_000);
}
