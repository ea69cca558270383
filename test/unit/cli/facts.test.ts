// How --host builds the facts a run lints against.
import * as assert from 'node:assert/strict';
import { resolveFacts } from '../../../src/cli/facts';
import type { FactSources } from '../../../src/cli/io';
import { GENERIC_HOST } from '../../../src/lint/types';

const endpoint = { host: 'unix:///s', socketPath: '/s', source: 'default' as const, reason: 'r', rootful: true, warnings: [] };

describe('cli host facts', () => {
  it('generic is the frozen typical rootless host', async () => {
    const lines: string[] = [];
    assert.equal(await resolveFacts('generic', {}, {} as FactSources, (l) => lines.push(l)), GENERIC_HOST);
    assert.deepEqual(lines, []);
  });

  it('auto with nothing readable and no daemon stays generic', async () => {
    const lines: string[] = [];
    const facts = await resolveFacts(
      'auto',
      {},
      { readHost: () => ({}), findEndpoint: () => endpoint, fetchDaemon: () => Promise.reject(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })) },
      (l) => lines.push(l),
    );
    assert.deepEqual(facts, { source: 'generic', unprivilegedPortStart: 1024 });
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^no Docker daemon answered at unix:\/\/\/s: nothing is listening on \/s/);
  });

  it('daemon facts win over the host for the fields both know', async () => {
    const facts = await resolveFacts(
      'auto',
      {},
      { readHost: () => ({ cgroupVersion: 1, unprivilegedPortStart: 0 }), findEndpoint: () => endpoint, fetchDaemon: () => Promise.resolve({ cgroupVersion: 2 }) },
      () => undefined,
    );
    assert.deepEqual(facts, { source: 'daemon', unprivilegedPortStart: 0, cgroupVersion: 2 });
  });

  it('an endpoint lookup that throws is reported, not fatal', async () => {
    const lines: string[] = [];
    const facts = await resolveFacts(
      'auto',
      {},
      { readHost: () => ({ unprivilegedPortStart: 80 }), findEndpoint: () => { throw new Error('boom'); }, fetchDaemon: () => assert.fail('not asked') },
      (l) => lines.push(l),
    );
    assert.deepEqual(facts, { source: 'host', unprivilegedPortStart: 80 });
    assert.deepEqual(lines, ["cannot tell which Docker daemon to ask (boom); using this host's facts alone"]);
  });
});
