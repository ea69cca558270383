// Lint: type-aware TypeScript rules, and the purity of the cores (no `vscode` import outside adapters).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureCores = ['src/lint/**', 'src/docker/**', 'src/service/**', 'src/cli/**', 'test/unit/**', 'bench/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.testbed/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error',
        { selector: "Property[key.name='shell'][value.value=true]", message: 'Never start a process through a shell.' }],
    },
  },
  {
    files: pureCores,
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Pure cores never import vscode: put this in an adapter.' }] }],
    },
  },
);
