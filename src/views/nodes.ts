// The containers view's nodes: one TreeItem subclass per kind (daemon, message, fix, compose project,
// container, port), each with a stable id, a state-coloured icon, a tooltip and a contextValue that encodes
// its state for the menus (`viewItem =~ /^container\.running/`). Daemon data is only ever appended as text.
import * as vscode from 'vscode';
import { COMMANDS } from '../commands/ids';
import type { ContainerInfo, PortInfo, ProjectGroup } from '../docker/containers';
import type { DaemonSnapshot } from '../docker/watch';
// Nodes exist only once the connection has loaded the daemon bundle; its helpers come from there.
import { loadDocker as docker } from '../lazy';

/** Host facts the nodes explain ports with. */
export interface NodeContext {
  unprivilegedPortStart: number;
  now: number;
}

const color = (id: string) => new vscode.ThemeColor(id);

function md(): vscode.MarkdownString {
  const m = new vscode.MarkdownString('', true);
  m.isTrusted = false;
  return m;
}

export abstract class Node extends vscode.TreeItem {
  abstract readonly kind: string;
  children(): Node[] {
    return [];
  }
}

// --- daemon -------------------------------------------------------------------------------------------------

export class DaemonNode extends Node {
  readonly kind = 'daemon';

  constructor(
    readonly snapshot: DaemonSnapshot,
    private readonly ctx: NodeContext,
  ) {
    super('Docker', vscode.TreeItemCollapsibleState.Expanded);
    const { status, details, endpoint } = snapshot;
    this.id = 'daemon';
    const where = endpoint.socketPath ?? endpoint.host;
    if (status === 'ok' && details) {
      // undefined: the daemon does not list its security options, so its mode is unknown.
      const mode = details.rootless === true ? 'rootless' : details.rootless === false ? 'rootful' : 'unknown';
      this.label = mode === 'rootless' ? 'Rootless Docker' : mode === 'rootful' ? 'Docker (rootful)' : 'Docker';
      this.description = [details.serverVersion, where].filter(Boolean).join(' · ');
      this.iconPath = mode === 'rootful' ? new vscode.ThemeIcon('warning', color('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('vm-running', color('charts.green'));
      this.contextValue = `daemon.ok.${mode}`;
    } else if (status === 'connecting') {
      this.description = `connecting · ${where}`;
      this.iconPath = new vscode.ThemeIcon('loading~spin');
      this.contextValue = 'daemon.connecting';
    } else if (status === 'timeout') {
      this.description = `not responding · ${where}`;
      this.iconPath = new vscode.ThemeIcon('watch', color('problemsWarningIcon.foreground'));
      this.contextValue = 'daemon.error.timeout';
    } else {
      this.description = `${STATUS_WORDS[status] ?? 'unavailable'} · ${where}`;
      this.iconPath = new vscode.ThemeIcon('error', color('problemsErrorIcon.foreground'));
      this.contextValue = `daemon.error.${status}`;
    }
    this.tooltip = this.makeTooltip();
  }

  private makeTooltip(): vscode.MarkdownString {
    const { snapshot: s } = this;
    const t = md();
    t.appendMarkdown('**Endpoint** ');
    t.appendText(s.endpoint.host);
    t.appendMarkdown('  \nChosen because ');
    t.appendText(`${s.endpoint.reason}.`);
    const d = s.details;
    if (d) {
      const rows: [string, string | undefined][] = [
        ['Mode', d.rootless === false ? 'rootful (runs as root)' : d.rootless ? 'rootless' : 'unknown'],
        ['Version', [d.serverVersion, d.apiVersion && `API ${d.apiVersion}`].filter(Boolean).join(', ')],
        ['Storage driver', d.storageDriver],
        ['Cgroup', [d.cgroupDriver && `driver ${d.cgroupDriver}`, d.cgroupVersion && `v${d.cgroupVersion}`].filter(Boolean).join(', ')],
        ['Containers', s.status === 'ok' ? containerCounts(s.containers.values()) : undefined],
      ];
      for (const [k, v] of rows) {
        if (!v) continue;
        t.appendMarkdown(`  \n**${k}** `);
        t.appendText(v);
      }
    }
    if (s.problem) {
      t.appendMarkdown('\n\n');
      t.appendText(s.problem.message);
    }
    for (const w of [...s.warnings, ...(d?.warnings ?? [])]) {
      t.appendMarkdown('\n\n$(warning) ');
      t.appendText(w);
    }
    if (s.status !== 'ok' && s.nextAttemptAt) {
      t.appendMarkdown('\n\n');
      t.appendText(`Next attempt in ${docker().formatDuration(Math.max(0, s.nextAttemptAt - this.ctx.now))}.`);
    }
    return t;
  }

  override children(): Node[] {
    const s = this.snapshot;
    const out: Node[] = [];
    if (s.status === 'connecting') return [new MessageNode('connecting', `Connecting to ${s.endpoint.host}…`, 'info')];
    if (s.problem) {
      out.push(new MessageNode(`problem.${s.problem.status}`, s.problem.message, 'error'));
      out.push(...fixesFor(s.problem.status));
    }
    for (const [i, w] of s.warnings.entries()) out.push(new MessageNode(`warning.${i}`, w, 'warning'));
    if (s.status === 'ok' && s.details?.rootless === false) {
      out.push(new MessageNode('not-rootless', `This daemon runs as root, not rootless: ${s.endpoint.socketPath ?? s.endpoint.host} (${s.endpoint.reason}).`, 'warning'));
      out.push(...fixesFor('not-rootless'));
    }
    if (s.status === 'ok' && s.details?.warnings.length) out.push(new DaemonWarningsNode(s.details.warnings));
    if (s.status === 'ok' || s.status === 'timeout') out.push(...containerNodes(s.containers.values(), this.ctx));
    if (s.status === 'ok' && s.containers.size === 0) out.push(new MessageNode('empty', 'No containers.', 'info'));
    return out;
  }
}

/** "3 running, 1 paused, 2 stopped", from the live model (not /info, which is as old as the connection). */
function containerCounts(all: Iterable<ContainerInfo>): string {
  let running = 0;
  let paused = 0;
  let other = 0;
  for (const c of all) {
    if (c.state === 'running') running++;
    else if (c.state === 'paused') paused++;
    else other++;
  }
  return [`${running} running`, paused ? `${paused} paused` : '', `${other} stopped`].filter(Boolean).join(', ');
}

const STATUS_WORDS: Partial<Record<DaemonSnapshot['status'], string>> = {
  'no-socket': 'not running',
  refused: 'stopped',
  permission: 'permission denied',
  'bad-answer': 'not a Docker daemon',
  'bad-endpoint': 'cannot use this endpoint',
  'ssh-host-key': 'host key refused',
  error: 'unavailable',
};

/** The actions that fix a failure state, as clickable nodes. */
function fixesFor(status: DaemonSnapshot['status'] | 'not-rootless'): FixNode[] {
  const start = new FixNode('start', 'Start the rootless daemon', 'play', COMMANDS.service.start);
  const doctor = new FixNode('doctor', 'Run the doctor', 'debug-console', COMMANDS.doctor.run);
  const docs = new FixNode('docs', 'Open the rootless Docker docs', 'book', COMMANDS.containers.openDocs);
  const host = new FixNode('host', 'Choose the Docker host…', 'settings-gear', COMMANDS.containers.setHost);
  const retry = new FixNode('retry', 'Retry now', 'refresh', COMMANDS.containers.refresh);
  switch (status) {
    case 'no-socket':
    case 'refused':
      return [start, doctor, host, docs];
    case 'not-rootless':
      return [start, host, doctor, docs];
    case 'permission':
      return [doctor, host, docs];
    case 'timeout':
      return [retry, doctor];
    default:
      return [host, retry, docs];
  }
}

export class MessageNode extends Node {
  readonly kind = 'message';
  constructor(
    key: string,
    message: string,
    readonly severity: 'error' | 'warning' | 'info',
    private readonly nested: Node[] = [],
  ) {
    super(message, nested.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = `message:${key}`;
    this.tooltip = message;
    this.contextValue = `message.${severity}`;
    this.iconPath =
      severity === 'error'
        ? new vscode.ThemeIcon('error', color('problemsErrorIcon.foreground'))
        : severity === 'warning'
          ? new vscode.ThemeIcon('warning', color('problemsWarningIcon.foreground'))
          : new vscode.ThemeIcon('info');
  }
  override children(): Node[] {
    return this.nested;
  }
}

class DaemonWarningsNode extends MessageNode {
  constructor(warnings: readonly string[]) {
    super('daemon-warnings', `The daemon reports ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`, 'info', warnings.map((w, i) => new MessageNode(`daemon-warning.${i}`, w.replace(/^WARNING:\s*/, ''), 'warning')));
    this.contextValue = 'message.daemonWarnings';
  }
}

export class FixNode extends Node {
  readonly kind = 'fix';
  constructor(key: string, label: string, icon: string, readonly commandId: string) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = `fix:${key}`;
    this.iconPath = new vscode.ThemeIcon(icon, color('textLink.foreground'));
    this.contextValue = `fix.${key}`;
    this.command = { command: commandId, title: label };
  }
}

// --- projects and containers --------------------------------------------------------------------------------

function containerNodes(all: Iterable<ContainerInfo>, ctx: NodeContext): Node[] {
  const { projects, loose } = docker().groupByProject(all);
  return [...projects.map((g) => new ProjectNode(g, ctx)), ...loose.map((c) => new ContainerNode(c, ctx))];
}

export class ProjectNode extends Node {
  readonly kind = 'project';
  constructor(
    readonly group: ProjectGroup,
    private readonly ctx: NodeContext,
  ) {
    super(group.name, vscode.TreeItemCollapsibleState.Expanded);
    const state = docker().projectState(group);
    const running = group.containers.filter((c) => c.state === 'running').length;
    this.id = `project:${group.name}`;
    this.description = `compose · ${running}/${group.containers.length} running`;
    this.iconPath = new vscode.ThemeIcon('layers', state === 'running' ? color('charts.green') : state === 'partial' ? color('charts.yellow') : undefined);
    this.contextValue = `project.${state}`;
    const t = md();
    t.appendMarkdown('**Compose project** ');
    t.appendText(group.name);
    if (group.dir) {
      t.appendMarkdown('  \n**Directory** ');
      t.appendText(group.dir);
    }
    t.appendMarkdown('  \n');
    t.appendText(`${running} of ${group.containers.length} containers running`);
    this.tooltip = t;
  }
  override children(): Node[] {
    return this.group.containers.map((c) => new ContainerNode(c, this.ctx));
  }
}

export class ContainerNode extends Node {
  readonly kind = 'container';
  constructor(
    readonly container: ContainerInfo,
    private readonly ctx: NodeContext,
  ) {
    super(container.name, vscode.TreeItemCollapsibleState.None);
    const c = container;
    this.id = `container:${c.id}`;
    const failed = c.error !== undefined && c.state !== 'running';
    const hasOpenablePort = c.state === 'running' && c.ports.some((p) => docker().portUrl(p) !== undefined);
    this.contextValue = `container.${c.state}${hasOpenablePort ? '.ports' : ''}${failed ? '.failed' : ''}`;
    this.description = this.describe();
    this.iconPath = this.icon(failed);
    this.tooltip = this.makeTooltip();
    if (this.children().length) this.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
  }

  private describe(): string {
    const c = this.container;
    const parts: string[] = [];
    if (c.error?.translation && c.state !== 'running') parts.push(`failed: ${c.error.translation.short}`);
    else if (c.error && c.state !== 'running') parts.push(`failed to start`);
    else if (c.state === 'running') {
      parts.push(c.health ? `running (${c.health === 'starting' ? 'health: starting' : c.health})` : 'running');
      if (c.startedAt) parts.push(docker().formatDuration(this.ctx.now - c.startedAt));
    } else if (c.state === 'exited') parts.push(c.exitCode !== undefined ? `exited (${c.exitCode})` : 'exited');
    else parts.push(c.state);
    parts.push(c.image);
    const published = c.ports.filter((p) => p.hostPort !== undefined && !p.requested).map((p) => `${p.hostPort}`);
    if (published.length) parts.push(`:${[...new Set(published)].join(', :')}`);
    return parts.join(' · ');
  }

  private icon(failed: boolean): vscode.ThemeIcon {
    const c = this.container;
    if (failed) return new vscode.ThemeIcon('warning', color('problemsWarningIcon.foreground'));
    switch (c.state) {
      case 'running':
        if (c.health === 'unhealthy') return new vscode.ThemeIcon('vm-running', color('charts.red'));
        if (c.health === 'starting') return new vscode.ThemeIcon('vm-running', color('charts.yellow'));
        return new vscode.ThemeIcon('vm-running', color('charts.green'));
      case 'paused':
        return new vscode.ThemeIcon('debug-pause', color('charts.yellow'));
      case 'restarting':
        return new vscode.ThemeIcon('sync~spin', color('charts.yellow'));
      case 'removing':
        return new vscode.ThemeIcon('trash');
      case 'dead':
        return new vscode.ThemeIcon('error', color('problemsErrorIcon.foreground'));
      case 'exited':
        return c.exitCode !== undefined && c.exitCode !== 0 ? new vscode.ThemeIcon('vm-outline', color('problemsErrorIcon.foreground')) : new vscode.ThemeIcon('vm-outline');
      default:
        return new vscode.ThemeIcon('vm-outline');
    }
  }

  private makeTooltip(): vscode.MarkdownString {
    const c = this.container;
    const t = md();
    const row = (k: string, v: string | undefined) => {
      if (!v) return;
      t.appendMarkdown(`**${k}** `);
      t.appendText(v);
      t.appendMarkdown('  \n');
    };
    row('Container', c.name);
    row('Id', c.id.slice(0, 12));
    row('Image', c.image);
    row('State', c.statusText || c.state);
    if (c.project) row('Compose', c.service ? `${c.project} / ${c.service}` : c.project);
    if (c.error) {
      t.appendMarkdown('\n---\n\n');
      if (c.error.translation) {
        t.appendMarkdown('$(warning) **');
        t.appendText(c.error.translation.title);
        t.appendMarkdown('**\n\n');
        t.appendText(c.error.translation.guidance);
        t.appendMarkdown('\n\n');
      }
      t.appendMarkdown('Daemon: ');
      t.appendText(c.error.message);
    }
    return t;
  }

  override children(): Node[] {
    const c = this.container;
    const out: Node[] = [];
    if (c.error?.translation && c.state !== 'running') {
      out.push(new MessageNode(`${c.id}.error`, c.error.translation.guidance, 'warning'));
    }
    for (const p of c.ports) out.push(new PortNode(c, p, this.ctx));
    return out;
  }
}

export class PortNode extends Node {
  readonly kind = 'port';
  constructor(
    readonly container: ContainerInfo,
    readonly port: PortInfo,
    ctx: NodeContext,
  ) {
    const p = port;
    const target = `${p.containerPort}/${p.protocol}`;
    super(p.hostPort !== undefined ? `${p.hostPort} → ${target}` : target, vscode.TreeItemCollapsibleState.None);
    this.id = `port:${container.id}:${p.hostPort ?? '-'}:${target}`;
    const privileged = docker().isPrivilegedPort(p.hostPort, ctx.unprivilegedPortStart);
    const ips = p.hostIps.filter((ip) => ip !== '0.0.0.0' && ip !== '::');
    const words: string[] = [];
    if (ips.length) words.push(ips.join(', '));
    if (p.hostPort === undefined) words.push('not published');
    else if (p.requested) words.push(privileged ? 'privileged: cannot be published' : 'not published (stopped)');
    else if (p.hostPort < 1024) words.push(`below 1024: allowed (ip_unprivileged_port_start=${ctx.unprivilegedPortStart})`);
    this.description = words.join(' · ');
    const url = !p.requested && container.state === 'running' ? docker().portUrl(p) : undefined;
    this.contextValue = `port.${p.requested ? 'requested' : p.hostPort === undefined ? 'exposed' : 'published'}${url ? '.http' : ''}${privileged ? '.privileged' : ''}`;
    this.iconPath = privileged ? new vscode.ThemeIcon('warning', color('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('plug');
    const t = md();
    if (p.hostPort !== undefined) {
      t.appendText(`Host port ${p.hostPort} (${p.hostIps.length ? p.hostIps.join(', ') : 'all addresses'}) → container port ${target}.`);
    } else {
      t.appendText(`Container port ${target}, exposed but not published on the host.`);
    }
    if (privileged) {
      t.appendMarkdown('\n\n$(warning) ');
      t.appendText(
        `Ports below ${ctx.unprivilegedPortStart} are privileged on this host (net.ipv4.ip_unprivileged_port_start), ` +
          `and a rootless daemon runs as your user, so it cannot bind host port ${p.hostPort}. ` +
          `Publish ${p.hostPort! < 1000 ? `8${String(p.hostPort).padStart(3, '0')}` : 'a port of 1024 or more'}:${p.containerPort} instead, ` +
          `or lower the limit: sudo sysctl net.ipv4.ip_unprivileged_port_start=${p.hostPort}.`,
      );
    } else if (p.hostPort !== undefined && p.hostPort < 1024 && !p.requested) {
      t.appendMarkdown('\n\n');
      t.appendText(`Port ${p.hostPort} is below 1024, yet published: this host lets unprivileged users bind ports from ${ctx.unprivilegedPortStart} (net.ipv4.ip_unprivileged_port_start).`);
    }
    if (url) {
      t.appendMarkdown('\n\n');
      t.appendText(`Open ${url}`);
    }
    this.tooltip = t;
  }
}
