// Is the daemon there? `GET /_ping` on its unix socket, each try bounded, and waits that poll it until it answers
// (after a start) or until it is gone (after a stop), with progress and a deadline. Also the running containers'
// names, so that a stop can say what it will stop.
import * as http from 'node:http';
import * as path from 'node:path';
import { findEndpoint, type Endpoint } from '../docker/endpoint';

export type PingResult = { ok: true } | { ok: false; code: string; message: string };

const MAX_BODY = 4 * 1024 * 1024;

/** GET `apiPath` on the socket, resolving with status and body (capped); rejects on connection errors. */
export function apiGet(socketPath: string, apiPath: string, timeoutMs: number, maxBytes = MAX_BODY): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: apiPath, method: 'GET', headers: { Host: 'docker' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > maxBytes) req.destroy(Object.assign(new Error('answer too large'), { code: 'E2BIG' }));
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

/** One `_ping`. ok only for HTTP 200 with body "OK". */
export async function ping(socketPath: string, timeoutMs = 2000): Promise<PingResult> {
  try {
    const { status, body } = await apiGet(socketPath, '/_ping', timeoutMs, 1024);
    if (status === 200 && body.trim() === 'OK') return { ok: true };
    return { ok: false, code: `HTTP${status}`, message: `answered HTTP ${status} ${JSON.stringify(body.slice(0, 40))}` };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, code: e.code ?? 'ERROR', message: e.message };
  }
}

/** Whether a failed ping means nothing listens there (as opposed to something answering badly or hanging). */
export function isGone(p: PingResult): boolean {
  return !p.ok && (p.code === 'ENOENT' || p.code === 'ECONNREFUSED');
}

export interface WaitOptions {
  timeoutMs: number;
  /** Pause between tries (default 250 ms). */
  intervalMs?: number;
  /** Called after every try with the time waited so far. */
  onTick?: (elapsedMs: number, last: PingResult) => void;
  /**
   * Called about once a second: return a reason to stop waiting early (e.g. the unit failed).
   * An exception counts as no reason.
   */
  check?: () => Promise<string | undefined>;
  signal?: AbortSignal;
}

export type WaitResult =
  | { ok: true; elapsedMs: number }
  | { ok: false; elapsedMs: number; last: PingResult; reason: 'timeout' | 'aborted' | 'check'; detail?: string };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Polls until `done(ping)` holds, the deadline passes, the check gives a reason, or the signal aborts. */
async function pollPing(socketPath: string, done: (p: PingResult) => boolean, options: WaitOptions): Promise<WaitResult> {
  const started = Date.now();
  const interval = options.intervalMs ?? 250;
  let lastCheck = 0;
  let last: PingResult = { ok: false, code: 'NONE', message: 'not tried yet' };
  for (;;) {
    const elapsed = () => Date.now() - started;
    if (options.signal?.aborted) return { ok: false, elapsedMs: elapsed(), last, reason: 'aborted' };
    const left = options.timeoutMs - elapsed();
    last = await ping(socketPath, Math.max(200, Math.min(2000, left)));
    options.onTick?.(elapsed(), last);
    if (done(last)) return { ok: true, elapsedMs: elapsed() };
    if (options.check && Date.now() - lastCheck >= 1000) {
      lastCheck = Date.now();
      const why = await options.check().catch(() => undefined);
      if (why !== undefined) return { ok: false, elapsedMs: elapsed(), last, reason: 'check', detail: why };
    }
    if (elapsed() >= options.timeoutMs) return { ok: false, elapsedMs: elapsed(), last, reason: 'timeout' };
    await sleep(Math.min(interval, Math.max(0, options.timeoutMs - elapsed())), options.signal);
  }
}

/** Waits until the socket answers `_ping` with OK. */
export function waitForReady(socketPath: string, options: WaitOptions): Promise<WaitResult> {
  return pollPing(socketPath, (p) => p.ok, options);
}

/** Waits until nothing listens on the socket any more. */
export function waitForGone(socketPath: string, options: WaitOptions): Promise<WaitResult> {
  return pollPing(socketPath, isGone, options);
}

/** Names of the running containers (at most `limit`), or undefined when the daemon cannot be asked. */
export async function runningContainers(socketPath: string, limit = 50, timeoutMs = 3000): Promise<string[] | undefined> {
  try {
    const { status, body } = await apiGet(socketPath, '/containers/json', timeoutMs);
    if (status !== 200) return undefined;
    const list = JSON.parse(body) as unknown;
    if (!Array.isArray(list)) return undefined;
    return list.slice(0, limit).map((c: unknown) => {
      const names = (c as { Names?: unknown }).Names;
      const first = Array.isArray(names) && typeof names[0] === 'string' ? names[0] : undefined;
      const id = (c as { Id?: unknown }).Id;
      return first ? first.replace(/^\//, '') : typeof id === 'string' ? id.slice(0, 12) : '?';
    });
  } catch {
    return undefined;
  }
}

export interface DaemonSocket {
  socketPath: string;
  /** Why this socket: e.g. "DOCKER_HOST is set", "the rootless socket in $XDG_RUNTIME_DIR". */
  reason: string;
  endpoint: Endpoint;
}

export interface SocketOptions {
  env: Readonly<Record<string, string | undefined>>;
  uid?: number;
  home?: string;
  /** The rootlessDocker.host setting (user settings only), when set. */
  setting?: string;
}

/**
 * The socket the user's rootless daemon answers on: the endpoint discovery's answer (the setting, DOCKER_HOST, the
 * docker context, $XDG_RUNTIME_DIR, /run/user/UID) when it names a unix socket of the user's own. While the daemon
 * is stopped its socket does not exist and discovery falls back to the system daemon's; then the rootless default
 * is the socket to wait for.
 */
export function daemonSocket(options: SocketOptions): DaemonSocket | undefined {
  const { env, uid, home, setting } = options;
  const endpoint = findEndpoint({ env, uid, home, ...(setting ? { setting } : {}) });
  if (endpoint.socketPath && !endpoint.rootful && endpoint.source !== 'default') {
    return { socketPath: endpoint.socketPath, reason: endpoint.reason, endpoint };
  }
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
  if (runtimeDir && path.isAbsolute(runtimeDir)) {
    return { socketPath: path.posix.join(runtimeDir, 'docker.sock'), reason: 'the rootless default, $XDG_RUNTIME_DIR/docker.sock', endpoint };
  }
  if (uid !== undefined) return { socketPath: `/run/user/${uid}/docker.sock`, reason: `the rootless default, /run/user/${uid}/docker.sock`, endpoint };
  return undefined;
}
