// The lint engine as the editor runs it (dist/lint.js), with yaml, dockerfile-ast and dotenv (the `.env` beside
// a compose file). Started as the editor's lint thread it serves lint requests (src/bundles/lintWorker.ts), so
// a slow file never blocks the extension host.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { LINT_WORKER_ROLE } from '../lint/workerProtocol';
import { serve } from './lintWorker';

export { lint } from '../lint/engine';

if (!isMainThread && parentPort && (workerData as { role?: unknown } | null)?.role === LINT_WORKER_ROLE) serve(parentPort);
