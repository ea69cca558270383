// Registers the containers view: the tree, the status bar item, the commands, and the connection that
// feeds them. The connection starts the first time the view becomes visible; before that nothing runs.
import * as vscode from 'vscode';
import { registerContainerCommands } from '../commands/containers';
import { COMMANDS, CONTAINERS_VIEW } from '../commands/ids';
import { DaemonConnection } from './connection';
import { affectsContainers } from './settings';
import { DaemonStatusBar } from './statusBar';
import { ContainersTree } from './tree';

/** Returns the connection: its facts() / onDidChangeFacts follow the connected daemon (for the linter's host facts). */
export function registerContainersView(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): DaemonConnection {
  const connection = new DaemonConnection(log);
  const tree = new ContainersTree(connection);
  const view = vscode.window.createTreeView(CONTAINERS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new DaemonStatusBar(connection);
  const startWhenVisible = () => {
    if (view.visible) connection.start();
  };
  context.subscriptions.push(
    connection,
    tree,
    view,
    statusBar,
    view.onDidChangeVisibility(startWhenVisible),
    vscode.commands.registerCommand(COMMANDS.containers.describeStatusBar, () => statusBar.describe()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsContainers(e)) connection.reconnect();
    }),
  );
  registerContainerCommands(context, connection, tree, log);
  startWhenVisible();
  return connection;
}
