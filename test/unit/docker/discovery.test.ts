// Endpoint discovery, the parts added for the sidebar: the rootlessDocker.host setting first, sockets in
// rootless locations that belong to someone else, the socket check, and docker's TLS conventions.
import * as assert from 'node:assert/strict';
import { checkSocket, findEndpoint, rootlessSocketCandidates, type EndpointFs, type EndpointStat } from '../../../src/docker/endpoint';

const HOME = '/home/me';
const ROOTLESS_DIGEST = '12b961af5feb3e9d39f93b2cefb9a1a944f18d02cca0cac2f04f5a982240605f';
const SOCKET = 0o140000;
const DIR = 0o040000;

function memFs(files: Record<string, string | EndpointStat>): EndpointFs {
  return {
    readFile: (f) => {
      const v = files[f];
      if (typeof v !== 'string') throw new Error(`cannot read ${f}`);
      return v;
    },
    exists: (f) => f in files,
    stat: (f) => {
      const v = files[f];
      return v === undefined ? undefined : typeof v === 'string' ? { uid: 1000, mode: 0o100644, isSocket: false } : v;
    },
  };
}
const sock = (uid: number): EndpointStat => ({ uid, mode: SOCKET | 0o660, isSocket: true });
const dir = (uid: number, mode = 0o700): EndpointStat => ({ uid, mode: DIR | mode, isSocket: false });
const context = (host: string, extra: Record<string, unknown> = {}) => ({
  [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'rootless' }),
  [`${HOME}/.docker/contexts/meta/${ROOTLESS_DIGEST}/meta.json`]: JSON.stringify({ Name: 'rootless', Endpoints: { docker: { Host: host, ...extra } } }),
});

describe('docker endpoint discovery: setting, ownership, TLS', () => {
  it('the setting wins over everything, and says what it overrides', () => {
    const fs = memFs({ '/run/user/1000/docker.sock': sock(1000), ...context('unix:///ctx.sock') });
    const e = findEndpoint({ env: { HOME, DOCKER_HOST: 'unix:///env.sock' }, setting: ' unix:///set.sock ', uid: 1000, fs });
    assert.deepEqual([e.host, e.source, e.reason], ['unix:///set.sock', 'setting', 'the rootlessDocker.host setting names it']);
    assert.deepEqual(e.warnings, [
      'The rootlessDocker.host setting (unix:///set.sock) overrides DOCKER_HOST (unix:///env.sock); the docker CLI in a terminal uses DOCKER_HOST.',
    ]);
    const c = findEndpoint({ env: { HOME }, setting: 'unix:///set.sock', uid: 1000, fs });
    assert.match(c.warnings[0], /overrides the docker context "rootless" \(unix:\/\/\/ctx\.sock\)/);
    assert.deepEqual(findEndpoint({ env: { HOME, DOCKER_HOST: 'unix:///set.sock' }, setting: 'unix:///set.sock', fs }).warnings, []);
  });

  it('an empty setting is no setting', () => {
    const fs = memFs({ '/run/user/1000/docker.sock': sock(1000) });
    assert.equal(findEndpoint({ env: {}, setting: '  ', uid: 1000, fs }).source, 'run-user');
  });

  it("a rootless-location socket owned by someone else is skipped, with a warning", () => {
    const fs = memFs({ '/xdg/docker.sock': sock(4242), '/run/user/1000/docker.sock': sock(1000) });
    const e = findEndpoint({ env: { XDG_RUNTIME_DIR: '/xdg' }, uid: 1000, fs });
    assert.equal(e.source, 'run-user');
    assert.deepEqual(e.warnings, ['/xdg/docker.sock belongs to uid 4242, not to you (uid 1000); it is not used.']);
    const none = findEndpoint({ env: {}, uid: 1000, fs: memFs({ '/run/user/1000/docker.sock': sock(0) }) });
    assert.equal(none.source, 'default');
    assert.equal(none.rootful, true);
  });

  it('lists the rootless candidates without duplicates', () => {
    assert.deepEqual(rootlessSocketCandidates({ XDG_RUNTIME_DIR: '/run/user/1000' }, 1000), ['/run/user/1000/docker.sock']);
    assert.deepEqual(rootlessSocketCandidates({ XDG_RUNTIME_DIR: '/xdg' }, 7), ['/xdg/docker.sock', '/run/user/7/docker.sock']);
    assert.deepEqual(rootlessSocketCandidates({ XDG_RUNTIME_DIR: 'relative' }, undefined), []);
  });

  describe('checkSocket', () => {
    it('your own socket in a private directory: nothing to say', () => {
      const fs = memFs({ '/run/user/1000': dir(1000), '/run/user/1000/docker.sock': sock(1000) });
      assert.deepEqual(checkSocket('/run/user/1000/docker.sock', 1000, fs), { exists: true, isSocket: true, owner: 1000, warnings: [] });
    });
    it("someone else's socket, a directory others can write, a file that is not a socket", () => {
      const fs = memFs({ '/tmp/x': dir(0, 0o777), '/tmp/x/docker.sock': { uid: 4242, mode: 0o100644, isSocket: false } });
      const c = checkSocket('/tmp/x/docker.sock', 1000, fs);
      assert.deepEqual(c.warnings, [
        '/tmp/x/docker.sock is not a socket.',
        '/tmp/x/docker.sock belongs to uid 4242, not to you (uid 1000): a rootless daemon\'s socket is owned by the user it runs as.',
        '/tmp/x is writable by others (mode 777): another user could replace the socket.',
      ]);
    });
    it('a sticky directory is fine; the system socket may belong to root', () => {
      const fs = memFs({ '/run/x': dir(0, 0o1777), '/run/x/docker.sock': sock(1000), '/var/run/docker.sock': sock(0), '/var/run': dir(0, 0o755) });
      assert.deepEqual(checkSocket('/run/x/docker.sock', 1000, fs).warnings, []);
      assert.deepEqual(checkSocket('/var/run/docker.sock', 1000, fs).warnings, []);
    });
    it("root may use any user's socket without a warning", () => {
      const fs = memFs({ '/run/user/1000': dir(1000), '/run/user/1000/docker.sock': sock(1000) });
      assert.deepEqual(checkSocket('/run/user/1000/docker.sock', 0, fs).warnings, []);
    });
    it('a missing socket', () => {
      assert.deepEqual(checkSocket('/nope.sock', 1000, memFs({})), { exists: false, warnings: [] });
    });
  });

  describe('TLS by docker conventions', () => {
    it('DOCKER_TLS_VERIFY with DOCKER_CERT_PATH', () => {
      const fs = memFs({ '/certs/ca.pem': 'CA', '/certs/cert.pem': 'C', '/certs/key.pem': 'K' });
      const e = findEndpoint({ env: { DOCKER_HOST: 'tcp://box:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, fs });
      assert.deepEqual(e.tls, { verify: true, caFile: '/certs/ca.pem', certFile: '/certs/cert.pem', keyFile: '/certs/key.pem' });
    });
    it('DOCKER_TLS without verification, certificates from ~/.docker', () => {
      const fs = memFs({ [`${HOME}/.docker/cert.pem`]: 'C', [`${HOME}/.docker/key.pem`]: 'K' });
      const e = findEndpoint({ env: { HOME, DOCKER_HOST: 'tcp://box:2376', DOCKER_TLS: '1' }, fs });
      assert.deepEqual(e.tls, { verify: false, certFile: `${HOME}/.docker/cert.pem`, keyFile: `${HOME}/.docker/key.pem` });
    });
    it('no TLS variables: plain tcp; unix hosts never get TLS', () => {
      assert.equal(findEndpoint({ env: { DOCKER_HOST: 'tcp://box:2375' }, fs: memFs({}) }).tls, undefined);
      assert.equal(findEndpoint({ env: { DOCKER_HOST: 'unix:///s', DOCKER_TLS_VERIFY: '1' }, fs: memFs({}) }).tls, undefined);
    });
    it("a context's TLS store and its SkipTLSVerify", () => {
      const store = `${HOME}/.docker/contexts/tls/${ROOTLESS_DIGEST}/docker`;
      const fs = memFs({ ...context('tcp://box:2376', { SkipTLSVerify: true }), [`${store}/ca.pem`]: 'CA', [`${store}/cert.pem`]: 'C', [`${store}/key.pem`]: 'K' });
      const e = findEndpoint({ env: { HOME }, fs });
      assert.equal(e.source, 'context');
      assert.deepEqual(e.tls, { verify: false, caFile: `${store}/ca.pem`, certFile: `${store}/cert.pem`, keyFile: `${store}/key.pem` });
    });
  });
});
