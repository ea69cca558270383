// Start, stop, restart, status, enable/disable and linger of the user's daemon unit, each through
// `systemctl --user`, with the waits that make "started" mean "the socket answers" and "stopped" mean "gone".
// Results are values (never thrown): { ok: true, … } or { ok: false, error } with what happened and what to do.
import * as fs from 'node:fs';
import { journalArgs, lingerArgs, showManagerArgs, showUnitArgs, unitActionArgs, type UnitAction } from './args';
import { formatEntry, readJournal, type JournalRead } from './journal';
import { ping, waitForGone, waitForReady, type PingResult } from './readiness';
import type { Runner } from './run';
import { classifyResult, describeStatus, lingerOf, notInstalled, parseProperties, unitStatus, type ServiceError, type UnitStatus } from './state';
import { checkUnitName } from './unit';

export interface ServiceContext {
  runner: Runner;
  /** The configured unit name (checked here before any use). */
  unit: string;
  /** The socket the daemon answers on; undefined when it cannot be known (no runtime dir, no uid). */
  socketPath?: string;
  /** The user's login name, for the linger command. */
  user?: string;
  /** How long a start or restart may take until the socket answers (default 60 s; a cold start can take 10 s). */
  readyTimeoutMs?: number;
  /** How long a stop may take until the socket is gone (default 45 s). */
  stopTimeoutMs?: number;
  /** Whether systemd is PID 1 (default: /run/systemd/system exists, as sd_booted(3) tests it). */
  systemdBooted?: boolean;
}

/** sd_booted(3): systemd is PID 1 when /run/systemd/system exists. */
export function systemdBooted(): boolean {
  return fs.existsSync('/run/systemd/system');
}

const booted = (ctx: Pick<ServiceContext, 'systemdBooted'>) => ctx.systemdBooted ?? systemdBooted();

export interface Progress {
  /** A short phrase for a progress notification, e.g. "waiting for the socket (3 s)". */
  report(message: string): void;
}

export type Outcome = { ok: true; status?: UnitStatus; elapsedMs: number; notes: string[] } | { ok: false; error: ServiceError };

/** Timeouts of systemctl itself: a start job of a Type=simple unit returns quickly; stop waits for the processes. */
const SYSTEMCTL_TIMEOUT_MS = { start: 30_000, stop: 60_000, restart: 60_000, enable: 15_000, disable: 15_000, 'reset-failed': 10_000 };
const STATUS_TIMEOUT_MS = 10_000;
const JOURNAL_TAIL = 20;

function checkedUnit(ctx: ServiceContext): { unit: string } | { error: ServiceError } {
  const check = checkUnitName(ctx.unit);
  if (check.ok) return { unit: check.unit };
  return {
    error: {
      kind: 'invalid-unit',
      message: `The unit name is refused: ${check.reason}.`,
      hint: 'Fix the setting rootlessDocker.service.unit (user settings).',
      actions: ['open-settings'],
    },
  };
}

/** The unit's status, or why it cannot be read. A unit systemd does not know is `not-installed`, not an error. */
export async function getStatus(ctx: ServiceContext): Promise<{ ok: true; status: UnitStatus } | { ok: false; error: ServiceError }> {
  const checked = checkedUnit(ctx);
  if ('error' in checked) return { ok: false, error: checked.error };
  const result = await ctx.runner.run('systemctl', showUnitArgs(checked.unit), { timeoutMs: STATUS_TIMEOUT_MS });
  const error = classifyResult(result, { unit: checked.unit, action: 'read the status of', user: ctx.user, systemdBooted: booted(ctx) });
  if (error) return { ok: false, error };
  const props = parseProperties(result.stdout);
  if (!props.has('LoadState')) {
    return {
      ok: false,
      error: { kind: 'unknown', message: `systemctl show answered without a LoadState for ${checked.unit}.`, hint: 'See the output channel.', actions: [] },
    };
  }
  return { ok: true, status: unitStatus(checked.unit, props) };
}

/** Whether `systemd --user` answers at all (the doctor and the UI's failure states use this). */
export async function userManagerReachable(ctx: Pick<ServiceContext, 'runner' | 'user' | 'systemdBooted'>): Promise<{ ok: true; version?: string; state?: string } | { ok: false; error: ServiceError }> {
  const result = await ctx.runner.run('systemctl', showManagerArgs(), { timeoutMs: STATUS_TIMEOUT_MS });
  const error = classifyResult(result, { unit: 'systemd --user', action: 'reach', user: ctx.user, systemdBooted: booted(ctx) });
  if (error) return { ok: false, error };
  const props = parseProperties(result.stdout);
  return { ok: true, version: props.get('Version'), state: props.get('SystemState') };
}

/** The last lines of the unit's journal, formatted; empty when there are none or they cannot be read. */
export async function journalTail(ctx: ServiceContext, lines = JOURNAL_TAIL): Promise<JournalRead> {
  const checked = checkedUnit(ctx);
  if ('error' in checked) return { entries: [], error: checked.error.message };
  const result = await ctx.runner.run('journalctl', journalArgs({ unit: checked.unit, lines }), { timeoutMs: STATUS_TIMEOUT_MS, maxBytes: 4 * 1024 * 1024 });
  return readJournal(result);
}

async function withJournal(ctx: ServiceContext, error: ServiceError): Promise<ServiceError> {
  const tail = await journalTail(ctx);
  return tail.entries.length ? { ...error, journal: tail.entries.map(formatEntry) } : error;
}

async function systemctl(ctx: ServiceContext, action: UnitAction, unit: string, verb: string = action): Promise<ServiceError | undefined> {
  const result = await ctx.runner.run('systemctl', unitActionArgs(action, unit), { timeoutMs: SYSTEMCTL_TIMEOUT_MS[action] });
  return classifyResult(result, { unit, action: verb, user: ctx.user, systemdBooted: booted(ctx) });
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function noSocket(unit: string): ServiceError {
  return {
    kind: 'not-ready',
    message: `${unit} was started, but the daemon's socket is unknown: neither XDG_RUNTIME_DIR nor the user id is available.`,
    hint: 'Set DOCKER_HOST (e.g. unix:///run/user/1000/docker.sock) in the environment VS Code starts from.',
    actions: ['run-doctor'],
  };
}

/**
 * Starts the unit, then waits until its socket answers `_ping`. A failed earlier start is reset first (systemd
 * refuses a unit that hit its start limit). While waiting, a unit that fails or restarts ends the wait early
 * with the last journal lines.
 */
export async function startService(ctx: ServiceContext, progress?: Progress, signal?: AbortSignal): Promise<Outcome> {
  return startOrRestart(ctx, 'start', progress, signal);
}

export async function restartService(ctx: ServiceContext, progress?: Progress, signal?: AbortSignal): Promise<Outcome> {
  return startOrRestart(ctx, 'restart', progress, signal);
}

async function startOrRestart(ctx: ServiceContext, action: 'start' | 'restart', progress?: Progress, signal?: AbortSignal): Promise<Outcome> {
  const started = Date.now();
  const checked = checkedUnit(ctx);
  if ('error' in checked) return { ok: false, error: checked.error };
  const { unit } = checked;

  const before = await getStatus(ctx);
  if (!before.ok) return { ok: false, error: before.error };
  if (before.status.state === 'not-installed') return { ok: false, error: notInstalled(unit) };
  const notes: string[] = [];
  if (action === 'start' && before.status.state === 'running' && ctx.socketPath && (await ping(ctx.socketPath)).ok) {
    return { ok: true, status: before.status, elapsedMs: Date.now() - started, notes: [`${unit} was already running.`] };
  }
  if (before.status.state === 'failed') {
    progress?.report(`clearing the failed state of ${unit}`);
    const resetError = await systemctl(ctx, 'reset-failed', unit, 'reset');
    if (resetError) return { ok: false, error: resetError };
    notes.push(`${unit} had failed before (${before.status.result || 'unknown result'}); its failed state was reset.`);
  }
  // A unit in systemd's restart loop (exited, waiting to be started again) would stay in it after a plain start:
  // restart it at once, so that what we watch next is the new process.
  let verb: 'start' | 'restart' = action;
  if (action === 'start' && before.status.state === 'restarting') {
    verb = 'restart';
    notes.push(`${unit} was being restarted by systemd after exiting (${before.status.result || 'unknown result'}); it was restarted at once.`);
  }
  const restartsBefore = before.status.restarts ?? 0;

  progress?.report(`${action === 'start' ? 'starting' : 'restarting'} ${unit}`);
  let error = await systemctl(ctx, verb, unit);
  if (error?.kind === 'unit-failed' && /attempted too often|start-limit/i.test(`${error.message} ${error.detail ?? ''}`)) {
    // systemd's start rate limit counts earlier starts too: the user asked for this one, so clear it and try once more.
    const resetError = await systemctl(ctx, 'reset-failed', unit, 'reset');
    if (resetError) return { ok: false, error: resetError };
    notes.push(`${unit} had hit systemd's start rate limit; its failed state was reset and it was started again.`);
    error = await systemctl(ctx, verb === 'restart' ? 'start' : verb, unit);
  }
  if (error) return { ok: false, error: error.kind === 'unit-failed' ? await withJournal(ctx, error) : error };
  if (!ctx.socketPath) return { ok: false, error: noSocket(unit) };

  const timeoutMs = ctx.readyTimeoutMs ?? 60_000;
  const wait = await waitForReady(ctx.socketPath, {
    timeoutMs,
    signal,
    onTick: (elapsed) => progress?.report(`waiting for the daemon to answer on ${ctx.socketPath} (${seconds(elapsed)})`),
    check: async () => {
      const now = await getStatus(ctx);
      if (!now.ok) return undefined;
      const s = now.status;
      if (s.state === 'failed') return describeStatus(s);
      if (s.state === 'stopped') return `${unit} stopped again`;
      if (s.state === 'restarting' || (s.restarts ?? 0) > restartsBefore) return describeStatus({ ...s, state: 'restarting' });
      return undefined;
    },
  });
  if (wait.ok) {
    const after = await getStatus(ctx);
    return { ok: true, status: after.ok ? after.status : undefined, elapsedMs: Date.now() - started, notes };
  }
  if (wait.reason === 'aborted') {
    return {
      ok: false,
      error: { kind: 'not-ready', message: `Stopped waiting for ${unit}: cancelled.`, hint: 'The daemon may still be starting; its status will show.', actions: [] },
    };
  }
  const failed: ServiceError =
    wait.reason === 'check'
      ? {
          kind: 'unit-failed',
          message: `${unit} did not come up: ${wait.detail ?? 'it failed'}.`,
          hint: 'The last lines of its log say why; the doctor checks the usual causes.',
          actions: ['show-journal', 'run-doctor'],
        }
      : {
          kind: 'not-ready',
          message: `${unit} is started, but its socket ${ctx.socketPath} did not answer within ${seconds(timeoutMs)} (${lastPing(wait.last)}).`,
          hint: 'A daemon with many containers can take longer: look at its log, or raise rootlessDocker.service.readyTimeout.',
          actions: ['show-journal', 'run-doctor'],
        };
  return { ok: false, error: await withJournal(ctx, failed) };
}

function lastPing(p: PingResult): string {
  if (p.ok) return 'it answered';
  if (p.code === 'ENOENT') return 'the socket file does not exist';
  if (p.code === 'ECONNREFUSED') return 'nothing listens on it';
  if (p.code === 'ETIMEDOUT') return 'it does not answer';
  return p.message;
}

/** Stops the unit, then waits until nothing listens on its socket. */
export async function stopService(ctx: ServiceContext, progress?: Progress, signal?: AbortSignal): Promise<Outcome> {
  const started = Date.now();
  const checked = checkedUnit(ctx);
  if ('error' in checked) return { ok: false, error: checked.error };
  const { unit } = checked;
  progress?.report(`stopping ${unit}`);
  const error = await systemctl(ctx, 'stop', unit);
  if (error) return { ok: false, error };
  if (ctx.socketPath) {
    const timeoutMs = ctx.stopTimeoutMs ?? 45_000;
    const wait = await waitForGone(ctx.socketPath, {
      timeoutMs,
      signal,
      onTick: (elapsed) => progress?.report(`waiting for the daemon to exit (${seconds(elapsed)})`),
    });
    if (!wait.ok && wait.reason !== 'aborted') {
      return {
        ok: false,
        error: {
          kind: 'still-running',
          message: `${unit} is stopped, but ${ctx.socketPath} still answers after ${seconds(timeoutMs)}: another daemon is listening there.`,
          hint: 'A daemon started outside systemd (dockerd-rootless.sh in a terminal) keeps running; stop it where it was started.',
          actions: ['run-doctor'],
        },
      };
    }
  }
  const after = await getStatus(ctx);
  return { ok: true, status: after.ok ? after.status : undefined, elapsedMs: Date.now() - started, notes: [] };
}

/** Enables or disables the unit at login (WantedBy=default.target), then reads the result back. */
export async function setEnabled(ctx: ServiceContext, enabled: boolean): Promise<Outcome> {
  const started = Date.now();
  const checked = checkedUnit(ctx);
  if ('error' in checked) return { ok: false, error: checked.error };
  const error = await systemctl(ctx, enabled ? 'enable' : 'disable', checked.unit);
  if (error) return { ok: false, error };
  const after = await getStatus(ctx);
  return { ok: true, status: after.ok ? after.status : undefined, elapsedMs: Date.now() - started, notes: [] };
}

/** Whether the user lingers (their systemd --user runs without a login, so the daemon survives logout and starts at boot). */
export async function getLinger(ctx: Pick<ServiceContext, 'runner' | 'user'>, user: string): Promise<{ ok: true; linger: boolean } | { ok: false; error: ServiceError }> {
  const result = await ctx.runner.run('loginctl', lingerArgs(user), { timeoutMs: STATUS_TIMEOUT_MS });
  const read = lingerOf(result);
  return 'linger' in read ? { ok: true, linger: read.linger } : { ok: false, error: read.error };
}
