// The extension's entry point: a table of contents of what it registers.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rootlessDocker.showVersion', () => {
      const version = (context.extension.packageJSON as { version: string }).version;
      void vscode.window.showInformationMessage(`Rootless Docker ${version}`);
    }),
  );
}

export function deactivate(): void {}
