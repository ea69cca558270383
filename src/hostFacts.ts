// The host facts the linter's severities follow: a generic rootless host, or (`auto`) this host's own
// files merged with the facts of the connected daemon, which the containers view reports as it connects.
import * as vscode from 'vscode';
import type { FactsSource } from './diagnostics/linter';
import type { DaemonFacts } from './docker/info';
import { readHost, type HostReading } from './lint/host/readHost';
import { GENERIC_HOST, type HostFacts } from './lint/types';
import { affectsLint, lintSettings } from './settings';

export class HostFactsSource implements FactsSource, vscode.Disposable {
  /** Undefined until the linter first asks: activation reads no host files. */
  private facts: HostFacts | undefined;
  private host: HostReading | undefined;
  private daemon: DaemonFacts | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  current(): HostFacts {
    if (!this.facts) {
      this.facts = this.compute();
      this.log.info(`Lint severities follow ${describe(this.facts)}.`);
    }
    return this.facts;
  }

  /** Called when a daemon connects (its facts) or goes away (undefined). */
  setDaemonFacts(daemon: DaemonFacts | undefined): void {
    this.daemon = daemon;
    this.refresh();
  }

  /** Recomputes the facts after a change, and tells the linter when they differ; nothing to do before the first lint. */
  refresh(): void {
    if (!this.facts) return;
    const next = this.compute();
    if (JSON.stringify(next) === JSON.stringify(this.facts)) return;
    this.facts = next;
    this.log.info(`Lint severities follow ${describe(next)}.`);
    this.emitter.fire();
  }

  private compute(): HostFacts {
    const { settings } = lintSettings();
    let next = GENERIC_HOST;
    if (settings.host === 'auto') {
      this.host ??= readHost(); // a few small files under /proc, /sys and /etc, read once
      const source = this.daemon ? 'daemon' : Object.keys(this.host).length ? 'host' : 'generic';
      next = { ...GENERIC_HOST, ...this.host, ...this.daemon, source };
    }
    return next;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

function describe(f: HostFacts): string {
  if (f.source === 'generic') return 'a typical rootless host';
  const parts = [`unprivileged ports from ${f.unprivilegedPortStart}`];
  if (f.cgroupVersion) parts.push(`cgroup v${f.cgroupVersion}`);
  if (f.cgroupDriver) parts.push(`cgroup driver ${f.cgroupDriver}`);
  if (f.daemonVersion) parts.push(`Docker ${f.daemonVersion}${f.rootless === false ? ' (rootful)' : f.rootless ? ' (rootless)' : ''}`);
  return `${f.source === 'daemon' ? 'this host and its daemon' : 'this host'}: ${parts.join(', ')}`;
}

export function registerHostFacts(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): HostFactsSource {
  const source = new HostFactsSource(log);
  context.subscriptions.push(
    source,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLint(e)) source.refresh();
    }),
  );
  return source;
}
