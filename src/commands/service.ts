// Commands for the user's daemon unit (systemctl --user): start, stop, restart, status, start at login, its log,
// linger and the install step. Each runs the pure core in src/service with progress, says what happened and
// what to do in one message with the actions that fix it, and returns a plain result (used by tests). Commands
// that need root are shown to the user to run, never run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadService } from '../lazy';
import { enableLingerCommand, INSTALL_COMMAND, journalArgs } from '../service/args';
import type { Outcome, ServiceContext } from '../service/control';
import { formatEntry, parseJournalLine } from '../service/journal';
import type { Runner, StreamHandle } from '../service/run';
import { describeStatus, type ServiceAction, type ServiceError, type UnitStatus } from '../service/state';
import { checkUnitName, DEFAULT_UNIT } from '../service/unit';
import { containersSettings } from '../views/settings';
import { COMMANDS } from './ids';

/** The language of the daemon log channel (package.json contributes its grammar). */
export const JOURNAL_LANGUAGE = 'rootless-docker-journal';
export const JOURNAL_CHANNEL = 'Rootless Docker: Daemon Log';
const ROOTLESS_DOCS = 'https://docs.docker.com/engine/security/rootless/';

export interface ServiceSettings {
  unit: string;
  readyTimeoutMs: number;
  journalLines: number;
  problems: string[];
}

/** The rootlessDocker.service.* settings; the unit name only from user settings (it reaches a command line). */
export function serviceSettings(): ServiceSettings {
  const c = vscode.workspace.getConfiguration('rootlessDocker.service');
  const problems: string[] = [];
  let unit = DEFAULT_UNIT;
  const raw = c.inspect<unknown>('unit')?.globalValue;
  if (raw !== undefined && raw !== null && raw !== '') {
    const check = checkUnitName(raw);
    if (check.ok) unit = check.unit;
    else problems.push(`rootlessDocker.service.unit: ${check.reason}; using ${DEFAULT_UNIT}.`);
  }
  const timeout = c.get<unknown>('readyTimeout');
  const lines = c.get<unknown>('logLines');
  return {
    unit,
    readyTimeoutMs: (typeof timeout === 'number' && Number.isFinite(timeout) ? Math.max(5, Math.min(timeout, 600)) : 60) * 1000,
    journalLines: typeof lines === 'number' && Number.isFinite(lines) ? Math.max(0, Math.min(Math.floor(lines), 10_000)) : 200,
    problems,
  };
}

/** What a command returns: the outcome as plain data. */
export interface CommandResult {
  ok: boolean;
  state?: UnitStatus['state'];
  status?: UnitStatus;
  error?: Pick<ServiceError, 'kind' | 'message' | 'hint'>;
  elapsedMs?: number;
  cancelled?: boolean;
}

const ACTION_LABELS: Record<ServiceAction, string> = {
  'install-unit': 'How to Install…',
  'show-journal': 'Show Daemon Log',
  'run-doctor': 'Run Doctor',
  'enable-linger': 'About Linger…',
  start: 'Start Daemon',
  'open-settings': 'Open Settings',
};

class ServiceCommands implements vscode.Disposable {
  private runnerInstance?: Runner;
  private journalChannel?: vscode.OutputChannel;
  private follow?: StreamHandle;
  private busy?: string;
  private userName?: { name: string | undefined };

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The user's login name, looked up on first use. */
  private get user(): string | undefined {
    return (this.userName ??= { name: currentUser() }).name;
  }

  /** Runs systemctl and journalctl; made (and the service core loaded) on the first command that needs it. */
  private get runner(): Runner {
    return (this.runnerInstance ??= loadService().createRunner({ env: process.env, cwd: os.homedir() }));
  }

  /** The context of one operation, with the settings as they are now. */
  context(): ServiceContext {
    const settings = serviceSettings();
    for (const p of settings.problems) this.log.warn(p);
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const socket = loadService().daemonSocket({ env: process.env, uid, home: os.homedir(), setting: containersSettings().settings.host });
    return {
      runner: this.runner,
      unit: settings.unit,
      socketPath: socket?.socketPath,
      user: this.user,
      readyTimeoutMs: settings.readyTimeoutMs,
    };
  }

  /** start / stop / restart, one at a time, with a cancellable progress notification. */
  async lifecycle(action: 'start' | 'stop' | 'restart'): Promise<CommandResult> {
    if (this.busy) {
      void vscode.window.showInformationMessage(`The daemon is already being ${this.busy}; wait for it to finish.`);
      return { ok: false, error: { kind: 'unknown', message: `busy: ${this.busy}`, hint: '' } };
    }
    const ctx = this.context();
    const verb = { start: 'started', stop: 'stopped', restart: 'restarted' }[action];
    this.busy = verb;
    try {
      if (action !== 'start' && !(await this.confirmStop(ctx, action))) return { ok: false, cancelled: true };
      this.log.info(`${action} ${ctx.unit} (socket ${ctx.socketPath ?? 'unknown'})`);
      const abort = new AbortController();
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Rootless Docker: ${action === 'stop' ? 'stopping' : action === 'start' ? 'starting' : 'restarting'} ${ctx.unit}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          const reporter = { report: (message: string) => progress.report({ message }) };
          const { startService, stopService, restartService } = loadService();
          const run = action === 'start' ? startService : action === 'stop' ? stopService : restartService;
          return run(ctx, reporter, abort.signal);
        },
      );
      this.refreshTree();
      if (outcome.ok) {
        for (const note of outcome.notes) this.log.info(note);
        const seconds = (outcome.elapsedMs / 1000).toFixed(1);
        this.log.info(`${ctx.unit} ${verb} in ${seconds} s${outcome.status ? `: ${describeStatus(outcome.status)}` : ''}`);
        void vscode.window.setStatusBarMessage(`$(check) Rootless Docker: ${ctx.unit} ${verb} (${seconds} s)`, 5000);
      } else if (abort.signal.aborted) {
        // The user cancelled the wait: no error to show, the daemon may still be coming up.
        this.log.info(outcome.error.message);
        return { ok: false, cancelled: true, error: pickError(outcome.error) };
      } else {
        void this.showError(outcome.error);
      }
      return resultOf(outcome);
    } finally {
      this.busy = undefined;
    }
  }

  /** Asks before stopping a daemon with running containers, naming them. */
  private async confirmStop(ctx: ServiceContext, action: 'stop' | 'restart'): Promise<boolean> {
    if (!ctx.socketPath) return true;
    const running = await loadService().runningContainers(ctx.socketPath);
    if (!running?.length) return true;
    const names = running.slice(0, 5).join(', ') + (running.length > 5 ? ` and ${running.length - 5} more` : '');
    const go = action === 'stop' ? 'Stop Daemon' : 'Restart Daemon';
    const answer = await vscode.window.showWarningMessage(
      `${action === 'stop' ? 'Stopping' : 'Restarting'} the daemon stops ${running.length} running container${running.length === 1 ? '' : 's'}: ${names}.`,
      { modal: true, detail: 'Containers with a restart policy start again with the daemon; nothing is removed.' },
      go,
    );
    return answer === go;
  }

  async status(): Promise<CommandResult> {
    const ctx = this.context();
    const got = await loadService().getStatus(ctx);
    if (!got.ok) {
      void this.showError(got.error);
      return { ok: false, error: pickError(got.error) };
    }
    const s = got.status;
    const linger = this.user ? await loadService().getLinger(ctx, this.user) : undefined;
    const lingerText = linger?.ok ? (linger.linger ? ' Linger is on.' : ' Linger is off: it stops when you log out.') : '';
    const atLogin = s.fileState === 'enabled' ? ' Starts at login.' : s.fileState ? ' Does not start at login.' : '';
    this.log.info(`status: ${describeStatus(s)} (${s.load}/${s.active}/${s.sub}, ${s.fileState || 'no unit file'})`);
    const notInstalled = s.state === 'not-installed' ? (s.unit === DEFAULT_UNIT ? [ACTION_LABELS['install-unit']] : [ACTION_LABELS['open-settings']]) : undefined;
    const buttons = notInstalled ?? (s.state === 'running' ? ['Stop Daemon', 'Restart Daemon', 'Show Daemon Log'] : ['Start Daemon', 'Show Daemon Log']);
    void vscode.window.showInformationMessage(`${describeStatus(s)}.${atLogin}${lingerText}`, ...buttons).then((picked) => {
      if (picked === 'Stop Daemon') return vscode.commands.executeCommand(COMMANDS.service.stop);
      if (picked === 'Restart Daemon') return vscode.commands.executeCommand(COMMANDS.service.restart);
      if (picked === 'Start Daemon') return vscode.commands.executeCommand(COMMANDS.service.start);
      if (picked === 'Show Daemon Log') return vscode.commands.executeCommand(COMMANDS.service.showLog);
      if (picked === ACTION_LABELS['install-unit']) return vscode.commands.executeCommand(COMMANDS.service.install);
      if (picked === ACTION_LABELS['open-settings']) return vscode.commands.executeCommand('workbench.action.openSettings', 'rootlessDocker.service');
      return undefined;
    });
    return { ok: true, state: s.state, status: s };
  }

  async setEnabled(enabled: boolean): Promise<CommandResult> {
    const ctx = this.context();
    const outcome = await loadService().setEnabled(ctx, enabled);
    if (outcome.ok) {
      const message = enabled
        ? `${ctx.unit} now starts with your user session.${this.user ? ' To keep it running after you log out (and start it at boot), enable linger.' : ''}`
        : `${ctx.unit} no longer starts with your user session.`;
      this.log.info(message);
      if (enabled) {
        void vscode.window.showInformationMessage(message, 'About Linger…').then((p) => (p ? vscode.commands.executeCommand(COMMANDS.service.linger) : undefined));
      } else {
        void vscode.window.showInformationMessage(message);
      }
    } else {
      void this.showError(outcome.error);
    }
    return resultOf(outcome);
  }

  /** Shows linger, why it matters, and the command that enables it (needs root: shown, not run). */
  async linger(): Promise<CommandResult & { linger?: boolean }> {
    if (!this.user) {
      void vscode.window.showErrorMessage('Cannot tell which user you are, so linger cannot be checked.');
      return { ok: false };
    }
    const ctx = this.context();
    const got = await loadService().getLinger(ctx, this.user);
    const command = enableLingerCommand(this.user);
    if (got.ok && got.linger) {
      void vscode.window.showInformationMessage(`Linger is on for ${this.user}: your user services, the Docker daemon among them, keep running after you log out and start at boot.`);
      return { ok: true, linger: true };
    }
    const why = 'Without linger, systemd stops your user services (the Docker daemon and every container) when your last session ends, and starts nothing at boot.';
    const state = got.ok ? `Linger is off for ${this.user}.` : `Linger could not be read: ${got.error.message}`;
    this.log.info(`${state} Enable it with: ${command}`);
    // Not awaited: the command answers at once; the buttons act whenever they are clicked.
    void vscode.window
      .showWarningMessage(`${state} ${why} Enable it with "${command}" (needs administrator rights, so the extension does not run it).`, 'Copy Command', 'Paste in Terminal')
      .then(async (picked) => {
        if (picked === 'Copy Command') await vscode.env.clipboard.writeText(command);
        if (picked === 'Paste in Terminal') typeInTerminal('Rootless Docker: linger', command);
      });
    return got.ok ? { ok: true, linger: false } : { ok: false, error: pickError(got.error) };
  }

  /** The install step: the setup tool's command, typed into a terminal for the user to run. */
  install(): CommandResult & { command?: string } {
    const dirs = loadService().searchDirs(process.env, os.homedir());
    const tool = dirs.map((d) => path.join(d, 'dockerd-rootless-setuptool.sh')).find((f) => isExecutable(f));
    if (!tool) {
      void vscode.window
        .showErrorMessage(
          "dockerd-rootless-setuptool.sh is not installed. Install Docker's rootless extras first: on Debian/Ubuntu \"sudo apt-get install docker.io rootlesskit uidmap\", or docker-ce-rootless-extras from Docker's repository.",
          'Open Docs',
          'Run Doctor',
        )
        .then(async (picked) => {
          if (picked === 'Open Docs') await vscode.env.openExternal(vscode.Uri.parse(ROOTLESS_DOCS));
          if (picked === 'Run Doctor') await vscode.commands.executeCommand(COMMANDS.doctor.run);
        });
      return { ok: false };
    }
    const dir = path.dirname(tool);
    const onPath = (process.env.PATH ?? '').split(':').includes(dir);
    // The tool needs dockerd-rootless.sh on PATH; Debian keeps both in /usr/share/docker.io/contrib.
    const command = onPath ? INSTALL_COMMAND : `PATH=${dir}:$PATH ${INSTALL_COMMAND}`;
    void vscode.window
      .showInformationMessage(
        `Install the rootless daemon as your user service with "${command}": it writes ~/.config/systemd/user/docker.service, starts it and enables it at login. Paste it into a terminal to review and run it.`,
        'Paste in Terminal',
        'Copy Command',
      )
      .then(async (picked) => {
        if (picked === 'Paste in Terminal') typeInTerminal('Rootless Docker: install', command);
        if (picked === 'Copy Command') await vscode.env.clipboard.writeText(command);
      });
    return { ok: true, command };
  }

  /**
   * The daemon log: the last lines, then new ones as they come (journalctl --follow), in an output channel with
   * its own highlighting. Returns how many lines were shown at first.
   */
  async showLog(): Promise<{ ok: boolean; lines: number; none?: string; error?: string }> {
    const ctx = this.context();
    const settings = serviceSettings();
    const channel = (this.journalChannel ??= vscode.window.createOutputChannel(JOURNAL_CHANNEL, JOURNAL_LANGUAGE));
    this.follow?.stop();
    this.follow = undefined;
    channel.clear();
    channel.show(true);
    const tail = await loadService().journalTail(ctx, settings.journalLines);
    channel.appendLine(`# journalctl --user --unit=${ctx.unit}: the last ${settings.journalLines} lines, then new ones as they come`);
    for (const e of tail.entries) channel.appendLine(formatEntry(e));
    if (tail.error) {
      channel.appendLine(`# The log cannot be read: ${tail.error}`);
      return { ok: false, lines: 0, error: tail.error };
    }
    if (tail.none) {
      channel.appendLine(`# ${tail.none.message}`);
      if (tail.none.reason === 'no-journal-files') {
        channel.appendLine('# journald keeps per-user logs only with persistent storage (/var/log/journal); without systemd there is no journal at all.');
        return { ok: true, lines: 0, none: tail.none.reason };
      }
    }
    const follow = this.runner.stream('journalctl', journalArgs({ unit: ctx.unit, lines: 0, follow: true }), (line) => {
      const entry = line.startsWith('{') ? parseJournalLine(line) : undefined;
      if (entry) channel.appendLine(formatEntry(entry));
    });
    this.follow = follow;
    void follow.done.then((r) => {
      if (this.follow === follow && !r.signal) channel.appendLine(`# journalctl stopped following (${r.failureMessage ?? `exit ${r.code}`}).`);
    });
    return { ok: true, lines: tail.entries.length, ...(tail.none ? { none: tail.none.reason } : {}) };
  }

  /** One message: what happened, what to do, and buttons for the actions that fix it. Details go to the log. */
  async showError(error: ServiceError): Promise<void> {
    this.log.error(`${error.message} ${error.hint}`);
    if (error.detail) this.log.error(`  ${error.detail.replace(/\n/g, '\n  ')}`);
    if (error.journal?.length) {
      this.log.error(`  last lines of the daemon's log:\n    ${error.journal.join('\n    ')}`);
      const channel = (this.journalChannel ??= vscode.window.createOutputChannel(JOURNAL_CHANNEL, JOURNAL_LANGUAGE));
      channel.appendLine(`# ${error.message}`);
      for (const line of error.journal) channel.appendLine(line);
    }
    const buttons = error.actions.map((a) => ACTION_LABELS[a]);
    const lastLine = error.journal?.length ? ` Last log line: ${error.journal[error.journal.length - 1].slice(0, 300)}` : '';
    const picked = await vscode.window.showErrorMessage(`${error.message} ${stripTicks(error.hint)}${lastLine}`, ...buttons);
    const action = error.actions.find((a) => ACTION_LABELS[a] === picked);
    switch (action) {
      case 'install-unit':
        return void (await vscode.commands.executeCommand(COMMANDS.service.install));
      case 'show-journal':
        return void (await vscode.commands.executeCommand(COMMANDS.service.showLog));
      case 'run-doctor':
        return void (await vscode.commands.executeCommand(COMMANDS.doctor.run));
      case 'enable-linger':
        return void (await vscode.commands.executeCommand(COMMANDS.service.linger));
      case 'start':
        return void (await vscode.commands.executeCommand(COMMANDS.service.start));
      case 'open-settings':
        return void (await vscode.commands.executeCommand('workbench.action.openSettings', 'rootlessDocker.service'));
    }
  }

  private refreshTree(): void {
    void vscode.commands.executeCommand(COMMANDS.containers.refresh).then(undefined, (err: unknown) => {
      this.log.debug(`tree refresh: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  dispose(): void {
    this.follow?.stop();
    this.journalChannel?.dispose();
  }
}

function resultOf(outcome: Outcome): CommandResult {
  if (outcome.ok) return { ok: true, state: outcome.status?.state, status: outcome.status, elapsedMs: outcome.elapsedMs };
  return { ok: false, error: pickError(outcome.error) };
}

function pickError(e: ServiceError): CommandResult['error'] {
  return { kind: e.kind, message: e.message, hint: e.hint };
}

/** Notifications show plain text: backticks around commands read better as quotes. */
function stripTicks(s: string): string {
  return s.replace(/`([^`]*)`/g, '"$1"');
}

function currentUser(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Types a command into a new terminal without pressing Enter: the user reads it and decides. */
function typeInTerminal(name: string, command: string): void {
  const terminal = vscode.window.createTerminal({ name });
  terminal.show();
  terminal.sendText(command, false);
}

export function registerServiceCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ServiceCommands {
  const commands = new ServiceCommands(log);
  const s = COMMANDS.service;
  context.subscriptions.push(
    commands,
    vscode.commands.registerCommand(s.start, () => commands.lifecycle('start')),
    vscode.commands.registerCommand(s.stop, () => commands.lifecycle('stop')),
    vscode.commands.registerCommand(s.restart, () => commands.lifecycle('restart')),
    vscode.commands.registerCommand(s.status, () => commands.status()),
    vscode.commands.registerCommand(s.enable, () => commands.setEnabled(true)),
    vscode.commands.registerCommand(s.disable, () => commands.setEnabled(false)),
    vscode.commands.registerCommand(s.showLog, () => commands.showLog()),
    vscode.commands.registerCommand(s.linger, () => commands.linger()),
    vscode.commands.registerCommand(s.install, () => commands.install()),
  );
  return commands;
}
