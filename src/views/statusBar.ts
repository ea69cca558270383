// The daemon's state in the status bar, once the connection has started. A click does what the state calls
// for: start the daemon when it is not running, run the doctor when its socket cannot be opened, and
// otherwise show the containers view; the tooltip offers the same actions.
import * as vscode from 'vscode';
import { COMMANDS, CONTAINERS_VIEW } from '../commands/ids';
import type { DaemonConnection } from './connection';

export class DaemonStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('rootlessDocker.daemon', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connection: DaemonConnection) {
    this.item.name = 'Rootless Docker daemon';
    this.subscription = connection.onDidChange(() => this.update());
    this.update();
  }

  private visible = false;

  /** What the item shows and does, as plain data (for tests and bug reports). */
  describe(): { visible: boolean; text: string; tooltip: string; command?: string } {
    const tooltip = this.item.tooltip;
    const command = this.item.command;
    return {
      visible: this.visible,
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      ...(command ? { command: typeof command === 'string' ? command : command.command } : {}),
    };
  }

  private update(): void {
    const s = this.connection.snapshot();
    if (!s) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const running = [...s.containers.values()].filter((c) => c.state === 'running').length;
    this.item.backgroundColor = undefined;
    this.item.command = `${CONTAINERS_VIEW}.focus`;
    switch (s.status) {
      case 'ok': {
        const rootful = s.details?.rootless === false;
        const name = s.details?.rootless ? 'Rootless Docker' : rootful ? 'Docker (rootful)' : 'Docker';
        this.item.text = `$(${rootful ? 'warning' : 'vm-running'}) ${name}${running ? ` · ${running}` : ''}`;
        this.item.tooltip = `${name} ${s.details?.serverVersion ?? ''} at ${s.endpoint.host}: ${running} running container${running === 1 ? '' : 's'}.`;
        if (rootful) this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'connecting':
        this.item.text = '$(loading~spin) Docker';
        this.item.tooltip = `Connecting to ${s.endpoint.host}…`;
        break;
      case 'timeout':
        this.item.text = '$(watch) Docker: not responding';
        this.item.tooltip = withActions(s.problem?.message, [[COMMANDS.service.restart, 'Restart the daemon'], [COMMANDS.service.showLog, 'Show its log']]);
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      default: {
        const notRunning = s.status === 'no-socket' || s.status === 'refused';
        this.item.text = `$(error) Docker: ${notRunning ? 'not running' : s.status === 'permission' ? 'permission denied' : 'unavailable'}`;
        if (notRunning) {
          this.item.command = { command: COMMANDS.service.start, title: 'Start the daemon' };
          this.item.tooltip = withActions(s.problem?.message, [[COMMANDS.service.start, 'Start the daemon (click)'], [COMMANDS.doctor.run, 'Run the doctor']]);
        } else {
          this.item.command = { command: COMMANDS.doctor.run, title: 'Run the doctor' };
          this.item.tooltip = withActions(s.problem?.message, [[COMMANDS.doctor.run, 'Run the doctor (click)'], [`${CONTAINERS_VIEW}.focus`, 'Show the containers view']]);
        }
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      }
    }
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

/**
 * The problem as plain text (it may quote the daemon or a path), then links to this extension's own commands:
 * only those may run from the tooltip.
 */
function withActions(message: string | undefined, actions: [command: string, title: string][]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: actions.map(([command]) => command) };
  if (message) md.appendText(message).appendMarkdown('\n\n');
  md.appendMarkdown(actions.map(([command, title]) => `[${title}](command:${command})`).join(' · '));
  return md;
}
