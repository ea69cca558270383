// Endpoint discovery over temp trees: every absolute path the function reads is mapped into a temp dir.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findEndpoint, socketPathOf, type EndpointFs, type EndpointOptions } from '../../../src/docker/endpoint';

// sha256("rootless"), as docker names the context's metadata directory.
const ROOTLESS_DIGEST = '12b961af5feb3e9d39f93b2cefb9a1a944f18d02cca0cac2f04f5a982240605f';
const HOME = '/home/me';

describe('docker endpoint discovery', () => {
  let tmp: string;
  let treeFs: EndpointFs;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-endpoint-'));
    treeFs = {
      readFile: (p) => fs.readFileSync(path.join(tmp, p), 'utf8'),
      exists: (p) => fs.existsSync(path.join(tmp, p)),
    };
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const put = (p: string, content = '') => {
    fs.mkdirSync(path.dirname(path.join(tmp, p)), { recursive: true });
    fs.writeFileSync(path.join(tmp, p), content);
  };
  const context = (dir: string, name: string, host: unknown, digest?: string) =>
    put(`${dir}/contexts/meta/${digest ?? ROOTLESS_DIGEST}/meta.json`, JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  const find = (env: EndpointOptions['env'], uid: number | undefined = 1000) => findEndpoint({ env: { HOME, ...env }, uid, fs: treeFs });

  it('DOCKER_HOST comes first', () => {
    put('/run/user/1000/docker.sock');
    const e = find({ DOCKER_HOST: 'unix:///tmp/other.sock', XDG_RUNTIME_DIR: '/run/user/1000' });
    assert.deepEqual(e, { host: 'unix:///tmp/other.sock', socketPath: '/tmp/other.sock', source: 'DOCKER_HOST', reason: 'DOCKER_HOST is set', rootful: false, warnings: [] });
  });

  it('says when DOCKER_HOST and the current context disagree', () => {
    context(`${HOME}/.docker`, 'rootless', 'unix:///run/user/1000/docker.sock');
    put(`${HOME}/.docker/config.json`, JSON.stringify({ currentContext: 'rootless' }));
    const e = find({ DOCKER_HOST: 'unix:///var/run/docker.sock' });
    assert.equal(e.source, 'DOCKER_HOST');
    assert.equal(e.rootful, true);
    assert.deepEqual(e.warnings, [
      'DOCKER_HOST (unix:///var/run/docker.sock) overrides the docker context "rootless" (unix:///run/user/1000/docker.sock); the docker CLI makes the same choice.',
    ]);
  });

  it('no warning when DOCKER_HOST and the context agree', () => {
    context(`${HOME}/.docker`, 'rootless', 'unix:///run/user/1000/docker.sock');
    const e = find({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock', DOCKER_CONTEXT: 'rootless' });
    assert.deepEqual(e.warnings, []);
  });

  it('DOCKER_CONTEXT selects a context by the sha256 of its name', () => {
    context(`${HOME}/.docker`, 'rootless', 'unix:///run/user/1000/docker.sock');
    put('/xdg/docker.sock');
    const e = find({ DOCKER_CONTEXT: 'rootless', XDG_RUNTIME_DIR: '/xdg' });
    assert.deepEqual(e, {
      host: 'unix:///run/user/1000/docker.sock',
      socketPath: '/run/user/1000/docker.sock',
      source: 'context',
      reason: 'the current docker context is "rootless" (DOCKER_CONTEXT)',
      context: 'rootless',
      rootful: false,
      warnings: [],
    });
  });

  it('else currentContext in ~/.docker/config.json', () => {
    context(`${HOME}/.docker`, 'rootless', 'unix:///run/user/1000/docker.sock');
    put(`${HOME}/.docker/config.json`, JSON.stringify({ auths: {}, currentContext: 'rootless' }));
    const e = find({});
    assert.equal(e.source, 'context');
    assert.equal(e.reason, `the current docker context is "rootless" (currentContext in ${HOME}/.docker/config.json)`);
  });

  it('DOCKER_CONFIG moves the config directory', () => {
    context('/cfg', 'rootless', 'ssh://me@box');
    put('/cfg/config.json', JSON.stringify({ currentContext: 'rootless' }));
    context(`${HOME}/.docker`, 'rootless', 'unix:///never.sock');
    const e = find({ DOCKER_CONFIG: '/cfg' });
    assert.equal(e.host, 'ssh://me@box');
    assert.equal(e.socketPath, undefined);
  });

  it('the "default" context falls through to the rootless sockets', () => {
    put(`${HOME}/.docker/config.json`, JSON.stringify({ currentContext: 'default' }));
    put('/xdg/docker.sock');
    const e = find({ XDG_RUNTIME_DIR: '/xdg' });
    assert.equal(e.source, 'XDG_RUNTIME_DIR');
    assert.deepEqual(e.warnings, []);
  });

  it('a context without metadata is reported and skipped', () => {
    put('/xdg/docker.sock');
    const e = find({ DOCKER_CONTEXT: 'rootless', XDG_RUNTIME_DIR: '/xdg' });
    assert.equal(e.source, 'XDG_RUNTIME_DIR');
    assert.equal(e.warnings.length, 1);
    assert.match(e.warnings[0], new RegExp(`^The docker context "rootless" \\(DOCKER_CONTEXT\\) does not exist: .*${ROOTLESS_DIGEST}/meta\\.json is missing\\.$`));
  });

  it('a context whose metadata has no docker host is reported and skipped', () => {
    context(`${HOME}/.docker`, 'rootless', 42);
    const e = find({ DOCKER_CONTEXT: 'rootless' });
    assert.equal(e.source, 'default');
    assert.match(e.warnings[0], /has no docker endpoint/);
  });

  it('malformed config.json is reported, not thrown', () => {
    put(`${HOME}/.docker/config.json`, '{ not json');
    put('/run/user/1000/docker.sock');
    const e = find({});
    assert.equal(e.source, 'run-user');
    assert.deepEqual(e.warnings, [`${HOME}/.docker/config.json is not valid JSON; it is ignored.`]);
  });

  it('$XDG_RUNTIME_DIR/docker.sock before /run/user/$UID/docker.sock', () => {
    put('/xdg/docker.sock');
    put('/run/user/1000/docker.sock');
    const e = find({ XDG_RUNTIME_DIR: '/xdg' });
    assert.deepEqual([e.host, e.source, e.reason], ['unix:///xdg/docker.sock', 'XDG_RUNTIME_DIR', 'the rootless socket in $XDG_RUNTIME_DIR exists']);
  });

  it('/run/user/$UID/docker.sock when XDG_RUNTIME_DIR has none', () => {
    put('/run/user/1000/docker.sock');
    const e = find({ XDG_RUNTIME_DIR: '/xdg' });
    assert.deepEqual([e.host, e.source, e.rootful], ['unix:///run/user/1000/docker.sock', 'run-user', false]);
  });

  it('a relative XDG_RUNTIME_DIR is ignored', () => {
    put('run/docker.sock');
    assert.equal(find({ XDG_RUNTIME_DIR: 'run' }).source, 'default');
  });

  it('falls back to /var/run/docker.sock, flagged rootful, saying what was tried', () => {
    const e = find({ XDG_RUNTIME_DIR: '/xdg' });
    assert.deepEqual(e, {
      host: 'unix:///var/run/docker.sock',
      socketPath: '/var/run/docker.sock',
      source: 'default',
      reason: "no rootless socket exists (tried /xdg/docker.sock and /run/user/1000/docker.sock); it is the system daemon's socket, which runs as root",
      rootful: true,
      warnings: [],
    });
  });

  it('without a uid or XDG_RUNTIME_DIR, says no rootless location is known', () => {
    const e = findEndpoint({ env: {}, fs: treeFs });
    assert.equal(e.reason, "no rootless socket location is known; it is the system daemon's socket, which runs as root");
  });

  it('reads the real file system by default', () => {
    put('/xdg/docker.sock');
    const e = findEndpoint({ env: { XDG_RUNTIME_DIR: path.join(tmp, 'xdg') } });
    assert.equal(e.socketPath, path.join(tmp, 'xdg', 'docker.sock'));
  });

  it('socketPathOf takes unix:// hosts only', () => {
    assert.equal(socketPathOf('unix:///run/user/1/docker.sock'), '/run/user/1/docker.sock');
    assert.equal(socketPathOf('tcp://127.0.0.1:2375'), undefined);
    assert.equal(socketPathOf('unix://relative.sock'), undefined);
  });
});
