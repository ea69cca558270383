// Commands of the containers view: container and compose-project actions, logs, inspect, a shell, ports,
// and the daemon-level ones (refresh, choose the host, docs). A failed action says why once, in rootless
// terms when the daemon's error is a known rootless failure; nothing here retries or pops up by itself.
import * as vscode from 'vscode';
import type { ContainerAction } from '../docker/client';
import type { ContainerInfo, ContainerState } from '../docker/containers';
// Container helpers and error translation come from the daemon bundle, loaded on first use (src/lazy.ts).
import { loadDocker as docker } from '../lazy';
import type { DaemonConnection } from '../views/connection';
import { ContainerNode, PortNode, ProjectNode } from '../views/nodes';
import { openLogsTerminal, openShellTerminal } from '../views/terminals';
import type { ContainersTree } from '../views/tree';
import { COMMANDS, CONTAINERS_VIEW } from './ids';

const ROOTLESS_DOCS = 'https://docs.docker.com/engine/security/rootless/';

const VERBS: Record<ContainerAction, string> = { start: 'start', stop: 'stop', restart: 'restart', pause: 'pause', unpause: 'resume', kill: 'kill' };
const ALLOWED: Record<ContainerAction, readonly ContainerState[]> = {
  start: ['created', 'exited', 'dead'],
  stop: ['running', 'restarting', 'paused'],
  restart: ['running', 'exited', 'created', 'paused'],
  pause: ['running'],
  unpause: ['paused'],
  kill: ['running', 'restarting', 'paused'],
};

export function registerContainerCommands(
  context: vscode.ExtensionContext,
  connection: DaemonConnection,
  tree: ContainersTree,
  log: vscode.LogOutputChannel,
): void {
  const c = COMMANDS.containers;
  const client = () => {
    const cl = connection.client;
    if (!cl) throw new Error('No Docker daemon is connected: open the Rootless Docker view to see why.');
    return cl;
  };

  /** The container a command is about: the node it was invoked on, or one picked from a list. */
  const target = async (arg: unknown, states?: readonly ContainerState[]): Promise<ContainerInfo | undefined> => {
    if (arg instanceof ContainerNode || arg instanceof PortNode) return arg.container;
    const known = [...(connection.snapshot()?.containers.values() ?? [])];
    // A container id or name (from a keybinding's args, or a test).
    if (typeof arg === 'string' && arg) {
      const found = known.find((x) => x.id === arg || x.name === arg) ?? known.find((x) => x.id.startsWith(arg));
      if (!found) void vscode.window.showWarningMessage(`No container "${arg.slice(0, 80)}".`);
      return found;
    }
    const all = known.filter((x) => !states || states.includes(x.state));
    if (!all.length) {
      void vscode.window.showInformationMessage(connection.snapshot()?.status === 'ok' ? 'No container is in a state for this.' : 'No Docker daemon is connected.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      all.map((x) => ({ label: x.name, description: `${x.state} · ${x.image}`, container: x })),
      { placeHolder: 'Container' },
    );
    return picked?.container;
  };

  /** Reports a failed action once: the rootless translation when there is one, else the daemon's words. */
  const report = (verb: string, name: string, err: unknown) => {
    const message = docker().daemonMessage(err);
    log.error(`${verb} ${name}: ${message}`);
    const t = docker().translateDaemonError(message);
    if (t) {
      void vscode.window.showErrorMessage(`Cannot ${verb} "${name}": ${t.title} ${t.guidance}`, 'Learn More', 'Show Log').then((choice) => {
        if (choice === 'Learn More') void vscode.env.openExternal(vscode.Uri.parse(t.docs));
        if (choice === 'Show Log') log.show(true);
      });
    } else {
      void vscode.window.showErrorMessage(`Cannot ${verb} "${name}": ${docker().oneLine(message)}`);
    }
  };

  const act = (action: ContainerAction) => async (arg: unknown) => {
    const x = await target(arg, ALLOWED[action]);
    if (!x) return;
    try {
      await withViewProgress(`${VERBS[action]} ${x.name}`, () => client().containerAction(x.id, action));
    } catch (err) {
      report(VERBS[action], x.name, err);
    } finally {
      connection.touch(x.id);
    }
  };

  /** The compose project a command is about: its node, or its name. */
  const project = (arg: unknown): { name: string; containers: ContainerInfo[] } | undefined => {
    if (arg instanceof ProjectNode) return arg.group;
    if (typeof arg !== 'string') return undefined;
    const containers = [...(connection.snapshot()?.containers.values() ?? [])].filter((x) => x.project === arg);
    return containers.length ? { name: arg, containers } : undefined;
  };

  const projectAct = (action: 'start' | 'stop' | 'restart') => async (arg: unknown) => {
    const group = project(arg);
    if (!group) return;
    const members = group.containers.filter((x) => ALLOWED[action].includes(x.state));
    if (!members.length) return;
    const failures: string[] = [];
    await withViewProgress(`${action} ${group.name}`, async () => {
      // Compose's dependency order is not known here: all at once, as `docker compose start` does for independent services.
      await Promise.all(
        members.map(async (x) => {
          try {
            await client().containerAction(x.id, action);
          } catch (err) {
            failures.push(x.name);
            report(action, x.name, err);
          } finally {
            connection.touch(x.id);
          }
        }),
      );
    });
    if (failures.length) log.warn(`${action} ${group.name}: ${failures.length} of ${members.length} failed`);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(c.refresh, () => withViewProgress('refresh', () => connection.refresh())),
    vscode.commands.registerCommand(c.start, act('start')),
    vscode.commands.registerCommand(c.stop, act('stop')),
    vscode.commands.registerCommand(c.restart, act('restart')),
    vscode.commands.registerCommand(c.pause, act('pause')),
    vscode.commands.registerCommand(c.unpause, act('unpause')),
    vscode.commands.registerCommand(c.projectStart, projectAct('start')),
    vscode.commands.registerCommand(c.projectStop, projectAct('stop')),
    vscode.commands.registerCommand(c.projectRestart, projectAct('restart')),

    vscode.commands.registerCommand(c.remove, async (arg: unknown) => {
      const x = await target(arg);
      if (!x) return;
      const running = x.state === 'running' || x.state === 'paused' || x.state === 'restarting';
      const choice = await vscode.window.showWarningMessage(
        `Remove the container "${x.name}"?`,
        { modal: true, detail: running ? 'It is running: it will be stopped first. Its anonymous volumes stay.' : 'Its anonymous volumes stay.' },
        'Remove',
      );
      if (choice !== 'Remove') return;
      try {
        await withViewProgress(`remove ${x.name}`, () => client().removeContainer(x.id, running));
      } catch (err) {
        report('remove', x.name, err);
      } finally {
        connection.touch(x.id);
      }
    }),

    vscode.commands.registerCommand(c.logs, async (arg: unknown) => {
      const x = await target(arg);
      if (x) openLogsTerminal(client(), x.id, x.name);
    }),

    vscode.commands.registerCommand(c.shell, async (arg: unknown) => {
      const x = await target(arg, ['running']);
      if (x) openShellTerminal(client(), x.id, x.name);
    }),

    vscode.commands.registerCommand(c.inspect, async (arg: unknown) => {
      const x = await target(arg);
      if (!x) return;
      try {
        const data = await client().inspectContainer(x.id);
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(data, null, 2) });
        await vscode.window.showTextDocument(doc, { preview: true });
      } catch (err) {
        report('inspect', x.name, err);
      }
    }),

    vscode.commands.registerCommand(c.openPort, async (arg: unknown) => {
      let url: string | undefined;
      if (arg instanceof PortNode) url = docker().portUrl(arg.port);
      else {
        const x = await target(arg, ['running']);
        const urls = [...new Set((x?.ports ?? []).map((p) => docker().portUrl(p)).filter((u): u is string => !!u))];
        url = urls.length > 1 ? await vscode.window.showQuickPick(urls, { placeHolder: 'Published port' }) : urls[0];
        if (x && !urls.length) void vscode.window.showInformationMessage(`"${x.name}" publishes no TCP port.`);
      }
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    }),

    vscode.commands.registerCommand(c.copyId, async (arg: unknown) => {
      const x = await target(arg);
      if (x) await vscode.env.clipboard.writeText(x.id);
    }),

    vscode.commands.registerCommand(c.daemonInfo, async () => {
      connection.start();
      const s = connection.snapshot();
      const content = JSON.stringify({ endpoint: s?.endpoint, status: s?.status, problem: s?.problem, daemon: s?.details }, null, 2);
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
      await vscode.window.showTextDocument(doc, { preview: true });
    }),

    vscode.commands.registerCommand(c.setHost, async () => {
      const env = process.env;
      const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
      const items: (vscode.QuickPickItem & { value?: string; custom?: boolean })[] = [
        { label: 'Find it automatically', description: 'DOCKER_HOST, the docker context, then the rootless sockets', value: '' },
        ...docker().rootlessSocketCandidates(env, uid).map((sock) => ({ label: `unix://${sock}`, description: 'rootless socket of this user', value: `unix://${sock}` })),
        ...(env.DOCKER_HOST ? [{ label: env.DOCKER_HOST, description: 'DOCKER_HOST', value: env.DOCKER_HOST }] : []),
        { label: 'Enter a host…', description: 'unix:///path, tcp://host:port or ssh://user@host', custom: true },
      ];
      const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Docker host for the Rootless Docker view (a user setting)' });
      if (!picked) return;
      let value = picked.value;
      if (picked.custom) {
        value = await vscode.window.showInputBox({
          prompt: 'Docker host',
          placeHolder: 'unix:///run/user/1000/docker.sock',
          validateInput: (v) => (/^(unix:\/\/\/|tcp:\/\/|ssh:\/\/)\S+$/.test(v.trim()) ? undefined : 'unix:///path, tcp://host:port or ssh://user@host'),
        });
        if (value === undefined) return;
      }
      await vscode.workspace.getConfiguration('rootlessDocker').update('host', value?.trim() || undefined, vscode.ConfigurationTarget.Global);
    }),

    vscode.commands.registerCommand(c.openDocs, () => vscode.env.openExternal(vscode.Uri.parse(ROOTLESS_DOCS))),

    vscode.commands.registerCommand(c.describeTree, () => tree.describe()),
  );
}

/** Progress shown on the containers view itself while an action runs. */
function withViewProgress<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: CONTAINERS_VIEW }, title }, task);
}
