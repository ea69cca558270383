// The editor lints in a worker thread running dist/lint.js, so no file, however large or hostile, can block
// the extension host: a lint that runs past the time limit has its thread stopped (the next lint starts a
// fresh one), and a thread that dies is replaced the same way. One lint runs at a time; while it runs, a
// newer request for the same document replaces the waiting one. No vscode here: tested in plain Node.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LINT_WORKER_ROLE, type LintRequest, type WorkerReply } from '../lint/workerProtocol';
import type { Finding } from '../lint/types';

export type LintJob = Omit<LintRequest, 'id'>;

/** How a lint ended when it gave no findings. */
export type LintOutcome = { findings: Finding[] } | { superseded: true } | { timedOut: number } | { failed: string };

interface Waiting {
  job: LintJob;
  done: (outcome: LintOutcome) => void;
}

export interface LintThreadOptions {
  /** The script the worker runs (dist/lint.js in the build). */
  script: string;
  /** A lint running longer than this stops its thread. */
  timeLimitMs: number;
  /** Heap limit of the thread: an out-of-memory lint ends the thread, not the extension host. */
  maxHeapMb?: number;
}

export class LintThread {
  private worker?: Worker;
  private running?: { id: number; done: (outcome: LintOutcome) => void; timer: ReturnType<typeof setTimeout> };
  private readonly queue: Waiting[] = [];
  private nextId = 1;
  private disposed = false;
  /** Threads started so far (a stopped or dead thread is replaced by the next lint). */
  started = 0;

  constructor(private readonly options: LintThreadOptions) {}

  /** Lints in the thread. Resolves (never rejects) with the findings, or why there are none. */
  lint(job: LintJob): Promise<LintOutcome> {
    if (this.disposed) return Promise.resolve({ failed: 'the linter was shut down' });
    return new Promise((done) => {
      const older = this.queue.findIndex((w) => w.job.key === job.key);
      if (older >= 0) this.queue.splice(older, 1)[0].done({ superseded: true });
      this.queue.push({ job, done });
      this.next();
    });
  }

  /** Drops what the thread keeps for a document (closed, or its results are cleared). */
  forget(key: string): void {
    const waiting = this.queue.findIndex((w) => w.job.key === key);
    if (waiting >= 0) this.queue.splice(waiting, 1)[0].done({ superseded: true });
    this.worker?.postMessage({ forget: key });
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.queue.splice(0)) w.done({ superseded: true });
    this.finish({ superseded: true });
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private next(): void {
    if (this.running || this.disposed) return;
    const waiting = this.queue.shift();
    if (!waiting) return;
    const id = this.nextId++;
    const worker = this.thread();
    const timer = setTimeout(() => {
      // Stop the thread: this lint cannot finish in time, and it would hold every later one.
      this.replaceThread();
      this.finish({ timedOut: this.options.timeLimitMs });
    }, this.options.timeLimitMs);
    this.running = { id, done: waiting.done, timer };
    worker.postMessage({ id, ...waiting.job } satisfies LintRequest);
  }

  private finish(outcome: LintOutcome, id?: number): void {
    const running = this.running;
    if (!running || (id !== undefined && id !== running.id)) return;
    clearTimeout(running.timer);
    this.running = undefined;
    running.done(outcome);
    this.next();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.resolve(this.options.script), {
      workerData: { role: LINT_WORKER_ROLE },
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 1024 },
      stdout: true, // the engine prints nothing; whatever a dependency prints must not reach the host's console
      stderr: true,
    });
    this.started++;
    worker.unref(); // never what keeps a process alive
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on('message', (reply: WorkerReply) => this.finish('error' in reply ? { failed: reply.error } : { findings: reply.findings }, reply.id));
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.finish({ failed: why });
    };
    worker.on('error', (err) => died(err.message));
    worker.on('exit', (code) => died(`the lint thread exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private replaceThread(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
