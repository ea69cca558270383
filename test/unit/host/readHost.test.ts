// Host facts from temp trees standing in for /proc, /sys/fs/cgroup and /etc.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readHost, subuidRange } from '../../../src/lint/host/readHost';

describe('readHost', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-host-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const put = (p: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), content);
  };
  const mkdir = (p: string) => fs.mkdirSync(path.join(root, p), { recursive: true });

  it('reads a cgroup v2 host with a delegated user slice', () => {
    put('/proc/sys/net/ipv4/ip_unprivileged_port_start', '80\n');
    put('/sys/fs/cgroup/cgroup.controllers', 'cpuset cpu io memory hugetlb pids rdma misc\n');
    put('/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/cgroup.controllers', 'cpu memory pids\n');
    put('/etc/subuid', 'root:100000:65536\nme:165536:65536\n');
    assert.deepEqual(readHost({ root, uid: 1000, user: 'me' }), {
      unprivilegedPortStart: 80,
      cgroupVersion: 2,
      delegatedControllers: ['cpu', 'memory', 'pids'],
      subuidRange: 65536,
    });
  });

  it('reads a cgroup v1 host, which has no delegation', () => {
    put('/proc/sys/net/ipv4/ip_unprivileged_port_start', '1024\n');
    mkdir('/sys/fs/cgroup/memory');
    mkdir('/sys/fs/cgroup/unified');
    assert.deepEqual(readHost({ root, uid: 1000, user: 'me' }), { unprivilegedPortStart: 1024, cgroupVersion: 1 });
  });

  it('a v2 host whose user slice is missing leaves the controllers unknown', () => {
    put('/sys/fs/cgroup/cgroup.controllers', 'cpu memory\n');
    assert.deepEqual(readHost({ root, uid: 1000, user: 'me' }), { cgroupVersion: 2 });
  });

  it('an empty delegation is known and empty', () => {
    put('/sys/fs/cgroup/cgroup.controllers', 'cpu memory\n');
    put('/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/cgroup.controllers', '\n');
    assert.deepEqual(readHost({ root, uid: 1000 }).delegatedControllers, []);
  });

  it('what cannot be read stays undefined', () => {
    assert.deepEqual(readHost({ root, uid: 1000, user: 'me' }), {});
    mkdir('/sys/fs/cgroup');
    assert.deepEqual(readHost({ root, uid: 1000, user: 'me' }), {}, 'an empty /sys/fs/cgroup says nothing');
  });

  it('ignores a port start that is not a number', () => {
    for (const junk of ['', 'abc', '-1', '99999999', '80 90']) {
      put('/proc/sys/net/ipv4/ip_unprivileged_port_start', junk);
      assert.equal(readHost({ root, uid: 1 }).unprivilegedPortStart, undefined, JSON.stringify(junk));
    }
    put('/proc/sys/net/ipv4/ip_unprivileged_port_start', '0');
    assert.equal(readHost({ root, uid: 1 }).unprivilegedPortStart, 0);
  });

  it('matches the user in /etc/subuid by name or uid', () => {
    put('/etc/subuid', '1000:100000:4096\n');
    assert.equal(readHost({ root, uid: 1000, user: 'me' }).subuidRange, 4096);
    put('/etc/subuid', 'other:100000:65536\n');
    assert.equal(readHost({ root, uid: 1000, user: 'me' }).subuidRange, undefined, 'no entry for this user');
  });

  it('accepts injected fs functions instead of a root', () => {
    const files: Record<string, string> = { '/proc/sys/net/ipv4/ip_unprivileged_port_start': '443', '/etc/subuid': 'me:1:10\n' };
    const read: string[] = [];
    const facts = readHost({
      uid: 7,
      user: 'me',
      fs: {
        readFile: (p) => {
          read.push(p);
          if (p in files) return files[p];
          throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        },
        exists: (p) => p in files,
      },
    });
    assert.deepEqual(facts, { unprivilegedPortStart: 443, subuidRange: 10 });
    assert.ok(read.includes('/sys/fs/cgroup/user.slice/user-7.slice/user@7.service/cgroup.controllers'));
  });

  it('reads this machine without throwing', () => {
    const facts = readHost();
    if (facts.unprivilegedPortStart !== undefined) assert.ok(facts.unprivilegedPortStart >= 0 && facts.unprivilegedPortStart <= 65536);
    if (facts.cgroupVersion !== undefined) assert.ok([1, 2].includes(facts.cgroupVersion));
  });

  describe('subuidRange', () => {
    it('sums the user\'s ranges and skips comments, other users and malformed lines', () => {
      const text = '# comment\nme:100000:65536\nother:165536:65536\nme:300000:1000\nme:bad:1\nme::5\n\n  me:400000:10  \n';
      assert.equal(subuidRange(text, 'me', undefined), 65536 + 1000 + 10);
      assert.equal(subuidRange(text, undefined, 42), undefined);
      assert.equal(subuidRange('', 'me', 1000), undefined);
    });
  });
});
