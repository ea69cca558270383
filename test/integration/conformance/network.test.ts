// Conformance, networks: host networking, the host's loopback, network drivers and ICMP under the rootless daemon.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type Docker from 'dockerode';
import { bed, freePort } from '../bed';
import { cleanup, FIXTURE_PAGE, failure, get, hostAddress, labels, loopbackServer, probe, readFrom, remove, retry, started, subuidOfDaemonUser, translated } from './observe';

/** Creates a network that the daemon must refuse; returns its message. */
async function refusedNetwork(ruleId: string, options: Omit<Docker.NetworkCreateOptions, 'Labels'>): Promise<string> {
  const { docker } = await bed();
  const { message } = await failure(
    docker.createNetwork({ ...options, Labels: labels(ruleId) }).then(async (n) => {
      await n.remove(); // created after all: remove it before failing
      return n;
    }),
    `creating the ${options.Driver} network ${options.Name}`,
  );
  return message;
}

describe('conformance: networks', () => {
  after(cleanup);

  it("host-network: a port the container listens on is reachable inside RootlessKit's namespace, not from the host's 127.0.0.1", async () => {
    const port = await freePort();
    const server = await started('host-network', { Cmd: ['httpd', '-f', '-p', String(port), '-h', '/www'], HostConfig: { NetworkMode: 'host' } });
    try {
      // A second host-network container (the same namespace) gets the page…
      const peer = await probe('host-network', {
        Cmd: ['sh', '-c', `${retry(`wget -q -O /tmp/page http://127.0.0.1:${port}/`)}; cat /tmp/page; ip -o addr show`],
        HostConfig: { NetworkMode: 'host' },
      });
      assert.equal(peer.exitCode, 0, peer.output);
      assert.ok(peer.output.startsWith(FIXTURE_PAGE.replace(/\r?\n/g, '\n')), peer.output);
      // …which is RootlessKit's: its tap0 interface (slirp4netns), not the host's interfaces.
      assert.match(peer.output, /\btap0\b/);
      assert.doesNotMatch(peer.output, new RegExp(`\\b${hostAddress().address.replace(/\./g, '\\.')}\\b`), "the host's own address is not in that namespace");
      // The host's 127.0.0.1 has nothing on that port.
      const fromHost = await get(`http://127.0.0.1:${port}/`);
      assert.deepEqual(fromHost, { error: 'ECONNREFUSED' });
    } finally {
      await remove(server.container);
    }
  });

  it("host-loopback-unreachable: host-gateway and 10.0.2.2 do not reach a server on the host's 127.0.0.1", async () => {
    const token = `conformance-${process.pid}-${Date.now()}`;
    const server = await loopbackServer(token);
    try {
      const r = await probe('host-loopback-unreachable', {
        Cmd: ['sh', '-c', `grep host.docker.internal /etc/hosts; nc -w 3 host.docker.internal ${server.port}; echo "gateway=$?"; nc -w 3 10.0.2.2 ${server.port}; echo "slirp=$?"`],
        HostConfig: { ExtraHosts: ['host.docker.internal:host-gateway'] },
      });
      assert.doesNotMatch(r.output, new RegExp(token), 'the container reached the host loopback server');
      assert.equal(server.connections(), 0);
      // host-gateway is the bridge gateway inside RootlessKit's namespace; 10.0.2.2 (the host) is blocked by default.
      assert.match(r.output, /^172\.\d+\.\d+\.\d+\s+host\.docker\.internal/m);
      assert.match(r.output, /\(172\.\d+\.\d+\.\d+\): Connection refused\ngateway=1/);
      assert.match(r.output, /\(10\.0\.2\.2\): Network is unreachable\nslirp=1/);
      // The server itself answers on the host.
      assert.equal((await readFrom(server.port)).trim(), token);
    } finally {
      await server.close();
    }
  });

  it('overlay-network-unsupported: creating an overlay network fails: the node is not a swarm manager', async () => {
    const message = await refusedNetwork('overlay-network-unsupported', { Name: `conformance-overlay-${process.pid}`, Driver: 'overlay', Attachable: true });
    assert.match(message, /This node is not a swarm manager/);
    await translated('overlay-network-unsupported', 'create', message, 'POST /networks/create Driver overlay');
  });

  it("macvlan-ipvlan-unsupported: the host's own NIC is not found as a parent inside RootlessKit's namespace", async () => {
    const { iface } = hostAddress();
    assert.ok(fs.existsSync(`/sys/class/net/${iface}`), `${iface} exists on the host`);
    const cases: [string, string, RegExp][] = [
      ['macvlan', iface, new RegExp(`invalid subinterface vlan name ${iface}, example formatting is ${iface}\\.10`)],
      ['ipvlan', iface, new RegExp(`invalid subinterface vlan name ${iface}, example formatting is ${iface}\\.10`)],
      ['macvlan', `${iface}.10`, new RegExp(`-o parent interface (?:does )?was not found on the host: ${iface}`)],
      ['ipvlan', `${iface}.10`, new RegExp(`-o parent interface (?:does )?was not found on the host: ${iface}`)],
    ];
    for (const [driver, parent, expected] of cases) {
      const message = await refusedNetwork('macvlan-ipvlan-unsupported', { Name: `conformance-${driver}-${process.pid}`, Driver: driver, Options: { parent } });
      assert.match(message, expected);
      await translated('macvlan-ipvlan-unsupported', `${driver}-parent-${parent.includes('.') ? 'vlan' : 'nic'}`, message, `POST /networks/create Driver ${driver} parent ${parent}`);
    }
  });

  it("ping-restricted: container root cannot ping the host's own address; slirp4netns's gateway answers", async () => {
    const range = fs.readFileSync('/proc/sys/net/ipv4/ping_group_range', 'utf8').trim().split(/\s+/).map(Number);
    const { gid } = await subuidOfDaemonUser();
    assert.ok(!(range[0] <= gid && gid <= range[1]), `the host's ping_group_range ${range.join(' ')} lets the daemon's group ${gid} ping: not a representative host`);
    const { address } = hostAddress();
    const r = await probe('ping-restricted', { Cmd: ['sh', '-c', `ping -c 1 -W 2 ${address}; echo "host=$?"; ping -c 1 -W 2 10.0.2.2; echo "gateway=$?"`] });
    assert.match(r.output, /host=1/, r.output);
    assert.match(r.output, /1 packets transmitted, 0 packets received/);
    assert.match(r.output, /gateway=0/, 'slirp4netns answers for its own gateway');
  });
});
