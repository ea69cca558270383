// The containers view's data: one daemon node whose children follow the connection's snapshot. Changes
// arrive in bursts (a compose project starting), so the view is told about them at most every 50 ms.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DaemonConnection } from './connection';
import { DaemonNode, type Node, type NodeContext } from './nodes';

export interface PlainNode {
  id?: string;
  kind: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A markdown tooltip as the view gets it: its source and flags (daemon data must never be trusted markdown). */
  markdown?: { value: string; isTrusted: vscode.MarkdownString['isTrusted']; supportHtml?: boolean };
  contextValue?: string;
  icon?: string;
  command?: string;
  children?: PlainNode[];
}

export class ContainersTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private timer: NodeJS.Timeout | undefined;
  /** How many times the view was told to refresh (for tests). */
  renders = 0;

  constructor(private readonly connection: DaemonConnection) {
    this.subscription = connection.onDidChange(() => this.scheduleRefresh());
  }

  private scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.renders++;
      this.changed.fire(undefined);
    }, 50);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }

  getChildren(node?: Node): Node[] {
    if (node) return node.children();
    const snapshot = this.connection.snapshot();
    // Before the first connection the view stays empty, and shows its welcome content.
    return snapshot ? [new DaemonNode(snapshot, nodeContext(snapshot.endpoint.socketPath !== undefined))] : [];
  }

  /** The whole tree as plain data (every level, expanded or not). */
  describe(): PlainNode[] {
    const plain = (n: Node): PlainNode => {
      const label = typeof n.label === 'string' ? n.label : (n.label?.label ?? '');
      const tooltip = n.tooltip instanceof vscode.MarkdownString ? markdownText(n.tooltip.value) : n.tooltip;
      const icon = n.iconPath instanceof vscode.ThemeIcon ? n.iconPath.id : undefined;
      const children = n.children().map(plain);
      return {
        ...(n.id ? { id: n.id } : {}),
        kind: n.kind,
        label,
        ...(typeof n.description === 'string' ? { description: n.description } : {}),
        ...(tooltip ? { tooltip } : {}),
        ...(n.tooltip instanceof vscode.MarkdownString ? { markdown: { value: n.tooltip.value, isTrusted: n.tooltip.isTrusted, supportHtml: n.tooltip.supportHtml } } : {}),
        ...(n.contextValue ? { contextValue: n.contextValue } : {}),
        ...(icon ? { icon } : {}),
        ...(n.command ? { command: n.command.command } : {}),
        ...(children.length ? { children } : {}),
      };
    };
    return this.getChildren().map(plain);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Tooltip markdown as the text a person reads: appendText's escapes and non-breaking spaces undone. */
function markdownText(md: string): string {
  return md.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
}

/** The daemon host's unprivileged port start, for explaining ports: read here for a local daemon, else the stock 1024. */
function nodeContext(local: boolean): NodeContext {
  let start = 1024;
  try {
    if (!local) throw new Error('remote daemon');
    const v = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
    if (Number.isInteger(v) && v >= 0 && v <= 65536) start = v;
  } catch {
    // not Linux, or no /proc: keep the stock kernel's value
  }
  return { unprivilegedPortStart: start, now: Date.now() };
}
