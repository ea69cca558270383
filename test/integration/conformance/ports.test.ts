// Conformance, published ports: what the rootless daemon does with the ports a compose file publishes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { freePort } from '../bed';
import { cleanup, FIXTURE_PAGE, get, probe, remove, retry, rootlesskit, started, startFailure, translated, until, type RootlessKitPort } from './observe';

const HTTPD = ['httpd', '-f', '-p', '80', '-h', '/www'];

describe('conformance: published ports', () => {
  after(cleanup);

  it('privileged-port: host port 80 and 1023 fail at start with "cannot expose privileged port"', async () => {
    const start = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
    assert.equal(start, 1024, 'the host keeps the default net.ipv4.ip_unprivileged_port_start');
    for (const port of ['80', '1023']) {
      const { message, warnings } = await startFailure('privileged-port', {
        Cmd: HTTPD,
        ExposedPorts: { '80/tcp': {} },
        HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: port }] } },
      });
      assert.deepEqual(warnings, [], 'create accepts it without a warning');
      assert.match(message, new RegExp(`cannot expose privileged port ${port}, you can add 'net.ipv4.ip_unprivileged_port_start=${port}' to /etc/sysctl.conf \\(currently 1024\\)`));
      await translated('privileged-port', `port-${port}`, message, `start with PortBindings 80/tcp -> 127.0.0.1:${port}`);
    }
  });

  it('sctp-port: 5000/sctp is accepted and listed in inspect, but RootlessKit forwards nothing for it', async () => {
    const [sctpPort, tcpPort] = [await freePort(), await freePort()];
    const c = await started('sctp-port', {
      Cmd: ['sleep', '60'],
      ExposedPorts: { '5000/sctp': {}, '5001/tcp': {} },
      HostConfig: {
        PortBindings: { '5000/sctp': [{ HostIp: '127.0.0.1', HostPort: String(sctpPort) }], '5001/tcp': [{ HostIp: '127.0.0.1', HostPort: String(tcpPort) }] },
      },
    });
    try {
      assert.deepEqual(c.warnings, [], 'no warning at create');
      // Docker 20.10 records the SCTP binding as if it were published…
      const ports = c.inspect.NetworkSettings.Ports as Record<string, { HostIp: string; HostPort: string }[] | null>;
      assert.deepEqual(ports['5000/sctp'], [{ HostIp: '127.0.0.1', HostPort: String(sctpPort) }], 'inspect lists the SCTP binding');
      // …but the port driver, which carries every published port to the host, knows only TCP and UDP.
      const info = await rootlesskit<{ portDriver: { driver: string; protos: string[] } }>('/v1/info');
      assert.ok(!info.portDriver.protos.some((p) => p.startsWith('sctp')), `port driver ${info.portDriver.driver} protos ${info.portDriver.protos.join(',')}`);
      const forwarded = await until('the TCP port in RootlessKit', async () => {
        const list = await rootlesskit<RootlessKitPort[]>('/v1/ports');
        return list.some((p) => p.spec.parentPort === tcpPort) ? list : undefined;
      });
      assert.ok(forwarded.some((p) => p.spec.parentPort === tcpPort && p.spec.proto === 'tcp4'), 'the TCP port next to it is forwarded');
      assert.ok(!forwarded.some((p) => p.spec.parentPort === sctpPort), `nothing forwards host port ${sctpPort}: ${JSON.stringify(forwarded)}`);
    } finally {
      await remove(c.container);
    }
  });

  it('source-ip-not-preserved: a client on 127.0.0.1 reaches the container as the bridge gateway', async () => {
    const port = await freePort();
    const c = await started('source-ip-not-preserved', {
      Cmd: ['httpd', '-f', '-vv', '-p', '80', '-h', '/www'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
    });
    try {
      const res = await until('the published page', async () => {
        const r = await get(`http://127.0.0.1:${port}/`);
        return 'body' in r ? r : undefined;
      });
      assert.equal(res.body, FIXTURE_PAGE);
      const log = await until('httpd to log the request', async () => {
        const text = (await c.container.logs({ stdout: true, stderr: true })).toString('utf8');
        return /url:\//.test(text) ? text : undefined;
      });
      const gateway = c.inspect.NetworkSettings.Networks.bridge?.Gateway;
      assert.ok(gateway, 'the container has a bridge gateway');
      const client = /\[(?:::ffff:)?([\d.]+)\]:\d+: url:\//.exec(log)?.[1];
      assert.equal(client, gateway, `httpd saw the request from ${client}, the gateway, not from 127.0.0.1:\n${log}`);
    } finally {
      await remove(c.container);
    }
  });

  it("container-ip-unreachable: the host does not get the page from the container's own IP; a container does", async () => {
    const c = await started('container-ip-unreachable', { Cmd: HTTPD });
    try {
      const ip = c.inspect.NetworkSettings.Networks.bridge?.IPAddress ?? '';
      assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
      // From another container on the same bridge the address works…
      const peer = await probe('container-ip-unreachable', { Cmd: ['sh', '-c', `${retry(`wget -q -O /tmp/page http://${ip}/`)}; cat /tmp/page`] });
      assert.equal(peer.exitCode, 0, peer.output);
      assert.equal(peer.output, FIXTURE_PAGE.replace(/\r?\n/g, '\n'));
      // …from the host it does not lead to the container (whatever else may answer on that address).
      const fromHost = await get(`http://${ip}/`);
      assert.ok(!('body' in fromHost) || fromHost.body !== FIXTURE_PAGE, `the host reached the container at ${ip}`);
    } finally {
      await remove(c.container);
    }
  });

  it('ipv6-limited: with the builtin port driver a [::1] binding is kept (the loss needs another port driver)', async () => {
    const info = await rootlesskit<{ portDriver: { driver: string; protos: string[] } }>('/v1/info');
    assert.equal(info.portDriver.driver, 'builtin');
    assert.ok(info.portDriver.protos.includes('tcp6'), 'builtin carries tcp6');
    const port = await freePort();
    const c = await started('ipv6-limited', {
      Cmd: HTTPD,
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '::1', HostPort: String(port) }] } },
    });
    try {
      const res = await until('the page on [::1]', async () => {
        const r = await get(`http://[::1]:${port}/`);
        return 'body' in r ? r : undefined;
      });
      assert.equal(res.body, FIXTURE_PAGE);
    } finally {
      await remove(c.container);
    }
  });
});
