// Registers the editor side of the linter: diagnostics and their quick fixes.
import * as vscode from 'vscode';
import { registerCodeActions } from './codeActions';
import { DocumentLinter, type FactsSource } from './linter';

export function registerDiagnostics(context: vscode.ExtensionContext, facts: FactsSource, log: vscode.LogOutputChannel): DocumentLinter {
  // The engine runs in a worker thread from dist/lint.js, started with the first document to lint.
  const linter = new DocumentLinter(facts, log, vscode.Uri.joinPath(context.extensionUri, 'dist', 'lint.js').fsPath);
  context.subscriptions.push(linter);
  registerCodeActions(context, linter);
  return linter;
}
