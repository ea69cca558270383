// Documents -> lint engine -> diagnostics. Lints on open, as the user types (debounced), on save and
// when settings, host facts or a `.env` change; drops results that a newer edit has overtaken; clears a
// document when its last editor tab closes (VS Code may keep the document itself open for minutes).
// The engine runs in a worker thread (lintThread.ts): a file that takes too long is reported, not waited for.
import * as vscode from 'vscode';
import { DOCS } from '../lint/rule';
import type { Finding, HostFacts, Severity } from '../lint/types';
import { affectsLint, lintSettings } from '../settings';
import { kindOf } from './documents';
import { EnvFiles } from './envFiles';
import { LintThread } from './lintThread';

export const SOURCE = 'rootless-docker';

/** A lint running longer than this is stopped, and the file reported as not linted. */
export const LINT_TIME_LIMIT_MS = 10_000;

export interface FactsSource {
  current(): HostFacts;
  readonly onDidChange: vscode.Event<void>;
}

/** What one lint of a document found, kept for the quick fixes. */
export interface LintResult {
  version: number;
  findings: Finding[];
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class DocumentLinter implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  private readonly results = new Map<string, LintResult>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly generations = new Map<string, number>();
  private readonly env = new EnvFiles();
  private readonly reported = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Documents shown in an editor tab at the last look. */
  private inTabs = tabUris();
  /** Documents whose last tab closed while VS Code kept them open: not linted until shown again. */
  private readonly tabClosed = new Set<string>();
  private readonly thread: LintThread;

  constructor(
    private readonly facts: FactsSource,
    private readonly log: vscode.LogOutputChannel,
    lintScript: string,
  ) {
    this.thread = new LintThread({ script: lintScript, timeLimitMs: LINT_TIME_LIMIT_MS });
    const ws = vscode.workspace;
    this.subscriptions.push(
      this.collection,
      this.env,
      ws.onDidOpenTextDocument((d) => {
        this.tabClosed.delete(d.uri.toString());
        this.lintSoon(d, 0);
      }),
      ws.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.lintSoon(e.document);
      }),
      ws.onDidSaveTextDocument((d) => this.lintSoon(d, 0)),
      ws.onDidCloseTextDocument((d) => {
        this.tabClosed.delete(d.uri.toString());
        this.forget(d.uri);
      }),
      // VS Code keeps a document open for a while after its last editor tab closes: clear it then, as a person expects.
      vscode.window.tabGroups.onDidChangeTabs(() => this.tabsChanged()),
      ws.onDidChangeConfiguration((e) => {
        if (affectsLint(e)) this.lintAll();
      }),
      facts.onDidChange(() => this.lintAll()),
      // A `.env` beside a compose file changes what its `${VAR}`s resolve to.
      this.env.onDidChange((folder) => {
        for (const doc of ws.textDocuments) {
          if (kindOf(doc) === 'compose' && vscode.Uri.joinPath(doc.uri, '..').toString() === folder.toString()) this.lintSoon(doc, 0);
        }
      }),
    );
    this.lintAll();
  }

  /** Clears documents whose last tab closed; lints documents that came back into a tab while still open. */
  private tabsChanged(): void {
    const now = tabUris();
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    for (const key of this.inTabs) {
      if (now.has(key) || !open.has(key)) continue;
      this.tabClosed.add(key);
      this.forget(vscode.Uri.parse(key));
    }
    for (const key of now) {
      const doc = open.get(key);
      if (!this.inTabs.has(key) && this.tabClosed.delete(key) && doc) this.lintSoon(doc, 0);
    }
    this.inTabs = now;
  }

  /** The findings behind the current diagnostics of a document, if they are for this version. */
  resultFor(doc: vscode.TextDocument): LintResult | undefined {
    const r = this.results.get(doc.uri.toString());
    return r && r.version === doc.version ? r : undefined;
  }

  /** The findings for the document as it is now: the last lint's when current, else a fresh lint (e.g. "Fix all" on save right after typing). */
  async currentResult(doc: vscode.TextDocument): Promise<LintResult | undefined> {
    const have = this.resultFor(doc);
    if (have || !kindOf(doc)) return have;
    const key = doc.uri.toString();
    const gen = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, gen);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    await this.lintNow(doc, gen);
    return this.resultFor(doc);
  }

  lintAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.lintSoon(doc, 0);
  }

  private lintSoon(doc: vscode.TextDocument, delay?: number): void {
    const key = doc.uri.toString();
    const gen = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, gen);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (this.tabClosed.has(key)) return;
    if (!kindOf(doc)) {
      if (this.results.has(key)) this.forget(doc.uri);
      return;
    }
    const wait = delay ?? lintSettings(doc.uri).settings.debounceMs;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.lintNow(doc, gen).catch((err: unknown) => this.log.error(`Linting ${doc.uri.toString(true)} failed: ${String(err)}`));
      }, wait),
    );
  }

  private async lintNow(doc: vscode.TextDocument, gen: number): Promise<void> {
    const key = doc.uri.toString();
    const kind = kindOf(doc);
    const { settings, problems } = lintSettings(doc.uri);
    for (const p of problems) this.reportOnce(p);
    if (!kind || !settings.enable || doc.isClosed) {
      this.forget(doc.uri);
      return;
    }
    const dotenv = kind === 'compose' ? await this.env.dotenvFor(doc) : undefined;
    if (this.generations.get(key) !== gen || doc.isClosed) return; // a newer edit or a close won
    const version = doc.version;
    const options = { facts: this.facts.current(), env: kind === 'compose' ? { ...process.env } : {}, severities: settings.rules, maxBytes: settings.maxFileSize };
    const outcome = await this.thread.lint({ key, text: doc.getText(), kind, options, ...(dotenv === undefined ? {} : { dotenv }) });
    if ('superseded' in outcome || this.generations.get(key) !== gen || doc.isClosed || doc.version !== version) return;
    let findings: Finding[];
    if ('findings' in outcome) findings = outcome.findings;
    else {
      const why = 'timedOut' in outcome ? `it took longer than ${outcome.timedOut / 1000} s, so it was stopped to keep the editor responsive` : `the linter failed: ${outcome.failed}`;
      this.log.warn(`${doc.uri.toString(true)} was not linted: ${why}.`);
      findings = [notLinted(`This file was not linted: ${why}.`)];
    }
    this.results.set(key, { version, findings });
    this.collection.set(doc.uri, findings.map((f) => toDiagnostic(f)));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.results.delete(key);
    this.collection.delete(uri);
    this.thread.forget(key);
  }

  private reportOnce(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.log.warn(message);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.thread.dispose();
  }
}

/** The documents shown in editor tabs, including either side of a diff. */
function tabUris(): Set<string> {
  const uris = new Set<string>();
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.input instanceof vscode.TabInputText) uris.add(tab.input.uri.toString());
    else if (tab.input instanceof vscode.TabInputTextDiff) uris.add(tab.input.modified.toString()).add(tab.input.original.toString());
  }
  return uris;
}

/** The finding shown at the top of a file the thread could not lint. */
function notLinted(message: string): Finding {
  const at = { line: 0, character: 0 };
  return { ruleId: 'not-linted', severity: 'info', message, offset: 0, length: 0, start: at, end: at, docs: DOCS.troubleshoot, fixes: [] };
}

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const range = new vscode.Range(f.start.line, f.start.character, f.end.line, f.end.character);
  const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
  d.source = SOURCE;
  d.code = { value: f.ruleId, target: vscode.Uri.parse(f.docs) };
  return d;
}
