// Compiles the VS Code suite (test/vscode/suite/) into out/vscode-tests/: one CommonJS file per test file,
// plus index.js, whose `run()` the extension host calls. Mocha is bundled into index.js so it loads
// inside the extension host; `vscode` stays external (the host provides it).
// Standalone: `npx tsx test/vscode/build.ts` (e.g. before `npx vscode-test`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export const REPO = path.resolve(__dirname, '../..');
export const SUITE_DIR = path.join(REPO, 'test/vscode/suite');
export const OUT_DIR = path.join(REPO, 'out/vscode-tests');

export async function buildVscodeTests(): Promise<string[]> {
  const tests = fs
    .readdirSync(SUITE_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => path.join(SUITE_DIR, f));
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(SUITE_DIR, 'index.ts'), ...tests],
    outbase: SUITE_DIR,
    outdir: OUT_DIR,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'warning',
    // Mocha's parallel mode (unused here) resolves worker files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return tests;
}

if (require.main === module) {
  buildVscodeTests().then(
    (tests) => console.log(`built ${tests.length} test file(s) into ${path.relative(REPO, OUT_DIR)}/`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
