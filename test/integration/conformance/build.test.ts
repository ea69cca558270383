// Conformance, Dockerfiles: the Dockerfile rules built with the daemon's own builder (POST /build, the classic
// builder of Docker 20.10), whose RUN steps are containers of the rootless daemon.
import * as assert from 'node:assert/strict';
import { BED_IMAGE } from '../bed';
import { build, cleanup, hostAddress, loopbackServer, subuidOfDaemonUser, translated } from './observe';

describe('conformance: Dockerfile builds', () => {
  after(cleanup);

  it("ping-restricted: RUN ping of the host's own address fails the build", async () => {
    const { address } = hostAddress();
    const r = await build('ping-restricted', `FROM ${BED_IMAGE}\nRUN ping -c 1 -W 2 ${address}\n`);
    assert.match(r.output, /1 packets transmitted, 0 packets received/);
    assert.match(r.error ?? '', /The command '\/bin\/sh -c ping -c 1 -W 2 [\d.]+' returned a non-zero code: 1/);
  });

  it('uid-outside-subuid-range: USER 70000 fails the next RUN step; chown to 70000 fails with "Invalid argument"', async () => {
    const { count } = await subuidOfDaemonUser();
    const user = await build('uid-outside-subuid-range', `FROM ${BED_IMAGE}\nUSER ${count + 1}\nRUN true\n`);
    assert.match(user.error ?? '', /unable to setup user: invalid argument/);
    await translated('uid-outside-subuid-range', 'build-user', user.error!, `build: USER ${count + 1} then RUN`);

    const chown = await build('uid-outside-subuid-range', `FROM ${BED_IMAGE}\nRUN touch /f && chown 70000 /f\n`);
    assert.match(chown.output, /chown: \/f: Invalid argument/);
    assert.match(chown.error ?? '', /returned a non-zero code: 1/);

    const edge = await build('uid-outside-subuid-range', `FROM ${BED_IMAGE}\nUSER ${count}\nRUN id -u\n`);
    assert.equal(edge.error, undefined, edge.output);
    assert.match(edge.output, new RegExp(`^${count}$`, 'm'), `USER ${count}, the last mapped ID, runs`);
  });

  it("build-network-host: RUN with networkmode host does not reach a server on the host's 127.0.0.1", async () => {
    const token = `conformance-build-${process.pid}-${Date.now()}`;
    const server = await loopbackServer(token);
    try {
      const r = await build('build-network-host', `FROM ${BED_IMAGE}\nRUN nc -w 3 127.0.0.1 ${server.port}; echo "nc=$?"; echo "tap0=$(ip -o addr show | grep -c tap0)"\n`, { networkmode: 'host' });
      assert.equal(r.error, undefined, r.output);
      assert.doesNotMatch(r.output, new RegExp(token), 'the build step reached the host loopback');
      // Refused or timed out (under load), the step must fail to connect, inside RootlessKit's namespace (tap0).
      assert.match(r.output, /nc=[1-9]\d*\ntap0=[1-9]/, "the step connected, or does not run in RootlessKit's namespace (tap0)");
      assert.equal(server.connections(), 0);
    } finally {
      await server.close();
    }
  });

  it("escape-directive: the daemon's parser refuses an escape directive other than ` or \\", async () => {
    const r = await build('escape-directive', `# escape=x\nFROM ${BED_IMAGE}\n`);
    assert.match(r.error ?? '', /failed to parse Dockerfile: invalid escape token 'x' does not match ` or \\/);
  });
});
