// One daemon endpoint as two dockerode clients: one for API calls, each bounded by its own AbortController
// timeout, and one with no timeout at all for long streams (/events, logs, exec). docker-modem's `timeout`
// is an idle timer that would also kill an idle /events stream (../shared/reliability.md §0.4), so it is
// never set. Pure: no vscode.
import * as nodeFs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import Docker from 'dockerode';
import { checkSocket, type Endpoint, type EndpointFs } from './endpoint';
import { daemonDetails, TimeoutError, type DaemonDetails } from './info';
import { parseSshHost, sshConnectOptions } from './ssh';
import { EndpointError, HostKeyError, ResponseTooLargeError } from './state';

export interface DaemonClientOptions {
  /** Default per-call timeout (default 10 s). */
  timeoutMs?: number;
  /** Largest answer an API call may receive on a unix socket (default 64 MiB); a bigger one is cut off and reported. */
  maxResponseBytes?: number;
  env?: Readonly<Record<string, string | undefined>>;
  home?: string;
  fs?: Pick<EndpointFs, 'readFile' | 'exists'>;
}

export type ContainerAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill';

export interface ExecSession {
  stream: Duplex;
  resize(rows: number, columns: number): Promise<void>;
}

const plainFs: Pick<EndpointFs, 'readFile' | 'exists'> = {
  readFile: (f) => nodeFs.readFileSync(f, 'utf8'),
  exists: (f) => nodeFs.existsSync(f),
};

// How long each kind of call may take; stop and restart wait for the container's own stop timeout.
const ACTION_TIMEOUT_MS: Record<ContainerAction, number> = { start: 60_000, stop: 60_000, restart: 90_000, pause: 15_000, unpause: 15_000, kill: 15_000 };

export class DaemonClient {
  private readonly api: Docker;
  private readonly streams: Docker;
  /** For /_ping: a new connection each time, so it checks what a new client would meet (the socket's owner, mode, listener). */
  private readonly probe: Docker;
  private readonly timeoutMs: number;
  private readonly inFlight = new Set<AbortController>();
  private hostKeyRefusal: string | undefined;
  private disposed = false;

  constructor(
    readonly endpoint: Endpoint,
    options: DaemonClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const modemOptions = this.modemOptions(endpoint, options);
    // docker-modem buffers a whole answer before parsing it: API calls on a local socket go through an agent that
    // counts the bytes of each answer and cuts off one no daemon would send. Streams are not capped.
    const cap = options.maxResponseBytes ?? 64 * 1024 * 1024;
    const local = (keepAlive: boolean) => (endpoint.socketPath ? { ...modemOptions, agent: new CappedAgent(cap, keepAlive) } : modemOptions);
    try {
      this.api = new Docker(local(true));
      this.probe = new Docker(local(false));
      this.streams = new Docker(modemOptions);
    } catch (err) {
      // docker-modem reads DOCKER_HOST and DOCKER_CERT_PATH itself while constructing, and throws on bad values.
      throw new EndpointError(`Cannot use ${endpoint.host}: ${err instanceof Error ? err.message : String(err)} (from DOCKER_HOST or DOCKER_CERT_PATH in the environment).`);
    }
  }

  /**
   * Options for docker-modem that say everything explicitly: it merges its own reading of DOCKER_HOST,
   * DOCKER_CERT_PATH and DOCKER_CLIENT_TIMEOUT under whatever is not given, which would override the chosen endpoint.
   */
  private modemOptions(endpoint: Endpoint, options: DaemonClientOptions): Docker.DockerOptions {
    const cleared = { host: undefined, port: undefined, socketPath: undefined, ca: undefined, cert: undefined, key: undefined, timeout: undefined, pathPrefix: '/', username: undefined };
    if (endpoint.socketPath) return { ...cleared, socketPath: endpoint.socketPath, protocol: 'http' };
    let url: URL;
    try {
      url = new URL(endpoint.host);
    } catch {
      throw new EndpointError(`${endpoint.host} is not a Docker host address (expected unix:///path, tcp://host:port or ssh://user@host).`);
    }
    const fs = options.fs ?? plainFs;
    if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
      if (!url.hostname || !url.port) throw new EndpointError(`${endpoint.host} needs a host and a port (tcp://host:2376).`);
      const tls = endpoint.tls;
      const base = { ...cleared, host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port };
      if (!tls && url.protocol !== 'https:') return { ...base, protocol: 'http' };
      const read = (file: string | undefined) => {
        if (!file) return undefined;
        try {
          return fs.readFile(file);
        } catch (err) {
          throw new EndpointError(`Cannot read the TLS file ${file}: ${err instanceof Error ? err.message : String(err)}`);
        }
      };
      const agent = new https.Agent({ ca: read(tls?.caFile), cert: read(tls?.certFile), key: read(tls?.keyFile), rejectUnauthorized: tls?.verify ?? true });
      return { ...base, protocol: 'https', agent } as Docker.DockerOptions;
    }
    if (url.protocol === 'ssh:') {
      const target = parseSshHost(endpoint.host);
      if (!target) throw new EndpointError(`${endpoint.host} is not a valid ssh:// address.`);
      const sshOptions = sshConnectOptions(target, { env: options.env ?? {}, home: options.home, fs }, (reason) => (this.hostKeyRefusal = reason));
      return { ...cleared, protocol: 'ssh', host: target.host, port: target.port, username: target.username, sshOptions } as unknown as Docker.DockerOptions;
    }
    throw new EndpointError(`${endpoint.host}: the ${url.protocol.replace(/:$/, '')}:// scheme is not supported here (use unix://, tcp:// or ssh://).`);
  }

  /** Runs one API call with its own timeout; every call in flight is aborted by dispose(). */
  async call<T>(run: (signal: AbortSignal) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.disposed) throw new EndpointError('the connection to the daemon was closed');
    const abort = new AbortController();
    this.inFlight.add(abort);
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      return await run(abort.signal);
    } catch (err) {
      if (this.hostKeyRefusal) throw new HostKeyError(`Refused ${this.endpoint.host}: ${this.hostKeyRefusal}.`);
      if (abort.signal.aborted && !this.disposed) throw new TimeoutError(timeoutMs);
      throw err;
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(abort);
    }
  }

  /** Problems with the local socket before connecting (ownership, private directory). */
  socketWarnings(uid: number | undefined, fs?: EndpointFs): string[] {
    return this.endpoint.socketPath ? checkSocket(this.endpoint.socketPath, uid, fs).warnings : [];
  }

  /** GET /_ping; the liveness check, so it may have a shorter timeout than other calls. */
  ping(timeoutMs = this.timeoutMs): Promise<unknown> {
    return this.call((abortSignal) => (this.probe.ping as (o: object) => Promise<unknown>)({ abortSignal }), timeoutMs);
  }

  /** How many API calls are waiting for an answer (for tests: a hung daemon must not collect a pile of them). */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  async details(): Promise<DaemonDetails> {
    const [info, version] = await Promise.all([
      this.call((abortSignal) => (this.api.info as (o: object) => Promise<unknown>)({ abortSignal })),
      // /version only adds the API version: its failure is not the daemon's absence.
      this.call((abortSignal) => (this.api.version as (o: object) => Promise<unknown>)({ abortSignal })).catch(() => undefined),
    ]);
    return daemonDetails(info, version);
  }

  /** /containers/json?all=1, optionally for some ids only; the raw answer (validated by containers.ts). */
  listContainers(ids?: readonly string[]): Promise<unknown> {
    const opts: Record<string, unknown> = { all: true };
    if (ids) opts.filters = JSON.stringify({ id: ids });
    return this.call((abortSignal) => this.api.listContainers({ ...opts, abortSignal } as Docker.ContainerListOptions) as Promise<unknown>, this.timeoutMs * 2);
  }

  inspectContainer(id: string): Promise<unknown> {
    return this.call((abortSignal) => this.api.getContainer(id).inspect({ abortSignal } as object) as Promise<unknown>);
  }

  containerAction(id: string, action: ContainerAction): Promise<unknown> {
    const c = this.api.getContainer(id);
    return this.call((abortSignal) => (c[action] as (o: object) => Promise<unknown>).call(c, { abortSignal }), ACTION_TIMEOUT_MS[action]);
  }

  removeContainer(id: string, force: boolean): Promise<unknown> {
    return this.call((abortSignal) => this.api.getContainer(id).remove({ force, abortSignal } as object) as Promise<unknown>, 60_000);
  }

  /**
   * Opens /events (containers and networks) on the no-timeout client; `since` in seconds.
   * The returned promise settles when the daemon answers the request (bounded by the call timeout); the stream then lives until closed.
   */
  async events(signal: AbortSignal, since?: number): Promise<Readable> {
    const filters = JSON.stringify({ type: ['container', 'network'] });
    // One controller for the request and the stream: `signal` ends both; the timer only guards the wait for headers.
    const ctrl = new AbortController();
    const forward = () => ctrl.abort();
    if (signal.aborted) ctrl.abort();
    else signal.addEventListener('abort', forward, { once: true });
    let opened = false;
    const timer = setTimeout(() => opened || ctrl.abort(), this.timeoutMs);
    try {
      const stream = (await this.streams.getEvents({ filters, ...(since !== undefined ? { since: String(since) } : {}), abortSignal: ctrl.signal } as object)) as Readable;
      opened = true;
      return stream;
    } catch (err) {
      signal.removeEventListener('abort', forward);
      if (this.hostKeyRefusal) throw new HostKeyError(`Refused ${this.endpoint.host}: ${this.hostKeyRefusal}.`);
      if (ctrl.signal.aborted && !signal.aborted) throw new TimeoutError(this.timeoutMs);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Follows a container's output (no timeout): the last `tail` lines, then whatever comes. */
  async logs(id: string, signal: AbortSignal, tail = 1000): Promise<Readable> {
    return (await this.streams.getContainer(id).logs({ follow: true, stdout: true, stderr: true, tail, abortSignal: signal } as Docker.ContainerLogsOptions & { follow: true })) as unknown as Readable;
  }

  /** Starts an interactive shell in a container, attached through a hijacked connection. */
  async exec(id: string, cmd: string[], size?: { rows: number; columns: number }): Promise<ExecSession> {
    const exec = await this.call(() =>
      this.api.getContainer(id).exec({ Cmd: cmd, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Env: ['TERM=xterm-256color'] }),
    );
    const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
    const session: ExecSession = {
      stream,
      resize: async (rows, columns) => {
        await this.call((abortSignal) => exec.resize({ h: rows, w: columns, abortSignal }) as Promise<unknown>);
      },
    };
    if (size) await session.resize(size.rows, size.columns).catch(() => undefined);
    return session;
  }

  /** Aborts everything in flight; the client is unusable afterwards. */
  dispose(): void {
    this.disposed = true;
    for (const a of this.inFlight) a.abort();
    this.inFlight.clear();
  }
}

/**
 * An http.Agent for unix sockets that destroys a connection once one answer on it has brought more than
 * `maxBytes`. With keep-alive it is set like Node's global agent (which docker-modem would use otherwise), and
 * the count starts again whenever a connection is reused for the next request.
 */
class CappedAgent extends http.Agent {
  private readonly received = new WeakMap<net.Socket, number>();

  constructor(
    private readonly maxBytes: number,
    keepAlive: boolean,
  ) {
    super({ keepAlive, scheduling: 'lifo', timeout: 5000 });
  }

  override createConnection(options: net.NetConnectOpts, callback?: (err: Error | null, socket: net.Socket) => void): net.Socket {
    const socket = net.createConnection(options);
    this.received.set(socket, 0);
    socket.on('data', (chunk: Buffer) => {
      const n = (this.received.get(socket) ?? 0) + chunk.length;
      this.received.set(socket, n);
      if (n > this.maxBytes) socket.destroy(new ResponseTooLargeError(this.maxBytes));
    });
    if (callback) socket.once('connect', () => callback(null, socket));
    return socket;
  }

  override reuseSocket(socket: net.Socket, request: http.ClientRequest): void {
    this.received.set(socket, 0);
    super.reuseSocket(socket, request);
  }
}
