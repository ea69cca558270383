// Lints hostile inputs in a child process (lintChild.ts), so an input that aborts or hangs the engine
// fails its test with a clear message instead of taking the test runner down.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { ChildCase, ChildResult } from './lintChild';

export type { ChildCase, ChildResult };

/** A generous guard on one case's CPU time; real figures belong in bench/. */
export const GUARD_MS = 5000;

export type Outcome = { ok: true; results: ChildResult[] } | { ok: false; reason: string };

/** Lints the cases in one child; gives up (and says so) after `timeoutMs` of wall time. */
export function lintIsolated(cases: ChildCase[], timeoutMs = 60_000): Outcome {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'lintChild.ts')], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { ok: false, reason: `did not finish within ${timeoutMs / 1000} s (killed)` };
  if (r.error) return { ok: false, reason: `could not run: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: `the child ${r.signal ? `died of ${r.signal}` : `exited with ${r.status}`}: ${r.stderr.slice(-2000)}` };
  return { ok: true, results: JSON.parse(r.stdout) as ChildResult[] };
}

/** Lints the cases and returns their results, failing with the reason when the child did not finish. */
export function lintOk(cases: ChildCase[], timeoutMs?: number): ChildResult[] {
  const out = lintIsolated(cases, timeoutMs);
  if (!out.ok) throw new Error(`Linting a hostile input ${out.reason}`);
  for (const [i, r] of out.results.entries()) {
    if (r.cpuMs > GUARD_MS * (cases[i].repeat ?? 1)) throw new Error(`case ${i} took ${Math.round(r.cpuMs)} ms of CPU (guard: ${GUARD_MS} ms per lint)`);
    if (r.crashed.length) throw new Error(`case ${i}: ${r.crashed.join('; ')}`);
  }
  return out.results;
}
