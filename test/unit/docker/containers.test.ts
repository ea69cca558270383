// Container list entries → what the sidebar shows: validation, ports, health, uptime, compose grouping.
import * as assert from 'node:assert/strict';
import {
  formatDuration, groupByProject, isPrivilegedPort, mayHaveStartError, parseHumanDuration, portUrl, projectState,
  requestedPorts, toContainerInfo, toContainerInfos,
} from '../../../src/docker/containers';
import { fakeId, summary } from './fakeDaemon';

const NOW = 1_800_000_000_000;

describe('containers', () => {
  it('maps an entry: name, state, compose labels, created time', () => {
    const c = toContainerInfo(
      summary(1, { Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web', 'com.docker.compose.project.working_dir': '/src/shop' } }),
      NOW,
    );
    assert.deepEqual(c, {
      id: fakeId(1), name: 'c1', image: 'busybox', state: 'running', statusText: 'Up 5 minutes', createdAt: 1_700_000_000_000,
      ports: [], startedAt: NOW - 300_000, project: 'shop', service: 'web', projectDir: '/src/shop',
    });
  });

  it('health and exit codes come from the status text', () => {
    assert.equal(toContainerInfo(summary(1, { Status: 'Up 2 hours (healthy)' }), NOW)?.health, 'healthy');
    assert.equal(toContainerInfo(summary(1, { Status: 'Up 2 hours (unhealthy)' }), NOW)?.health, 'unhealthy');
    assert.equal(toContainerInfo(summary(1, { Status: 'Up 3 seconds (health: starting)' }), NOW)?.health, 'starting');
    const exited = toContainerInfo(summary(1, { State: 'exited', Status: 'Exited (137) 2 minutes ago' }), NOW);
    assert.equal(exited?.exitCode, 137);
    assert.equal(exited?.startedAt, undefined);
  });

  it('rejects entries without a proper Id and lists that are not arrays; odd fields are tamed', () => {
    assert.equal(toContainerInfo({ Names: ['/x'] }, NOW), undefined);
    assert.equal(toContainerInfo({ Id: 'not-hex!' }, NOW), undefined);
    assert.throws(() => toContainerInfos({ message: 'x' }, NOW), /not a JSON array/);
    const odd = toContainerInfo({ Id: fakeId(2), Names: 'x', State: 'weird', Status: 5, Labels: [], Ports: 'no', Image: 'a\nb\u001b[31m' }, NOW);
    assert.deepEqual([odd?.name, odd?.state, odd?.statusText, odd?.image, odd?.ports], [fakeId(2).slice(0, 12), 'unknown', '', 'a b [31m', []]);
    const long = toContainerInfo(summary(3, { Names: [`/${'n'.repeat(5000)}`] }), NOW);
    assert.ok(long!.name.length <= 200);
  });

  it('ports: IPv4 and IPv6 bindings collapse, exposed-only ports keep no host port, sorted', () => {
    const c = toContainerInfo(
      summary(1, {
        Ports: [
          { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { PrivatePort: 9000, Type: 'tcp' },
          { IP: '127.0.0.1', PrivatePort: 53, PublicPort: 5353, Type: 'udp' },
          { junk: true },
        ],
      }),
      NOW,
    );
    assert.deepEqual(c?.ports, [
      { containerPort: 53, protocol: 'udp', hostPort: 5353, hostIps: ['127.0.0.1'] },
      { containerPort: 80, protocol: 'tcp', hostPort: 8080, hostIps: ['0.0.0.0', '::'] },
      { containerPort: 9000, protocol: 'tcp', hostIps: [] },
    ]);
    assert.equal(portUrl(c.ports[1]), 'http://localhost:8080');
    assert.equal(portUrl(c.ports[0]), undefined, 'udp has no URL');
    assert.equal(portUrl(c.ports[2]), undefined, 'not published');
    assert.equal(portUrl({ containerPort: 80, protocol: 'tcp', hostPort: 8080, hostIps: ['::1'] }), 'http://[::1]:8080');
  });

  it('requested ports come from HostConfig.PortBindings', () => {
    assert.deepEqual(requestedPorts({ HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '80' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '' }], bad: [] } } }), [
      { containerPort: 80, protocol: 'tcp', hostIps: [], requested: true, hostPort: 80 },
      { containerPort: 53, protocol: 'udp', hostIps: ['127.0.0.1'], requested: true },
    ]);
    assert.deepEqual(requestedPorts({}), []);
    assert.deepEqual(requestedPorts(null), []);
  });

  it('which containers may carry a start error', () => {
    const at = (State: string, Status: string) => mayHaveStartError(toContainerInfo(summary(1, { State, Status }), NOW)!);
    assert.equal(at('created', 'Created'), true);
    assert.equal(at('exited', 'Exited (128) 1 second ago'), true);
    assert.equal(at('exited', 'Exited (0) 1 second ago'), false);
    assert.equal(at('running', 'Up 1 second'), false);
  });

  it("reads docker's human durations back, and writes short ones", () => {
    const cases: [string, number | undefined][] = [
      ['Less than a second', 0], ['1 second', 1], ['42 seconds', 42], ['About a minute', 60], ['5 minutes', 300],
      ['About an hour', 3600], ['3 hours', 10800], ['2 days', 172800], ['3 weeks', 1814400], ['2 months', 5184000], ['1 year', 31536000], ['soon', undefined],
    ];
    for (const [text, seconds] of cases) assert.equal(parseHumanDuration(text), seconds, text);
    assert.deepEqual([5_000, 300_000, 7_200_000, 86_400_000, 3 * 86_400_000].map(formatDuration), ['5 s', '5 min', '2 h', '1 day', '3 days']);
  });

  it('groups by compose project, sorted, with the state of each project', () => {
    const list = toContainerInfos(
      [
        summary(1, { Names: ['/loose'] }),
        summary(2, { Labels: { 'com.docker.compose.project': 'b', 'com.docker.compose.service': 'web' } }),
        summary(3, { Labels: { 'com.docker.compose.project': 'a', 'com.docker.compose.service': 'db' }, State: 'exited', Status: 'Exited (0) 1 second ago' }),
        summary(4, { Labels: { 'com.docker.compose.project': 'b', 'com.docker.compose.service': 'api' }, State: 'exited', Status: 'Exited (1) 1 second ago' }),
      ],
      NOW,
    );
    const { projects, loose } = groupByProject(list);
    assert.deepEqual(projects.map((p) => [p.name, p.containers.map((c) => c.service), projectState(p)]), [
      ['a', ['db'], 'stopped'],
      ['b', ['api', 'web'], 'partial'],
    ]);
    assert.deepEqual(loose.map((c) => c.name), ['loose']);
  });

  it('privileged ports follow the host limit', () => {
    assert.equal(isPrivilegedPort(80, 1024), true);
    assert.equal(isPrivilegedPort(80, 80), false);
    assert.equal(isPrivilegedPort(8080, 1024), false);
    assert.equal(isPrivilegedPort(undefined, 1024), false);
  });
});
