// Builds the two bundles: the extension (vscode external) and the CLI.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ssh2's optional native crypto addon; the pure-JS path is used without it.
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
};

async function main() {
  await Promise.all([
    esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: [...common.external, 'vscode'] }),
    esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  ]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
