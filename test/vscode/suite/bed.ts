// The test's own access to the rootless dockerd of the test bed (the runner passes DOCKER_HOST through to
// code-server): raw Engine API calls over its socket (the suites do not bundle dockerode), and containers
// made and removed under the suite's labels.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';

export const LABEL = 'io.rootless-docker.test.suite';
export const IMAGE = process.env.RDTEST_IMAGE ?? 'rdtest/busybox:latest';

export function bedSocket(): string {
  const host = process.env.DOCKER_HOST ?? '';
  assert.match(host, /^unix:\/\//, 'DOCKER_HOST must name the test bed socket (export "$(scripts/testbed/rootless-daemon.sh env)")');
  return host.slice('unix://'.length);
}

/** One Engine API call to the bed; the answer parsed as JSON when it is JSON. */
export function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ socketPath: bedSocket(), method, path, headers: data ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = text;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** Creates a container running `sleep 600` (unless `config` says otherwise) with `labels` added to its own. */
export async function createContainer(name: string, config: Record<string, unknown>, labels: Record<string, string>): Promise<string> {
  const res = await api('POST', `/containers/create?name=${encodeURIComponent(name)}`, {
    Image: IMAGE,
    Cmd: ['sleep', '600'],
    StopTimeout: 1,
    ...config,
    Labels: { ...labels, ...((config.Labels as Record<string, string>) ?? {}) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return (res.json as { Id: string }).Id;
}

/** Removes every container carrying the label `key=value`. */
export async function removeLabelled(key: string, value: string): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${key}=${value}`] }));
  const res = await api('GET', `/containers/json?all=1&filters=${filters}`);
  for (const c of res.json as { Id: string }[]) await api('DELETE', `/containers/${c.Id}?force=1`);
}
