// Reads this machine's facts for the lint engine: the unprivileged port start, the cgroup version, the
// controllers delegated to the user's systemd slice and the size of the user's subuid range.
// Every read goes through `fs` under `root`, so tests use temp trees; what cannot be read stays undefined.
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HostFacts } from '../types';

/** The facts read from the host; any field may be missing. */
export type HostReading = Partial<Omit<HostFacts, 'source'>>;

export interface HostFs {
  /** The file's text; throws when it cannot be read. */
  readFile(file: string): string;
  exists(file: string): boolean;
}

export interface HostReadOptions {
  /** Prefix for every path read (default `/`). */
  root?: string;
  /** The user whose slice and subuid range are read (default: the current user). */
  uid?: number;
  user?: string;
  fs?: HostFs;
}

const MAX_SUBUID_LINES = 10_000;

const realFs: HostFs = {
  readFile: (file) => nodeFs.readFileSync(file, 'utf8'),
  exists: (file) => nodeFs.existsSync(file),
};

export function readHost(options: HostReadOptions = {}): HostReading {
  const fs = options.fs ?? realFs;
  const root = options.root ?? '/';
  const at = (p: string) => path.join(root, p);
  const read = (p: string): string | undefined => {
    try {
      return fs.readFile(at(p));
    } catch {
      return undefined;
    }
  };
  const uid = options.uid ?? currentUid();
  const user = options.user ?? currentUser();
  const out: HostReading = {};

  const portStart = /^\s*(\d{1,5})\s*$/.exec(read('/proc/sys/net/ipv4/ip_unprivileged_port_start') ?? '');
  if (portStart && Number(portStart[1]) <= 65536) out.unprivilegedPortStart = Number(portStart[1]);

  if (fs.exists(at('/sys/fs/cgroup/cgroup.controllers'))) out.cgroupVersion = 2;
  else if (['memory', 'cpu', 'pids', 'systemd'].some((c) => fs.exists(at(`/sys/fs/cgroup/${c}`)))) out.cgroupVersion = 1;

  if (uid !== undefined) {
    const controllers = read(`/sys/fs/cgroup/user.slice/user-${uid}.slice/user@${uid}.service/cgroup.controllers`);
    if (controllers !== undefined) out.delegatedControllers = controllers.split(/\s+/).filter(Boolean);
  }

  const subuid = read('/etc/subuid');
  if (subuid !== undefined && (uid !== undefined || user)) {
    const size = subuidRange(subuid, user, uid);
    if (size !== undefined) out.subuidRange = size;
  }
  return out;
}

/**
 * The number of subordinate ids the user owns in an /etc/subuid text (`name-or-uid:start:count` lines),
 * summed over the user's lines; undefined when the user has none.
 */
export function subuidRange(text: string, user: string | undefined, uid: number | undefined): number | undefined {
  let total: number | undefined;
  const lines = text.split('\n', MAX_SUBUID_LINES);
  for (const line of lines) {
    const m = /^\s*([^:#\s][^:]*):(\d+):(\d+)\s*$/.exec(line);
    if (!m) continue;
    if (m[1] !== user && (uid === undefined || m[1] !== String(uid))) continue;
    total = (total ?? 0) + Number(m[3]);
  }
  return total;
}

function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

function currentUser(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}
