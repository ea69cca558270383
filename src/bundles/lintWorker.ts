// The lint engine's side of the editor's lint thread (src/diagnostics/lintThread.ts). dist/lint.js runs this
// when it is started as that worker: requests come in one at a time, each document keeps an
// IncrementalLinter (compose files are re-linted service by service as they are edited).
import type { MessagePort } from 'node:worker_threads';
import { parse as parseDotenv } from 'dotenv';
import { lint } from '../lint/engine';
import { IncrementalLinter } from '../lint/incremental';
import type { Finding } from '../lint/types';
import type { LintRequest, WorkerMessage, WorkerReply } from '../lint/workerProtocol';

/** Documents whose incremental state is kept; the least recently linted goes first. */
const MAX_DOCUMENTS = 32;

export function serve(port: MessagePort): void {
  const linters = new Map<string, IncrementalLinter>();
  port.on('message', (m: WorkerMessage) => {
    if ('forget' in m) {
      linters.delete(m.forget);
      return;
    }
    try {
      port.postMessage({ id: m.id, findings: lintDocument(linters, m) } satisfies WorkerReply);
    } catch (err) {
      port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
    }
  });
}

function lintDocument(linters: Map<string, IncrementalLinter>, m: LintRequest): Finding[] {
  if (m.kind !== 'compose') {
    linters.delete(m.key);
    return lint(m.text, m.kind, m.options);
  }
  const linter = linters.get(m.key) ?? new IncrementalLinter();
  linters.delete(m.key);
  linters.set(m.key, linter); // most recent last
  if (linters.size > MAX_DOCUMENTS) linters.delete(linters.keys().next().value as string);
  const options = m.dotenv === undefined ? m.options : { ...m.options, env: { ...dotenv(m.dotenv), ...m.options.env } };
  return linter.lint(m.text, m.kind, options);
}

let lastDotenv: { text: string; vars: Record<string, string> } | undefined;

/** The variables of a `.env` text; the last one is kept, as every keystroke in a compose file sends it again. */
function dotenv(text: string): Record<string, string> {
  if (lastDotenv?.text !== text) lastDotenv = { text, vars: parseDotenv(text) };
  return lastDotenv.vars;
}
