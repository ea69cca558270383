// Runs the VS Code suite (test/vscode/suite/) inside a real VS Code: code-server, opened in headless
// Chromium with a `payload` naming the extension under development and the tests' index.js, the way
// @vscode/test-electron does it with a desktop VS Code. See ../shared/test-env.md, section 3.
//
//   npx tsx test/vscode/run.ts [--workspace-trust] [--keep] [--grep REGEXP] [--timeout SECONDS]
//
// --workspace-trust  keep Workspace Trust on (the scratch workspace then opens in Restricted Mode);
//                    by default it is off, as under @vscode/test-electron.
// --keep             keep the run directory (.testbed/runs/…: profile, workspace, logs) even when green.
// --grep REGEXP      run only the tests whose full title matches (mocha's grep).
// Needs scripts/vscode/install-code-server.sh first. Exits non-zero when a test failed, the suite could
// not run, no result arrived in time, or no test ran. Screenshot: test-results/vscode/workbench.png (workbench-restricted.png with --workspace-trust).
// Every run arms the Workspace Trust canaries of canaries.ts in its scratch workspace (suite/trust.test.ts reads them).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  CHROMIUM, CHROMIUM_ARGS, codeServerInstalled, makeProfile, poll, remoteUri, startCodeServer, vscodeVersion as installedVscodeVersion,
  workbenchUrl, type CodeServer,
} from '../../scripts/vscode/codeServer';
import { buildVscodeTests, OUT_DIR, REPO } from './build';
import { armCanaries } from './canaries';
import type { SuiteResults } from './suite/index';

const RESULTS_DIR = path.join(REPO, 'test-results/vscode');

interface Options { workspaceTrust: boolean; keep: boolean; timeoutMs: number; grep?: string }

function parseArgs(argv: string[]): Options {
  // The whole suite takes 2–3 minutes on a busy 2-CPU machine; each test has its own, shorter timeout.
  const options: Options = { workspaceTrust: false, keep: false, timeoutMs: 420_000 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--workspace-trust') options.workspaceTrust = true;
    else if (argv[i] === '--keep') options.keep = true;
    else if (argv[i] === '--timeout' && Number(argv[i + 1]) > 0) options.timeoutMs = Number(argv[++i]) * 1000;
    else if (argv[i] === '--grep' && argv[i + 1]) options.grep = argv[++i];
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  return options;
}

const t0 = Date.now();
const log = (msg: string) => console.log(`[vscode-tests ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

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
  if (!codeServerInstalled()) {
    console.error('code-server is not installed: run scripts/vscode/install-code-server.sh (as root) first');
    return 2;
  }
  const vscodeVersion = installedVscodeVersion();
  // One screenshot and results file per pass: the Restricted Mode pass keeps the other's.
  const pass = options.workspaceTrust ? '-restricted' : '';
  const SCREENSHOT = path.join(RESULTS_DIR, `workbench${pass}.png`);
  const RESULTS_COPY = path.join(RESULTS_DIR, `results${pass}.json`);

  // 1. The extension (extensionDevelopmentPath is the repository) and the suite.
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO, stdio: 'inherit' });
  if (build.status !== 0) return 2;
  const testFiles = await buildVscodeTests();
  // No stale screenshot or results from an earlier run.
  fs.rmSync(SCREENSHOT, { force: true });
  fs.rmSync(RESULTS_COPY, { force: true });
  log(`built the extension and ${testFiles.length} test file(s)`);

  // 2. A fresh profile and a scratch copy of the fixture workspace. Kept when the run fails.
  const runDir = path.join(REPO, '.testbed/runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(path.join(REPO, 'test/fixtures/workspace'), workspace, { recursive: true });
  const profile = makeProfile(runDir);
  const resultsFile = path.join(runDir, 'results.json');
  const browserLog = path.join(runDir, 'browser-console.log');
  // The compiled suite, copied into the run: a concurrent run's rebuild of out/ cannot pull it away mid-run.
  const testsDir = path.join(runDir, 'vscode-tests');
  fs.cpSync(OUT_DIR, testsDir, { recursive: true });
  // Workspace Trust canaries (canaries.ts): the workspace's settings point at them; this process serves them.
  const canaries = await armCanaries(workspace, path.join(REPO, 'package.json'));

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let passed = false;
  const browserConsole = fs.createWriteStream(browserLog);
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await canaries.close();
  };
  const onSignal = (signal: NodeJS.Signals) => void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  try {
    // 3. code-server on loopback.
    server = await startCodeServer({
      dir: runDir,
      profile,
      workspace,
      workspaceTrust: options.workspaceTrust,
      env: {
        ROOTLESS_DOCKER_VSCODE_RESULTS: resultsFile,
        ROOTLESS_DOCKER_EXPECTED_VSCODE_VERSION: vscodeVersion,
        ROOTLESS_DOCKER_WORKSPACE_TRUST: options.workspaceTrust ? 'on' : 'off',
        ...canaries.env,
        ...(options.grep === undefined ? {} : { ROOTLESS_DOCKER_VSCODE_GREP: options.grep }),
      },
    });
    const running = server;
    const serverExit = () => running.exited();
    log(`code-server ${vscodeVersion} listening on ${server.base}${options.workspaceTrust ? ' (Workspace Trust on: Restricted Mode)' : ''}`);

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
    await page.goto(
      workbenchUrl(server, workspace, [
        ['extensionDevelopmentPath', remoteUri(server, REPO)],
        ['extensionTestsPath', remoteUri(server, path.join(testsDir, 'index.js'))],
      ]),
    );
    log('workbench opened; waiting for the suite');

    // 5. Bounded wait for the results file (or the host's exit, or code-server's death).
    const outcome = await poll(
      () => (fs.existsSync(resultsFile) ? 'results' : hostExitCode !== undefined ? 'host exit' : serverExit()),
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
    fs.copyFileSync(resultsFile, RESULTS_COPY);
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
  const serverLog = path.join(runDir, 'code-server.log');
  console.error(`\n----- code-server log (${path.relative(REPO, serverLog)}) -----`);
  if (fs.existsSync(serverLog)) console.error(fs.readFileSync(serverLog, 'utf8'));
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
