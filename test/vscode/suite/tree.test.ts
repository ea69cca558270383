// The containers view in a real VS Code, against the real rootless daemon of the test bed (the runner
// passes DOCKER_HOST through to code-server): the daemon node, a compose project with its containers and
// ports, context values, an action from the view, a failure state with its fixes, and the manifest.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, bedSocket, createContainer as create, IMAGE, LABEL, removeLabelled } from './bed';
import { waitFor } from './wait';

const EXTENSION_ID = 'rootless-docker.rootless-docker';
const DESCRIBE = 'rootlessDocker.containers.describeTree';
const SUITE = 'vscode-tree';

interface PlainNode {
  id?: string;
  kind: string;
  label: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  command?: string;
  children?: PlainNode[];
}

const socketPath = bedSocket;
const createContainer = (name: string, config: Record<string, unknown>) => create(name, config, { [LABEL]: SUITE });
const removeSuiteContainers = () => removeLabelled(LABEL, SUITE);

async function tree(): Promise<PlainNode[]> {
  return (await vscode.commands.executeCommand<PlainNode[]>(DESCRIBE)) ?? [];
}

function find(nodes: PlainNode[] | undefined, pred: (n: PlainNode) => boolean): PlainNode | undefined {
  for (const n of nodes ?? []) {
    if (pred(n)) return n;
    const inner = find(n.children, pred);
    if (inner) return inner;
  }
  return undefined;
}

async function waitForNode(what: string, pred: (n: PlainNode) => boolean, timeoutMs = 20_000): Promise<PlainNode> {
  return waitFor(what, async () => find(await tree(), pred), timeoutMs, 100);
}

describe('containers view', function () {
  this.timeout(60_000);
  const project = `rdtree${process.pid}`;
  let webId = '';
  let webPort = 0;

  before(async () => {
    await removeSuiteContainers();
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });
  after(async () => {
    await removeSuiteContainers();
  });

  it('shows the rootless daemon once the view is opened', async () => {
    await vscode.commands.executeCommand('rootlessDocker.containers.focus');
    const daemon = await waitForNode('the daemon node', (n) => n.kind === 'daemon' && n.contextValue === 'daemon.ok.rootless');
    assert.equal(daemon.id, 'daemon');
    assert.equal(daemon.label, 'Rootless Docker');
    assert.ok(daemon.description?.includes(socketPath()), daemon.description);
    assert.match(daemon.tooltip ?? '', /Chosen because DOCKER_HOST is set/);
    assert.match(daemon.tooltip ?? '', /\*\*Mode\*\* rootless/);
    assert.match(daemon.tooltip ?? '', /\*\*Cgroup\*\* driver/);
  });

  it('a compose project with its containers, states and ports', async () => {
    webPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    webId = await createContainer(`${project}-web-1`, {
      Cmd: ['httpd', '-f', '-p', '80', '-h', '/www'],
      Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'web' },
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(webPort) }] } },
    });
    await createContainer(`${project}-db-1`, { Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'db' } });
    assert.equal((await api('POST', `/containers/${webId}/start`)).status, 204);

    const proj = await waitForNode('the project node', (n) => n.id === `project:${project}` && n.contextValue === 'project.partial');
    assert.equal(proj.kind, 'project');
    assert.match(proj.description ?? '', /1\/2 running/);
    const web = find(proj.children, (n) => n.id === `container:${webId}`);
    assert.ok(web, 'the web container under its project');
    assert.equal(web.contextValue, 'container.running.ports');
    assert.match(web.description ?? '', new RegExp(`running .*${IMAGE.replace(/[/.]/g, '\\$&')}.*:${webPort}`));
    const port = find(web.children, (n) => n.kind === 'port');
    assert.equal(port?.label, `${webPort} → 80/tcp`);
    assert.equal(port?.contextValue, 'port.published.http');
    const db = find(proj.children, (n) => n.label === `${project}-db-1`);
    assert.equal(db?.contextValue, 'container.created');
  });

  it('a container that cannot publish port 80 shows the rootless guidance', async () => {
    const id = await createContainer(`${project}-priv`, {
      Cmd: ['httpd', '-f', '-p', '80'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '80' }] } },
    });
    assert.equal((await api('POST', `/containers/${id}/start`)).status, 500);
    const node = await waitForNode('the failed container', (n) => n.id === `container:${id}` && /\.failed$/.test(n.contextValue ?? ''));
    assert.match(node.description ?? '', /^failed: privileged port 80 · /);
    assert.match(node.tooltip ?? '', /Rootless Docker cannot publish host port 80/);
    assert.ok(find(node.children, (n) => n.kind === 'message' && /ip_unprivileged_port_start=80/.test(n.label)));
    assert.ok(find(node.children, (n) => n.kind === 'port' && n.contextValue === 'port.requested.privileged'));
  });

  it('stop and start from the view update the node', async () => {
    await vscode.commands.executeCommand('rootlessDocker.containers.stop', webId);
    await waitForNode('web exited', (n) => n.id === `container:${webId}` && n.contextValue === 'container.exited');
    await vscode.commands.executeCommand('rootlessDocker.containers.start', webId);
    await waitForNode('web running', (n) => n.id === `container:${webId}` && n.contextValue === 'container.running.ports');
  });

  it('inspect opens the JSON; copy id fills the clipboard', async () => {
    await vscode.commands.executeCommand('rootlessDocker.containers.inspect', webId);
    const doc = await waitFor('the inspect document', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.languageId === 'json' && d.getText().includes(webId) ? d : undefined;
    });
    assert.equal((JSON.parse(doc.getText()) as { Id: string }).Id, webId);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('rootlessDocker.containers.copyId', webId);
    assert.equal(await vscode.env.clipboard.readText(), webId);
  });

  it('a Docker host with no daemon is a failure state offering the fixes', async () => {
    const config = vscode.workspace.getConfiguration('rootlessDocker');
    await config.update('host', 'unix:///nonexistent/rootless-docker-test/docker.sock', vscode.ConfigurationTarget.Global);
    try {
      const daemon = await waitForNode('the no-socket state', (n) => n.kind === 'daemon' && n.contextValue === 'daemon.error.no-socket');
      const problem = find(daemon.children, (n) => n.kind === 'message');
      assert.equal(problem?.label, 'No Docker daemon is running: /nonexistent/rootless-docker-test/docker.sock does not exist.');
      const fixes = (daemon.children ?? []).filter((n) => n.kind === 'fix').map((n) => n.command);
      assert.deepEqual(fixes, ['rootlessDocker.service.start', 'rootlessDocker.doctor.run', 'rootlessDocker.containers.setHost', 'rootlessDocker.containers.openDocs']);
    } finally {
      await config.update('host', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForNode('back on the bed daemon', (n) => n.kind === 'daemon' && n.contextValue === 'daemon.ok.rootless');
  });

  it('a daemon that runs as root is flagged, with the way to the rootless one', async () => {
    // No rootful daemon runs here: a minimal stand-in answers /info as one would (the error branch only).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-rootful-'));
    const sock = path.join(dir, 'docker.sock');
    const server = http.createServer((req, res) => {
      if (req.url?.includes('/events')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        return;
      }
      const body = req.url?.includes('/info')
        ? { ServerVersion: '27.3.1', SecurityOptions: ['name=apparmor', 'name=seccomp,profile=builtin'], CgroupDriver: 'systemd', CgroupVersion: '2', Driver: 'overlay2' }
        : req.url?.includes('/containers/json')
          ? []
          : { Version: '27.3.1', ApiVersion: '1.47' };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    const config = vscode.workspace.getConfiguration('rootlessDocker');
    await config.update('host', `unix://${sock}`, vscode.ConfigurationTarget.Global);
    try {
      const daemon = await waitForNode('the rootful daemon', (n) => n.kind === 'daemon' && n.contextValue === 'daemon.ok.rootful');
      assert.equal(daemon.label, 'Docker (rootful)');
      assert.ok(find(daemon.children, (n) => n.id === 'message:not-rootless' && n.label.startsWith(`This daemon runs as root, not rootless: ${sock}`)));
      assert.ok(find(daemon.children, (n) => n.kind === 'fix' && n.command === 'rootlessDocker.service.start'));
    } finally {
      await config.update('host', undefined, vscode.ConfigurationTarget.Global);
      server.closeAllConnections();
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await waitForNode('back on the bed daemon', (n) => n.kind === 'daemon' && n.contextValue === 'daemon.ok.rootless');
  });

  it('every contributed command is registered; node commands are hidden from the palette', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: { command: string }[]; menus: { commandPalette: { command: string; when: string }[] } };
    };
    const registered = new Set(await vscode.commands.getCommands(true));
    const ours = pkg.contributes.commands.map((c) => c.command).filter((c) => c.startsWith('rootlessDocker.containers.'));
    assert.ok(ours.length >= 15);
    for (const c of ours) assert.ok(registered.has(c), `${c} is registered`);
    const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    for (const id of ['start', 'stop', 'remove', 'logs', 'shell', 'openPort', 'projectStart', 'describeTree']) assert.ok(hidden.has(`rootlessDocker.containers.${id}`), id);
    assert.ok(!hidden.has('rootlessDocker.containers.refresh'));
  });
});
