// The client wrapper: the chosen endpoint wins over docker-modem's own reading of the environment,
// tcp:// with TLS by docker's conventions (test certificates in fixtures/tls), per-call timeouts,
// dispose aborting what is in flight, and endpoints that cannot be used.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DaemonClient } from '../../../src/docker/client';
import { findEndpoint } from '../../../src/docker/endpoint';
import { TimeoutError } from '../../../src/docker/info';
import { classifyError, EndpointError } from '../../../src/docker/state';
import { FakeDaemon, ROOTLESS_INFO } from './fakeDaemon';

describe('DaemonClient', () => {
  let daemon: FakeDaemon;
  beforeEach(async () => {
    daemon = new FakeDaemon();
    await daemon.listen();
  });
  afterEach(() => daemon.dispose());

  it("talks to the chosen socket even when DOCKER_HOST and DOCKER_CLIENT_TIMEOUT say otherwise (docker-modem reads them itself)", async () => {
    const saved = { ...process.env };
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:9';
    process.env.DOCKER_CLIENT_TIMEOUT = '1';
    try {
      const client = new DaemonClient(findEndpoint({ env: {}, setting: `unix://${daemon.socket}` }));
      assert.equal((await client.details()).serverVersion, '20.10.24');
      client.dispose();
    } finally {
      process.env = saved;
    }
  });

  it('a call that gets no answer is abandoned after its timeout', async () => {
    daemon.hang = /^\/containers\/json/;
    const client = new DaemonClient(findEndpoint({ env: { DOCKER_HOST: `unix://${daemon.socket}` } }), { timeoutMs: 150 });
    const started = Date.now();
    const err = await client.listContainers().catch((e: unknown) => e);
    assert.ok(err instanceof TimeoutError, String(err));
    assert.ok(Date.now() - started < 2000);
    client.dispose();
  });

  it('dispose aborts calls in flight at once', async () => {
    daemon.hang = /^\/info/;
    const client = new DaemonClient(findEndpoint({ env: { DOCKER_HOST: `unix://${daemon.socket}` } }), { timeoutMs: 60_000 });
    const pending = client.details().catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    client.dispose();
    const err = await pending;
    assert.ok(err instanceof Error);
    assert.ok(!(err instanceof TimeoutError));
    assert.ok(Date.now() - t0 < 1000);
    await assert.rejects(client.ping(), EndpointError);
  });

  it('refuses endpoints it cannot use, with the reason', () => {
    const make = (host: string) => () => new DaemonClient(findEndpoint({ env: {}, setting: host }));
    assert.throws(make('npipe:////./pipe/docker_engine'), /npipe:\/\/ scheme is not supported/);
    assert.throws(make('tcp://box'), /needs a host and a port/);
    assert.throws(make('not a url'), /not a Docker host address/);
    let err: unknown;
    try {
      make('fd://')();
    } catch (e) {
      err = e;
    }
    assert.equal(classifyError(err, { endpoint: findEndpoint({ env: {}, setting: 'fd://' }) }).status, 'bad-endpoint');
  });

  describe('tcp:// with TLS', () => {
    // Test certificates (fixtures/tls/README.md), laid out as DOCKER_CERT_PATH directories: ca.pem, cert.pem, key.pem.
    const TLS = path.join(__dirname, 'fixtures/tls');
    let dir: string;
    let server: https.Server;
    let port: number;

    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-tls-'));
      const certDir = (name: string, ca: string) => {
        fs.mkdirSync(path.join(dir, name));
        fs.copyFileSync(path.join(TLS, ca), path.join(dir, name, 'ca.pem'));
        fs.copyFileSync(path.join(TLS, 'client.pem'), path.join(dir, name, 'cert.pem'));
        fs.copyFileSync(path.join(TLS, 'client-key.pem'), path.join(dir, name, 'key.pem'));
      };
      certDir('docker', 'ca.pem');
      certDir('other', 'other-ca.pem');
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    beforeEach(async () => {
      const read = (f: string) => fs.readFileSync(path.join(TLS, f));
      // A daemon that, like dockerd --tlsverify, demands a client certificate signed by its CA.
      server = https.createServer({ key: read('server-key.pem'), cert: read('server.pem'), ca: read('ca.pem'), requestCert: true, rejectUnauthorized: true }, (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(req.url?.endsWith('/info') ? ROOTLESS_INFO : { Version: '20.10.24', ApiVersion: '1.41' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    it('DOCKER_TLS_VERIFY=1 + DOCKER_CERT_PATH: verified both ways', async () => {
      const endpoint = findEndpoint({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(dir, 'docker') } });
      const client = new DaemonClient(endpoint);
      assert.equal((await client.details()).rootless, true);
      client.dispose();
    });

    it('a daemon certificate from another CA is refused as a TLS problem', async () => {
      const other = path.join(dir, 'other');
      const endpoint = findEndpoint({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: other } });
      const client = new DaemonClient(endpoint);
      const problem = classifyError(await client.details().catch((e: unknown) => e), { endpoint });
      assert.equal(problem.status, 'bad-endpoint');
      assert.match(problem.message, /TLS connection .* failed/);
      client.dispose();
    });

    it('plain tcp to a TLS daemon does not hang: it fails', async () => {
      const endpoint = findEndpoint({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } });
      const client = new DaemonClient(endpoint, { timeoutMs: 5000 });
      const t0 = Date.now();
      const problem = classifyError(await client.details().catch((e: unknown) => e), { endpoint });
      assert.match(problem.message, /closed the connection without answering/);
      assert.ok(Date.now() - t0 < 4000, 'well before the call timeout');
      client.dispose();
    });
  });
});
