// Containers on the real rootless daemon: published ports through RootlessKit, the privileged-port refusal,
// the uid mapping and resource limits, as they behave for real (the facts the lint rules are about).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { bed, BED_IMAGE, freePort, startContainer, suiteLabels } from './bed';

const FIXTURE_PAGE = fs.readFileSync(path.join(__dirname, '../fixtures/testbed/www/index.html'), 'utf8');

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 3_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout fetching ${url}`)));
    req.on('error', reject);
  });
}

/** Fetches until the server in the container answers (it needs a moment after start), within `ms`. */
async function getWithin(url: string, ms: number): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await get(url);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function httpdOptions(name: string, hostPort: string): Docker.ContainerCreateOptions {
  return {
    Image: BED_IMAGE,
    Cmd: ['httpd', '-f', '-p', '80', '-h', '/www'],
    Labels: suiteLabels({ 'io.rootless-docker.test.case': name }),
    ExposedPorts: { '80/tcp': {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: hostPort }] } },
  };
}

async function removeQuietly(container: Docker.Container | undefined): Promise<void> {
  if (container === undefined) return;
  try {
    await container.remove({ force: true });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}

describe('containers on the rootless daemon', () => {
  describe('a busybox httpd published on an unprivileged port', () => {
    let container: Docker.Container | undefined;
    after(() => removeQuietly(container));

    it('serves the page on 127.0.0.1 through RootlessKit', async () => {
      const { docker } = await bed();
      const port = await freePort();
      assert.ok(port >= 1024, `port ${port} is unprivileged`);
      container = await docker.createContainer(httpdOptions('httpd', String(port)));
      await startContainer(container);
      const state = (await container.inspect()).State;
      assert.equal(state.Running, true, `container running (status ${state.Status})`);

      const res = await getWithin(`http://127.0.0.1:${port}/`, 15_000);
      assert.equal(res.status, 200);
      assert.equal(res.body, FIXTURE_PAGE);
    });

    it('runs container root as the unprivileged daemon user on the host', async () => {
      assert.ok(container, 'the container of the previous test exists');
      const { socketPath } = await bed();
      const { State } = await container.inspect();
      assert.ok(State.Running && State.Pid > 0, `container running (status ${State.Status})`);
      const status = fs.readFileSync(`/proc/${State.Pid}/status`, 'utf8');
      const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
      assert.ok(uids, `Uid line in /proc/${State.Pid}/status`);
      assert.equal(Number(uids[2]), fs.statSync(socketPath).uid, "httpd (root in the container) is the socket owner's uid");
      assert.notEqual(Number(uids[2]), 0);
    });
  });

  describe('publishing a privileged host port', () => {
    let container: Docker.Container | undefined;
    after(() => removeQuietly(container));

    it("fails at start with the daemon's 'cannot expose privileged port 80'", async () => {
      const unprivilegedStart = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
      assert.ok(unprivilegedStart > 80, `host lets unprivileged users bind port 80 (ip_unprivileged_port_start=${unprivilegedStart}): not a representative host`);
      const { docker } = await bed();
      container = await docker.createContainer(httpdOptions('privileged-port', '80'));
      const started = startContainer(container);
      await assert.rejects(started, (err: Error & { statusCode?: number }) => {
        assert.equal(err.statusCode, 500);
        assert.match(err.message, /cannot expose privileged port 80/);
        assert.match(err.message, /ip_unprivileged_port_start/);
        return true;
      });
      const state = (await container.inspect()).State;
      assert.equal(state.Running, false);
    });
  });

  describe('resource limits', () => {
    let container: Docker.Container | undefined;
    after(() => removeQuietly(container));

    it('a 16 MiB memory limit is accepted; without a cgroup driver it is not enforced', async () => {
      const { docker } = await bed();
      const info = (await docker.info()) as { CgroupDriver?: string };
      const limit = 16 * 1024 * 1024;
      const size = 40_000_000; // held in one shell variable: well above the limit
      container = await docker.createContainer({
        Image: BED_IMAGE,
        Cmd: ['sh', '-c', `x=$(head -c ${size} /dev/zero | tr '\\0' a); echo "held \${#x}"`],
        Labels: suiteLabels({ 'io.rootless-docker.test.case': 'memory-limit' }),
        Tty: true,
        HostConfig: { Memory: limit, MemorySwap: limit },
      });
      await startContainer(container);
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      const inspected = await container.inspect();
      assert.equal(inspected.HostConfig.Memory, limit, 'the daemon records the limit');
      const output = (await container.logs({ stdout: true, stderr: true })).toString('utf8');
      if (info.CgroupDriver === 'none') {
        // cgroup v1 rootless: the limit is silently dropped, the container holds 40 MB in a 16 MiB "limit".
        assert.equal(StatusCode, 0, `exit status (output: ${output.trim()})`);
        assert.match(output, new RegExp(`held ${size}`));
        assert.equal(inspected.State.OOMKilled, false);
      } else {
        // A real cgroup driver enforces it (not measured on this host kind: cgroup v1 only so far).
        assert.notEqual(StatusCode, 0, `the limit was enforced (output: ${output.trim()})`);
      }
    });
  });
});
