// The doctor's report for people and programs: text for the terminal, JSON for tools, and an HTML document for
// the editor's webview. Everything read from the host or the daemon is escaped in HTML.
import type { CheckResult, CheckStatus, DoctorReport } from './types';

const ORDER: Record<CheckStatus, number> = { fail: 0, warn: 1, pass: 2, skip: 3 };
const MARK: Record<CheckStatus, string> = { pass: '✔', warn: '⚠', fail: '✖', skip: '–' };
const LABEL: Record<CheckStatus, string> = { pass: 'pass', warn: 'warn', fail: 'FAIL', skip: 'skip' };

/** Problems first (fail, warn), then passes and skips; the checks' own order within each. */
export function byStatus(results: readonly CheckResult[]): CheckResult[] {
  return results.map((r, i) => ({ r, i })).sort((a, b) => ORDER[a.r.status] - ORDER[b.r.status] || a.i - b.i).map(({ r }) => r);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryLine(report: DoctorReport): string {
  const s = report.summary;
  const total = report.results.length;
  return `${plural(total, 'check')}: ${s.pass} passed, ${plural(s.warn, 'warning')}, ${s.fail} failed, ${s.skip} skipped`;
}

function who(report: DoctorReport): string {
  const u = report.user;
  const name = u.name ?? 'unknown user';
  return `${name}${u.uid !== undefined ? ` (uid ${u.uid})` : ''}`;
}

/** Strips terminal control characters from text that came from the host. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, '');
}

/** Plain text, one block per check, problems first, fixes indented under them. */
export function formatDoctorText(report: DoctorReport): string {
  const lines = [`Rootless Docker doctor: ${plain(who(report))}${report.kernel ? `, kernel ${plain(report.kernel)}` : ''}`, ''];
  for (const r of byStatus(report.results)) {
    lines.push(`${MARK[r.status]} ${LABEL[r.status].padEnd(4)}  ${plain(r.title)}: ${plain(r.summary)}`);
    if (r.status === 'warn' || r.status === 'fail') {
      for (const d of r.details ?? []) lines.push(`          ${plain(d)}`);
    }
    if (r.fix && r.status !== 'pass') {
      lines.push(`          fix: ${plain(r.fix.text)}`);
      for (const c of r.fix.commands ?? []) lines.push(`            $ ${plain(c)}`);
      if (r.fix.docs) lines.push(`          see ${r.fix.docs}`);
    }
  }
  lines.push('', summaryLine(report));
  return lines.join('\n') + '\n';
}

export const DOCTOR_SCHEMA_VERSION = 1;

export function formatDoctorJson(report: DoctorReport, tool: { name: string; version: string }): string {
  return (
    JSON.stringify(
      { schemaVersion: DOCTOR_SCHEMA_VERSION, tool, generatedAt: report.generatedAt, user: report.user, kernel: report.kernel, summary: report.summary, checks: report.results },
      null,
      2,
    ) + '\n'
  );
}

// --- HTML (the editor's webview) ------------------------------------------------------------------------------

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `code` spans for text between backticks (when they pair up); everything escaped. */
function inline(text: string): string {
  const parts = plain(text).split('`');
  if (parts.length % 2 === 0) return escapeHtml(plain(text));
  return parts.map((part, i) => (i % 2 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part))).join('');
}

export interface HtmlOptions {
  /** The webview's cspSource. */
  cspSource: string;
  /** A fresh nonce for the inline script and style. */
  nonce: string;
}

const STATUS_TEXT: Record<CheckStatus, string> = { pass: 'Passed', warn: 'Warning', fail: 'Failed', skip: 'Skipped' };

/**
 * A complete HTML document. Buttons post `{ type: 'copy' | 'terminal', check, index }` or `{ type: 'rerun' }`: the
 * extension looks the command up in the report it rendered, so the page never hands it text to run.
 */
export function renderDoctorHtml(report: DoctorReport, options: HtmlOptions): string {
  const { nonce, cspSource } = options;
  const s = report.summary;
  const cards = byStatus(report.results).map((r) => card(r)).join('\n');
  const headline =
    s.fail > 0
      ? `${plural(s.fail, 'problem')} to fix${s.warn ? `, ${plural(s.warn, 'warning')}` : ''}`
      : s.warn > 0
        ? `No failures, ${plural(s.warn, 'warning')}`
        : 'Everything rootless Docker needs is in place';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${escapeHtml(cspSource)} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Rootless Docker: Doctor</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 24px; max-width: 980px; }
  header { display: flex; align-items: baseline; justify-content: space-between; gap: 16px; border-bottom: 1px solid var(--vscode-panel-border); padding: 12px 0; }
  h1 { font-size: 1.4em; margin: 0; font-weight: 600; }
  .meta { color: var(--vscode-descriptionForeground); margin: 6px 0 0; }
  .counts span { margin-right: 12px; white-space: nowrap; }
  button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 10px; border-radius: 2px; cursor: pointer; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
  .check { border: 1px solid var(--vscode-panel-border); border-left-width: 4px; border-radius: 3px; margin: 12px 0; padding: 10px 14px; }
  .check.fail { border-left-color: var(--vscode-testing-iconFailed, var(--vscode-errorForeground)); }
  .check.warn { border-left-color: var(--vscode-editorWarning-foreground); }
  .check.pass { border-left-color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
  .check.skip { border-left-color: var(--vscode-disabledForeground); opacity: 0.85; }
  .title { display: flex; gap: 8px; align-items: baseline; }
  .badge { font-size: 0.85em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
  .fail .badge { color: var(--vscode-testing-iconFailed, var(--vscode-errorForeground)); }
  .warn .badge { color: var(--vscode-editorWarning-foreground); }
  .pass .badge { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
  .skip .badge { color: var(--vscode-disabledForeground); }
  h2 { font-size: 1.05em; margin: 0; font-weight: 600; }
  p { margin: 6px 0; line-height: 1.45; }
  ul.details { margin: 4px 0; padding-left: 18px; color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); font-size: 0.92em; }
  .fix { background: var(--vscode-textBlockQuote-background); border-radius: 3px; padding: 8px 12px; margin-top: 8px; }
  .fix strong { font-weight: 600; }
  .cmd { display: flex; align-items: center; gap: 8px; margin: 6px 0; }
  .cmd code { flex: 1; display: block; padding: 4px 8px; background: var(--vscode-textCodeBlock-background); font-family: var(--vscode-editor-font-family); white-space: pre-wrap; word-break: break-all; }
  code { font-family: var(--vscode-editor-font-family); }
  a { color: var(--vscode-textLink-foreground); }
  .note { color: var(--vscode-descriptionForeground); font-size: 0.92em; }
</style>
</head>
<body>
<header>
  <div>
    <h1>${escapeHtml(headline)}</h1>
    <p class="meta">Checked for ${escapeHtml(plain(who(report)))}${report.kernel ? `, kernel ${escapeHtml(plain(report.kernel))}` : ''}, at ${escapeHtml(report.generatedAt)}</p>
    <p class="counts"><span>✖ ${s.fail} failed</span><span>⚠ ${plural(s.warn, 'warning')}</span><span>✔ ${s.pass} passed</span><span>– ${s.skip} skipped</span></p>
  </div>
  <button id="rerun" title="Run every check again">Run Again</button>
</header>
<p class="note">Commands are shown for you to run: the extension never runs them, and those starting with sudo need an administrator.</p>
<main>
${cards}
</main>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  document.getElementById('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
  for (const b of document.querySelectorAll('button[data-action]')) {
    b.addEventListener('click', () => vscode.postMessage({ type: b.dataset.action, check: b.dataset.check, index: Number(b.dataset.index) }));
  }
</script>
</body>
</html>
`;
}

function card(r: CheckResult): string {
  const id = escapeHtml(r.id);
  const details = r.details?.length ? `<ul class="details">${r.details.map((d) => `<li>${escapeHtml(plain(d))}</li>`).join('')}</ul>` : '';
  let fix = '';
  if (r.fix && r.status !== 'pass') {
    const commands = (r.fix.commands ?? [])
      .map(
        (c, i) =>
          `<div class="cmd"><code>${escapeHtml(plain(c))}</code>` +
          `<button class="secondary" data-action="copy" data-check="${id}" data-index="${i}" title="Copy the command">Copy</button>` +
          `<button class="secondary" data-action="terminal" data-check="${id}" data-index="${i}" title="Type it into a terminal without running it">Paste in Terminal</button></div>`,
      )
      .join('');
    const docs = r.fix.docs && /^https:\/\//.test(r.fix.docs) ? ` <a href="${escapeHtml(r.fix.docs)}">Learn more</a>` : '';
    fix = `<div class="fix"><p><strong>Fix:</strong> ${inline(r.fix.text)}${docs}</p>${commands}</div>`;
  }
  return `<section class="check ${r.status}" id="check-${id}">
  <div class="title"><span class="badge">${MARK[r.status]} ${STATUS_TEXT[r.status]}</span><h2>${escapeHtml(plain(r.title))}</h2></div>
  <p>${inline(r.summary)}</p>
  ${details}${fix}
</section>`;
}
