// Entry point of the VS Code suite, called by the extension host (`extensionTestsPath`): runs mocha on
// the compiled *.test.js files next to this file and writes a JSON results file for the driver
// (test/vscode/run.ts). Rejects when a test failed, so a plain VS Code test runner fails too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Where the results go: set by the driver; otherwise a fixed place under the repository. */
export const RESULTS_ENV = 'ROOTLESS_DOCKER_VSCODE_RESULTS';
/** Optional: only the tests whose full title matches this regular expression (the driver's --grep). */
export const GREP_ENV = 'ROOTLESS_DOCKER_VSCODE_GREP';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface SuiteResults {
  passes: number;
  failures: number;
  pending: number;
  tests: TestResult[];
  /** Set when the suite could not run at all (e.g. a test file failed to load). */
  error?: string;
  vscodeVersion: string;
  durationMs: number;
}

function resultsPath(): string {
  // __dirname is out/vscode-tests/ once compiled.
  return process.env[RESULTS_ENV] ?? path.resolve(__dirname, '../../test-results/vscode/results.json');
}

function writeResults(results: SuiteResults): void {
  const file = resultsPath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole, then renamed: the driver never reads half a file.
  fs.writeFileSync(`${file}.partial`, JSON.stringify(results, null, 2));
  fs.renameSync(`${file}.partial`, file);
}

export function run(): Promise<void> {
  const started = Date.now();
  const tests: TestResult[] = [];
  const finish = (error?: string): SuiteResults => {
    const count = (state: TestResult['state']) => tests.filter((t) => t.state === state).length;
    const results = {
      passes: count('passed'),
      failures: count('failed'),
      pending: count('pending'),
      tests,
      vscodeVersion: vscode.version,
      durationMs: Date.now() - started,
      ...(error === undefined ? {} : { error }),
    };
    writeResults(results);
    return results;
  };

  const grep = process.env[GREP_ENV];
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, reporter: 'spec', ...(grep ? { grep: new RegExp(grep) } : {}) });
  fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .forEach((f) => mocha.addFile(path.join(__dirname, f)));

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const results = finish();
        if (failures > 0) reject(new Error(`${failures} of ${results.tests.length} VS Code test(s) failed`));
        else resolve();
      });
      runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
      runner.on('pending', (test) => tests.push({ title: test.fullTitle(), state: 'pending' }));
      runner.on('fail', (test, err: Error) =>
        tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: err.stack ?? String(err) }),
      );
    } catch (err) {
      // Loading a test file threw before anything ran.
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      finish(error);
      reject(err instanceof Error ? err : new Error(error));
    }
  });
}
