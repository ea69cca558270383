// The packaged extension, as a user gets it: `npm run package` builds a .vsix holding only what runs,
// `code-server --install-extension` installs it, and in the browser the installed (not development)
// extension lints the pitfalls example: a squiggle in the editor, the finding in the Problems panel.
// Screenshot: test-results/vscode/editor.png. Needs scripts/vscode/install-code-server.sh (fails without it).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  codeServerInstalled, installExtension, makeProfile, REPO, startCodeServer, workbenchUrl, type CodeServer, type Profile,
} from '../../../scripts/vscode/codeServer';
import { hoverSquiggle, openFile, openWorkbench, problems, screenshot, waitForSquiggle } from './workbench';

const VSIX = path.join(REPO, 'dist/rootless-docker.vsix');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
const EXTENSION_DIR = `${pkg.publisher}.${pkg.name}-${pkg.version}`;

describe('packaged extension in code-server', function () {
  this.timeout(180_000);
  const dir = path.join(REPO, '.testbed/runs', `packaged-${process.pid}`);
  let profile: Profile;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let failed = false;

  before(function () {
    assert.ok(codeServerInstalled(), 'code-server is not installed: run scripts/vscode/install-code-server.sh (as root)');
    fs.rmSync(dir, { recursive: true, force: true });
    profile = makeProfile(dir);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (failed) console.log(`    run kept in ${path.relative(REPO, dir)} (code-server.log, browser-console.log)`);
    else fs.rmSync(dir, { recursive: true, force: true });
  });

  it('npm run package builds a .vsix of only what runs', () => {
    fs.rmSync(VSIX, { force: true });
    const r = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}${r.stderr}`);
    assert.ok(fs.existsSync(VSIX));
    const ls = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(ls.status, 0, ls.stderr);
    const files = ls.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/(extension|lint|docker|dockerode|ssh2|service)\.js|docs\/rules\.md|media\/.+|syntaxes\/.+)$/;
    assert.deepEqual(files.filter((f) => !allowed.test(f)), [], 'files in the .vsix that do not run');
    assert.ok(files.includes('dist/extension.js'));
  });

  it('installs with code-server --install-extension', () => {
    const out = installExtension(VSIX, profile, dir);
    assert.match(out, /was successfully installed/);
    assert.ok(fs.existsSync(path.join(profile.extensions, EXTENSION_DIR, 'dist/extension.js')), `${EXTENSION_DIR} not in the extensions folder`);
    assert.ok(!fs.existsSync(path.join(profile.extensions, EXTENSION_DIR, 'src')), 'sources were installed');
  });

  it('lints the pitfalls example: a squiggle, and the finding in the Problems panel', async () => {
    const workspace = path.join(dir, 'workspace');
    fs.cpSync(path.join(REPO, 'examples/pitfalls'), workspace, { recursive: true });
    server = await startCodeServer({ dir, profile, workspace });
    ({ browser, page } = await openWorkbench(workbenchUrl(server, workspace), path.join(dir, 'browser-console.log')));

    await openFile(page, 'compose.yaml');
    await waitForSquiggle(page, 'error');
    const rows = await problems(page, 'privileged-port');
    const ports = rows.filter((r) => r.includes('privileged-port'));
    assert.ok(ports.some((r) => /Host port 80 of service "proxy" is privileged/.test(r) && r.includes('rootless-docker')), rows.join('\n'));
    // The hover over the squiggle: the message and the rule's linked code.
    const hover = await hoverSquiggle(page);
    assert.match(hover, /privileged/);
    assert.match(hover, /privileged-port/);
    const shot = await screenshot(page, 'editor.png');
    console.log(`    screenshot: ${path.relative(REPO, shot)}`);

    // Loaded from the installed .vsix, not from this repository.
    const log = fs.readFileSync(server.logFile, 'utf8');
    assert.doesNotMatch(log, /Loading development extension/);
  });
});
