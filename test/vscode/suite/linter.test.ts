// The linter in a real VS Code: diagnostics on compose files and Dockerfiles (files on disk and untitled),
// quick fixes, suppression, "Fix all", settings and `.env` changes, and clearing on close. Each test writes
// its own files under linter/ in the scratch workspace. Runs the same with Workspace Trust on (Restricted Mode).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitFor, waitForDiagnostics } from './wait';

const SOURCE = 'rootless-docker';
const PORTS_DOCS = 'https://docs.docker.com/engine/security/rootless/tips/#exposing-privileged-ports';
/** Set by test/vscode/run.ts when it keeps Workspace Trust on (the workspace then opens in Restricted Mode). */
const TRUST_ENV = 'ROOTLESS_DOCKER_WORKSPACE_TRUST';

const COMPOSE = [
  'services:',
  '  web:',
  '    image: busybox:latest',
  '    ports:',
  '      - "80:80"',
  '      - "8080:8080"',
  '',
].join('\n');

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder is open');
  return f.uri;
}

let seq = 0;
/** Writes `text` to linter/<n>/<name> in the workspace (a fresh folder per call, so `.env` files do not leak between tests). */
async function writeFile(name: string, text: string, dir?: vscode.Uri): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(dir ?? vscode.Uri.joinPath(folder(), 'linter', String(++seq)), name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  return uri;
}

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

const ofRule = (rule: string) => (ds: vscode.Diagnostic[]) => ds.filter((d) => codeOf(d) === rule);
const has = (rule: string, n = 1) => (ds: vscode.Diagnostic[]) => ofRule(rule)(ds).length === n;
const hasNo = (rule: string) => has(rule, 0);

/** The range of the first occurrence of `needle` (at `skip` characters into it) in a document. */
function rangeOf(doc: vscode.TextDocument, needle: string, skip = 0, length = needle.length - skip): vscode.Range {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not in ${doc.uri.toString(true)}`);
  return new vscode.Range(doc.positionAt(at + skip), doc.positionAt(at + skip + length));
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind);
  // A provider may also answer with bare commands; this extension answers with code actions only.
  return actions.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

async function setLint(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('rootlessDocker.lint').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('linter', function () {
  this.timeout(30_000);

  before(async () => {
    const ext = vscode.extensions.getExtension('rootless-docker.rootless-docker');
    assert.ok(ext);
    await ext.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of ['rules', 'enable', 'host']) await setLint(key, undefined);
  });

  it('runs with Workspace Trust as the runner set it up', () => {
    // With --workspace-trust the fresh profile opens the workspace untrusted: every test below then runs in Restricted Mode.
    assert.equal(vscode.workspace.isTrusted, process.env[TRUST_ENV] !== 'on');
  });

  it('activates lazily, on the languages it lints', () => {
    const pkg = vscode.extensions.getExtension('rootless-docker.rootless-docker')!.packageJSON as { activationEvents: string[] };
    for (const language of ['dockercompose', 'dockerfile', 'yaml']) assert.ok(pkg.activationEvents.includes(`onLanguage:${language}`), language);
    assert.deepEqual(pkg.activationEvents.filter((e) => e === '*' || e === 'onStartupFinished'), []);
  });

  it('gives compose files and Dockerfiles the language ids the document selector expects', async () => {
    const expected: [string, string][] = [
      ['compose.yaml', 'dockercompose'],
      ['docker-compose.yml', 'dockercompose'],
      ['compose.override.yaml', 'dockercompose'],
      ['docker-compose.prod.yml', 'dockercompose'],
      ['compose-dev.yaml', 'yaml'], // docker compose reads it with -f; VS Code calls it plain YAML
      ['Dockerfile', 'dockerfile'],
      ['Dockerfile.dev', 'dockerfile'],
      ['Containerfile', 'dockerfile'],
      ['api.dockerfile', 'dockerfile'],
    ];
    const dir = vscode.Uri.joinPath(folder(), 'linter', 'names');
    for (const [name, language] of expected) {
      const isCompose = language !== 'dockerfile';
      const uri = await writeFile(name, isCompose ? COMPOSE : 'FROM busybox\nRUN --network=host true\n', dir);
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.equal(doc.languageId, language, `${name} opens as ${doc.languageId}`);
      await waitForDiagnostics(uri, SOURCE, `a finding in ${name}`, has(isCompose ? 'privileged-port' : 'build-network-host'));
    }
    // A YAML file that is not named like a compose file is left alone, even with compose-like content.
    const other = await writeFile('values.yaml', COMPOSE, dir);
    await vscode.workspace.openTextDocument(other);
    const probe = await writeFile('compose.yaml', COMPOSE, vscode.Uri.joinPath(dir, 'probe'));
    await vscode.workspace.openTextDocument(probe);
    await waitForDiagnostics(probe, SOURCE, 'the probe lint', has('privileged-port'));
    assert.deepEqual(vscode.languages.getDiagnostics(other), []);
  });

  it('reports privileged-port at the exact range, with source, severity and a linked code', async () => {
    const uri = await writeFile('compose.yaml', COMPOSE);
    const { document: doc } = await open(uri);
    const [d] = ofRule('privileged-port')(await waitForDiagnostics(uri, SOURCE, 'privileged-port', has('privileged-port')));
    // The host part of "80:80" and nothing else; 8080:8080 is fine.
    assert.deepEqual(d.range, rangeOf(doc, '"80:80"', 1, 2));
    assert.equal(doc.getText(d.range), '80');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, SOURCE);
    assert.ok(typeof d.code === 'object', 'code has no link');
    assert.equal(d.code.target.toString(true), PORTS_DOCS);
    assert.match(d.message, /privileged/);
  });

  it('applies the preferred quick fix, changing exactly that text', async () => {
    const uri = await writeFile('compose.yaml', COMPOSE);
    const { document: doc } = await open(uri);
    const [d] = await waitForDiagnostics(uri, SOURCE, 'privileged-port', has('privileged-port'));
    const actions = await codeActions(uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, ['Publish on host port 8080', 'Disable privileged-port for this line', 'Learn more about privileged-port']);
    assert.deepEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), ['Publish on host port 8080']);

    const before = doc.getText();
    const offset = doc.offsetAt(d.range.start);
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    assert.equal(doc.getText(), before.slice(0, offset) + '8080' + before.slice(offset + 2));
    await waitForDiagnostics(uri, SOURCE, 'the fixed port to lint clean', (ds) => ds.length === 0);
  });

  it('silences the finding with the suppression comment', async () => {
    const uri = await writeFile('compose.yaml', COMPOSE);
    const { document: doc } = await open(uri);
    const [d] = await waitForDiagnostics(uri, SOURCE, 'privileged-port', has('privileged-port'));
    const [suppress] = (await codeActions(uri, d.range, vscode.CodeActionKind.QuickFix.value)).filter((a) => a.title.startsWith('Disable'));
    assert.ok(await vscode.workspace.applyEdit(suppress.edit!));
    assert.equal(doc.lineAt(d.range.start.line).text, '      # rootless-docker-disable-next-line privileged-port');
    assert.equal(doc.lineAt(d.range.start.line + 1).text, '      - "80:80"');
    await waitForDiagnostics(uri, SOURCE, 'the suppressed finding to go', hasNo('privileged-port'));
  });

  it('offers "Learn more" that opens the rule documentation', async () => {
    const uri = await writeFile('compose.yaml', COMPOSE);
    await open(uri);
    const [d] = await waitForDiagnostics(uri, SOURCE, 'privileged-port', has('privileged-port'));
    const learn = (await codeActions(uri, d.range)).find((a) => a.title === 'Learn more about privileged-port');
    assert.ok(learn?.command);
    // VS Code hands `vscode.open` back under its internal name.
    assert.ok(['vscode.open', '_workbench.open'].includes(learn.command.command), learn.command.command);
    assert.equal(String((learn.command.arguments?.[0] as vscode.Uri).toString(true)), PORTS_DOCS);
  });

  it('fixes every preferred fix at once with source.fixAll.rootlessDocker', async () => {
    const text = ['services:', '  a:', '    ports: ["80:80", "443:443"]', '  b:', '    ports:', '      - "22:22" # rootless-docker-disable-line', '      - 53:53/udp', ''].join('\n');
    const uri = await writeFile('compose.yaml', text);
    const { document: doc } = await open(uri);
    await waitForDiagnostics(uri, SOURCE, 'three privileged ports', has('privileged-port', 3));
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(uri, whole, 'source.fixAll.rootlessDocker');
    assert.deepEqual(actions.map((a) => [a.title, a.kind?.value]), [['Fix all rootless problems (3)', 'source.fixAll.rootlessDocker']]);
    // Not offered with the quick fixes under the cursor.
    assert.ok(!(await codeActions(uri, whole, vscode.CodeActionKind.QuickFix.value)).some((a) => a.kind?.value.startsWith('source')));
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    assert.equal(doc.getText(), text.replace('"80:80"', '"8080:80"').replace('"443:443"', '"8443:443"').replace('53:53/udp', '8053:53/udp'));
    await waitForDiagnostics(uri, SOURCE, 'a clean file', (ds) => ds.length === 0);
    assert.deepEqual(await codeActions(uri, whole, 'source.fixAll.rootlessDocker'), [], 'nothing left to fix');
  });

  it('fixes all on save with editor.codeActionsOnSave, right after typing', async () => {
    const uri = await writeFile('compose.yaml', COMPOSE.replace('"80:80"', '"9000:80"'));
    const editor = await open(uri);
    await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', { 'source.fixAll.rootlessDocker': 'explicit' }, vscode.ConfigurationTarget.Global);
    try {
      // Typed and saved at once: the fix must come from a fresh lint, not from the debounced one.
      await editor.edit((b) => b.replace(rangeOf(editor.document, '"9000:80"', 1, 4), '443'));
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitFor('the save', () => !editor.document.isDirty);
      assert.equal(editor.document.getText(), COMPOSE.replace('"80:80"', '"8443:80"'));
      assert.equal((await vscode.workspace.fs.readFile(uri)).toString(), editor.document.getText());
    } finally {
      await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('re-lints when settings change: per-rule severity, off, and the switch', async () => {
    const uri = await writeFile('compose.yaml', COMPOSE);
    await open(uri);
    const severity = (s: vscode.DiagnosticSeverity) => (ds: vscode.Diagnostic[]) => ofRule('privileged-port')(ds)[0]?.severity === s;
    await waitForDiagnostics(uri, SOURCE, 'privileged-port as an error', severity(vscode.DiagnosticSeverity.Error));
    await setLint('rules', { 'privileged-port': 'warning' });
    await waitForDiagnostics(uri, SOURCE, 'privileged-port as a warning', severity(vscode.DiagnosticSeverity.Warning));
    await setLint('rules', { 'privileged-port': 'off' });
    await waitForDiagnostics(uri, SOURCE, 'privileged-port off', hasNo('privileged-port'));
    await setLint('rules', undefined);
    await waitForDiagnostics(uri, SOURCE, 'privileged-port back', has('privileged-port'));
    // The host the severities follow: a typical rootless host rather than this one.
    await setLint('host', 'generic');
    await waitForDiagnostics(uri, SOURCE, 'a message about a typical host', (ds) => ofRule('privileged-port')(ds).some((d) => /1024 by default/.test(d.message)));
    await setLint('host', undefined);
    await setLint('enable', false);
    await waitForDiagnostics(uri, SOURCE, 'the linter off', (ds) => ds.length === 0);
    await setLint('enable', true);
    await waitForDiagnostics(uri, SOURCE, 'the linter back on', has('privileged-port'));
  });

  it('reports a Dockerfile finding', async () => {
    const text = 'FROM busybox:latest\nRUN --network=host wget -q http://127.0.0.1:3142/\n';
    const uri = await writeFile('Dockerfile', text);
    const { document: doc } = await open(uri);
    const [d] = ofRule('build-network-host')(await waitForDiagnostics(uri, SOURCE, 'build-network-host', has('build-network-host')));
    assert.equal(d.range.start.line, 1);
    assert.match(doc.getText(d.range), /network=host/);
    assert.ok(typeof d.code === 'object' && d.code.target.scheme === 'https');
  });

  it('offers no suppression comment above a Dockerfile parser directive (it would stop being one)', async () => {
    const uri = await writeFile('Dockerfile', '# escape=x\nFROM busybox:latest\nRUN --network=host true\n');
    await open(uri);
    const ds = await waitForDiagnostics(uri, SOURCE, 'both findings', (d) => has('escape-directive')(d) && has('build-network-host')(d));
    const onDirective = (await codeActions(uri, ofRule('escape-directive')(ds)[0].range, vscode.CodeActionKind.QuickFix.value)).map((a) => a.title);
    assert.ok(onDirective.includes('Learn more about escape-directive'), onDirective.join(', '));
    assert.ok(!onDirective.some((t) => t.startsWith('Disable')), onDirective.join(', '));
    const below = (await codeActions(uri, ofRule('build-network-host')(ds)[0].range, vscode.CodeActionKind.QuickFix.value)).map((a) => a.title);
    assert.ok(below.includes('Disable build-network-host for this line'), below.join(', '));
  });

  it('lints an untitled document, and clears it when closed', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'dockercompose', content: COMPOSE });
    assert.equal(doc.uri.scheme, 'untitled');
    await vscode.window.showTextDocument(doc);
    const [d] = await waitForDiagnostics(doc.uri, SOURCE, 'privileged-port', has('privileged-port'));
    assert.equal(doc.getText(d.range), '80');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('the untitled document to close', () => doc.isClosed);
    await waitForDiagnostics(doc.uri, SOURCE, 'its diagnostics to clear', (ds) => ds.length === 0);
  });

  it('clears a file’s diagnostics when it is closed', async () => {
    const uri = await writeFile('compose.yaml', COMPOSE);
    const { document: doc } = await open(uri);
    await waitForDiagnostics(uri, SOURCE, 'privileged-port', has('privileged-port'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitForDiagnostics(uri, SOURCE, 'the closed file to clear', (ds) => ds.length === 0);
    // A settings change re-lints what is shown (the probe), not the closed file.
    const probe = await writeFile('compose.yaml', COMPOSE);
    await open(probe);
    await waitForDiagnostics(probe, SOURCE, 'the probe', has('privileged-port'));
    await setLint('rules', { 'privileged-port': 'warning' });
    await waitForDiagnostics(probe, SOURCE, 'the probe re-linted', (ds) => ofRule('privileged-port')(ds)[0]?.severity === vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(vscode.languages.getDiagnostics(uri), [], 'the closed file came back');
    // Opened again, it is linted again (VS Code may still hold the same document, so no open event fires).
    await vscode.window.showTextDocument(doc.isClosed ? await vscode.workspace.openTextDocument(uri) : doc);
    await waitForDiagnostics(uri, SOURCE, 'the reopened file to lint', has('privileged-port'));
  });

  it('lints as the user types, debounced, ending on the last version', async () => {
    const uri = await writeFile('compose.yaml', COMPOSE.replace('"80:80"', '"9000:80"'));
    const editor = await open(uri);
    await waitForDiagnostics(uri, SOURCE, 'a clean first lint', (ds) => ds.length === 0);
    let updates = 0;
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) updates++;
    });
    try {
      // Ten keystrokes well inside the 300 ms debounce: "9000" becomes "90", then "80", then "8", "81", … "88".
      const at = rangeOf(editor.document, '"9000:80"', 1, 4);
      await editor.edit((b) => b.replace(at, '90'));
      const digit = new vscode.Range(at.start, at.start.translate(0, 1));
      for (const c of ['8', '7', '6', '5', '4', '3', '2', '1', '8']) await editor.edit((b) => b.replace(digit, c));
      assert.equal(editor.document.lineAt(at.start.line).text, '      - "80:80"');
      const [d] = await waitForDiagnostics(uri, SOURCE, 'the last version’s finding', has('privileged-port'));
      assert.equal(editor.document.getText(d.range), '80');
      assert.ok(updates <= 2, `${updates} diagnostic updates for 10 quick edits: not debounced`);
    } finally {
      sub.dispose();
    }
  });

  it('re-lints a compose file when the .env beside it changes', async () => {
    const dir = vscode.Uri.joinPath(folder(), 'linter', 'env');
    const env = await writeFile('.env', 'WEB_PORT=80\n', dir);
    const uri = await writeFile('compose.yaml', 'services:\n  web:\n    image: busybox\n    ports:\n      - "${WEB_PORT}:80"\n', dir);
    await open(uri);
    const [d] = await waitForDiagnostics(uri, SOURCE, 'privileged-port from .env', has('privileged-port'));
    assert.match(d.message, /from "\$\{WEB_PORT\}:80"/);
    await vscode.workspace.fs.writeFile(env, Buffer.from('WEB_PORT=8080\n'));
    await waitForDiagnostics(uri, SOURCE, 'the new .env to lint clean', hasNo('privileged-port'));
  });

  it('lints a large file in its thread: the extension host keeps answering meanwhile', async function () {
    this.timeout(120_000);
    // About 3 MB: seconds of parsing for dockerfile-ast, which would freeze the host if it ran here.
    const lines = Array.from({ length: 60_000 }, (_, i) => `RUN echo ${i} && apk add --no-cache tool${i}`);
    const uri = await writeFile('Dockerfile', `FROM alpine\n${lines.join('\n')}\nRUN ping -c1 example.com\n`);
    await setLint('maxFileSize', 8 * 1024);
    try {
      await open(uri);
      // This test runs in the extension host: a timer that fires late means the host was blocked.
      let worstLag = 0;
      let done = false;
      const lagProbe = (async () => {
        while (!done) {
          const asked = Date.now();
          await new Promise((resolve) => setTimeout(resolve, 20));
          worstLag = Math.max(worstLag, Date.now() - asked - 20);
        }
      })();
      const found = await waitForDiagnostics(uri, SOURCE, 'the large file linted, or reported as not linted in time', (ds) => ds.some((d) => ['ping-restricted', 'not-linted'].includes(String(codeOf(d)))), 60_000);
      done = true;
      await lagProbe;
      assert.ok(worstLag < 1000, `the extension host was blocked for ${worstLag} ms while the file was linted`);
      const notLinted = found.find((d) => codeOf(d) === 'not-linted');
      if (notLinted) assert.match(notLinted.message, /^This file was not linted: it took longer than 10 s/);
    } finally {
      await setLint('maxFileSize', undefined);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
