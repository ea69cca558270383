// The extension's one connection to the daemon: endpoint discovery from the settings and environment, the
// live watcher, and the daemon facts for whoever needs them (the sidebar, the status bar, the linter's
// host facts). Nothing connects until start() (the view's first showing) or probeFacts() is called, and the
// daemon client (dockerode) is only loaded then.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { DaemonClient } from '../docker/client';
import type { Endpoint } from '../docker/endpoint';
import type { DaemonFacts } from '../docker/info';
import type { DaemonSnapshot, DaemonWatcher } from '../docker/watch';
import { loadDocker } from '../lazy';
import { containersSettings } from './settings';

export class DaemonConnection implements vscode.Disposable {
  private watcher: DaemonWatcher | undefined;
  /** The snapshot when no client could be made for the endpoint (a bad setting, bad TLS files). */
  private failure: DaemonSnapshot | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires on every change of the daemon's state or containers. */
  readonly onDidChange = this.changed.event;
  private readonly factsChanged = new vscode.EventEmitter<DaemonFacts | undefined>();
  /** Fires when the connected daemon's lint facts change (another daemon, rootless or not, a new version). */
  readonly onDidChangeFacts = this.factsChanged.event;
  private lastFacts: string | undefined;
  private probed: DaemonFacts | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  get started(): boolean {
    return this.watcher !== undefined || this.failure !== undefined;
  }

  /** Discovers the endpoint and starts following it; does nothing when already started. */
  start(): void {
    if (!this.started) this.connect();
  }

  /** Discovers the endpoint again (the setting or environment changed) and reconnects, when started. */
  reconnect(): void {
    if (!this.started) return;
    this.stop();
    this.connect();
  }

  /**
   * Reconnects now, forgetting the backoff. Discovery runs again first: when it last fell back to another
   * socket (the rootless daemon was stopped then) and the rootless daemon is back, that is the one to follow.
   */
  async refresh(): Promise<void> {
    if (!this.started) this.start();
    else if (this.discover().endpoint.host !== this.snapshot()?.endpoint.host) this.reconnect();
    await this.watcher?.refresh();
  }

  snapshot(): DaemonSnapshot | undefined {
    return this.watcher?.snapshot() ?? this.failure;
  }

  get client(): DaemonClient | undefined {
    return this.watcher?.client;
  }

  /** Fetches these containers again soon (after an action). */
  touch(...ids: string[]): void {
    this.watcher?.touch(...ids);
  }

  /** The connected daemon's lint facts, or undefined when no daemon answers. */
  facts(): DaemonFacts | undefined {
    return this.watcher ? this.watcher.snapshot().details?.facts : this.probed;
  }

  /** For the linter when the view was never shown: asks the daemon once (no live connection), and remembers the answer. */
  async probeFacts(): Promise<DaemonFacts | undefined> {
    if (this.started) return this.facts();
    const docker = loadDocker();
    const { endpoint } = this.discover();
    let client: DaemonClient | undefined;
    try {
      client = new docker.DaemonClient(endpoint, { env: process.env, home: os.homedir(), timeoutMs: 3000 });
      this.probed = (await client.details()).facts;
    } catch (err) {
      this.log.info(`Daemon facts: ${docker.classifyError(err, { endpoint }).message}`);
      this.probed = undefined;
    } finally {
      client?.dispose();
    }
    this.publishFacts();
    return this.probed;
  }

  private discover(): { endpoint: Endpoint; pollMs: number } {
    const { settings, problems } = containersSettings();
    const endpoint = loadDocker().findEndpoint({
      env: process.env,
      setting: settings.host,
      uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
      home: os.homedir(),
    });
    // A setting that was ignored shows in the view with the endpoint's other warnings.
    endpoint.warnings.unshift(...problems);
    return { endpoint, pollMs: settings.pollMs };
  }

  private connect(): void {
    const docker = loadDocker();
    const { endpoint, pollMs } = this.discover();
    this.log.info(`Docker endpoint: ${endpoint.host} (${endpoint.reason})`);
    for (const w of endpoint.warnings) this.log.warn(w);
    let client: DaemonClient;
    try {
      client = new docker.DaemonClient(endpoint, { env: process.env, home: os.homedir() });
    } catch (err) {
      const problem = docker.classifyError(err, { endpoint });
      this.log.error(problem.message);
      this.failure = { endpoint, status: problem.status, problem, containers: new Map(), warnings: endpoint.warnings, attempts: 0, live: false };
      this.fire();
      return;
    }
    const watcher = new docker.DaemonWatcher(client, {
      pollMs,
      uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
      log: (line) => this.log.info(line),
    });
    this.watcher = watcher;
    watcher.onDidChange(() => {
      if (this.watcher !== watcher) return;
      // Nothing answers here: if discovery now finds another daemon (the rootless one started after this one
      // was chosen as the fallback), follow that one. Each retry of the watcher looks again.
      const s = watcher.snapshot();
      if ((s.status === 'no-socket' || s.status === 'refused') && this.discover().endpoint.host !== s.endpoint.host) {
        this.reconnect();
        return;
      }
      this.fire();
    });
    watcher.start();
    this.fire();
  }

  private stop(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    this.failure = undefined;
  }

  private fire(): void {
    this.changed.fire();
    this.publishFacts();
  }

  private publishFacts(): void {
    const facts = this.facts();
    const json = JSON.stringify(facts ?? null);
    if (json === this.lastFacts) return;
    this.lastFacts = json;
    this.factsChanged.fire(facts);
  }

  dispose(): void {
    this.stop();
    this.changed.dispose();
    this.factsChanged.dispose();
  }
}
