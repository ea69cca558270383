// The VS Code suite under @vscode/test-electron (a downloaded desktop VS Code), for machines with
// internet: the same compiled tests that test/vscode/run.ts runs inside code-server.
//   npm run build && npx tsx test/vscode/build.ts && npx vscode-test
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@vscode/test-cli';

const root = dirname(fileURLToPath(import.meta.url));

// The VS Code inside code-server 4.100.3 (scripts/vscode/install-code-server.sh): both runners test one version.
const VSCODE_VERSION = '1.100.3';

// A scratch copy of the fixture workspace, as the code-server driver makes, so tests may write to it.
const workspace = join(root, '.vscode-test/workspace');
rmSync(workspace, { recursive: true, force: true });
cpSync(join(root, 'test/fixtures/workspace'), workspace, { recursive: true });

export default defineConfig({
  label: 'vscode',
  files: 'out/vscode-tests/**/*.test.js',
  version: VSCODE_VERSION,
  workspaceFolder: workspace,
  launchArgs: ['--disable-workspace-trust'],
  env: { ROOTLESS_DOCKER_EXPECTED_VSCODE_VERSION: VSCODE_VERSION },
  mocha: { ui: 'bdd', timeout: 20_000 },
});
