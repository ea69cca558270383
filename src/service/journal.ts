// The daemon's journal: journalctl's JSON lines turned into readable lines, and its "nothing there" answers told
// apart from real output. journalctl exits 0 when it has no journal files at all: that is "no logs", not success.
import { toolText } from './state';
import type { RunResult } from './run';

export interface JournalEntry {
  /** Milliseconds since the epoch (from __REALTIME_TIMESTAMP), when known. */
  time?: number;
  /** syslog priority, 0 (emerg) … 7 (debug). */
  priority?: number;
  /** SYSLOG_IDENTIFIER, else _COMM. */
  identifier?: string;
  pid?: number;
  message: string;
}

/** Why there are no lines, in the user's words; undefined when there are lines. */
export type NoLogs = { reason: 'no-journal-files' | 'no-entries' | 'no-access'; message: string };

/** Longest message kept per entry; dockerd can log whole JSON documents. */
const MAX_MESSAGE = 8 * 1024;

/** Decodes a journal field: a string, a byte array (binary or non-UTF-8 fields), or null (too large to export). */
function field(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((b) => typeof b === 'number')) return Buffer.from(v).toString('utf8');
  if (Array.isArray(v)) return field(v[0]); // a field set several times: the first value
  return undefined;
}

/** One journalctl `--output=json` line as an entry; undefined when the line is not a JSON object. */
export function parseJournalLine(line: string): JournalEntry | undefined {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  const o = obj as Record<string, unknown>;
  const rawMessage = o.MESSAGE;
  let message = field(rawMessage) ?? (rawMessage === null ? '[message too large to show]' : '');
  message = cleanMessage(message);
  const entry: JournalEntry = { message };
  const usec = field(o.__REALTIME_TIMESTAMP);
  if (usec && /^\d{1,20}$/.test(usec)) entry.time = Math.floor(Number(usec) / 1000);
  const priority = field(o.PRIORITY);
  if (priority && /^[0-7]$/.test(priority)) entry.priority = Number(priority);
  const identifier = field(o.SYSLOG_IDENTIFIER) ?? field(o._COMM);
  if (identifier) entry.identifier = cleanMessage(identifier).slice(0, 64);
  const pid = field(o.SYSLOG_PID) ?? field(o._PID);
  if (pid && /^\d{1,10}$/.test(pid)) entry.pid = Number(pid);
  return entry;
}

/** Removes terminal escapes and control characters (keeping tabs), and caps the length. */
export function cleanMessage(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r?\n/g, ' ⏎ ').replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '');
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}… [${clean.length - MAX_MESSAGE} more characters]` : clean;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local time as `2026-11-22 21:07:06.123`. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/**
 * One line for the output channel: `TIME IDENT[PID]: MESSAGE`, with systemd's own priority as `<warning>` or
 * `<err>` when it is a warning or worse (dockerd's lines carry their level in the message).
 */
export function formatEntry(e: JournalEntry): string {
  const time = e.time !== undefined ? formatTime(e.time) : '-';
  const who = `${e.identifier ?? '?'}${e.pid !== undefined ? `[${e.pid}]` : ''}`;
  const level = e.priority !== undefined && e.priority <= 4 ? ` <${LEVELS[e.priority]}>` : '';
  return `${time} ${who}:${level} ${e.message}`;
}

/** Recognises journalctl's "nothing to show" texts (measured: rc 0 with these on stdout or stderr). */
export function noLogs(text: string): NoLogs | undefined {
  if (/No journal files were found/i.test(text)) {
    return { reason: 'no-journal-files', message: 'No logs are available: journald keeps no journal for your user (no journal files were found).' };
  }
  if (/You are currently not seeing messages from other users|insufficient permissions|Permission denied/i.test(text)) {
    return { reason: 'no-access', message: 'No logs are available to you: the journal does not give your user access to these entries.' };
  }
  if (/-- No entries --/.test(text)) return { reason: 'no-entries', message: 'The unit has no log entries yet.' };
  return undefined;
}

export interface JournalRead {
  entries: JournalEntry[];
  /** Set when there is nothing to show, and why. */
  none?: NoLogs;
  /** Set when journalctl failed. */
  error?: string;
}

/** Reads a finished `journalctl --output=json` run. */
export function readJournal(result: RunResult): JournalRead {
  const entries: JournalEntry[] = [];
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const e = parseJournalLine(line);
    if (e) entries.push(e);
  }
  if (result.failure) return { entries, error: result.failureMessage ?? `${result.tool} failed` };
  if (entries.length) return { entries };
  const none = noLogs(`${result.stdout}\n${result.stderr}`);
  if (none) return { entries, none };
  if (result.code !== 0) return { entries, error: toolText(result.stderr) || `journalctl exited with ${result.code ?? result.signal}` };
  return { entries, none: { reason: 'no-entries', message: 'The unit has no log entries yet.' } };
}
