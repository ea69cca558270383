// Daemon facts: mapping /info and /version, and asking a fake daemon on a unix socket through dockerode.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { daemonError, daemonFacts, DaemonAnswerError, fetchDaemonFacts, TimeoutError } from '../../../src/docker/info';

// The shape of a real rootless dockerd 20.10.24's /info, trimmed.
const ROOTLESS_INFO = {
  ID: 'x',
  Driver: 'overlay2',
  CgroupDriver: 'none',
  CgroupVersion: '1',
  ServerVersion: '20.10.24',
  SecurityOptions: ['name=seccomp,profile=default', 'name=rootless'],
};

describe('docker daemon facts', () => {
  describe('daemonFacts', () => {
    it('maps a rootless daemon', () => {
      assert.deepEqual(daemonFacts(ROOTLESS_INFO), { rootless: true, cgroupDriver: 'none', cgroupVersion: 1, daemonVersion: '20.10.24' });
    });

    it('maps a rootful daemon on cgroup v2', () => {
      const info = { SecurityOptions: ['name=apparmor', 'name=seccomp,profile=builtin', 'name=cgroupns'], CgroupDriver: 'systemd', CgroupVersion: '2', ServerVersion: '29.0.1' };
      assert.deepEqual(daemonFacts(info), { rootless: false, cgroupDriver: 'systemd', cgroupVersion: 2, daemonVersion: '29.0.1' });
    });

    it('finds name=rootless among the pairs of one option', () => {
      assert.equal(daemonFacts({ SecurityOptions: ['name=seccomp,profile=default,name=rootless'] }).rootless, true);
      assert.equal(daemonFacts({ SecurityOptions: ['name=rootlessish'] }).rootless, false);
    });

    it('leaves out what the daemon does not say, or says oddly', () => {
      assert.deepEqual(daemonFacts({}), {});
      assert.deepEqual(daemonFacts({ SecurityOptions: 'name=rootless', CgroupDriver: 'weird', CgroupVersion: 3, ServerVersion: 7 }), {});
      assert.deepEqual(daemonFacts({ SecurityOptions: [1, null], CgroupVersion: 2, ServerVersion: '' }), { rootless: false, cgroupVersion: 2 });
    });

    it('takes the version from /version when /info lacks it', () => {
      assert.equal(daemonFacts({}, { Version: '27.3.1', ApiVersion: '1.47' }).daemonVersion, '27.3.1');
      assert.equal(daemonFacts({ ServerVersion: '28.0.0' }, { Version: '27.3.1' }).daemonVersion, '28.0.0');
      assert.equal(daemonFacts({}, { Version: 'dev' }).daemonVersion, undefined);
    });

    it('a body that is not a JSON object is an error, not a crash', () => {
      const bodies: [unknown, RegExp][] = [
        [Buffer.from('<html>'), /\/info answer is not JSON/],
        [[ROOTLESS_INFO], /\/info answer is an array/],
        ['{"a":1}', /\/info answer is a string/],
        [null, /\/info answer is null/],
        [undefined, /\/info answer is empty/],
        [new Date(), /unexpected object/],
      ];
      for (const [body, message] of bodies) {
        assert.throws(() => daemonFacts(body), (err: unknown) => err instanceof DaemonAnswerError && message.test(err.message));
      }
      assert.throws(() => daemonFacts({}, 'x'), /\/version answer is a string/);
    });
  });

  describe('fetchDaemonFacts over a unix socket', () => {
    let dir: string;
    let server: http.Server | undefined;
    const sock = () => path.join(dir, 'docker.sock');
    const serve = (handler: http.RequestListener) =>
      new Promise<void>((resolve) => {
        server = http.createServer(handler);
        server.listen(sock(), resolve);
      });
    const json = (res: http.ServerResponse, status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-daemon-'));
    });
    afterEach(async () => {
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server!.close(resolve));
        server = undefined;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('reads /info and /version', async () => {
      const paths: string[] = [];
      await serve((req, res) => {
        paths.push(req.url ?? '');
        if (req.url?.endsWith('/info')) json(res, 200, { ...ROOTLESS_INFO, ServerVersion: undefined });
        else json(res, 200, { Version: '20.10.24' });
      });
      assert.deepEqual(await fetchDaemonFacts(sock()), { rootless: true, cgroupDriver: 'none', cgroupVersion: 1, daemonVersion: '20.10.24' });
      assert.deepEqual(paths.sort(), ['/info', '/version']);
    });

    it('a failing /version does not hide /info', async () => {
      await serve((req, res) => (req.url?.endsWith('/info') ? json(res, 200, ROOTLESS_INFO) : json(res, 500, { message: 'boom' })));
      assert.equal((await fetchDaemonFacts(sock())).rootless, true);
    });

    it('a 200 answer that is not JSON is a DaemonAnswerError', async () => {
      await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('hello');
      });
      await assert.rejects(fetchDaemonFacts(sock()), (err: unknown) => err instanceof DaemonAnswerError && daemonError(err, sock()) === "the daemon's /info answer is not JSON, not a JSON object");
    });

    it('an HTTP 500 is phrased with its status', async () => {
      await serve((_req, res) => json(res, 500, { message: 'boom' }));
      const err = await fetchDaemonFacts(sock()).catch((e: unknown) => e);
      assert.equal(daemonError(err, sock()), 'the daemon answered with HTTP 500');
    });

    it('a daemon that never answers is abandoned after the timeout', async () => {
      await serve(() => undefined);
      const started = Date.now();
      const err = await fetchDaemonFacts(sock(), { timeoutMs: 200 }).catch((e: unknown) => e);
      const took = Date.now() - started;
      assert.ok(err instanceof TimeoutError, String(err));
      assert.equal(daemonError(err, sock()), 'the daemon did not answer within 200 ms');
      assert.ok(took >= 180 && took < 2000, `took ${took} ms`);
    });

    it('a missing socket is phrased as no daemon running', async () => {
      const err = await fetchDaemonFacts(sock(), { timeoutMs: 1000 }).catch((e: unknown) => e);
      assert.equal((err as { code?: string }).code, 'ENOENT');
      assert.equal(daemonError(err, sock()), `${sock()} does not exist, so no daemon is running there`);
    });
  });

  it('daemonError phrases the other connection failures', () => {
    const e = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
    assert.match(daemonError(e('ECONNREFUSED'), '/s'), /nothing is listening on \/s/);
    assert.equal(daemonError(e('EACCES'), '/s'), 'permission denied on /s');
    assert.equal(daemonError(e('ECONNRESET'), '/s'), 'the daemon closed the connection without answering');
    assert.equal(daemonError(new Error('odd'), '/s'), 'odd');
  });
});
