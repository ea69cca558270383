// The extension loads in a real VS Code, activates on a compose document and registers its commands.
// This file sorts first in the suite: nothing may activate the extension before its second test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './wait';

const EXTENSION_ID = 'rootless-docker.rootless-docker';
/** Set by the runner (test/vscode/run.ts, .vscode-test.mjs) to the VS Code version it launched. */
const EXPECTED_VERSION_ENV = 'ROOTLESS_DOCKER_EXPECTED_VSCODE_VERSION';

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  return ext;
}

describe('activation', () => {
  it('loads the extension under development', () => {
    const ext = extension();
    assert.equal((ext.packageJSON as { name: string }).name, 'rootless-docker');
  });

  it('activates when a dockercompose document opens', async () => {
    const ext = extension();
    assert.equal(ext.isActive, false, 'active before any compose document was opened');

    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'compose.yaml'));
    assert.equal(doc.languageId, 'dockercompose');
    await vscode.window.showTextDocument(doc);

    await waitFor('the extension to activate', () => ext.isActive);
  });

  it('registers rootlessDocker.showVersion', async () => {
    await extension().activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('rootlessDocker.showVersion'));
    await vscode.commands.executeCommand('rootlessDocker.showVersion');
  });

  it("runs in the runner's VS Code version", () => {
    const expected = process.env[EXPECTED_VERSION_ENV];
    assert.ok(expected, `${EXPECTED_VERSION_ENV} is not set by the runner`);
    assert.equal(vscode.version, expected);
  });
});
