// `npm start`, the README's "try it" command: it prints a loopback URL where code-server shows the
// pitfalls example with the extension loaded, both files get findings, and Ctrl+C stops everything.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { codeServerInstalled, freePort, poll, REPO } from '../../../scripts/vscode/codeServer';
import { openFile, openWorkbench, problems, waitForSquiggle } from './workbench';

describe('npm start', function () {
  this.timeout(180_000);
  let child: ChildProcess | undefined;
  let output = '';
  let exit: number | string | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let port: number;
  let url: string;

  before(() => {
    assert.ok(codeServerInstalled(), 'code-server is not installed: run scripts/vscode/install-code-server.sh (as root)');
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    // Its own process group (npm, tsx, node); code-server has another, which scripts/start.ts stops on SIGINT.
    if (child?.pid !== undefined && exit === undefined) {
      process.kill(-child.pid, 'SIGINT');
      await poll(() => exit, 20_000);
    }
  });

  it('prints a loopback URL once code-server answers', async () => {
    port = await freePort();
    child = spawn('npm', ['start', '--', '--port', String(port), '--no-open'], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    child.on('exit', (code, signal) => (exit = code ?? signal ?? 'unknown'));
    const found = await poll(() => (exit !== undefined ? null : /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.exec(output)?.[0]), 150_000);
    assert.ok(found, `no URL printed (exit ${exit}):\n${output}`);
    url = found;
    assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), url);
    assert.match(output, /^Docker: +\S/m);
    assert.ok((await fetch(`http://127.0.0.1:${port}/healthz`)).ok);
  });

  it('shows findings in compose.yaml and the Dockerfile of the example', async () => {
    ({ browser, page } = await openWorkbench(url, path.join(REPO, '.testbed/start/browser-console.log')));
    await openFile(page, 'compose.yaml');
    await waitForSquiggle(page, 'error');
    await problems(page, 'privileged-port');
    await openFile(page, 'Dockerfile');
    await waitForSquiggle(page, 'warning');
    const rows = await problems(page, 'Dockerfile', true);
    for (const rule of ['uid-outside-subuid-range', 'build-network-host', 'ping-restricted']) {
      assert.ok(rows.some((r) => r.includes(rule)), `${rule} not in the Problems panel:\n${rows.join('\n')}`);
    }
  });

  it('stops code-server on Ctrl+C', async () => {
    assert.ok(child?.pid !== undefined && exit === undefined, `npm start already exited (${exit}):\n${output}`);
    await browser?.close();
    browser = undefined;
    process.kill(-child.pid, 'SIGINT');
    await poll(() => exit, 30_000);
    // npm itself dies of the SIGINT; scripts/start.ts under it stops code-server and exits 0.
    assert.ok(exit === 0 || exit === 'SIGINT', `npm start exited with ${exit}:\n${output}`);
    const closed = await poll(async () => {
      try {
        await fetch(`http://127.0.0.1:${port}/healthz`);
        return undefined;
      } catch {
        return true;
      }
    }, 15_000);
    assert.ok(closed, `code-server still answers on port ${port}`);
  });
});
