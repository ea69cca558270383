// Runs the VS Code suite (test/vscode/suite/) inside a real VS Code: code-server, opened in headless
// Chromium with a `payload` naming the extension under development and the tests' index.js, the way
// @vscode/test-electron does it with a desktop VS Code. See ../shared/test-env.md, section 3.
//
//   npx tsx test/vscode/run.ts [--workspace-trust] [--keep] [--timeout SECONDS]
//
// --workspace-trust  keep Workspace Trust on (the scratch workspace then opens in Restricted Mode);
//                    by default it is off, as under @vscode/test-electron.
// --keep             keep the run directory (.testbed/runs/…: profile, workspace, logs) even when green.
// Needs scripts/vscode/install-code-server.sh first. Exits non-zero when a test failed, the suite could
// not run, no result arrived in time, or no test ran. Screenshot: test-results/vscode/workbench.png.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildVscodeTests, OUT_DIR, REPO } from './build';
import type { SuiteResults } from './suite/index';

const CODE_SERVER_DIR = path.join(REPO, '.testbed/code-server/node_modules/code-server');
const CODE_SERVER_BIN = path.join(REPO, '.testbed/code-server/node_modules/.bin/code-server');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const RESULTS_DIR = path.join(REPO, 'test-results/vscode');
const SCREENSHOT = path.join(RESULTS_DIR, 'workbench.png');

interface Options { workspaceTrust: boolean; keep: boolean; timeoutMs: number }

function parseArgs(argv: string[]): Options {
  const options: Options = { workspaceTrust: false, keep: false, timeoutMs: 180_000 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--workspace-trust') options.workspaceTrust = true;
    else if (argv[i] === '--keep') options.keep = true;
    else if (argv[i] === '--timeout' && Number(argv[i + 1]) > 0) options.timeoutMs = Number(argv[++i]) * 1000;
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  return options;
}

const t0 = Date.now();
const log = (msg: string) => console.log(`[vscode-tests ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns something other than undefined, or the deadline passes (then undefined). */
async function poll<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** code-server forks its server, extension host, file watcher and pty host into its process group. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined || !groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGTERM');
  if (await poll(() => (groupAlive(pgid) ? undefined : true), 10_000)) return;
  log('code-server ignored SIGTERM; killing its process group');
  process.kill(-pgid, 'SIGKILL');
  await poll(() => (groupAlive(pgid) ? undefined : true), 5_000);
}

function printSummary(results: SuiteResults): void {
  console.log(`\nVS Code ${results.vscodeVersion} (code-server), ${results.durationMs} ms in the extension host:`);
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-';
    console.log(`  ${mark} ${t.title}${t.durationMs === undefined ? '' : ` (${t.durationMs} ms)`}`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
  if (results.error) console.log(`  suite error:\n${results.error.replace(/^/gm, '      ')}`);
  console.log(`  ${results.passes} passing, ${results.failures} failing, ${results.pending} pending\n`);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(CODE_SERVER_BIN)) {
    console.error('code-server is not installed: run scripts/vscode/install-code-server.sh (as root) first');
    return 2;
  }
  const vscodeVersion = (JSON.parse(fs.readFileSync(path.join(CODE_SERVER_DIR, 'lib/vscode/package.json'), 'utf8')) as {
    version: string;
  }).version;

  // 1. The extension (extensionDevelopmentPath is the repository) and the suite.
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO, stdio: 'inherit' });
  if (build.status !== 0) return 2;
  const testFiles = await buildVscodeTests();
  // No stale screenshot or results from an earlier run.
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  log(`built the extension and ${testFiles.length} test file(s)`);

  // 2. A fresh profile and a scratch copy of the fixture workspace. Kept when the run fails.
  const runDir = path.join(REPO, '.testbed/runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  const dirs = {
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    workspace: path.join(runDir, 'workspace'),
    xdg: path.join(runDir, 'xdg'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  // TMPDIR of code-server and all it starts: a directory of its own, with a path short enough for the
  // Unix sockets VS Code makes there (a path under the repository can pass the 107-byte limit).
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootless-docker-vscode-'));
  fs.cpSync(path.join(REPO, 'test/fixtures/workspace'), dirs.workspace, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'));
  fs.writeFileSync(
    path.join(dirs.userData, 'User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      // The scratch workspace lives inside this repository's tree (under .testbed/).
      'git.openRepositoryInParentFolders': 'never',
    }, null, 2),
  );
  const resultsFile = path.join(runDir, 'results.json');
  const serverLog = path.join(runDir, 'code-server.log');
  const browserLog = path.join(runDir, 'browser-console.log');

  // 3. code-server, in its own process group so that everything it forks can be stopped together.
  const port = await freePort();
  const logFd = fs.openSync(serverLog, 'w');
  const server = spawn(
    CODE_SERVER_BIN,
    [
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-getting-started-override', '--ignore-last-opened',
      '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      dirs.workspace,
    ],
    {
      cwd: runDir,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: {
        ...process.env,
        // code-server's config and logs stay in the run directory, not in $HOME; the sockets and
        // temporary files of everything it starts (e.g. the git extension's IPC socket) go to tmpDir.
        XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
        XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
        TMPDIR: tmpDir,
        ROOTLESS_DOCKER_VSCODE_RESULTS: resultsFile,
        ROOTLESS_DOCKER_EXPECTED_VSCODE_VERSION: vscodeVersion,
      },
    },
  );
  fs.closeSync(logFd);
  let serverExit: string | undefined;
  server.on('exit', (code, signal) => (serverExit = `code-server exited (${signal ?? code})`));

  let browser: Browser | undefined;
  let passed = false;
  const browserConsole = fs.createWriteStream(browserLog);
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await stopGroup(server);
    fs.rmSync(tmpDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  try {
    const base = `http://127.0.0.1:${port}`;
    const healthy = await poll(async () => {
      if (serverExit) return false;
      try {
        return (await fetch(`${base}/healthz`)).ok || undefined;
      } catch {
        return undefined;
      }
    }, 60_000);
    if (!healthy) throw new Error(serverExit ?? 'code-server did not answer on /healthz within 60 s');
    log(`code-server ${vscodeVersion} listening on ${base}`);

    // 4. The workbench, told to load the extension from the repository and run the suite.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // Mocha's spec reporter in the extension host prints here too.
    page.on('console', (msg) => browserConsole.write(`[${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (err) => browserConsole.write(`[pageerror] ${err.stack ?? err.message}\n`));
    // The workbench calls this when the extension host that ran the tests exits (0: run() resolved).
    let hostExitCode: number | undefined;
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      hostExitCode = code;
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(path.join(OUT_DIR, 'index.js'))],
    ];
    await page.goto(`${base}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    log('workbench opened; waiting for the suite');

    // 5. Bounded wait for the results file (or the host's exit, or code-server's death).
    const outcome = await poll(
      () => (fs.existsSync(resultsFile) ? 'results' : hostExitCode !== undefined ? 'host exit' : serverExit),
      options.timeoutMs,
    );
    // Screenshot first: the extension's UI (diagnostics, views) goes away with its host.
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    log(`screenshot: ${path.relative(REPO, SCREENSHOT)}`);
    if (outcome === 'results') await poll(() => hostExitCode, 15_000);
    log(`suite done: ${outcome ?? 'timed out'}; extension host exit code ${hostExitCode ?? 'not reported'}`);

    if (!fs.existsSync(resultsFile)) {
      throw new Error(
        outcome === undefined
          ? `no results within ${options.timeoutMs / 1000} s`
          : `no results file (${outcome}${hostExitCode === undefined ? '' : `, code ${hostExitCode}`})`,
      );
    }
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults;
    fs.copyFileSync(resultsFile, path.join(RESULTS_DIR, 'results.json'));
    printSummary(results);
    const problems = [
      results.error && 'the suite could not run',
      results.failures > 0 && `${results.failures} test(s) failed`,
      results.tests.length === 0 && 'no test ran',
      hostExitCode !== undefined && hostExitCode !== 0 && `run() rejected (extension host exit code ${hostExitCode})`,
    ].filter(Boolean);
    if (problems.length) throw new Error(problems.join('; '));
    passed = true;
  } catch (err) {
    console.error(`\nVS Code tests FAILED: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await stop();
    browserConsole.end();
    process.removeListener('SIGINT', onSignal).removeListener('SIGTERM', onSignal);
  }

  if (passed) {
    if (options.keep) log(`run kept in ${path.relative(REPO, runDir)}`);
    else fs.rmSync(runDir, { recursive: true, force: true });
    log('passed');
    return 0;
  }
  console.error(`\n----- code-server log (${path.relative(REPO, serverLog)}) -----`);
  console.error(fs.readFileSync(serverLog, 'utf8'));
  console.error('----- end of code-server log -----');
  console.error(`Run kept in ${path.relative(REPO, runDir)}: browser-console.log (workbench and mocha output),`);
  console.error('user-data/logs/*/exthost*/remoteexthost.log (extension host).');
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
