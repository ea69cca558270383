// `npm start`: builds the extension and serves it in code-server on loopback, with a scratch copy of
// examples/pitfalls (a compose file, Dockerfile and .env full of rootless pitfalls) as the workspace.
//
//   npm start [-- --port N] [--no-open]
//
// The extension is loaded from this repository as a development extension: after `npm run build`,
// "Developer: Reload Window" picks up the change. The scratch workspace is made afresh at each start
// (.testbed/start/workspace); the profile (settings, UI state) is kept in .testbed/start/.
// Docker: DOCKER_HOST or your own rootless daemon ($XDG_RUNTIME_DIR/docker.sock) when there is one,
// else this repository's rootless test bed (`npm run testbed -- start`) when it is running.
// Stop with Ctrl+C.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import {
  codeServerInstalled, freePort, makeProfile, REPO, remoteUri, startCodeServer, vscodeVersion, workbenchUrl,
} from './vscode/codeServer';

const START_DIR = path.join(REPO, '.testbed/start');
const DEFAULT_PORT = 8719;

function parseArgs(argv: string[]): { port?: number; open: boolean } {
  const o: { port?: number; open: boolean } = { open: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port' && Number.isInteger(Number(argv[i + 1]))) o.port = Number(argv[++i]);
    else if (argv[i] === '--no-open') o.open = false;
    else throw new Error(`unknown argument: ${argv[i]} (usage: npm start -- [--port N] [--no-open])`);
  }
  return o;
}

function run(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { cwd: REPO, stdio: 'inherit' }).status === 0;
}

/** Which Docker daemon the extension will see, and the environment that makes it so. */
function docker(): { env: Record<string, string>; note: string } {
  if (process.env.DOCKER_HOST) return { env: {}, note: `DOCKER_HOST=${process.env.DOCKER_HOST}` };
  const runtime = process.env.XDG_RUNTIME_DIR ?? (process.getuid ? `/run/user/${process.getuid()}` : undefined);
  const own = runtime && path.join(runtime, 'docker.sock');
  if (own && fs.existsSync(own)) return { env: {}, note: `your rootless daemon at ${own}` };
  const bed = spawnSync('bash', ['scripts/testbed/rootless-daemon.sh', 'env'], { cwd: REPO, encoding: 'utf8' });
  const host = /^DOCKER_HOST=(\S+)/m.exec(bed.stdout ?? '')?.[1];
  const status = spawnSync('bash', ['scripts/testbed/rootless-daemon.sh', 'status'], { cwd: REPO, encoding: 'utf8' });
  if (host && status.status === 0) return { env: { DOCKER_HOST: host }, note: `the test bed's rootless daemon (DOCKER_HOST=${host})` };
  return { env: {}, note: 'none found (start one, or `npm run testbed -- start` as root); linting works without a daemon' };
}

async function portFor(wanted?: number): Promise<number> {
  const candidate = wanted ?? DEFAULT_PORT;
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false)).listen(candidate, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  if (free) return candidate;
  if (wanted !== undefined) throw new Error(`port ${wanted} on 127.0.0.1 is in use`);
  return freePort();
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!run(process.execPath, ['esbuild.js'])) return 1;
  if (!codeServerInstalled()) {
    if (process.getuid?.() !== 0) {
      console.error('code-server is not installed. As root, run: bash scripts/vscode/install-code-server.sh (about 5 minutes, once).');
      return 1;
    }
    console.log('code-server is not installed yet: installing it once (about 5 minutes).');
    if (!run('bash', ['scripts/vscode/install-code-server.sh'])) return 1;
  }

  const workspace = path.join(START_DIR, 'workspace');
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.cpSync(path.join(REPO, 'examples/pitfalls'), workspace, { recursive: true });
  const profile = makeProfile(START_DIR, { 'workbench.colorTheme': 'Default Light Modern' });
  const daemon = docker();
  const server = await startCodeServer({ dir: START_DIR, profile, workspace, port: await portFor(options.port), env: daemon.env });
  const url = workbenchUrl(server, workspace, [['extensionDevelopmentPath', remoteUri(server, REPO)]]);

  console.log(`
Rootless Docker in VS Code ${vscodeVersion()} (code-server), on loopback only:

  ${url}

Workspace: ${path.relative(REPO, workspace)} (a fresh copy of examples/pitfalls; open compose.yaml or Dockerfile)
Docker:    ${daemon.note}
Log:       ${path.relative(REPO, server.logFile)}
Stop with Ctrl+C.
`);
  if (options.open && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  }

  // Until Ctrl+C (exit 0), or until code-server dies by itself (exit 1).
  const stoppedByUser = await new Promise<boolean>((resolve) => {
    process.once('SIGINT', () => resolve(true)).once('SIGTERM', () => resolve(true));
    setInterval(() => {
      if (server.exited()) resolve(false);
    }, 1000).unref();
  });
  if (!stoppedByUser) console.error(`${server.exited()}; see ${server.logFile}`);
  await server.stop();
  return stoppedByUser ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
