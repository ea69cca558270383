// Finds the Docker endpoint with nothing configured, the way the docker CLI would, plus the rootless
// sockets the CLI's own default never tries. Says which one it chose and why. Pure over `fs` and `env`.
// Order: the `rootlessDocker.host` setting, DOCKER_HOST, the current docker context, $XDG_RUNTIME_DIR/docker.sock,
// /run/user/$UID/docker.sock, then the rootful /var/run/docker.sock.
import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';

export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'context' | 'XDG_RUNTIME_DIR' | 'run-user' | 'default';

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
  /** TLS material for `tcp://` hosts, by docker's conventions (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, a context's TLS store). */
  tls?: TlsConfig;
}

export interface TlsConfig {
  /** Check the daemon's certificate against `ca` (DOCKER_TLS_VERIFY; a context without SkipTLSVerify). */
  verify: boolean;
  /** Files that exist: the CA, the client certificate and its key. */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface EndpointStat {
  uid: number;
  /** Permission bits and type bits, as `fs.Stats.mode`. */
  mode: number;
  isSocket: boolean;
}

export interface EndpointFs {
  /** The file's text; throws when it cannot be read. */
  readFile(file: string): string;
  exists(file: string): boolean;
  /** Owner and mode of a path (not following a final symlink); undefined when it does not exist. Optional: without it, ownership is not checked. */
  stat?(file: string): EndpointStat | undefined;
}

export interface EndpointOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** The `rootlessDocker.host` setting: when set, it wins over everything else. */
  setting?: string;
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
  stat: (file) => {
    try {
      const st = nodeFs.lstatSync(file);
      return { uid: st.uid, mode: st.mode, isSocket: st.isSocket() };
    } catch {
      return undefined;
    }
  },
};

/** The socket path of a `unix://` host, or undefined for any other scheme. */
export function socketPathOf(host: string): string | undefined {
  const m = /^unix:\/\/(\/.*)$/.exec(host);
  return m ? m[1] : undefined;
}

/** Chooses the endpoint: the setting, DOCKER_HOST, the current context, $XDG_RUNTIME_DIR, /run/user/$UID, then the rootful default. */
export function findEndpoint(options: EndpointOptions): Endpoint {
  const { env } = options;
  const fs = options.fs ?? realFs;
  const warnings: string[] = [];
  const context = currentContext(options, fs, warnings);
  const make = (host: string, source: EndpointSource, reason: string, extra: Partial<Endpoint> = {}): Endpoint => {
    const endpoint: Endpoint = {
      host,
      socketPath: socketPathOf(host),
      source,
      reason,
      rootful: ROOTFUL_SOCKETS.includes(socketPathOf(host) ?? ''),
      warnings,
      ...extra,
    };
    const tls = tlsFor(endpoint, context, options, fs);
    if (tls) endpoint.tls = tls;
    return endpoint;
  };

  const dockerHost = env.DOCKER_HOST?.trim();
  const setting = options.setting?.trim();
  if (setting) {
    if (dockerHost && dockerHost !== setting) {
      warnings.push(`The rootlessDocker.host setting (${setting}) overrides DOCKER_HOST (${dockerHost}); the docker CLI in a terminal uses DOCKER_HOST.`);
    } else if (!dockerHost && context?.host && context.host !== setting) {
      warnings.push(`The rootlessDocker.host setting (${setting}) overrides the docker context "${context.name}" (${context.host}); the docker CLI in a terminal uses the context.`);
    }
    return make(setting, 'setting', 'the rootlessDocker.host setting names it');
  }
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
  // A socket in a rootless location that belongs to someone else is not used: in a shared or misconfigured
  // runtime dir it could be planted by another user (../shared/reliability.md §4).
  const usable = (sock: string): boolean => {
    if (!fs.exists(sock)) return false;
    if (options.uid === undefined || !fs.stat) return true;
    const st = fs.stat(sock);
    if (st && st.uid !== options.uid) {
      warnings.push(`${sock} belongs to uid ${st.uid}, not to you (uid ${options.uid}); it is not used.`);
      return false;
    }
    return true;
  };
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
  if (runtimeDir && path.isAbsolute(runtimeDir)) {
    const sock = path.posix.join(runtimeDir, 'docker.sock');
    if (usable(sock)) return make(`unix://${sock}`, 'XDG_RUNTIME_DIR', `the rootless socket in $XDG_RUNTIME_DIR exists`);
    tried.push(sock);
  }
  if (options.uid !== undefined) {
    const sock = `/run/user/${options.uid}/docker.sock`;
    if (!tried.includes(sock)) {
      if (usable(sock)) return make(`unix://${sock}`, 'run-user', `the rootless socket of user ${options.uid} exists`);
      tried.push(sock);
    }
  }
  const none = tried.length ? `no rootless socket exists (tried ${tried.join(' and ')})` : 'no rootless socket location is known';
  return make(`unix://${ROOTFUL_SOCKET}`, 'default', `${none}; it is the system daemon's socket, which runs as root`);
}

/** The sockets a rootless daemon of user `uid` listens on, in the order discovery tries them. */
export function rootlessSocketCandidates(env: Readonly<Record<string, string | undefined>>, uid: number | undefined): string[] {
  const out: string[] = [];
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
  if (runtimeDir && path.isAbsolute(runtimeDir)) out.push(path.posix.join(runtimeDir, 'docker.sock'));
  if (uid !== undefined && !out.includes(`/run/user/${uid}/docker.sock`)) out.push(`/run/user/${uid}/docker.sock`);
  return out;
}

/** Docker's TLS conventions: DOCKER_TLS_VERIFY / DOCKER_TLS and DOCKER_CERT_PATH for DOCKER_HOST and the setting; the context's TLS store for a context. */
function tlsFor(endpoint: Endpoint, context: ContextHost | undefined, options: EndpointOptions, fs: EndpointFs): TlsConfig | undefined {
  if (!endpoint.host.startsWith('tcp://')) return undefined;
  const files = (dir: string) => {
    const out: Omit<TlsConfig, 'verify'> = {};
    for (const [key, name] of [['caFile', 'ca.pem'], ['certFile', 'cert.pem'], ['keyFile', 'key.pem']] as const) {
      const file = path.posix.join(dir, name);
      if (fs.exists(file)) out[key] = file;
    }
    return out;
  };
  if (endpoint.source === 'context' && context?.tlsDir) {
    const found = files(context.tlsDir);
    if (Object.keys(found).length === 0) return undefined;
    return { verify: !context.skipTlsVerify, ...found };
  }
  const { env } = options;
  const verify = !!env.DOCKER_TLS_VERIFY?.trim();
  const tls = verify || !!env.DOCKER_TLS?.trim();
  if (!tls) return undefined;
  const home = options.home ?? env.HOME;
  const certDir = env.DOCKER_CERT_PATH?.trim() || (home ? path.posix.join(home, '.docker') : undefined);
  return { verify, ...(certDir ? files(certDir) : {}) };
}

/** What is wrong with a local socket before connecting: missing, not a socket, or not yours. */
export interface SocketCheck {
  exists: boolean;
  isSocket?: boolean;
  owner?: number;
  /** Sentences for people; empty when nothing is wrong. */
  warnings: string[];
}

/** Checks the socket's owner (the current user, or root for the system socket) and that its directory is private. */
export function checkSocket(socketPath: string, uid: number | undefined, fs: EndpointFs = realFs): SocketCheck {
  const st = fs.stat?.(socketPath);
  if (!st) return { exists: fs.exists(socketPath), warnings: [] };
  const warnings: string[] = [];
  if (!st.isSocket) warnings.push(`${socketPath} is not a socket.`);
  const rootful = ROOTFUL_SOCKETS.includes(socketPath);
  // Root may use anyone's socket (an administrator pointing DOCKER_HOST at a user's daemon); others only their own.
  if (uid !== undefined && uid !== 0 && st.uid !== uid && !(rootful && st.uid === 0)) {
    warnings.push(`${socketPath} belongs to uid ${st.uid}, not to you (uid ${uid}): a rootless daemon's socket is owned by the user it runs as.`);
  }
  if (!rootful) {
    const dir = fs.stat?.(path.posix.dirname(socketPath));
    if (dir && (dir.mode & 0o022) !== 0 && (dir.mode & 0o1000) === 0) {
      warnings.push(`${path.posix.dirname(socketPath)} is writable by others (mode ${(dir.mode & 0o7777).toString(8)}): another user could replace the socket.`);
    }
  }
  return { exists: true, isSocket: st.isSocket, owner: st.uid, warnings };
}

interface ContextHost {
  name: string;
  host?: string;
  via: string;
  /** The context's TLS store (`contexts/tls/<sha256>/docker`), and whether its metadata skips verification. */
  tlsDir?: string;
  skipTlsVerify?: boolean;
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
  const tlsDir = path.posix.join(configDir, 'contexts', 'tls', digest, 'docker');
  return { name, host, via, tlsDir, skipTlsVerify: isObject(docker) && docker.SkipTLSVerify === true };
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
