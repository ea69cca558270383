// What the daemon says about itself (the Engine API's /info and /version), mapped to HostFacts fields.
// Answers are validated: a daemon (or something else on the socket) may send anything.
import type { HostFacts } from '../lint/types';
import { isObject } from './endpoint';

export type DaemonFacts = Pick<HostFacts, 'rootless' | 'cgroupDriver' | 'cgroupVersion' | 'daemonVersion'>;

/** The daemon answered, but not with what the Engine API promises. */
export class DaemonAnswerError extends Error {
  override name = 'DaemonAnswerError';
}

const CGROUP_DRIVERS: readonly string[] = ['none', 'systemd', 'cgroupfs'];

/** Maps `/info` (required) and `/version` (optional) bodies to facts; throws DaemonAnswerError on a non-object body. */
export function daemonFacts(info: unknown, version?: unknown): DaemonFacts {
  if (!isObject(info)) throw new DaemonAnswerError(`the daemon's /info answer is ${describe(info)}, not a JSON object`);
  if (version !== undefined && !isObject(version)) throw new DaemonAnswerError(`the daemon's /version answer is ${describe(version)}, not a JSON object`);
  const ver = isObject(version) ? version : undefined;
  const facts: DaemonFacts = {};

  const options = info.SecurityOptions;
  if (Array.isArray(options)) {
    // Each entry is "name=seccomp,profile=default"-style: comma-separated key=value pairs.
    facts.rootless = options.some((o) => typeof o === 'string' && o.split(',').some((kv) => kv.trim() === 'name=rootless'));
  }
  if (typeof info.CgroupDriver === 'string' && CGROUP_DRIVERS.includes(info.CgroupDriver)) {
    facts.cgroupDriver = info.CgroupDriver as DaemonFacts['cgroupDriver'];
  }
  // "1"/"2" as the API sends it; a number from anything that re-encodes it.
  const cgv = info.CgroupVersion;
  if (cgv === '1' || cgv === 1) facts.cgroupVersion = 1;
  else if (cgv === '2' || cgv === 2) facts.cgroupVersion = 2;

  const serverVersion = typeof info.ServerVersion === 'string' && info.ServerVersion ? info.ServerVersion : ver?.Version;
  if (typeof serverVersion === 'string' && /^\d+\.\d+/.test(serverVersion)) facts.daemonVersion = serverVersion;
  return facts;
}

/** Everything the sidebar shows about the daemon: the lint facts plus storage driver, warnings and versions. */
export interface DaemonDetails {
  facts: DaemonFacts;
  /** True when SecurityOptions has name=rootless; undefined when the daemon does not list its options. */
  rootless?: boolean;
  serverVersion?: string;
  apiVersion?: string;
  cgroupDriver?: string;
  cgroupVersion?: string;
  storageDriver?: string;
  /** The daemon's own warnings (`docker info` prints them), e.g. limits ignored without cgroups. */
  warnings: string[];
  securityOptions: string[];
  name?: string;
  os?: string;
  kernel?: string;
  containers?: { total: number; running: number; paused: number; stopped: number };
}

const str = (v: unknown, max = 200): string | undefined => (typeof v === 'string' && v ? v.slice(0, max) : undefined);
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** Maps `/info` and `/version` to the details; throws DaemonAnswerError like `daemonFacts`. */
export function daemonDetails(info: unknown, version?: unknown): DaemonDetails {
  const facts = daemonFacts(info, version);
  const i = info as Record<string, unknown>;
  const v = isObject(version) ? version : {};
  const list = (x: unknown) => (Array.isArray(x) ? x.filter((e): e is string => typeof e === 'string').slice(0, 50).map((e) => e.slice(0, 500)) : []);
  const details: DaemonDetails = { facts, warnings: list(i.Warnings), securityOptions: list(i.SecurityOptions) };
  if (facts.rootless !== undefined) details.rootless = facts.rootless;
  const set = <K extends keyof DaemonDetails>(key: K, value: DaemonDetails[K] | undefined) => {
    if (value !== undefined) details[key] = value;
  };
  set('serverVersion', str(i.ServerVersion) ?? str(v.Version));
  set('apiVersion', str(v.ApiVersion));
  set('cgroupDriver', str(i.CgroupDriver));
  set('cgroupVersion', typeof i.CgroupVersion === 'number' ? String(i.CgroupVersion) : str(i.CgroupVersion));
  set('storageDriver', str(i.Driver));
  set('name', str(i.Name));
  set('os', str(i.OperatingSystem));
  set('kernel', str(i.KernelVersion));
  if (typeof i.Containers === 'number') {
    details.containers = { total: count(i.Containers), running: count(i.ContainersRunning), paused: count(i.ContainersPaused), stopped: count(i.ContainersStopped) };
  }
  return details;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'empty';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'not JSON';
  return typeof v === 'object' ? 'an unexpected object' : `a ${typeof v}`;
}

export interface FetchOptions {
  /** Give up after this long (default 2 s); the request itself is aborted. */
  timeoutMs?: number;
}

interface Client {
  info(opts: { abortSignal: AbortSignal }): Promise<unknown>;
  version(opts: { abortSignal: AbortSignal }): Promise<unknown>;
}

/** Asks the daemon on a unix socket for its facts. Rejects with an error that `daemonError` can phrase. */
export async function fetchDaemonFacts(socketPath: string, options: FetchOptions = {}): Promise<DaemonFacts> {
  const timeoutMs = options.timeoutMs ?? 2000;
  // Loaded on demand: most runs of the CLI never talk to a daemon.
  const { default: Docker } = await import('dockerode');
  // dockerode passes `abortSignal` through to the request; its typings omit the option on info/version.
  const client = new Docker({ socketPath, timeout: timeoutMs }) as unknown as Client;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new TimeoutError(timeoutMs)), timeoutMs);
  try {
    const [info, version] = await Promise.all([
      client.info({ abortSignal: abort.signal }),
      // /version only fills in a missing ServerVersion: its failure is not the daemon's absence.
      client.version({ abortSignal: abort.signal }).catch(() => undefined),
    ]);
    return daemonFacts(info, isObject(version) ? version : undefined);
  } catch (err) {
    throw abort.signal.aborted ? new TimeoutError(timeoutMs) : err;
  } finally {
    clearTimeout(timer);
  }
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(readonly ms: number) {
    super(`the daemon did not answer within ${ms} ms`);
  }
}

/** A short phrase for why the daemon at `socketPath` could not be asked, for people. */
export function daemonError(err: unknown, socketPath: string): string {
  if (err instanceof TimeoutError || err instanceof DaemonAnswerError) return err.message;
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown } | undefined;
  switch (e?.code) {
    case 'ENOENT':
      return `${socketPath} does not exist, so no daemon is running there`;
    case 'ECONNREFUSED':
      return `nothing is listening on ${socketPath} (a daemon that stopped may have left it behind)`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied on ${socketPath}`;
    case 'ECONNRESET':
      return 'the daemon closed the connection without answering';
  }
  if (typeof e?.statusCode === 'number') return `the daemon answered with HTTP ${e.statusCode}`;
  return typeof e?.message === 'string' && e.message ? e.message : String(err);
}
