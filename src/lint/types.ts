// The lint engine's data: what goes in (text, kind, host facts) and what comes out (findings with fixes as data).
import type { Rule } from './rule';

export type FileKind = 'compose' | 'dockerfile';
export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Zero-based line and UTF-16 column, as in VS Code and LSP. */
export interface Position {
  line: number;
  character: number;
}

/** One replacement in the original text: `length` characters at `offset` become `text`. */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** At most one fix of a finding is preferred: the one `--fix` and "Fix all" apply. */
  preferred?: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Offset and length in the text that was linted. */
  offset: number;
  length: number;
  start: Position;
  end: Position;
  docs: string;
  fixes: Fix[];
}

/**
 * What the engine knows about the daemon and host a file will run on. `undefined` means unknown:
 * rules then assume a typical rootless host and say what would change their verdict.
 */
export interface HostFacts {
  /** Where these facts came from, for messages. */
  source: 'generic' | 'host' | 'daemon';
  /** False when the connected daemon is known to run as root: rootless findings drop to info. */
  rootless?: boolean;
  /** net.ipv4.ip_unprivileged_port_start; 1024 on a stock kernel. */
  unprivilegedPortStart: number;
  cgroupVersion?: 1 | 2;
  /** Docker's Cgroup Driver: `none` means every cgroup limit is dropped. */
  cgroupDriver?: 'none' | 'systemd' | 'cgroupfs';
  /** Controllers delegated to the user's systemd slice (cgroup v2), e.g. ['memory', 'pids']. */
  delegatedControllers?: string[];
  /** Docker server version, e.g. "20.10.24" or "29.5.0". */
  daemonVersion?: string;
  /** Size of the user's /etc/subuid range; IDs at or above it cannot be mapped. */
  subuidRange?: number;
}

export interface LintOptions {
  facts?: HostFacts;
  /** Variables for compose interpolation: the process environment merged with `.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Per-rule severity overrides. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  /** Larger texts are reported and not parsed. */
  maxBytes?: number;
  /** Only these rules (default: all). */
  rules?: readonly Rule[];
}

export const GENERIC_HOST: HostFacts = Object.freeze({ source: 'generic', unprivilegedPortStart: 1024 });
