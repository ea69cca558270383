// Workspace Trust and untrusted daemon data in a real VS Code (../shared/reliability.md §7, T1 T2 T4 T5). Runs in
// both harness passes: trusted (`test/vscode/run.ts`) and Restricted Mode (`--workspace-trust`).
// - T1/T2: the driver armed canaries (test/vscode/canaries.ts): the workspace's .vscode/settings.json points every
//   restricted setting of the manifest at a canary socket, TCP port, unit and executable, flat and nested. The
//   extension is driven hard (view, refresh, service status, journal, linger, doctor, daemon details, linting),
//   and the canaries must count 0 executions and 0 connections, while the extension uses its safe defaults.
// - T4: commands that act work in Restricted Mode as the manifest promises (supported: limited, nothing gated).
// - T5: hostile names, labels and daemon errors from the real rootless dockerd render as escaped, untrusted text.
// Last, a control proves the canaries fire when the user's own settings point at them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { canaryHits, CANARY_ENV, flatCanarySettings, nestedCanarySettings, readCanaryInfo, writeWorkspaceSettings, type CanaryInfo } from '../canaries';
import { api, bedSocket, createContainer as create, LABEL, removeLabelled } from './bed';
import { codeOf, waitFor, waitForDiagnostics } from './wait';

const EXTENSION_ID = 'rootless-docker.rootless-docker';
const TRUST_ENV = 'ROOTLESS_DOCKER_WORKSPACE_TRUST';
const SUITE = 'vscode-trust';
/** This run's containers (runs of the two harness passes can overlap on the shared bed). */
const RUN_LABEL = 'io.rootless-docker.test.run';
const RUN = `${SUITE}-${process.pid}`;
const SYSTEMD_PID1 = fs.existsSync('/run/systemd/system');
const C = {
  focus: 'rootlessDocker.containers.focus',
  refresh: 'rootlessDocker.containers.refresh',
  describe: 'rootlessDocker.containers.describeTree',
  daemonInfo: 'rootlessDocker.containers.daemonInfo',
  status: 'rootlessDocker.service.status',
  showLog: 'rootlessDocker.service.showLog',
  linger: 'rootlessDocker.service.linger',
  doctor: 'rootlessDocker.doctor.run',
};

// Hostile daemon data (T5).
const LINK = '[x](command:workbench.action.quit)';
const HTML = '<img src=x onerror=alert(1)>';
const ANSI = '\u001b[31mred\u001b[0m\u001b]8;;https://example.invalid\u0007';
const ICON = '$(bug)';
const LONG = 'Z'.repeat(10_240);

interface PlainNode {
  id?: string;
  kind: string;
  label: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  command?: string;
  markdown?: { value: string; isTrusted?: boolean | object; supportHtml?: boolean };
  children?: PlainNode[];
}

const run = <T>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args);
const flatten = (nodes: PlainNode[]): PlainNode[] => nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
const tree = async () => flatten((await run<PlainNode[]>(C.describe)) ?? []);

const createContainer = (name: string, config: Record<string, unknown>) => create(name, config, { [LABEL]: SUITE, [RUN_LABEL]: RUN });

async function containerState(id: string): Promise<{ Status: string; StartedAt: string }> {
  return ((await api('GET', `/containers/${id}/json`)).json as { State: { Status: string; StartedAt: string } }).State;
}

const removeSuiteContainers = () => removeLabelled(RUN_LABEL, RUN);

/** The daemon node once it shows the bed's daemon, found through DOCKER_HOST (the safe default). */
async function bedDaemon(): Promise<PlainNode> {
  return waitFor(
    'the view to show the bed daemon found through DOCKER_HOST',
    async () => (await tree()).find((n) => n.kind === 'daemon' && n.contextValue === 'daemon.ok.rootless' && (n.description ?? '').includes(bedSocket())),
    30_000,
    100,
  );
}

async function setUser(key: string, value: unknown): Promise<void> {
  const [section, ...rest] = key.split('.');
  await vscode.workspace.getConfiguration(section).update(rest.join('.'), value, vscode.ConfigurationTarget.Global);
}

describe('workspace trust and untrusted daemon data', function () {
  this.timeout(120_000);
  let info: CanaryInfo;
  let folder: string;
  let settingsFile: string;
  let armedSettings: string;
  let project: string;

  const noHits = (when: string) => assert.deepEqual(canaryHits(info), { executions: [], connections: [] }, `canary hits ${when}`);
  const mentionsCanary = (x: unknown) => {
    const text = JSON.stringify(x) ?? '';
    return text.includes(info.dir) || text.includes(info.unit) || new RegExp(`:${info.tcpPort}(?!\\d)`).test(text);
  };

  /** Writes the workspace settings and waits until VS Code has read them (the sentinel's workspace value). */
  async function useWorkspaceSettings(settings: Record<string, unknown>): Promise<void> {
    const sentinel = settings[info.sentinelKey];
    writeWorkspaceSettings(folder, settings);
    await waitForSentinel(sentinel);
  }
  function waitForSentinel(value: unknown): Promise<boolean> {
    const [section, ...rest] = info.sentinelKey.split('.');
    return waitFor(`VS Code to read the workspace settings (${info.sentinelKey} = ${String(value)})`, () =>
      vscode.workspace.getConfiguration(section).inspect(rest.join('.'))?.workspaceValue === value,
    );
  }

  /** Everything that could reach a daemon, a unit or a tool; then the canaries must still be silent. */
  async function driveHard(): Promise<void> {
    // The containers view, shown and refreshed: it must be on the bed's daemon, never the canary.
    await run(C.focus);
    await run(C.refresh);
    const daemon = await bedDaemon();
    assert.match(daemon.tooltip ?? '', /Chosen because DOCKER_HOST is set/);
    assert.ok(!mentionsCanary(await tree()), 'the tree never names a canary');

    // The service commands: the default unit, never the canary one.
    const status = await run<{ ok: boolean; status?: { unit: string } }>(C.status);
    assert.ok(status, 'status answers');
    if (status.status) assert.equal(status.status.unit, 'docker.service');
    assert.ok(!mentionsCanary(status), JSON.stringify(status));
    const log = await run<{ ok: boolean }>(C.showLog);
    assert.ok(log && !mentionsCanary(log), JSON.stringify(log));
    const channel = await waitFor('the Daemon Log channel', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && d.uri.path.includes('Daemon Log') && d.getText().includes('# journalctl --user --unit=')),
    20_000, 200);
    const units = [...channel.getText().matchAll(/# journalctl --user --unit=(\S+?):/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(units)], ['docker.service'], 'the journal of the default unit');
    const linger = await run<unknown>(C.linger);
    assert.ok(!mentionsCanary(linger), JSON.stringify(linger));
    const doctor = await run<{ results: unknown[] }>(C.doctor);
    assert.ok(doctor && doctor.results.length > 0, 'the doctor reports');
    assert.ok(!mentionsCanary(doctor), 'the doctor never names a canary');

    // The daemon details document: the endpoint DOCKER_HOST names.
    await run(C.daemonInfo);
    const details = await waitFor('the daemon details document', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.languageId === 'json' && d.getText().includes('"endpoint"') ? d : undefined;
    });
    assert.equal((JSON.parse(details.getText()) as { endpoint: { host: string } }).endpoint.host, process.env.DOCKER_HOST);
    await run('workbench.action.revertAndCloseActiveEditor');

    // Linting, with the host's and the daemon's facts (a .env naming the canary sits beside the compose file).
    const compose = await vscode.workspace.openTextDocument(path.join(project, 'compose.yaml'));
    await vscode.window.showTextDocument(compose);
    await waitForDiagnostics(compose.uri, 'rootless-docker', 'the privileged port', (ds) => ds.some((d) => codeOf(d) === 'privileged-port'), 20_000);
    const dockerfile = await vscode.workspace.openTextDocument(path.join(project, 'Dockerfile'));
    await vscode.window.showTextDocument(dockerfile);
    await waitForDiagnostics(dockerfile.uri, 'rootless-docker', 'the Dockerfile findings', (ds) => ds.length > 0, 20_000);
    await run('workbench.action.closeAllEditors');

    // Whatever was started must have settled on the bed: nothing reached a canary.
    await bedDaemon();
    noHits('after driving the extension');
  }

  before(async () => {
    const dir = process.env[CANARY_ENV];
    assert.ok(dir, `${CANARY_ENV} is not set: test/vscode/run.ts arms the canaries`);
    info = readCanaryInfo(dir);
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'no workspace folder is open');
    folder = ws.uri.fsPath;
    settingsFile = path.join(folder, '.vscode', 'settings.json');
    armedSettings = fs.readFileSync(settingsFile, 'utf8');
    // A project of its own, with a .env that names the canary as DOCKER_HOST (linting reads it; nothing else may).
    project = path.join(folder, 'trust-project');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n    ports:\n      - "80:80"\n    volumes:\n      - ${DOCKER_SOCK:-/var/run/docker.sock}:/var/run/docker.sock\n');
    fs.writeFileSync(path.join(project, '.env'), `DOCKER_HOST=${info.hosts.unix}\nDOCKER_SOCK=${info.socket}\nDOCKER_CONTEXT=rd-canary\n`);
    fs.writeFileSync(path.join(project, 'Dockerfile'), 'FROM busybox\nRUN --network=host wget -q -O- http://127.0.0.1/\n');
    await removeSuiteContainers();
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  after(async () => {
    await removeSuiteContainers();
    fs.writeFileSync(settingsFile, armedSettings);
    fs.rmSync(project, { recursive: true, force: true });
    await run('workbench.action.closeAllEditors');
  });

  it('runs with Workspace Trust as the runner set it up, the canary settings read by VS Code', async () => {
    assert.equal(vscode.workspace.isTrusted, process.env[TRUST_ENV] !== 'on');
    // The manifest's restricted settings, each pointed at a canary.
    assert.ok(info.settings['rootlessDocker.host'] === 'host' && info.settings['rootlessDocker.service.unit'] === 'unit', JSON.stringify(info.settings));
    const written = JSON.parse(armedSettings) as Record<string, unknown>;
    assert.equal(written['rootlessDocker.host'], info.hosts.unix);
    assert.equal(written['rootlessDocker.service.unit'], info.unit);
    await waitForSentinel(info.sentinelValue);
    // The extension reads these from user settings only.
    const c = vscode.workspace.getConfiguration('rootlessDocker');
    assert.equal(c.inspect('host')?.globalValue, undefined);
    assert.equal(c.inspect('service.unit')?.globalValue, undefined);
  });

  it('T1: settings naming a unix socket, the unit, tools and a docker context in the workspace reach nothing (present from the start)', async () => {
    await driveHard();
  });

  it('T1: a tcp:// host in the workspace settings is never connected to', async () => {
    await useWorkspaceSettings(flatCanarySettings(info, 'tcp', 31));
    await driveHard();
  });

  it('T1: an ssh:// host in the workspace settings is never connected to', async () => {
    await useWorkspaceSettings(flatCanarySettings(info, 'ssh', 32));
    await driveHard();
  });

  it('T2: the same settings as nested objects are ignored too', async () => {
    const variants: [string, Record<string, unknown>][] = [
      ['fully nested, unix', nestedCanarySettings(info, 'full', 'unix', 33)],
      ['nested under the section, tcp', nestedCanarySettings(info, 'section', 'tcp', 34)],
      ['fully nested, ssh', nestedCanarySettings(info, 'full', 'ssh', 35)],
    ];
    try {
      for (const [what, settings] of variants) {
        await useWorkspaceSettings(settings);
        // What VS Code itself makes of the nested form (microsoft/vscode#335112), for the log; the extension must not care.
        const seen = vscode.workspace.getConfiguration('rootlessDocker').get('host');
        console.log(`[trust] ${what}: VS Code ${vscode.version} returns rootlessDocker.host = ${JSON.stringify(seen)}`);
        await driveHard();
      }
    } finally {
      // Back to the flat canaries (which VS Code itself drops), so a failure here does not spill into the tests below.
      await useWorkspaceSettings(JSON.parse(armedSettings) as Record<string, unknown>);
    }
  });

  it('T4: the manifest promises limited support and gates no command on trust', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      capabilities: { untrustedWorkspaces: { supported: unknown; description?: string } };
      contributes: { commands: { command: string; enablement?: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description ?? '', /only read from user settings/);
    const gated = [
      ...pkg.contributes.commands.filter((c) => /isWorkspaceTrusted/.test(c.enablement ?? '')).map((c) => c.command),
      ...Object.values(pkg.contributes.menus).flat().filter((m) => /isWorkspaceTrusted/.test(m.when ?? '')).map((m) => m.command),
    ];
    // Nothing is gated: every action works in Restricted Mode (the tests below), reading no workspace value.
    // A command gated later must refuse in Restricted Mode and get a test here.
    assert.deepEqual(gated, []);
  });

  it("T4: the daemon service commands act on the user's own unit, and say why they cannot", async () => {
    // A unit that exists nowhere and a socket that does not exist: harmless on any machine, and no confirmation
    // dialog (stop and restart ask only when the daemon's socket lists running containers).
    const unit = `rd-trust-absent-${process.pid}.service`;
    await setUser('rootlessDocker.service.unit', unit);
    await setUser('rootlessDocker.host', `unix:///nonexistent/rd-trust-${process.pid}/docker.sock`);
    try {
      for (const id of ['start', 'stop', 'restart', 'enable', 'disable', 'status']) {
        const r = await run<{ ok: boolean; state?: string; error?: { kind: string; message: string; hint: string } }>(`rootlessDocker.service.${id}`);
        assert.ok(r, `${id} answers`);
        assert.ok(!mentionsCanary(r), `${id}: ${JSON.stringify(r)}`);
        if (id === 'status' && r.ok) {
          assert.equal(r.state, 'not-installed', JSON.stringify(r));
          continue;
        }
        // enable/disable edit unit files and need no running manager: enabling the missing unit fails by its name,
        // disabling it is a no-op.
        if (id === 'disable' && r.ok) continue;
        assert.equal(r.ok, false, `${id}: ${JSON.stringify(r)}`);
        assert.ok((r.error?.message ?? '').length > 10, `${id} says why`);
        if (id === 'enable' || id === 'disable') assert.ok(r.error?.message.includes(unit), `${id}: ${JSON.stringify(r)}`);
        else assert.equal(r.error?.kind, SYSTEMD_PID1 ? 'unit-not-found' : 'no-systemd', `${id}: ${JSON.stringify(r)}`);
      }
    } finally {
      await setUser('rootlessDocker.service.unit', undefined);
      await setUser('rootlessDocker.host', undefined);
    }
    await bedDaemon();
    noHits('after the service commands');
  });

  it('T4: container and compose project actions work on the real daemon', async () => {
    const projectName = `rdtrust${process.pid}`;
    const id = await createContainer(`${projectName}-web-1`, { Labels: { 'com.docker.compose.project': projectName, 'com.docker.compose.service': 'web' } });
    assert.equal((await api('POST', `/containers/${id}/start`)).status, 204);
    await run(C.focus);
    const node = (state: string) =>
      waitFor(`the container ${state} in the view`, async () => (await tree()).find((n) => n.id === `container:${id}` && (n.contextValue ?? '').startsWith(`container.${state}`)), 30_000, 100);
    const daemonSays = (state: string) => waitFor(`the daemon to report ${state}`, async () => (await containerState(id)).Status === state, 30_000, 100);
    await node('running');
    await run('rootlessDocker.containers.stop', id);
    await daemonSays('exited');
    await node('exited');
    await run('rootlessDocker.containers.start', id);
    await daemonSays('running');
    await node('running');
    // Pausing needs the freezer cgroup: a rootless daemon has it on cgroup v2 only (on v1 the action reports the daemon's refusal).
    await run('rootlessDocker.containers.pause', id);
    if (fs.existsSync('/sys/fs/cgroup/cgroup.controllers')) {
      await daemonSays('paused');
      await node('paused');
      await run('rootlessDocker.containers.unpause', id);
    }
    await daemonSays('running');
    await node('running');
    const started = (await containerState(id)).StartedAt;
    await run('rootlessDocker.containers.restart', id);
    await waitFor('a restart', async () => (await containerState(id)).StartedAt !== started && (await containerState(id)).Status === 'running', 30_000, 100);
    await node('running');
    await run('rootlessDocker.containers.projectStop', projectName);
    await daemonSays('exited');
    await node('exited');
    await run('rootlessDocker.containers.projectStart', projectName);
    await daemonSays('running');
    await node('running');
    noHits('after the container actions');
  });

  it('T4: a quick fix edits the compose file', async () => {
    const file = vscode.Uri.file(path.join(project, 'compose.yaml'));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const [d] = await waitForDiagnostics(file, 'rootless-docker', 'the privileged port', (ds) => ds.some((x) => codeOf(x) === 'privileged-port'), 20_000).then((ds) =>
      ds.filter((x) => codeOf(x) === 'privileged-port'),
    );
    const actions = (await run<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', file, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const fix = actions.find((a): a is vscode.CodeAction => 'isPreferred' in a && a.isPreferred === true);
    assert.ok(fix?.edit, `a preferred fix: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /- "8080:80"/);
    await waitForDiagnostics(file, 'rootless-docker', 'the fixed port', (ds) => !ds.some((x) => codeOf(x) === 'privileged-port'), 20_000);
    await run('workbench.action.revertAndCloseActiveEditor');
  });

  it('T5: hostile names, labels and daemon errors render as escaped, untrusted text, cut to length', async () => {
    const hostile = `${LINK} ${HTML} ${ANSI} ${ICON}`;
    const projectName = `${hostile} ${LONG}`;
    const running = await createContainer(`rdtrust-${process.pid}-${'n'.repeat(10_000)}`, {
      Labels: {
        'com.docker.compose.project': projectName,
        'com.docker.compose.service': `${HTML}${LONG}`,
        'com.docker.compose.project.working_dir': `/tmp/${hostile}/${LONG}`,
        'org.example.hostile': hostile,
      },
    });
    assert.equal((await api('POST', `/containers/${running}/start`)).status, 204);
    // Its start fails, and the daemon's error quotes the command: hostile text in State.Error.
    const failed = await createContainer(`rdtrust-${process.pid}-fail`, {
      Cmd: [`${hostile}${LONG}`],
      Labels: { 'com.docker.compose.project': projectName, 'com.docker.compose.service': 'fail' },
    });
    assert.equal((await api('POST', `/containers/${failed}/start`)).status >= 400, true, 'the hostile command cannot start');

    // 1. The live extension's tree, as plain data: the hostile text is there, as text, one line, cut.
    await run(C.focus);
    const plain = await waitFor(
      'both hostile containers in the view, the failed one with its error',
      async () => {
        const all = await tree();
        const ok = all.some((n) => n.id === `container:${running}`) && all.some((n) => n.id === `container:${failed}` && (n.contextValue ?? '').endsWith('.failed'));
        return ok ? all : undefined;
      },
      30_000,
      200,
    );
    const projectNode = plain.find((n) => n.kind === 'project' && n.label.startsWith(LINK));
    assert.ok(projectNode, 'the hostile compose project is a node, its name shown as text');
    for (const n of plain) {
      for (const text of [n.label, n.description ?? '', n.tooltip ?? '']) {
        // eslint-disable-next-line no-control-regex
        assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text), `no control characters: ${JSON.stringify(text.slice(0, 200))}`);
        // Cut to at most 1000 characters (a compose working directory; names and labels to 200).
        assert.ok(!text.includes(LONG.slice(0, 1001)), `the 10 KB strings are cut (node ${n.id ?? n.kind})`);
      }
      assert.ok(n.label.length <= 300 && (n.description ?? '').length <= 600, `label and description are short: ${n.id ?? n.kind}`);
    }

    // 2. The tooltips as the view gets them: the provider's TreeItems carry their markdown source and flags.
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const ours = new Set(pkg.contributes.commands.map((c) => c.command));
    let markdowns = 0;
    let escapedLinks = 0;
    for (const n of plain) {
      const where = n.id ?? n.kind;
      if (n.command) assert.ok(ours.has(n.command), `${where}: runs only the extension's own commands (${n.command})`);
      const md = n.markdown;
      if (!md) continue;
      markdowns++;
      assert.ok(!md.isTrusted, `${where}: a tooltip built from daemon data is not trusted markdown`);
      assert.ok(!md.supportHtml, `${where}: no HTML (so ${HTML} stays text)`);
      assert.ok(!md.value.includes('\u001b'), `${where}: no ANSI escape`);
      assert.ok(!md.value.includes(LONG.slice(0, 1001)), `${where}: the 10 KB strings are cut`);
      // No markdown link at all, and every `command:` from the daemon sits behind an escaped bracket: `\[x\]\(command:…`.
      assert.ok(!/(?<!\\)\]\(/.test(md.value), `${where}: no markdown link: ${md.value.slice(0, 300)}`);
      for (const m of md.value.matchAll(/command:/g)) {
        assert.equal(md.value.slice(m.index - 2, m.index), '\\(', `${where}: an unescaped command: at ${m.index}`);
        escapedLinks++;
      }
      // Theme icons are on for these tooltips: daemon text's $(…) must be escaped too.
      assert.ok(!md.value.includes(ICON), `${where}: ${ICON} from the daemon is escaped`);
    }
    const ids = [`container:${running}`, `container:${failed}`, projectNode.id];
    for (const id of ids) assert.ok(plain.find((n) => n.id === id)?.markdown, `${id} has a markdown tooltip`);
    assert.ok(markdowns >= 3, `markdown tooltips were checked (${markdowns})`);
    assert.ok(escapedLinks >= 2, `the hostile link text reached tooltips, escaped (${escapedLinks})`);
    await api('DELETE', `/containers/${running}?force=1`);
    await api('DELETE', `/containers/${failed}?force=1`);
  });

  it('no canary ran or was connected to during the whole run', () => {
    noHits('over the whole run');
  });

  it("control: the canaries fire when the user's own settings point at them", async () => {
    // A unix socket, then a TCP port, named in user settings: the extension connects, and the canary counts it.
    await run(C.focus);
    for (const transport of ['unix', 'tcp'] as const) {
      await setUser('rootlessDocker.host', info.hosts[transport]);
      try {
        await run(C.refresh);
        await waitFor(`a ${transport} connection to the canary`, () =>
          canaryHits(info).connections.some((l) => (JSON.parse(l) as { transport: string }).transport === transport),
        20_000, 100);
      } finally {
        await setUser('rootlessDocker.host', undefined);
      }
    }
    // The unit named in user settings is the one whose journal is read.
    await setUser('rootlessDocker.service.unit', info.unit);
    try {
      await run(C.showLog);
      await waitFor('the journal of the canary unit', () =>
        vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'output' && d.uri.path.includes('Daemon Log') && d.getText().includes(`--unit=${info.unit}:`)),
      20_000, 200);
    } finally {
      await setUser('rootlessDocker.service.unit', undefined);
    }
    // The canary executable records a run.
    assert.throws(() => execFileSync(info.script, ['control'], { stdio: 'ignore' }), (err: { status?: number }) => err.status === 97);
    assert.ok(canaryHits(info).executions.some((l) => l.endsWith(' control')));
    await bedDaemon();
  });
});
