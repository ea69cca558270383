// The live model of one daemon: connects, lists containers, then follows /events and updates only the
// containers an event names. A slow poll is the safety net; when the daemon goes away the model shows why
// and reconnects with backoff (and at once when the socket reappears). Every listing is single-flight, so
// a hung daemon never piles up requests (../shared/reliability.md §0.6). An idle /events stream says nothing
// about a daemon that hangs or whose socket changed, so a cheap /_ping heartbeat runs while connected.
// Pure: no vscode.
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { DaemonClient } from './client';
import { mayHaveStartError, requestedPorts, toContainerInfos, withEventState, type ContainerInfo } from './containers';
import { isObject, type Endpoint, type EndpointFs } from './endpoint';
import { JsonLines, toDockerEvent } from './events';
import type { DaemonDetails } from './info';
import { classifyError, oneLine, type DaemonProblem, type DaemonStatus } from './state';
import { daemonMessage, translateDaemonError } from './translate';

export interface WatcherOptions {
  /** Poll interval while connected (default 30 s): catches anything the event stream missed. */
  pollMs?: number;
  /**
   * Events are collected this long before the containers they name are fetched. Default 0: on the next turn of
   * the event loop, so one change shows at once; events that arrive while a fetch is out wait for it and go
   * in the next one, so a burst costs a few requests, one at a time (bench/RESULTS.md, "Containers").
   */
  debounceMs?: number;
  /** Reconnect delays: doubling from `initialMs` up to `maxMs`, with jitter (defaults 1 s and 30 s). */
  backoff?: { initialMs: number; maxMs: number };
  /**
   * While connected, /_ping every `intervalMs` (default 750 ms; 0 turns it off); no answer within `timeoutMs`
   * (default 1.25 s) is the "not responding" state, so a hang shows within 2 s. Each connect and each retry
   * after a failure starts with the same ping.
   */
  heartbeat?: { intervalMs: number; timeoutMs: number };
  /** More changed containers than this in one batch are fetched by one full listing (default 25). */
  maxBatch?: number;
  /** The current user, for the socket ownership check and permission messages. */
  uid?: number;
  fs?: EndpointFs;
  log?: (line: string) => void;
  /** Reconnect as soon as the socket file appears (default true). */
  watchSocketDir?: boolean;
}

export interface DaemonSnapshot {
  endpoint: Endpoint;
  status: DaemonStatus;
  problem?: DaemonProblem;
  details?: DaemonDetails;
  containers: ReadonlyMap<string, ContainerInfo>;
  /** The endpoint's warnings and the socket check's. */
  warnings: readonly string[];
  /** Consecutive failed attempts; when the next one is due (ms since the epoch). */
  attempts: number;
  nextAttemptAt?: number;
  /** Whether the /events stream is open. */
  live: boolean;
}

export type Disposable = { dispose(): void };

/** How long after a `die` event a listing that still says "running" is taken for the daemon lagging behind. */
const DIE_SETTLE_MS = 2000;
/** How soon such a container is fetched again. */
const RECHECK_MS = 25;
/** An event stream that closes: reopened after this, doubling while streams live less than STREAM_SETTLED_MS. */
const STREAM_RETRY_MS = 200;
const STREAM_RETRY_MAX_MS = 10_000;
const STREAM_SETTLED_MS = 5000;

export class DaemonWatcher {
  private status: DaemonStatus = 'connecting';
  private problem: DaemonProblem | undefined;
  private details: DaemonDetails | undefined;
  private containers = new Map<string, ContainerInfo>();
  private socketWarnings: string[] = [];
  private attempts = 0;
  private nextAttemptAt: number | undefined;
  private stream: { ctrl: AbortController; body: Readable } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private cycling: Promise<void> | undefined;
  private cycleAgain = false;
  private listing: Promise<void> | undefined;
  private readonly pending = new Set<string>();
  /** When each container's last `die` event came: until then the daemon may still list it as running. */
  private readonly died = new Map<string, number>();
  private readonly rechecks = new Set<string>();
  /** Event streams in a row that closed soon after opening. */
  private quickCloses = 0;
  /** When to reopen a closed event stream. */
  private streamRetryMs = STREAM_RETRY_MS;
  private readonly errorCache = new Map<string, { key: string; info: StartError }>();
  private readonly listeners = new Set<() => void>();
  private dirWatcher: nodeFs.FSWatcher | undefined;
  private started = false;
  private disposed = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private pinging = false;
  private readonly opts: Required<Omit<WatcherOptions, 'uid' | 'fs' | 'log'>> & Pick<WatcherOptions, 'uid' | 'fs' | 'log'>;
  /** Counters for tests and the bench: full listings, per-container fetches, events seen, connects, pings. */
  readonly stats = { lists: 0, fetches: 0, events: 0, connects: 0, pings: 0 };

  constructor(
    readonly client: DaemonClient,
    options: WatcherOptions = {},
  ) {
    this.opts = {
      pollMs: options.pollMs ?? 30_000,
      debounceMs: options.debounceMs ?? 0,
      backoff: options.backoff ?? { initialMs: 1000, maxMs: 30_000 },
      heartbeat: options.heartbeat ?? { intervalMs: 750, timeoutMs: 1250 },
      maxBatch: options.maxBatch ?? 25,
      watchSocketDir: options.watchSocketDir ?? true,
      uid: options.uid,
      fs: options.fs,
      log: options.log,
    };
  }

  get endpoint(): Endpoint {
    return this.client.endpoint;
  }

  snapshot(): DaemonSnapshot {
    return {
      endpoint: this.endpoint,
      status: this.status,
      ...(this.problem ? { problem: this.problem } : {}),
      ...(this.details ? { details: this.details } : {}),
      containers: this.containers,
      warnings: [...this.endpoint.warnings, ...this.socketWarnings],
      attempts: this.attempts,
      ...(this.nextAttemptAt !== undefined ? { nextAttemptAt: this.nextAttemptAt } : {}),
      live: this.stream !== undefined,
    };
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Connects and starts following the daemon; does nothing when already started. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    void this.cycle();
  }

  /** Reconnects (or re-lists) now, forgetting the backoff; resolves when done. */
  refresh(): Promise<void> {
    this.attempts = 0;
    if (!this.started) this.started = true;
    return this.cycle();
  }

  /** Fetches these containers soon (after an action on them), without waiting for their events. */
  touch(...ids: string[]): void {
    for (const id of ids) this.pending.add(id);
    this.scheduleFlush();
  }

  /** Resolves when no listing or per-container fetch is under way (for tests and the bench). */
  async settled(): Promise<void> {
    while (this.cycling || this.listing || this.flushTimer || this.flushing) {
      await (this.cycling ?? this.listing ?? this.flushing ?? new Promise((r) => setTimeout(r, Math.max(this.opts.debounceMs, 1))));
    }
  }

  /** What the model holds open, for leak checks: listeners on it and on the event stream, calls in flight. */
  resources(): { listeners: number; streamListeners: number; callsInFlight: number; timers: number; watchingDir: boolean } {
    const body = this.stream?.body;
    const streamListeners = body ? body.eventNames().reduce((n, e) => n + body.listenerCount(e), 0) : 0;
    const timers = [this.timer, this.flushTimer, this.heartbeatTimer, this.recheckTimer].filter(Boolean).length;
    return { listeners: this.listeners.size, streamListeners, callsInFlight: this.client.inFlightCount, timers, watchingDir: this.dirWatcher !== undefined };
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.stopHeartbeat();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = undefined;
    this.closeStream();
    this.unwatchDir();
    this.client.dispose();
    this.listeners.clear();
  }

  // --- the connect / poll cycle ---------------------------------------------------------------------------

  /** Single-flight: a cycle asked for while one runs makes that one run again once. */
  private cycle(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.cycling) {
      this.cycleAgain = true;
      return this.cycling;
    }
    this.clearTimer();
    this.cycling = (async () => {
      try {
        do {
          this.cycleAgain = false;
          await this.runOnce();
        } while (this.cycleAgain && !this.disposed);
      } finally {
        this.cycling = undefined;
      }
    })();
    return this.cycling;
  }

  private async runOnce(): Promise<void> {
    try {
      // Connecting, or retrying after a failure: a short liveness check first, so a hung daemon (or a socket
      // nobody serves) shows as such in seconds, not after the long timeouts of /info or a listing, and a hung
      // daemon is asked for nothing heavier. While connected, the heartbeat does that job.
      if (!this.stream) this.socketWarnings = this.client.socketWarnings(this.opts.uid, this.opts.fs);
      if (this.status !== 'ok' || !this.stream) {
        this.stats.pings++;
        await this.client.ping(this.opts.heartbeat.timeoutMs || undefined);
        if (this.disposed) return;
      }
      if (!this.stream) {
        this.stats.connects++;
        const details = await this.client.details();
        if (this.disposed) return;
        this.details = details;
        await this.openEvents();
      }
      await this.relist();
      if (this.disposed) return;
      this.succeeded();
    } catch (err) {
      if (this.disposed) return;
      this.failed(err);
    }
  }

  private succeeded(): void {
    const changed = this.status !== 'ok';
    if (changed) this.opts.log?.(`connected to ${this.endpoint.host} (${this.details?.rootless === false ? 'rootful' : 'rootless'} ${this.details?.serverVersion ?? ''})`);
    this.status = 'ok';
    this.problem = undefined;
    this.attempts = 0;
    this.unwatchDir();
    // The next look: the slow poll, or sooner when the event stream closed meanwhile (then the model is not live).
    this.schedule(this.stream ? this.opts.pollMs : this.streamRetryMs);
    this.startHeartbeat();
    this.emit();
  }

  private failed(err: unknown): void {
    const problem = classifyError(err, { endpoint: this.endpoint, ...this.socketFacts() });
    this.attempts++;
    this.stopHeartbeat();
    // A hung daemon usually comes back (a debugger, a stopped process, a slow disk): look again every few seconds.
    // Each look is one /_ping, so that costs it nothing.
    const max = problem.status === 'timeout' ? Math.min(this.opts.backoff.maxMs, 2000) : this.opts.backoff.maxMs;
    const base = Math.min(max, this.opts.backoff.initialMs * 2 ** Math.min(this.attempts - 1, 20));
    const delay = Math.round(base * (0.75 + Math.random() * 0.25));
    if (problem.status !== this.status || problem.message !== this.problem?.message) this.opts.log?.(`${problem.message} Retrying in ${(delay / 1000).toFixed(1)} s.`);
    this.status = problem.status;
    this.problem = problem;
    // A hung daemon keeps its last known containers and facts (they come back as they were); a gone one has none.
    if (problem.status !== 'timeout') {
      this.containers = new Map();
      this.details = undefined;
      this.closeStream();
    }
    this.schedule(delay);
    // A new socket, or the same one with its permissions put back: reconnect at once.
    if (problem.status === 'no-socket' || problem.status === 'refused' || problem.status === 'permission') this.watchDir();
    this.emit();
  }

  private schedule(ms: number): void {
    this.clearTimer();
    if (this.disposed) return;
    this.nextAttemptAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextAttemptAt = undefined;
      void this.cycle();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAttemptAt = undefined;
  }

  /** Who owns the socket, as "user NAME (uid N)", and its mode, for the permission message. */
  private socketFacts(): { socketOwner?: string; ownedByYou?: boolean; socketMode?: number } {
    const sock = this.endpoint.socketPath;
    const st = sock ? (this.opts.fs?.stat ?? defaultStat)(sock) : undefined;
    if (!st) return {};
    const name = userName(st.uid);
    const uid = this.opts.uid ?? (typeof process.getuid === 'function' ? process.getuid() : undefined);
    return { socketOwner: name ? `user ${name} (uid ${st.uid})` : `uid ${st.uid}`, ownedByYou: uid === st.uid, ...(st.mode !== undefined ? { socketMode: st.mode } : {}) };
  }

  // --- heartbeat ------------------------------------------------------------------------------------------

  private startHeartbeat(): void {
    if (this.heartbeatTimer || this.disposed || this.opts.heartbeat.intervalMs <= 0) return;
    this.heartbeatTimer = setInterval(() => void this.beat(), this.opts.heartbeat.intervalMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** One /_ping, unless one is still out; it also runs beside a listing, which may hang for long. */
  private async beat(): Promise<void> {
    if (this.pinging || this.status !== 'ok' || this.disposed) return;
    this.pinging = true;
    try {
      this.stats.pings++;
      await this.client.ping(this.opts.heartbeat.timeoutMs);
    } catch (err) {
      // Unless the model was disposed or already knows (a cycle failed meanwhile), this is the news.
      if (!this.disposed && this.status === 'ok') this.failed(err);
    } finally {
      this.pinging = false;
    }
  }

  /** While the daemon is away, a new socket file in its directory means it is back: reconnect now. */
  private watchDir(): void {
    const sock = this.endpoint.socketPath;
    if (!sock || this.dirWatcher || !this.opts.watchSocketDir) return;
    try {
      this.dirWatcher = nodeFs.watch(path.dirname(sock), (_event, file) => {
        if (file === null || String(file) === path.basename(sock)) {
          // The socket is created before the daemon listens: give it a moment.
          this.attempts = 0;
          this.schedule(300);
        }
      });
      this.dirWatcher.on('error', () => this.unwatchDir());
    } catch {
      // The directory does not exist (or cannot be read): the backoff retries are enough.
    }
  }

  private unwatchDir(): void {
    this.dirWatcher?.close();
    this.dirWatcher = undefined;
  }

  // --- events ---------------------------------------------------------------------------------------------

  private async openEvents(): Promise<void> {
    const ctrl = new AbortController();
    const body = await this.client.events(ctrl.signal);
    const lines = new JsonLines((v) => this.onEvent(v));
    const opened = Date.now();
    const closed = (err?: unknown) => {
      if (this.stream?.ctrl !== ctrl) return;
      this.stream = undefined;
      if (this.disposed) return;
      // Check soon: either the daemon went away (then the cycle fails and backs off) or the stream is reopened.
      // A stream that keeps closing right after it opens (a proxy, a daemon in trouble) is reopened less and
      // less often, since each reopening also lists every container again.
      this.quickCloses = Date.now() - opened < STREAM_SETTLED_MS ? this.quickCloses + 1 : 0;
      const delay = Math.min(STREAM_RETRY_MS * 2 ** Math.min(this.quickCloses, 10), STREAM_RETRY_MAX_MS);
      if (this.quickCloses <= 1) this.opts.log?.(`the event stream closed${err instanceof Error ? ` (${err.message})` : ''}; checking the daemon`);
      else if (this.quickCloses === 2) this.opts.log?.('the event stream keeps closing as soon as it opens; reopening it less often');
      this.streamRetryMs = delay;
      this.schedule(delay);
    };
    body.on('data', (chunk: Buffer) => lines.push(chunk));
    body.on('error', closed);
    body.on('end', () => closed());
    body.on('close', () => closed());
    this.stream = { ctrl, body };
  }

  private closeStream(): void {
    const s = this.stream;
    this.stream = undefined;
    if (s) {
      s.ctrl.abort();
      s.body.destroy();
    }
  }

  private onEvent(raw: unknown): void {
    const ev = toDockerEvent(raw);
    if (!ev?.containerId) return;
    this.stats.events++;
    if (ev.action === 'destroy') {
      this.pending.delete(ev.containerId);
      this.errorCache.delete(ev.containerId);
      if (this.containers.delete(ev.containerId)) this.emit();
      return;
    }
    // A new start attempt may have a new error: look again.
    this.errorCache.delete(ev.containerId);
    if (ev.action === 'die') this.died.set(ev.containerId, Date.now());
    else if (ev.action === 'start') this.died.delete(ev.containerId);
    // Show what the event says at once; the fetch below confirms it (and fills in what the event does not say).
    const known = this.containers.get(ev.containerId);
    const now = known && withEventState(known, ev.action, ev.exitCode);
    if (now) {
      this.containers.set(now.id, now);
      this.emit();
    }
    this.pending.add(ev.containerId);
    this.scheduleFlush();
  }

  /**
   * Takes a fetched container, unless it is the daemon lagging behind an event: after `die`, its listing says
   * "running" until the container's stop finishes (tens of ms later). Then the event's state stays, and the
   * container is fetched again shortly. Returns whether it was taken.
   */
  private take(c: ContainerInfo): boolean {
    const diedAt = this.died.get(c.id);
    if (diedAt !== undefined && (c.state === 'running' || c.state === 'paused') && Date.now() - diedAt < DIE_SETTLE_MS) {
      const shown = this.containers.get(c.id);
      if (shown && shown.state === 'exited') {
        this.recheckSoon(c.id);
        return false;
      }
    }
    if (diedAt !== undefined && c.state !== 'running' && c.state !== 'paused') this.died.delete(c.id);
    this.containers.set(c.id, c);
    return true;
  }

  private recheckTimer: NodeJS.Timeout | undefined;

  /** Fetches a container again in a moment (the daemon was still finishing what an event announced). */
  private recheckSoon(id: string): void {
    this.rechecks.add(id);
    this.recheckTimer ??= setTimeout(() => {
      this.recheckTimer = undefined;
      for (const r of this.rechecks) this.pending.add(r);
      this.rechecks.clear();
      this.scheduleFlush();
    }, RECHECK_MS);
  }

  private flushing: Promise<void> | undefined;

  private scheduleFlush(): void {
    if (this.flushTimer || this.disposed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, this.opts.debounceMs);
  }

  /** Fetches the containers named by recent events: one filtered listing for the batch, not a full re-list. */
  private async flush(): Promise<void> {
    if (this.flushing) {
      await this.flushing;
      if (this.pending.size) this.scheduleFlush();
      return;
    }
    this.flushing = (async () => {
      // Events that arrived during a full listing are applied after it, so the listing cannot undo them.
      if (this.listing) await this.listing.catch(() => undefined);
      const ids = [...this.pending];
      this.pending.clear();
      if (!ids.length || this.disposed || this.status !== 'ok') return;
      try {
        if (ids.length > this.opts.maxBatch) {
          await this.relist();
          return;
        }
        this.stats.fetches += ids.length;
        const list = toContainerInfos(await this.client.listContainers(ids), Date.now());
        await this.addStartErrors(list);
        if (this.disposed) return;
        const found = new Set(list.map((c) => c.id));
        for (const id of ids) if (!found.has(id)) this.containers.delete(id);
        for (const c of list) this.take(c);
        this.emit();
      } catch (err) {
        this.opts.log?.(`updating ${ids.length} container(s) failed: ${daemonMessage(err)}; checking the daemon`);
        for (const id of ids) this.pending.add(id);
        void this.cycle();
      }
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
    if (this.pending.size) this.scheduleFlush();
  }

  // --- listing --------------------------------------------------------------------------------------------

  /** One full listing at a time; callers during one share it. */
  private relist(): Promise<void> {
    this.listing ??= (async () => {
      try {
        this.stats.lists++;
        const list = toContainerInfos(await this.client.listContainers(), Date.now());
        await this.addStartErrors(list);
        if (this.disposed) return;
        const previous = this.containers;
        this.containers = new Map();
        for (const c of list) {
          const shown = previous.get(c.id);
          if (shown) this.containers.set(c.id, shown);
          if (!this.take(c) && !shown) this.containers.set(c.id, c);
        }
        for (const id of this.errorCache.keys()) if (!this.containers.has(id)) this.errorCache.delete(id);
        for (const id of this.died.keys()) if (!this.containers.has(id)) this.died.delete(id);
        this.emit();
      } finally {
        this.listing = undefined;
      }
    })();
    return this.listing;
  }

  /** For containers whose last start may have failed: the daemon's error (translated) and the ports they ask for. */
  private async addStartErrors(list: ContainerInfo[]): Promise<void> {
    const todo = list.filter(mayHaveStartError);
    const next = async (): Promise<void> => {
      const c = todo.shift();
      if (!c) return;
      const key = `${c.state}|${c.exitCode ?? ''}`;
      const cached = this.errorCache.get(c.id);
      let extra: StartError = cached?.key === key ? cached.info : {};
      if (cached?.key !== key) {
        try {
          extra = startError(await this.client.inspectContainer(c.id));
          this.errorCache.set(c.id, { key, info: extra });
        } catch {
          // Gone meanwhile, or the daemon is busy: shown without its error until the next listing.
        }
      }
      if (extra.error) c.error = extra.error;
      if (c.ports.length === 0 && extra.ports?.length) c.ports = extra.ports;
      return next();
    };
    // A few at a time: a compose project created but never started can have many.
    await Promise.all([next(), next(), next(), next()]);
  }

  private emit(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch (err) {
        this.opts.log?.(`a listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

type StartError = Partial<Pick<ContainerInfo, 'error' | 'ports'>>;

/** State.Error (translated) and the requested port bindings from an inspect answer. */
function startError(inspect: unknown): StartError {
  const state = isObject(inspect) && isObject(inspect.State) ? inspect.State : undefined;
  const message = state && typeof state.Error === 'string' ? state.Error : '';
  const out: StartError = { ports: requestedPorts(inspect) };
  if (message) {
    const translation = translateDaemonError(message);
    out.error = { message: oneLine(message, 1000), ...(translation ? { translation } : {}) };
  }
  return out;
}

function defaultStat(file: string): { uid: number; mode?: number } | undefined {
  try {
    const st = nodeFs.statSync(file);
    return { uid: st.uid, mode: st.mode };
  } catch {
    return undefined;
  }
}

/** The login name of a uid from /etc/passwd, or undefined. */
export function userName(uid: number, passwd = '/etc/passwd'): string | undefined {
  let text: string;
  try {
    text = nodeFs.readFileSync(passwd, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && f[2] === String(uid)) return f[0];
  }
  return undefined;
}
