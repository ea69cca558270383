// Quick fixes from the engine's fix data, plus "disable for this line" and "learn more"; and the
// "Fix all rootless problems" source action (source.fixAll.rootlessDocker, also run by
// `editor.codeActionsOnSave`), which applies every preferred fix that does not overlap another.
import * as vscode from 'vscode';
import { chooseEdits } from '../lint/fixes';
import { suppressionFix } from '../lint/suppress';
import { LineIndex } from '../lint/text';
import type { Finding, TextEdit } from '../lint/types';
import { kindOf, SELECTOR } from './documents';
import { SOURCE, type DocumentLinter } from './linter';

export const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('rootlessDocker');

export class RootlessCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL];

  constructor(private readonly linter: DocumentLinter) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    if (wants(context, vscode.CodeActionKind.QuickFix)) {
      // Only for the version the diagnostics were made from: never apply a stale edit.
      const result = this.linter.resultFor(doc);
      if (result) actions.push(...this.quickFixes(doc, result.findings, context.diagnostics));
    }
    if (wants(context, FIX_ALL)) {
      const result = await this.linter.currentResult(doc);
      const fixAll = result && result.version === doc.version ? this.fixAll(doc, result.findings) : undefined;
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  private quickFixes(doc: vscode.TextDocument, findings: Finding[], diagnostics: readonly vscode.Diagnostic[]): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const lines = new LineIndex(doc.getText());
    const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const finding = findings.find((f) => matches(f, diagnostic));
      if (!finding) continue;
      for (const fix of finding.fixes) actions.push(this.action(doc, fix.title, fix.edits, diagnostic, fix.preferred === true));
      // A comment above a Dockerfile parser directive would turn the directive into a plain comment.
      if (!(kindOf(doc) === 'dockerfile' && onParserDirective(lines, finding.start.line))) {
        const suppress = suppressionFix(finding, lines, eol);
        actions.push(this.action(doc, suppress.title, suppress.edits, diagnostic, false));
      }
      const learn = new vscode.CodeAction(`Learn more about ${finding.ruleId}`, vscode.CodeActionKind.QuickFix);
      learn.diagnostics = [diagnostic];
      learn.command = { title: learn.title, command: 'vscode.open', arguments: [vscode.Uri.parse(finding.docs)] };
      actions.push(learn);
    }
    return actions;
  }

  private fixAll(doc: vscode.TextDocument, findings: Finding[]): vscode.CodeAction | undefined {
    const { edits, count } = chooseEdits(findings, doc.getText().length);
    if (!count) return undefined;
    return this.action(doc, `Fix all rootless problems (${count})`, edits, undefined, false, FIX_ALL);
  }

  private action(
    doc: vscode.TextDocument,
    title: string,
    edits: readonly TextEdit[],
    diagnostic: vscode.Diagnostic | undefined,
    preferred: boolean,
    kind = vscode.CodeActionKind.QuickFix,
  ): vscode.CodeAction {
    const action = new vscode.CodeAction(title, kind);
    if (diagnostic) action.diagnostics = [diagnostic];
    action.isPreferred = preferred;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.text);
    }
    action.edit = edit;
    return action;
  }
}

/** Whether the request asks for actions of `kind`: no filter, or a filter that includes it or is inside it. */
function wants(context: vscode.CodeActionContext, kind: vscode.CodeActionKind): boolean {
  // Source actions are only computed when asked for (the Source Action menu, codeActionsOnSave), not on every cursor move.
  if (!context.only) return kind === vscode.CodeActionKind.QuickFix;
  return context.only.contains(kind) || kind.contains(context.only);
}

/** Whether a line is one of the `# name=value` parser directives that may only open a Dockerfile. */
function onParserDirective(lines: LineIndex, line: number): boolean {
  for (let i = 0; i <= line; i++) {
    if (!/^\s*#\s*[A-Za-z][\w-]*\s*=/.test(lines.lineText(i))) return false;
  }
  return true;
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
    vscode.languages.registerCodeActionsProvider(SELECTOR, new RootlessCodeActions(linter), {
      providedCodeActionKinds: RootlessCodeActions.kinds,
    }),
  );
}
