// The daemon's state in the status bar, once the connection has started; a click shows the containers view.
import * as vscode from 'vscode';
import { CONTAINERS_VIEW } from '../commands/ids';
import type { DaemonConnection } from './connection';

export class DaemonStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('rootlessDocker.daemon', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connection: DaemonConnection) {
    this.item.name = 'Rootless Docker daemon';
    this.item.command = `${CONTAINERS_VIEW}.focus`;
    this.subscription = connection.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const s = this.connection.snapshot();
    if (!s) {
      this.item.hide();
      return;
    }
    const running = [...s.containers.values()].filter((c) => c.state === 'running').length;
    this.item.backgroundColor = undefined;
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
        this.item.tooltip = s.problem?.message;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      default:
        this.item.text = `$(error) Docker: ${s.status === 'no-socket' || s.status === 'refused' ? 'not running' : s.status === 'permission' ? 'permission denied' : 'unavailable'}`;
        this.item.tooltip = s.problem?.message;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    }
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
