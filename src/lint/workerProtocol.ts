// The messages between the editor and its lint thread (src/diagnostics/lintThread.ts, src/bundles/lintWorker.ts).
// Only types and one constant: the editor's bundle imports this without the engine.
import type { FileKind, Finding, LintOptions } from './types';

/** What the worker is started with, so dist/lint.js knows to serve. */
export const LINT_WORKER_ROLE = 'rootless-docker-lint';

export interface LintRequest {
  id: number;
  /** The document (its URI): compose files keep their incremental state under it. */
  key: string;
  text: string;
  kind: FileKind;
  options: Omit<LintOptions, 'rules'>;
  /** The text of the `.env` beside a compose file: its variables go under `options.env` (which wins). */
  dotenv?: string;
}

export type WorkerMessage = LintRequest | { forget: string };
export type WorkerReply = { id: number; findings: Finding[] } | { id: number; error: string };
