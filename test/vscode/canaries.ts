// Workspace Trust canaries for the VS Code suite (reliability.md §7, T1/T2; see ../shared/reliability.md).
// The driver (run.ts) arms them before code-server opens the scratch workspace, and serves them from its own
// process, outside the extension host:
// - a canary executable that appends a line to executions.log whenever anything runs it (also copied into the
//   workspace under the names of the tools the extension runs: systemctl, journalctl, docker, …);
// - a canary unix socket and a canary TCP port that append a line to connections.log for every connection;
// - the workspace's .vscode/settings.json pointing every setting that names a host, a socket, an executable or
//   the unit (read from the manifest) at them, and a workspace .docker/ whose current context is the canary.
// test/vscode/suite/trust.test.ts reads the logs: nothing the workspace says may reach either canary.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Tells the suite where the canaries are (a directory holding canaries.json). */
export const CANARY_ENV = 'ROOTLESS_DOCKER_CANARY_DIR';

/** Tool names the extension runs or looks up: a canary by each name sits in the workspace root and its bin/. */
export const TOOL_NAMES = [
  'systemctl', 'journalctl', 'loginctl', 'docker', 'dockerd', 'dockerd-rootless.sh', 'dockerd-rootless-setuptool.sh',
  'rootlesskit', 'slirp4netns', 'pasta', 'newuidmap', 'newgidmap', 'ssh', 'sh', 'bash',
];

export interface CanaryInfo {
  dir: string;
  /** The canary executable (absolute path). */
  script: string;
  /** One line per execution of any canary executable. */
  executionsLog: string;
  socket: string;
  tcpPort: number;
  /** One JSON line per accepted connection: {transport, at}. */
  connectionsLog: string;
  unit: string;
  hosts: { unix: string; tcp: string; ssh: string };
  /** The restricted settings (from the manifest) and the canary kind each one got. */
  settings: Record<string, CanaryKind>;
  /** A window-scoped setting written beside the canaries, so a test can tell when VS Code has read the file. */
  sentinelKey: string;
  sentinelValue: number;
}

export type CanaryKind = 'host' | 'unit' | 'executable' | 'args' | 'env';

interface ManifestSetting {
  type?: string | string[];
  scope?: string;
}

/**
 * The settings a workspace must never control: machine/application-scoped or restricted in the manifest, and
 * naming something the extension connects to or runs. A string setting of that kind that cannot be classed
 * throws, so a new setting cannot slip past the canaries unnoticed.
 */
export function restrictedSettings(pkg: unknown): Record<string, CanaryKind> {
  const p = pkg as {
    contributes: { configuration: { properties: Record<string, ManifestSetting> } };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations?: string[] } };
  };
  const props = p.contributes.configuration.properties;
  const restricted = new Set(p.capabilities.untrustedWorkspaces.restrictedConfigurations ?? []);
  const out: Record<string, CanaryKind> = {};
  for (const [key, s] of Object.entries(props)) {
    if (!restricted.has(key) && s.scope !== 'machine' && s.scope !== 'application') continue;
    const types = ([] as string[]).concat(s.type ?? []);
    const leaf = key.split('.').slice(1).join('.').toLowerCase();
    if (types.includes('number') || types.includes('integer') || types.includes('boolean')) continue; // a limit, not a target
    if (types.includes('array')) out[key] = 'args';
    else if (types.includes('object')) out[key] = 'env';
    else if (/host|socket|context|endpoint|url/.test(leaf)) out[key] = 'host';
    else if (/unit|service$/.test(leaf)) out[key] = 'unit';
    else if (/path|executable|bin|binary|command|cmd|program|tool/.test(leaf)) out[key] = 'executable';
    else throw new Error(`no canary for the restricted setting ${key}: teach test/vscode/canaries.ts what it names`);
  }
  return out;
}

/** The canary value for one setting; `host` picks which transport a host setting points at. */
export function canaryValue(info: CanaryInfo, kind: CanaryKind, host: keyof CanaryInfo['hosts'] = 'unix'): unknown {
  switch (kind) {
    case 'host':
      return info.hosts[host];
    case 'unit':
      return info.unit;
    case 'executable':
      return info.script;
    case 'args':
      return [info.script, `--host=${info.hosts[host]}`];
    case 'env':
      return { DOCKER_HOST: info.hosts[host], PATH: path.dirname(info.script), XDG_RUNTIME_DIR: path.dirname(info.socket) };
  }
}

/** Flat settings (`"rootlessDocker.host": …`) pointing every restricted setting at the canaries, plus the sentinel. */
export function flatCanarySettings(info: CanaryInfo, host: keyof CanaryInfo['hosts'] = 'unix', sentinel = info.sentinelValue): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(info.settings)) out[key] = canaryValue(info, kind, host);
  out[info.sentinelKey] = sentinel;
  return out;
}

/**
 * The same settings as nested objects (microsoft/vscode#335112): `depth` 'full' nests every segment
 * (`{"rootlessDocker": {"service": {"unit": …}}}`), 'section' only the first (`{"rootlessDocker": {"service.unit": …}}`).
 * The sentinel stays flat and comes last, so it merges into the tree instead of being overwritten by it.
 */
export function nestedCanarySettings(info: CanaryInfo, depth: 'full' | 'section', host: keyof CanaryInfo['hosts'], sentinel: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(info.settings)) {
    const [section, ...rest] = key.split('.');
    const parts = depth === 'full' ? [section, ...rest] : [section, rest.join('.')];
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = canaryValue(info, kind, host);
  }
  root[info.sentinelKey] = sentinel;
  return root;
}

export function writeWorkspaceSettings(workspace: string, settings: Record<string, unknown>): void {
  const file = path.join(workspace, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.partial`, `${JSON.stringify(settings, null, 2)}\n`);
  fs.renameSync(`${file}.partial`, file);
}

export function readCanaryInfo(dir: string): CanaryInfo {
  return JSON.parse(fs.readFileSync(path.join(dir, 'canaries.json'), 'utf8')) as CanaryInfo;
}

const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

/** Every execution and connection the canaries saw so far. */
export function canaryHits(info: CanaryInfo): { executions: string[]; connections: string[] } {
  return { executions: lines(info.executionsLog), connections: lines(info.connectionsLog) };
}

export interface Canaries {
  info: CanaryInfo;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Arms the canaries for `workspace` (run before code-server opens it); `manifest` is the extension's package.json. */
export async function armCanaries(workspace: string, manifest: string): Promise<Canaries> {
  // Under the system temp dir: a unix socket path must stay under 108 bytes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-canary-'));
  const executionsLog = path.join(dir, 'executions.log');
  const connectionsLog = path.join(dir, 'connections.log');
  const script = path.join(dir, 'canary-tool');
  // The canary: records who ran it and how, then fails (no shell expansion of anything it was given).
  fs.writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$0 $*" >> '${executionsLog}'\nexit 97\n`, { mode: 0o755 });

  // A hit is logged the moment it is accepted; the socket then closes (after its first bytes, or 2 s).
  const record = (transport: string, socket: net.Socket) => {
    fs.appendFileSync(connectionsLog, `${JSON.stringify({ transport, at: new Date().toISOString() })}\n`);
    socket.on('error', () => undefined);
    socket.once('data', () => socket.destroy());
    socket.setTimeout(2000, () => socket.destroy());
  };
  const socket = path.join(dir, 'docker.sock');
  const unixServer = net.createServer((s) => record('unix', s));
  const tcpServer = net.createServer((s) => record('tcp', s));
  await new Promise<void>((resolve, reject) => unixServer.once('error', reject).listen(socket, resolve));
  await new Promise<void>((resolve, reject) => tcpServer.once('error', reject).listen(0, '127.0.0.1', resolve));
  const tcpPort = (tcpServer.address() as net.AddressInfo).port;

  const info: CanaryInfo = {
    dir,
    script,
    executionsLog,
    socket,
    tcpPort,
    connectionsLog,
    unit: `rd-canary-${process.pid}.service`,
    hosts: { unix: `unix://${socket}`, tcp: `tcp://127.0.0.1:${tcpPort}`, ssh: `ssh://canary@127.0.0.1:${tcpPort}` },
    settings: restrictedSettings(JSON.parse(fs.readFileSync(manifest, 'utf8'))),
    sentinelKey: 'rootlessDocker.containers.pollInterval',
    sentinelValue: 30,
  };
  fs.writeFileSync(path.join(dir, 'canaries.json'), JSON.stringify(info, null, 2));

  // The workspace: settings, tools by the names the extension runs, and a docker context of its own.
  writeWorkspaceSettings(workspace, flatCanarySettings(info));
  for (const where of [workspace, path.join(workspace, 'bin')]) {
    fs.mkdirSync(where, { recursive: true });
    for (const name of TOOL_NAMES) fs.copyFileSync(script, path.join(where, name));
    for (const name of TOOL_NAMES) fs.chmodSync(path.join(where, name), 0o755);
  }
  const contextName = 'rd-canary';
  const meta = path.join(workspace, '.docker', 'contexts', 'meta', createHash('sha256').update(contextName).digest('hex'));
  fs.mkdirSync(meta, { recursive: true });
  fs.writeFileSync(path.join(workspace, '.docker', 'config.json'), JSON.stringify({ currentContext: contextName }));
  fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: contextName, Endpoints: { docker: { Host: info.hosts.unix } } }));

  return {
    info,
    env: { [CANARY_ENV]: dir },
    close: async () => {
      await Promise.all([unixServer, tcpServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
