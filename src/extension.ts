// The extension's entry point: a table of contents of what it registers.
import * as vscode from 'vscode';
import { registerDiagnostics } from './diagnostics';
import { registerHostFacts } from './hostFacts';
import { registerContainersView } from './views';
import { registerDoctor } from './commands/doctor';
import { registerServiceCommands } from './commands/service';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Rootless Docker', { log: true });
  context.subscriptions.push(log);
  const facts = registerHostFacts(context, log);
  registerDiagnostics(context, facts, log);
  const daemon = registerContainersView(context, log);
  context.subscriptions.push(daemon.onDidChangeFacts((f) => facts.setDaemonFacts(f))); // lint host facts follow the connected daemon
  registerServiceCommands(context, log);
  registerDoctor(context, log);
  context.subscriptions.push(
    vscode.commands.registerCommand('rootlessDocker.showVersion', () => {
      const version = (context.extension.packageJSON as { version: string }).version;
      void vscode.window.showInformationMessage(`Rootless Docker ${version}`);
    }),
  );
}

export function deactivate(): void {}
