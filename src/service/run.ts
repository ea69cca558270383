// The one place that starts systemctl, journalctl, loginctl and the doctor's helper tools. No shell: fixed
// argument arrays, binaries resolved once from a fixed trusted PATH (never the workspace's, never $PATH),
// cwd = home, a minimal environment, timeouts, SIGKILL on timeout and capped output. A run never rejects: the
// result says what happened. Measured behaviours: ../shared/reliability.md section 5.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Tool = 'systemctl' | 'journalctl' | 'loginctl' | 'getcap';

/** Root-owned system directories only; NixOS keeps its system profile under /run/current-system. */
export const TRUSTED_DIRS: readonly string[] = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/run/current-system/sw/bin'];

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
/** A streamed line longer than this is cut (a journal message can be megabytes). */
export const MAX_LINE = 16 * 1024;

export type RunFailure = 'not-found' | 'timeout' | 'too-much-output' | 'spawn-error';

export interface RunResult {
  tool: Tool;
  args: readonly string[];
  /** The exit code; null when the process was killed or never started. */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Set when the tool could not run to its end on its own. */
  failure?: RunFailure;
  /** One sentence about the failure, for logs and messages. */
  failureMessage?: string;
  durationMs: number;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Cap on stdout and on stderr, each. */
  maxBytes?: number;
}

export interface StreamHandle {
  /** Ends the process (SIGTERM, then SIGKILL after a second). */
  stop(): void;
  /** Settles when the process has exited; stdout is empty (it went to onLine), stderr is kept, capped. */
  done: Promise<RunResult>;
}

export interface Runner {
  /** The absolute path the tool resolves to, or undefined when it is not installed in a trusted directory. */
  which(tool: Tool): string | undefined;
  run(tool: Tool, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Starts a long-running tool (journalctl --follow), handing each stdout line to onLine. */
  stream(tool: Tool, args: readonly string[], onLine: (line: string) => void): StreamHandle;
}

export interface RunnerOptions {
  /** The environment to take XDG_RUNTIME_DIR and DBUS_SESSION_BUS_ADDRESS from (default: this process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The working directory (default: the home directory). */
  cwd?: string;
  /** Where tools are looked up, in order (default TRUSTED_DIRS). Tests point it at stub scripts. */
  dirs?: readonly string[];
  /** Which files may run (default trustedExecutable: root-owned, not writable by others). */
  trusted?: (file: string) => boolean;
}

/** The environment every tool gets: C locale, no pager, no colours, and only the bus-locating variables passed on. */
export function toolEnv(env: Readonly<Record<string, string | undefined>>, dirs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {
    LC_ALL: 'C',
    LANG: 'C',
    SYSTEMD_PAGER: '',
    PAGER: 'cat',
    SYSTEMD_COLORS: '0',
    SYSTEMD_LESS: '',
    PATH: dirs.join(':'),
  };
  for (const key of ['XDG_RUNTIME_DIR', 'DBUS_SESSION_BUS_ADDRESS'] as const) {
    const value = env[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}

/** An executable regular file that only root can change (owner root, not group- or world-writable). */
export function trustedExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    return st.isFile() && (st.mode & 0o111) !== 0 && st.uid === 0 && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Lenient decoding: invalid UTF-8 becomes U+FFFD rather than an error. */
export function decodeOutput(data: Buffer | string | undefined): string {
  if (data === undefined) return '';
  return typeof data === 'string' ? data : data.toString('utf8');
}

export function createRunner(options: RunnerOptions = {}): Runner {
  const dirs = options.dirs ?? TRUSTED_DIRS;
  const env = toolEnv(options.env ?? process.env, dirs);
  // A home that does not exist (service accounts) would make every spawn fail with ENOENT.
  const cwd = existingDir(options.cwd ?? safeHome()) ?? '/';
  const trusted = options.trusted ?? trustedExecutable;
  const resolved = new Map<Tool, string | undefined>();

  const which = (tool: Tool): string | undefined => {
    if (!resolved.has(tool)) {
      const found = dirs.map((d) => path.join(d, tool)).find((f) => trusted(f));
      resolved.set(tool, found);
    }
    return resolved.get(tool);
  };

  const notFound = (tool: Tool, args: readonly string[]): RunResult => ({
    tool,
    args,
    code: null,
    signal: null,
    stdout: '',
    stderr: '',
    failure: 'not-found',
    failureMessage: `${tool} is not installed (looked in ${dirs.join(', ')})`,
    durationMs: 0,
  });

  const run = (tool: Tool, args: readonly string[], runOptions: RunOptions = {}): Promise<RunResult> => {
    const file = which(tool);
    if (file === undefined) return Promise.resolve(notFound(tool, args));
    const timeoutMs = runOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = runOptions.maxBytes ?? DEFAULT_MAX_BYTES;
    const started = Date.now();
    return new Promise((resolve) => {
      execFile(
        file,
        [...args],
        { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: maxBytes, encoding: 'buffer', windowsHide: true },
        (err, stdoutBuf, stderrBuf) => {
          const result: RunResult = {
            tool,
            args,
            code: 0,
            signal: null,
            stdout: decodeOutput(stdoutBuf),
            stderr: decodeOutput(stderrBuf),
            durationMs: Date.now() - started,
          };
          if (err) {
            const e = err as NodeJS.ErrnoException & { code?: unknown; killed?: boolean; signal?: string | null };
            result.code = typeof e.code === 'number' ? e.code : null;
            result.signal = e.signal ?? null;
            if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
              result.failure = 'too-much-output';
              result.failureMessage = `${tool} wrote more than ${formatSize(maxBytes)} of output and was stopped`;
            } else if (e.killed && result.code === null) {
              result.failure = 'timeout';
              result.failureMessage = `${tool} did not finish within ${formatSeconds(timeoutMs)} and was stopped`;
            } else if (e.code === 'ENOENT' || e.code === 'EACCES') {
              result.failure = e.code === 'ENOENT' ? 'not-found' : 'spawn-error';
              result.failureMessage = `${tool} could not be started (${e.code}: ${file})`;
            } else if (typeof e.code === 'string') {
              result.failure = 'spawn-error';
              result.failureMessage = `${tool} could not be started: ${e.message}`;
            }
          }
          resolve(result);
        },
      );
    });
  };

  const stream = (tool: Tool, args: readonly string[], onLine: (line: string) => void): StreamHandle => {
    const file = which(tool);
    if (file === undefined) return { stop: () => undefined, done: Promise.resolve(notFound(tool, args)) };
    const started = Date.now();
    const child = spawn(file, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const lines = lineSplitter(onLine);
    let stderr = '';
    let stopped = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => lines.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < DEFAULT_MAX_BYTES) stderr += chunk.slice(0, DEFAULT_MAX_BYTES - stderr.length);
    });
    const done = new Promise<RunResult>((resolve) => {
      let settled = false;
      const settle = (result: RunResult) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      // A failed spawn may emit 'error' without 'close'.
      child.on('error', (err: NodeJS.ErrnoException) =>
        settle({
          tool, args, code: null, signal: null, stdout: '', stderr, durationMs: Date.now() - started,
          failure: err.code === 'ENOENT' ? 'not-found' : 'spawn-error',
          failureMessage: `${tool} could not be started (${err.code ?? err.message})`,
        }),
      );
      child.on('close', (code, signal) => {
        lines.end();
        settle({ tool, args, code, signal: stopped ? (signal ?? 'SIGTERM') : signal, stdout: '', stderr, durationMs: Date.now() - started });
      });
    });
    const stop = () => {
      if (stopped || child.exitCode !== null || child.signalCode !== null) return;
      stopped = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, 1000);
      timer.unref();
    };
    return { stop, done };
  };

  return { which, run, stream };
}

/** Splits text chunks into lines; a line longer than MAX_LINE is cut there and the rest of it dropped. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; end(): void } {
  let pending = '';
  let skipping = false;
  return {
    push(chunk) {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        if (!skipping) onLine(pending.slice(0, Math.min(nl, MAX_LINE)));
        skipping = false;
        pending = pending.slice(nl + 1);
      }
      if (pending.length > MAX_LINE) {
        if (!skipping) onLine(pending.slice(0, MAX_LINE));
        skipping = true;
        pending = '';
      }
    },
    end() {
      if (pending !== '' && !skipping) onLine(pending);
      pending = '';
    },
  };
}

function existingDir(dir: string): string | undefined {
  try {
    return fs.statSync(dir).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}

function safeHome(): string {
  try {
    return os.homedir() || '/';
  } catch {
    return '/';
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
