// Lint: type-aware TypeScript rules, the purity of the cores (no `vscode` import outside adapters), and
// process safety (no shell, and child_process only in the one runner module).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureCores = ['src/lint/**', 'src/docker/**', 'src/service/**', 'src/cli/**', 'test/unit/**', 'bench/**'];
/** The only source files that may start processes (execFile/spawn with argument arrays). */
export const runnerModules = ['src/service/run.ts'];

const noVscode = { name: 'vscode', message: 'Pure cores never import vscode: put this in an adapter.' };
const childProcess = ['child_process', 'node:child_process'];
const noChildProcess = childProcess.map((name) => ({ name, message: `Start processes only through the runner (${runnerModules.join(', ')}).` }));
const noExec = childProcess.map((name) => ({ name, importNames: ['exec', 'execSync'], message: 'exec runs a shell: use execFile or spawn with an argument array.' }));
const imports = (...paths) => ['error', { paths: paths.flat() }];

const spawners = '/^(spawn|spawnSync|execFile|execFileSync|fork)$/';
const noShell = [
  { selector: "Property[key.name='shell'][value.value=true]", message: 'Never start a process through a shell.' },
  // Any other shell (a path, a variable) in the options of a process call.
  { selector: `CallExpression[callee.name=${spawners}] Property[key.name='shell']:not([value.value=false]):not([value.value=true])`, message: 'Never start a process through a shell.' },
  { selector: `CallExpression[callee.property.name=${spawners}] Property[key.name='shell']:not([value.value=false]):not([value.value=true])`, message: 'Never start a process through a shell.' },
];
const noSneakyChildProcess = [
  { selector: "CallExpression[callee.name='require'][arguments.0.value=/^(node:)?child_process$/]", message: 'Import child_process statically, in the runner only.' },
  { selector: 'ImportExpression[source.value=/^(node:)?child_process$/]', message: 'Import child_process statically, in the runner only.' },
  { selector: 'TSImportEqualsDeclaration[moduleReference.expression.value=/^(node:)?child_process$/]', message: 'Import child_process with import { … } from, in the runner only.' },
  // Named imports only, so the exec/execSync ban above cannot be sidestepped through `cp.exec`.
  { selector: 'ImportDeclaration[source.value=/^(node:)?child_process$/] > ImportNamespaceSpecifier', message: 'Import the functions you use by name (execFile, spawn).' },
  { selector: 'ImportDeclaration[source.value=/^(node:)?child_process$/] > ImportDefaultSpecifier', message: 'Import the functions you use by name (execFile, spawn).' },
];

/** The rules that guard purity and process safety; they need no type information (test/unit/manifest.test.ts runs them alone). */
export const safety = [
  { rules: { 'no-restricted-syntax': ['error', ...noShell] } },
  { files: pureCores, rules: { 'no-restricted-imports': imports(noVscode) } },
  {
    files: ['src/**'],
    ignores: runnerModules,
    rules: { 'no-restricted-imports': imports(noChildProcess), 'no-restricted-syntax': ['error', ...noShell, ...noSneakyChildProcess] },
  },
  {
    files: ['src/lint/**', 'src/docker/**', 'src/service/**', 'src/cli/**'],
    ignores: runnerModules,
    rules: { 'no-restricted-imports': imports(noVscode, noChildProcess) },
  },
  {
    files: runnerModules,
    rules: { 'no-restricted-imports': imports(noVscode, noExec), 'no-restricted-syntax': ['error', ...noShell, ...noSneakyChildProcess] },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.testbed/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...safety,
);
