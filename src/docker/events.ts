// The daemon's /events stream: newline-delimited JSON, turned into "this container changed" notices.
import { isObject } from './endpoint';

export interface DockerEvent {
  type: string;
  /** The base action: "health_status: healthy" → "health_status". */
  action: string;
  /** The container this event is about, when it is about one. */
  containerId?: string;
  /** Nanoseconds since the epoch as the daemon sent them, or 0. */
  timeNano: bigint;
  /** A `die` event's exit code. */
  exitCode?: number;
}

// Container actions that change nothing the sidebar shows.
const IGNORED = new Set(['exec_create', 'exec_start', 'exec_die', 'exec_detach', 'attach', 'detach', 'resize', 'top', 'export', 'copy', 'archive-path', 'extract-to-dir', 'commit']);

/** Maps one decoded event; undefined when it does not concern a container the sidebar shows. */
export function toDockerEvent(raw: unknown): DockerEvent | undefined {
  if (!isObject(raw)) return undefined;
  const type = typeof raw.Type === 'string' ? raw.Type : typeof raw.Type === 'undefined' && typeof raw.status === 'string' ? 'container' : '';
  const rawAction = typeof raw.Action === 'string' ? raw.Action : typeof raw.status === 'string' ? raw.status : '';
  const action = rawAction.split(':')[0].trim();
  const actor = isObject(raw.Actor) ? raw.Actor : {};
  const attributes = isObject(actor.Attributes) ? actor.Attributes : {};
  const timeNano = typeof raw.timeNano === 'number' ? BigInt(Math.trunc(raw.timeNano)) : typeof raw.time === 'number' ? BigInt(Math.trunc(raw.time)) * 1_000_000_000n : 0n;
  let containerId: string | undefined;
  if (type === 'container') {
    if (IGNORED.has(action)) return undefined;
    containerId = typeof actor.ID === 'string' ? actor.ID : typeof raw.id === 'string' ? raw.id : undefined;
  } else if (type === 'network' && (action === 'connect' || action === 'disconnect')) {
    // A failed start shows up only as a network connect + disconnect naming the container.
    containerId = typeof attributes.container === 'string' ? attributes.container : undefined;
  }
  if (!containerId || !/^[0-9a-f]{12,64}$/.test(containerId)) return undefined;
  const exitCode = action === 'die' && typeof attributes.exitCode === 'string' && /^-?\d{1,4}$/.test(attributes.exitCode) ? Number(attributes.exitCode) : undefined;
  return { type, action, containerId, timeNano, ...(exitCode !== undefined ? { exitCode } : {}) };
}

/** Splits a byte stream into JSON values, one per line; lines too long or not JSON are dropped. */
export class JsonLines {
  private buffer = '';
  constructor(
    private readonly onValue: (value: unknown) => void,
    private readonly maxLine = 1024 * 1024,
  ) {}

  push(chunk: Buffer | string): void {
    this.buffer += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line) this.emit(line);
    }
    if (this.buffer.length > this.maxLine) this.buffer = '';
  }

  private emit(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return;
    }
    this.onValue(value);
  }
}
