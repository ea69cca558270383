// Quick fixes from the engine's fix data, plus "disable for this line" and "learn more".
import * as vscode from 'vscode';
import { suppressionFix } from '../lint/suppress';
import { LineIndex } from '../lint/text';
import type { Finding, Fix } from '../lint/types';
import { SOURCE, type DocumentLinter } from './linter';

export class RootlessCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly linter: DocumentLinter) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const result = this.linter.resultFor(doc);
    if (!result) return []; // the diagnostics are for an older version: never apply a stale edit
    const actions: vscode.CodeAction[] = [];
    const lines = new LineIndex(doc.getText());
    const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const finding = result.findings.find((f) => matches(f, diagnostic));
      if (!finding) continue;
      for (const fix of finding.fixes) actions.push(this.action(doc, fix, diagnostic, fix.preferred === true));
      actions.push(this.action(doc, suppressionFix(finding, lines, eol), diagnostic, false));
      const learn = new vscode.CodeAction(`Learn more about ${finding.ruleId}`, vscode.CodeActionKind.QuickFix);
      learn.diagnostics = [diagnostic];
      learn.command = { title: learn.title, command: 'vscode.open', arguments: [vscode.Uri.parse(finding.docs)] };
      actions.push(learn);
    }
    return actions;
  }

  private action(doc: vscode.TextDocument, fix: Fix, diagnostic: vscode.Diagnostic, preferred: boolean): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = preferred;
    const edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits) {
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.text);
    }
    action.edit = edit;
    return action;
  }
}

function matches(f: Finding, d: vscode.Diagnostic): boolean {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return (
    code === f.ruleId &&
    d.message === f.message &&
    d.range.start.line === f.start.line &&
    d.range.start.character === f.start.character &&
    d.range.end.line === f.end.line &&
    d.range.end.character === f.end.character
  );
}

export function registerCodeActions(context: vscode.ExtensionContext, linter: DocumentLinter): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'dockercompose' }, { language: 'dockerfile' }, { language: 'yaml' }],
      new RootlessCodeActions(linter),
      { providedCodeActionKinds: RootlessCodeActions.kinds },
    ),
  );
}
