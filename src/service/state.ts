// What systemctl, journalctl and loginctl results mean: the unit's state, and errors phrased as what happened and
// what to do. The texts matched here were measured with systemd 252 (../shared/reliability.md section 5 and the
// systemd test bed, scripts/testbed/systemd-bed.sh).
import { enableLingerCommand, INSTALL_COMMAND } from './args';
import type { RunResult } from './run';

/** What the daemon's unit is doing, in the words the UI uses. */
export type ServiceState =
  | 'running'
  | 'starting'
  | 'restarting' // exited and systemd will start it again (Restart=always)
  | 'stopping'
  | 'stopped'
  | 'failed'
  | 'not-installed'
  | 'masked';

export interface UnitStatus {
  unit: string;
  state: ServiceState;
  /** systemd's own words: LoadState, ActiveState, SubState, UnitFileState, Result. */
  load: string;
  active: string;
  sub: string;
  /** enabled, disabled, static…; empty when the unit file does not exist. */
  fileState: string;
  result: string;
  description?: string;
  mainPid?: number;
  restarts?: number;
  /** The main process's exit status after it ended (ExecMainStatus), when it has ended. */
  exitStatus?: number;
  fragmentPath?: string;
  /** When it last became active, as systemd prints it. */
  activeSince?: string;
}

/** `KEY=VALUE` lines (systemctl show) as a map; later duplicates win, malformed lines are skipped. */
export function parseProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    props.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return props;
}

function int(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** The unit's status from `systemctl show` properties. */
export function unitStatus(unit: string, props: Map<string, string>): UnitStatus {
  const load = props.get('LoadState') ?? '';
  const active = props.get('ActiveState') ?? '';
  const sub = props.get('SubState') ?? '';
  const status: UnitStatus = {
    unit,
    state: stateOf(load, active, sub),
    load,
    active,
    sub,
    fileState: props.get('UnitFileState') ?? '',
    result: props.get('Result') ?? '',
  };
  const description = props.get('Description');
  if (description) status.description = description;
  const mainPid = int(props.get('MainPID'));
  if (mainPid) status.mainPid = mainPid;
  const restarts = int(props.get('NRestarts'));
  if (restarts !== undefined) status.restarts = restarts;
  // ExecMainCode 0 means the main process has not exited (or never ran).
  if (props.get('ExecMainCode') !== '0' && props.has('ExecMainCode')) {
    const exit = int(props.get('ExecMainStatus'));
    if (exit !== undefined) status.exitStatus = exit;
  }
  const fragment = props.get('FragmentPath');
  if (fragment) status.fragmentPath = fragment;
  const since = props.get('ActiveEnterTimestamp');
  if (since && since !== 'n/a') status.activeSince = since;
  return status;
}

export function stateOf(load: string, active: string, sub: string): ServiceState {
  if (load === 'not-found') return 'not-installed';
  if (load === 'masked') return 'masked';
  switch (active) {
    case 'active':
    case 'reloading':
      return 'running';
    case 'activating':
      return sub === 'auto-restart' ? 'restarting' : 'starting';
    case 'deactivating':
      return 'stopping';
    case 'failed':
      return 'failed';
    default:
      return 'stopped';
  }
}

/** A sentence for a status, e.g. "docker.service is running (pid 164, since …)". */
export function describeStatus(s: UnitStatus): string {
  switch (s.state) {
    case 'running':
      return `${s.unit} is running${s.mainPid ? ` (pid ${s.mainPid}` : ''}${s.mainPid && s.activeSince ? `, since ${s.activeSince})` : s.mainPid ? ')' : ''}`;
    case 'starting':
      return `${s.unit} is starting`;
    case 'restarting':
      return `${s.unit} exited${s.exitStatus !== undefined ? ` with status ${s.exitStatus}` : ''} and systemd is restarting it${s.restarts ? ` (${s.restarts} restart${s.restarts === 1 ? '' : 's'} so far)` : ''}`;
    case 'stopping':
      return `${s.unit} is stopping`;
    case 'stopped':
      return `${s.unit} is stopped`;
    case 'failed':
      return `${s.unit} failed (${s.result || 'unknown result'}${s.exitStatus !== undefined ? `, exit status ${s.exitStatus}` : ''})`;
    case 'not-installed':
      return `${s.unit} is not installed`;
    case 'masked':
      return `${s.unit} is masked`;
  }
}

// --- errors --------------------------------------------------------------------------------------------------

export type ServiceErrorKind =
  | 'no-user-manager' // systemctl --user cannot reach systemd --user
  | 'no-systemd' // the machine does not run systemd at all
  | 'unit-not-found'
  | 'unit-masked'
  | 'unit-failed'
  | 'not-ready' // the unit runs, but the socket did not answer in time
  | 'still-running' // stopped, but the socket still answers
  | 'access-denied'
  | 'invalid-unit'
  | 'tool-missing'
  | 'timeout'
  | 'too-much-output'
  | 'unknown';

/** Something the UI can offer next to the message. */
export type ServiceAction = 'install-unit' | 'show-journal' | 'run-doctor' | 'enable-linger' | 'start' | 'open-settings';

export interface ServiceError {
  kind: ServiceErrorKind;
  /** What happened, one or two sentences. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** The tool's own words (stderr), trimmed, for the log. */
  detail?: string;
  /** The last journal lines of the unit, when they explain a failure. */
  journal?: string[];
  actions: ServiceAction[];
  /** A command to copy and run in a terminal (never run by the extension). */
  command?: string;
}

export interface ClassifyContext {
  unit: string;
  /** What was attempted, e.g. "start". */
  action: string;
  /** The user name, for the linger command. */
  user?: string;
  /** Whether systemd is PID 1 (/run/systemd/system exists): without it, an unreachable user bus means "no systemd". */
  systemdBooted?: boolean;
}

/** Why the user manager is unreachable, from systemctl's "Failed to connect to bus: REASON". */
function busReason(reason: string): string {
  if (/No medium found/i.test(reason)) return 'XDG_RUNTIME_DIR is not set in this environment, so the user bus cannot be found';
  if (/No such file or directory/i.test(reason)) return 'the user bus socket ($XDG_RUNTIME_DIR/bus) does not exist: systemd --user is not running for this user';
  if (/Permission denied/i.test(reason)) return 'the user bus socket belongs to another user';
  return `the user bus refused the connection (${reason})`;
}

const TOOL_TEXT_MAX = 2000;

/** Trims a tool's output for messages: whitespace, control characters, length. */
export function toolText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '').trim();
  return clean.length > TOOL_TEXT_MAX ? `${clean.slice(0, TOOL_TEXT_MAX)}…` : clean;
}

/**
 * The error a systemctl/loginctl result stands for, or undefined when it succeeded. A non-zero exit without a
 * recognised message is still an error ('unknown'), with the tool's words as detail.
 */
export function classifyResult(result: RunResult, ctx: ClassifyContext): ServiceError | undefined {
  const { unit, action } = ctx;
  const detail = toolText(`${result.stderr}\n${result.code !== 0 ? result.stdout : ''}`);
  const withDetail = (e: Omit<ServiceError, 'detail'>): ServiceError => (detail ? { ...e, detail } : e);

  switch (result.failure) {
    case 'not-found':
      return {
        kind: 'tool-missing',
        message: `${result.failureMessage ?? `${result.tool} is not installed`}.`,
        hint: 'Rootless Docker is controlled through systemd here. Without systemd, start the daemon with `dockerd-rootless.sh` in a terminal.',
        actions: ['run-doctor'],
      };
    case 'timeout':
      return withDetail({
        kind: 'timeout',
        message: `${result.failureMessage ?? `${result.tool} timed out`} while trying to ${action} ${unit}.`,
        hint: 'The user service manager may be busy or hung. Look at the daemon log, or try again.',
        actions: ['show-journal'],
      });
    case 'too-much-output':
    case 'spawn-error':
      return withDetail({
        kind: result.failure === 'too-much-output' ? 'too-much-output' : 'unknown',
        message: `${result.failureMessage ?? `${result.tool} failed`}.`,
        hint: 'See the Rootless Docker output channel for details.',
        actions: [],
      });
  }
  if (result.code === 0 && result.signal === null) return undefined;

  const text = `${result.stderr}\n${result.stdout}`;
  const bus = /Failed to connect to (?:user scope )?bus(?: via local transport)?: ([^\n]*)/.exec(text);
  if (/System has not been booted with systemd|Failed to connect to bus: Host is down/i.test(text) || (bus && ctx.systemdBooted === false)) {
    return withDetail({
      kind: 'no-systemd',
      message: 'This machine does not run systemd (PID 1 is not systemd), so there is no user service to control.',
      hint: 'Start the daemon with `dockerd-rootless.sh` in a terminal (or your own init script).',
      actions: ['run-doctor'],
    });
  }
  if (bus) {
    return withDetail({
      kind: 'no-user-manager',
      message: `Cannot reach your user service manager: ${busReason(bus[1].trim())}.`,
      hint:
        'Log in to a session that runs systemd --user (a desktop or SSH login with pam_systemd), or enable lingering so it runs without a login' +
        `${ctx.user ? ` (\`${enableLingerCommand(ctx.user)}\`)` : ''}. Without systemd, start the daemon with \`dockerd-rootless.sh\` in a terminal.`,
      actions: ['enable-linger', 'run-doctor'],
      ...(ctx.user ? { command: enableLingerCommand(ctx.user) } : {}),
    });
  }
  if (/Unit \S+ is masked/i.test(text)) {
    return withDetail({
      kind: 'unit-masked',
      message: `${unit} is masked, so systemd refuses to ${action} it.`,
      hint: `Unmask it with \`systemctl --user unmask ${unit}\` if you want to use it.`,
      actions: [],
      command: `systemctl --user unmask ${unit}`,
    });
  }
  if (/Unit \S+ (?:not found|could not be found|not loaded)|Unit file \S+ does not exist/i.test(text)) {
    return notInstalled(unit, detail);
  }
  if (/Interactive authentication required|Access denied|Permission denied/i.test(text)) {
    return withDetail({
      kind: 'access-denied',
      message: `Not allowed to ${action} ${unit}.`,
      hint: 'The user unit should be yours to control: check that it is a user unit (~/.config/systemd/user), not a system one.',
      actions: ['run-doctor'],
    });
  }
  if (/Job for \S+ failed|attempted too often|start-limit/i.test(text)) {
    return withDetail({
      kind: 'unit-failed',
      message: `${unit} failed to ${action}.`,
      hint: 'The last lines of its log say why; the doctor checks the usual causes.',
      actions: ['show-journal', 'run-doctor'],
    });
  }
  return withDetail({
    kind: 'unknown',
    message: `${result.tool} could not ${action} ${unit} (exit ${result.code ?? result.signal ?? 'unknown'}).`,
    hint: 'See the Rootless Docker output channel for its output.',
    actions: ['show-journal'],
  });
}

/** The unit is not installed: offer the setup tool. */
export function notInstalled(unit: string, detail?: string): ServiceError {
  const isDocker = unit === 'docker.service';
  return {
    kind: 'unit-not-found',
    message: `${unit} is not installed for your user.`,
    hint: isDocker
      ? `Install the rootless daemon's user unit with \`${INSTALL_COMMAND}\` (it writes ~/.config/systemd/user/docker.service and starts it).`
      : `Check the unit name in the setting rootlessDocker.service.unit, or install the unit under ~/.config/systemd/user/.`,
    actions: isDocker ? ['install-unit', 'run-doctor'] : ['open-settings'],
    ...(isDocker ? { command: INSTALL_COMMAND } : {}),
    ...(detail ? { detail } : {}),
  };
}

/** The linger state from `loginctl show-user --property=Linger --value`: true, false, or an error. */
export function lingerOf(result: RunResult): { linger: boolean } | { error: ServiceError } {
  if (result.failure === undefined && result.code === 0) {
    const value = result.stdout.trim();
    if (value === 'yes') return { linger: true };
    if (value === 'no') return { linger: false };
  }
  const text = `${result.stderr}\n${result.stdout}`;
  // Measured: "Failed to get user: User ID 1001 is not logged in or lingering" (rc 1): no linger, no session.
  if (/is not logged in or lingering|not lingering/i.test(text)) return { linger: false };
  const error = classifyResult(result, { unit: 'systemd-logind.service', action: 'ask about' });
  return {
    error: error ?? {
      kind: 'unknown',
      message: `loginctl answered ${JSON.stringify(toolText(result.stdout).slice(0, 60))}, not yes or no.`,
      hint: 'See the Rootless Docker output channel.',
      actions: [],
    },
  };
}
