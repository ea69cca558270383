// Registers the editor side of the linter: diagnostics and their quick fixes.
import * as vscode from 'vscode';
import { registerCodeActions } from './codeActions';
import { DocumentLinter, type FactsSource } from './linter';

export function registerDiagnostics(context: vscode.ExtensionContext, facts: FactsSource, log: vscode.LogOutputChannel): DocumentLinter {
  const linter = new DocumentLinter(facts, log);
  context.subscriptions.push(linter);
  registerCodeActions(context, linter);
  return linter;
}
