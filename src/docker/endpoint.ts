// Finds the Docker endpoint with nothing configured, the way the docker CLI would, plus the rootless
// sockets the CLI's own default never tries. Says which one it chose and why. Pure over `fs` and `env`.
import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';

export type EndpointSource = 'DOCKER_HOST' | 'context' | 'XDG_RUNTIME_DIR' | 'run-user' | 'default';

export interface Endpoint {
  /** As docker writes it: `unix:///run/user/1000/docker.sock`, `tcp://…`, `ssh://…`. */
  host: string;
  /** The socket file, for `unix://` hosts only. */
  socketPath?: string;
  source: EndpointSource;
  /** One sentence: why this endpoint was chosen. */
  reason: string;
  /** The name of the docker context it came from, when `source` is `context`. */
  context?: string;
  /** True for the system-wide `/var/run/docker.sock`, which belongs to a daemon running as root. */
  rootful: boolean;
  /** Things the user should know, e.g. DOCKER_HOST and the current context disagree. */
  warnings: string[];
}

export interface EndpointFs {
  /** The file's text; throws when it cannot be read. */
  readFile(file: string): string;
  exists(file: string): boolean;
}

export interface EndpointOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** The current user's id, for `/run/user/$UID`; undefined where there are no uids. */
  uid?: number;
  /** The home directory, for `~/.docker` (default: `env.HOME`). */
  home?: string;
  fs?: EndpointFs;
}

export const ROOTFUL_SOCKET = '/var/run/docker.sock';
const ROOTFUL_SOCKETS = [ROOTFUL_SOCKET, '/run/docker.sock'];
const MAX_JSON = 1024 * 1024;

const realFs: EndpointFs = {
  readFile: (file) => {
    if (nodeFs.statSync(file).size > MAX_JSON) throw new Error(`${file} is too large`);
    return nodeFs.readFileSync(file, 'utf8');
  },
  exists: (file) => nodeFs.existsSync(file),
};

/** The socket path of a `unix://` host, or undefined for any other scheme. */
export function socketPathOf(host: string): string | undefined {
  const m = /^unix:\/\/(\/.*)$/.exec(host);
  return m ? m[1] : undefined;
}

/** Chooses the endpoint: DOCKER_HOST, the current context, $XDG_RUNTIME_DIR, /run/user/$UID, then the rootful default. */
export function findEndpoint(options: EndpointOptions): Endpoint {
  const { env } = options;
  const fs = options.fs ?? realFs;
  const warnings: string[] = [];
  const context = currentContext(options, fs, warnings);
  const make = (host: string, source: EndpointSource, reason: string, extra: Partial<Endpoint> = {}): Endpoint => ({
    host,
    socketPath: socketPathOf(host),
    source,
    reason,
    rootful: ROOTFUL_SOCKETS.includes(socketPathOf(host) ?? ''),
    warnings,
    ...extra,
  });

  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) {
    if (context?.host && context.host !== dockerHost) {
      warnings.push(`DOCKER_HOST (${dockerHost}) overrides the docker context "${context.name}" (${context.host}); the docker CLI makes the same choice.`);
    }
    return make(dockerHost, 'DOCKER_HOST', 'DOCKER_HOST is set');
  }
  if (context?.host) {
    return make(context.host, 'context', `the current docker context is "${context.name}" (${context.via})`, { context: context.name });
  }

  const tried: string[] = [];
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
  if (runtimeDir && path.isAbsolute(runtimeDir)) {
    const sock = path.posix.join(runtimeDir, 'docker.sock');
    if (fs.exists(sock)) return make(`unix://${sock}`, 'XDG_RUNTIME_DIR', `the rootless socket in $XDG_RUNTIME_DIR exists`);
    tried.push(sock);
  }
  if (options.uid !== undefined) {
    const sock = `/run/user/${options.uid}/docker.sock`;
    if (!tried.includes(sock)) {
      if (fs.exists(sock)) return make(`unix://${sock}`, 'run-user', `the rootless socket of user ${options.uid} exists`);
      tried.push(sock);
    }
  }
  const none = tried.length ? `no rootless socket exists (tried ${tried.join(' and ')})` : 'no rootless socket location is known';
  return make(`unix://${ROOTFUL_SOCKET}`, 'default', `${none}; it is the system daemon's socket, which runs as root`);
}

interface ContextHost {
  name: string;
  host?: string;
  via: string;
}

/** The current docker context and its docker host, when one other than `default` is selected. */
function currentContext(options: EndpointOptions, fs: EndpointFs, warnings: string[]): ContextHost | undefined {
  const { env } = options;
  const home = options.home ?? env.HOME;
  const configDir = env.DOCKER_CONFIG?.trim() || (home ? path.posix.join(home, '.docker') : undefined);
  let name = env.DOCKER_CONTEXT?.trim();
  let via = 'DOCKER_CONTEXT';
  if (!name && configDir) {
    const configFile = path.posix.join(configDir, 'config.json');
    const config = readJson(fs, configFile, warnings);
    const cc = isObject(config) ? config.currentContext : undefined;
    if (typeof cc === 'string' && cc) {
      name = cc;
      via = `currentContext in ${configFile}`;
    }
  }
  if (!name || name === 'default') return undefined;
  if (!configDir) {
    warnings.push(`The docker context "${name}" cannot be read: neither DOCKER_CONFIG nor HOME is set.`);
    return { name, via };
  }
  const digest = createHash('sha256').update(name).digest('hex');
  const metaFile = path.posix.join(configDir, 'contexts', 'meta', digest, 'meta.json');
  if (!fs.exists(metaFile)) {
    warnings.push(`The docker context "${name}" (${via}) does not exist: ${metaFile} is missing.`);
    return { name, via };
  }
  const meta = readJson(fs, metaFile, warnings);
  const endpoints = isObject(meta) ? meta.Endpoints : undefined;
  const docker = isObject(endpoints) ? endpoints.docker : undefined;
  const host = isObject(docker) ? docker.Host : undefined;
  if (typeof host !== 'string' || !host) {
    warnings.push(`The docker context "${name}" has no docker endpoint in ${metaFile}.`);
    return { name, via };
  }
  return { name, host, via };
}

function readJson(fs: EndpointFs, file: string, warnings: string[]): unknown {
  if (!fs.exists(file)) return undefined;
  let text: string;
  try {
    text = fs.readFile(file);
  } catch (err) {
    warnings.push(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    warnings.push(`${file} is not valid JSON; it is ignored.`);
    return undefined;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
