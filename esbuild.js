// Builds the bundles. The extension's entry (dist/extension.js) holds only what activation needs; the
// heavy parts are separate CommonJS files that src/lazy.ts requires on first use:
//   dist/extension.js  activate(): registrations, adapters, settings (vscode external)
//   dist/lint.js       the lint engine with yaml and dockerfile-ast: the editor's lint thread (worker)
//   dist/docker.js     the daemon client and watcher (the Containers view, a container command)
//   dist/service.js    systemctl/journalctl control and the doctor (the first daemon command, Run Doctor)
//   dist/dockerode.js  dockerode and docker-modem (docker.js; the CLI's `--host auto`)
//   dist/ssh2.js       ssh2 (only when an ssh:// endpoint is used)
//   dist/cli.js        the CLI, with the engine; dockerode from dist/dockerode.js
// Usage: node esbuild.js [--production] [--outdir DIR] [--metafile]  (--metafile writes DIR/NAME.meta.json per bundle)
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const outIndex = process.argv.indexOf('--outdir');
const outdir = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : 'dist');
const metafile = process.argv.includes('--metafile');

/** The loader's bundle modules (src/bundles/*), and what they are in dist/. */
const LAZY = { './bundles/docker': './docker.js', './bundles/service': './service.js' };

/**
 * Keeps the lazy parts out of a bundle: the loader's `require('./bundles/x')` becomes `require('./x.js')`
 * of the sibling file, and every `dockerode` import comes from dist/dockerode.js.
 */
const split = {
  name: 'split',
  setup(build) {
    build.onResolve({ filter: /^\.\/bundles\/\w+$/ }, (args) => (LAZY[args.path] && args.importer.endsWith(`${path.sep}lazy.ts`) ? { path: LAZY[args.path], external: true } : undefined));
    build.onResolve({ filter: /^dockerode$/ }, () => ({ path: './dockerode.js', external: true }));
  },
};

/**
 * One `vscode` namespace for the whole bundle: each `import * as vscode` of an external module otherwise
 * copies every property of the API object (esbuild's CommonJS interop), once per importing file.
 */
const oneVscode = {
  name: 'one-vscode',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'one-vscode' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'one-vscode' }));
    build.onLoad({ filter: /.*/, namespace: 'one-vscode' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const STUB_MESSAGE = 'BuildKit sessions and BuildKit progress decoding are not part of this extension';
/**
 * dockerode without what this project never calls: its BuildKit session (`buildImage` with version "2",
 * @grpc/grpc-js) and BuildKit progress decoding (`followProgress`, protobufjs) become stubs that fail with a
 * clear error (bundled, they could not work anyway: they read .proto files from beside the module). ssh2
 * is loaded from dist/ssh2.js the first time docker-modem opens an ssh:// connection.
 */
const dockerodeParts = {
  name: 'dockerode-parts',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit)$/ }, (args) =>
      /[\\/]dockerode[\\/]lib$/.test(args.resolveDir) ? { path: args.path.slice(2), namespace: 'stub' } : undefined,
    );
    build.onResolve({ filter: /^ssh2$/ }, () => ({ path: 'ssh2', namespace: 'stub' }));
    build.onResolve({ filter: /^\.\/ssh2\.js$/ }, () => ({ path: './ssh2.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => {
      const fail = `new Error(${JSON.stringify(STUB_MESSAGE)})`;
      const contents = {
        session: `module.exports = function withSession(docker, auth, handler) { handler(${fail}, null, function () {}); };`,
        buildkit: `exports.followProgress = function () { throw ${fail}; };`,
        // docker-modem reads `require('ssh2').Client` when it loads, and constructs it per ssh:// request.
        ssh2: `let real; exports.Client = function Client(...args) { real ??= require('./ssh2.js'); return new real.Client(...args); };`,
      }[args.path];
      return { contents, loader: 'js', resolveDir: __dirname };
    });
  },
};

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
  metafile,
};
const out = (name) => path.join(outdir, name);

async function main() {
  const results = await Promise.all([
    esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: out('extension.js'), plugins: [split, oneVscode] }),
    esbuild.build({ ...common, entryPoints: ['src/bundles/lint.ts'], outfile: out('lint.js') }),
    esbuild.build({ ...common, entryPoints: ['src/bundles/docker.ts'], outfile: out('docker.js'), plugins: [split] }),
    esbuild.build({ ...common, entryPoints: ['src/bundles/service.ts'], outfile: out('service.js') }),
    esbuild.build({ ...common, entryPoints: ['node_modules/dockerode/lib/docker.js'], outfile: out('dockerode.js'), plugins: [dockerodeParts] }),
    esbuild.build({ ...common, entryPoints: ['node_modules/ssh2/lib/index.js'], outfile: out('ssh2.js') }),
    esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: out('cli.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [split] }),
  ]);
  if (metafile) {
    for (const r of results) {
      const file = Object.keys(r.metafile.outputs).find((f) => f.endsWith('.js'));
      fs.writeFileSync(path.join(outdir, `${path.basename(file, '.js')}.meta.json`), JSON.stringify(r.metafile));
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
