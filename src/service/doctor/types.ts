// The doctor's vocabulary: what a check reads (the probe), what it answers (a result with its fix).
import type { RunOptions, RunResult, Tool } from '../run';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface Fix {
  /** What to do, in one or two sentences. */
  text: string;
  /** Commands to run in a terminal, in order. Shown for copying; the extension never runs them. */
  commands?: string[];
  /** Where to read more. */
  docs?: string;
}

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found, one sentence. */
  summary: string;
  /** Supporting facts (values read, paths), one per line. */
  details?: string[];
  /** Set for warn and fail (and for skip when something can be done). */
  fix?: Fix;
}

export interface FileInfo {
  type: 'file' | 'directory' | 'socket' | 'other';
  /** Permission bits including setuid (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
}

/** What the daemon reports about itself in /info (only the fields the doctor reads). */
export interface DaemonInfo {
  serverVersion?: string;
  driver?: string;
  cgroupDriver?: string;
  cgroupVersion?: string;
  rootless?: boolean;
  kernelVersion?: string;
}

export type DaemonAnswer = { ok: true; info: DaemonInfo } | { ok: false; error: string; code?: string };

/** The user the checks are about. */
export interface DoctorUser {
  name?: string;
  uid?: number;
  gid?: number;
  home?: string;
}

/**
 * Everything the checks read, injected: the real one reads this machine (probe.ts), tests pass fakes. Files are
 * small (/proc, /etc, /sys), so their reads are synchronous.
 */
export interface DoctorProbe {
  user: DoctorUser;
  env: Readonly<Record<string, string | undefined>>;
  /** The file's text, or undefined when it cannot be read. */
  readFile(file: string): string | undefined;
  /** Follows symlinks; undefined when the path does not exist or cannot be examined. */
  stat(file: string): FileInfo | undefined;
  /** Where an executable of this name is installed (system directories, the docker contrib dir, ~/bin, $PATH). */
  which(name: string): string | undefined;
  run(tool: Tool, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** The daemon's /info on a unix socket. */
  daemon(socketPath: string): Promise<DaemonAnswer>;
  /** The unit the extension controls (rootlessDocker.service.unit). */
  unit: string;
}

export type Check = (probe: DoctorProbe) => Promise<CheckResult>;

export interface DoctorReport {
  /** ISO 8601. */
  generatedAt: string;
  user: DoctorUser;
  kernel?: string;
  results: CheckResult[];
  summary: Record<CheckStatus, number>;
}
