// Containers as the sidebar shows them: the Engine API's /containers/json entries validated and mapped,
// grouped by compose project, with published ports deduplicated and uptime recovered from the status text.
import { isObject } from './endpoint';
import { DaemonAnswerError } from './info';
import { oneLine } from './state';
import type { Translation } from './translate';

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'unknown';
export type Health = 'healthy' | 'unhealthy' | 'starting';

export interface PortInfo {
  containerPort: number;
  protocol: string;
  /** Undefined for a port that is exposed but not published. */
  hostPort?: number;
  /** Host addresses it is bound on (0.0.0.0 and :: collapse into one entry). */
  hostIps: string[];
  /** Asked for in the container's configuration but not published now (the container is not running). */
  requested?: boolean;
}

export interface ContainerError {
  /** The daemon's text (State.Error), one line. */
  message: string;
  translation?: Translation;
}

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  /** The daemon's status text at the time of listing, e.g. "Up 5 minutes (healthy)". */
  statusText: string;
  health?: Health;
  exitCode?: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Roughly when it started (from the status text at `fetchedAt`), for running and paused containers. */
  startedAt?: number;
  project?: string;
  service?: string;
  /** Where compose ran, from com.docker.compose.project.working_dir. */
  projectDir?: string;
  ports: PortInfo[];
  /** Why the last start failed (State.Error), when the container never ran or died starting. */
  error?: ContainerError;
}

export const COMPOSE_PROJECT = 'com.docker.compose.project';
export const COMPOSE_SERVICE = 'com.docker.compose.service';
export const COMPOSE_WORKDIR = 'com.docker.compose.project.working_dir';
const STATES: readonly string[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];
const MAX_TEXT = 300;

const text = (v: unknown, max = MAX_TEXT): string | undefined => (typeof v === 'string' ? oneLine(v, max) : undefined);

/** Maps one /containers/json entry; undefined when it is not one (no Id). */
export function toContainerInfo(raw: unknown, fetchedAt: number): ContainerInfo | undefined {
  if (!isObject(raw) || typeof raw.Id !== 'string' || !/^[0-9a-f]{12,64}$/.test(raw.Id)) return undefined;
  const names = Array.isArray(raw.Names) ? raw.Names.filter((n): n is string => typeof n === 'string') : [];
  const name = text(names[0]?.replace(/^\//, ''), 200) || raw.Id.slice(0, 12);
  const stateText = typeof raw.State === 'string' ? raw.State.toLowerCase() : '';
  const state = (STATES.includes(stateText) ? stateText : 'unknown') as ContainerState;
  const statusText = text(raw.Status, 200) ?? '';
  const labels = isObject(raw.Labels) ? raw.Labels : {};
  const info: ContainerInfo = {
    id: raw.Id,
    name,
    image: text(raw.Image, 200) ?? '',
    state,
    statusText,
    createdAt: typeof raw.Created === 'number' && Number.isFinite(raw.Created) ? raw.Created * 1000 : 0,
    ports: toPorts(raw.Ports),
  };
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(statusText)?.[1];
  if (health) info.health = health === 'health: starting' ? 'starting' : (health as Health);
  const exit = /^Exited \((-?\d+)\)/.exec(statusText);
  if (exit) info.exitCode = Number(exit[1]);
  if (state === 'running' || state === 'paused') {
    const up = /^Up (.+?)(?: \(.*\))?$/.exec(statusText);
    const seconds = up ? parseHumanDuration(up[1]) : undefined;
    if (seconds !== undefined) info.startedAt = fetchedAt - seconds * 1000;
  }
  const project = text(labels[COMPOSE_PROJECT], 200);
  if (project) info.project = project;
  const service = text(labels[COMPOSE_SERVICE], 200);
  if (service) info.service = service;
  const dir = text(labels[COMPOSE_WORKDIR], 1000);
  if (dir) info.projectDir = dir;
  return info;
}

/**
 * The container as an event says it is now, for the events that say so for certain and that the daemon's own
 * listing trails (die: it says "running" until the stop finishes; pause, unpause): shown at once, and confirmed
 * by the fetch the event also causes. Undefined for other events. A start is left to that fetch: by the start
 * event the listing already says running, with the ports the event does not carry.
 */
export function withEventState(c: ContainerInfo, action: string, exitCode: number | undefined): ContainerInfo | undefined {
  const base = { ...c };
  delete base.health;
  switch (action) {
    case 'die': {
      const code = exitCode ?? c.exitCode;
      const next: ContainerInfo = { ...base, state: 'exited', statusText: code === undefined ? 'Exited Less than a second ago' : `Exited (${code}) Less than a second ago` };
      if (code !== undefined) next.exitCode = code;
      delete next.startedAt;
      return next;
    }
    case 'pause':
      return c.state === 'running' ? { ...c, state: 'paused', statusText: `${c.statusText.replace(/ \(.*\)$/, '')} (Paused)` } : undefined;
    case 'unpause':
      return c.state === 'paused' ? { ...c, state: 'running', statusText: c.statusText.replace(/ \(Paused\)$/, '') } : undefined;
    default:
      return undefined;
  }
}

/** Maps a /containers/json answer; throws when it is not a list (the answer was not the Engine API). */
export function toContainerInfos(raw: unknown, fetchedAt: number): ContainerInfo[] {
  if (!Array.isArray(raw)) {
    const what = raw instanceof Uint8Array ? 'not JSON' : raw === null ? 'null' : typeof raw === 'object' ? 'a JSON object' : `a ${typeof raw}`;
    throw new DaemonAnswerError(`the container list is ${what}, not a JSON array`);
  }
  const out: ContainerInfo[] = [];
  for (const r of raw) {
    const c = toContainerInfo(r, fetchedAt);
    if (c) out.push(c);
  }
  return out;
}

function toPorts(raw: unknown): PortInfo[] {
  if (!Array.isArray(raw)) return [];
  const byKey = new Map<string, PortInfo>();
  for (const p of raw.slice(0, 2000)) {
    if (!isObject(p) || typeof p.PrivatePort !== 'number') continue;
    const protocol = typeof p.Type === 'string' ? p.Type.slice(0, 10) : 'tcp';
    const hostPort = typeof p.PublicPort === 'number' && p.PublicPort > 0 ? p.PublicPort : undefined;
    const key = `${p.PrivatePort}/${protocol}/${hostPort ?? ''}`;
    let port = byKey.get(key);
    if (!port) {
      port = { containerPort: p.PrivatePort, protocol, hostIps: [], ...(hostPort !== undefined ? { hostPort } : {}) };
      byKey.set(key, port);
    }
    const ip = typeof p.IP === 'string' ? p.IP.slice(0, 64) : undefined;
    if (ip && hostPort !== undefined && !port.hostIps.includes(ip)) port.hostIps.push(ip);
  }
  return [...byKey.values()].sort((a, b) => (a.hostPort ?? 1e6) - (b.hostPort ?? 1e6) || a.containerPort - b.containerPort);
}

/** Reads the port bindings a container asks for (HostConfig.PortBindings from inspect): what a created container would publish. */
export function requestedPorts(inspect: unknown): PortInfo[] {
  const hostConfig = isObject(inspect) && isObject(inspect.HostConfig) ? inspect.HostConfig : undefined;
  const bindings = hostConfig && isObject(hostConfig.PortBindings) ? hostConfig.PortBindings : {};
  const out: PortInfo[] = [];
  for (const [spec, list] of Object.entries(bindings)) {
    const m = /^(\d+)\/(\w+)$/.exec(spec);
    if (!m || !Array.isArray(list)) continue;
    for (const b of list) {
      const hostPort = isObject(b) && typeof b.HostPort === 'string' && /^\d+$/.test(b.HostPort) ? Number(b.HostPort) : undefined;
      const ip = isObject(b) && typeof b.HostIp === 'string' && b.HostIp ? [b.HostIp.slice(0, 64)] : [];
      out.push({ containerPort: Number(m[1]), protocol: m[2], hostIps: ip, requested: true, ...(hostPort ? { hostPort } : {}) });
    }
  }
  return out;
}

/** True when the state's last start may have failed, so State.Error is worth an inspect. */
export function mayHaveStartError(c: ContainerInfo): boolean {
  return c.state === 'created' || c.state === 'dead' || (c.state === 'exited' && (c.exitCode === 126 || c.exitCode === 127 || c.exitCode === 128));
}

/** Docker's units.HumanDuration text back to seconds (its lower bound); undefined when not recognised. */
export function parseHumanDuration(s: string): number | undefined {
  const t = s.trim();
  if (/^Less than a second$/i.test(t)) return 0;
  if (/^About a minute$/i.test(t)) return 60;
  if (/^About an hour$/i.test(t)) return 3600;
  const m = /^(\d+) (second|minute|hour|day|week|month|year)s?$/i.exec(t);
  if (!m) return undefined;
  const unit = { second: 1, minute: 60, hour: 3600, day: 86400, week: 7 * 86400, month: 30 * 86400, year: 365 * 86400 }[m[2].toLowerCase() as 'second'];
  return Number(m[1]) * unit;
}

/** A short duration for people: "42 s", "5 min", "3 h", "2 days". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  const d = Math.floor(s / 86400);
  return d === 1 ? '1 day' : `${d} days`;
}

export interface ProjectGroup {
  name: string;
  /** Where compose ran (from the first container that says). */
  dir?: string;
  containers: ContainerInfo[];
}

/** Compose projects (sorted by name), each with its containers sorted by service then name, and the containers of no project. */
export function groupByProject(containers: Iterable<ContainerInfo>): { projects: ProjectGroup[]; loose: ContainerInfo[] } {
  const projects = new Map<string, ProjectGroup>();
  const loose: ContainerInfo[] = [];
  for (const c of containers) {
    if (!c.project) {
      loose.push(c);
      continue;
    }
    let g = projects.get(c.project);
    if (!g) projects.set(c.project, (g = { name: c.project, containers: [] }));
    g.dir ??= c.projectDir;
    g.containers.push(c);
  }
  const byName = (a: ContainerInfo, b: ContainerInfo) => (a.service ?? a.name).localeCompare(b.service ?? b.name) || a.name.localeCompare(b.name);
  const sorted = [...projects.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const g of sorted) g.containers.sort(byName);
  loose.sort(byName);
  return { projects: sorted, loose };
}

/** The state of a project as a whole: every container running, none, or a mix. */
export function projectState(g: ProjectGroup): 'running' | 'stopped' | 'partial' {
  const running = g.containers.filter((c) => c.state === 'running').length;
  return running === 0 ? 'stopped' : running === g.containers.length ? 'running' : 'partial';
}

/** A URL for a published port on this machine: wildcard addresses become localhost. */
export function portUrl(port: PortInfo, scheme = 'http'): string | undefined {
  if (port.hostPort === undefined || port.protocol !== 'tcp') return undefined;
  const ip = port.hostIps.find((i) => i !== '0.0.0.0' && i !== '::') ?? 'localhost';
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `${scheme}://${host}:${port.hostPort}`;
}

/** Whether a host port is privileged for a rootless daemon on a host with this `net.ipv4.ip_unprivileged_port_start`. */
export function isPrivilegedPort(hostPort: number | undefined, unprivilegedPortStart: number): boolean {
  return hostPort !== undefined && hostPort > 0 && hostPort < unprivilegedPortStart;
}
