// ssh:// endpoints: known_hosts lookup (plain, [host]:port, hashed, wildcards, @revoked, changed keys) and
// the connection through dockerode to an ssh server in this process that bridges to a fake daemon.
import * as assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { utils } from 'ssh2';
import { DaemonClient } from '../../../src/docker/client';
import { findEndpoint } from '../../../src/docker/endpoint';
import { classifyError } from '../../../src/docker/state';
import { knownHostsFiles, parseSshHost, sshConnectOptions, verifyHostKey, type SshTarget } from '../../../src/docker/ssh';
import { FakeDaemon } from './fakeDaemon';
import { startSshBridge } from './sshBridge';

const keyLine = () => utils.generateKeyPairSync('ed25519').public.trim();
const blob = (line: string) => Buffer.from(line.split(/\s+/)[1], 'base64');

describe('ssh endpoints', () => {
  let tmp: string;
  const memFs = (files: Record<string, string>) => ({
    readFile: (f: string) => {
      if (!(f in files)) throw new Error(`ENOENT ${f}`);
      return files[f];
    },
    exists: (f: string) => f in files,
  });
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-ssh-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('parses ssh:// hosts', () => {
    assert.deepEqual(parseSshHost('ssh://me@box'), { host: 'box', port: 22, username: 'me' });
    assert.deepEqual(parseSshHost('ssh://box:2222'), { host: 'box', port: 2222 });
    assert.deepEqual(parseSshHost('ssh://me@[::1]:2200'), { host: '::1', port: 2200, username: 'me' });
    assert.equal(parseSshHost('tcp://box:2376'), undefined);
    assert.equal(parseSshHost('ssh://'), undefined);
  });

  describe('verifyHostKey', () => {
    const key = keyLine();
    const other = keyLine();
    const box: SshTarget = { host: 'box.example', port: 22 };
    const boxPort: SshTarget = { host: 'box.example', port: 2222 };
    const KH = '/home/me/.ssh/known_hosts';

    it('a plain entry with the same key is known; with another key it is changed', () => {
      const fsys = memFs({ [KH]: `# comment\nother.example ${other}\nbox.example,10.0.0.5 ${key}\n` });
      assert.deepEqual(verifyHostKey(box, blob(key), [KH], fsys), { status: 'known', file: KH });
      assert.deepEqual(verifyHostKey(box, blob(other), [KH], fsys), { status: 'changed', file: KH, line: 3 });
    });

    it('a non-22 port needs the [host]:port form', () => {
      const fsys = memFs({ [KH]: `box.example ${key}\n[box.example]:2222 ${other}\n` });
      assert.equal(verifyHostKey(boxPort, blob(other), [KH], fsys).status, 'known');
      assert.equal(verifyHostKey(boxPort, blob(key), [KH], fsys).status, 'changed');
    });

    it('hashed entries (HashKnownHosts yes)', () => {
      const salt = randomBytes(20);
      const hash = createHmac('sha1', salt).update('[box.example]:2222').digest('base64');
      const fsys = memFs({ [KH]: `|1|${salt.toString('base64')}|${hash} ${key}\n` });
      assert.equal(verifyHostKey(boxPort, blob(key), [KH], fsys).status, 'known');
      assert.equal(verifyHostKey(box, blob(key), [KH], fsys).status, 'unknown');
    });

    it('wildcards match, negations exclude', () => {
      const fsys = memFs({ [KH]: `*.example,!evil.example ${key}\n` });
      assert.equal(verifyHostKey(box, blob(key), [KH], fsys).status, 'known');
      assert.equal(verifyHostKey({ host: 'evil.example', port: 22 }, blob(key), [KH], fsys).status, 'unknown');
    });

    it('@revoked refuses the key for every host; @cert-authority lines are not plain keys', () => {
      const fsys = memFs({ [KH]: `@revoked * ${key}\nbox.example ${key}\n@cert-authority *.example ${other}\n` });
      assert.deepEqual(verifyHostKey(box, blob(key), [KH], fsys), { status: 'revoked', file: KH, line: 1 });
      assert.equal(verifyHostKey(box, blob(other), [KH], fsys).status, 'changed');
    });

    it('no file, or no entry, is unknown; garbage lines are skipped', () => {
      assert.equal(verifyHostKey(box, blob(key), [KH], memFs({})).status, 'unknown');
      assert.equal(verifyHostKey(box, blob(key), [KH], memFs({ [KH]: 'box.example\nbox.example ssh-ed25519 !!!\n\n' })).status, 'unknown');
    });

    it('the system file is read after the user file', () => {
      assert.deepEqual(knownHostsFiles('/home/me').slice(0, 1), [KH]);
      const fsys = memFs({ '/etc/ssh/ssh_known_hosts': `box.example ${key}\n` });
      assert.equal(verifyHostKey(box, blob(key), knownHostsFiles('/home/me'), fsys).status, 'known');
    });
  });

  it('connection options: the agent when there is one, else a default identity file', () => {
    const target: SshTarget = { host: 'box', port: 22 };
    const withAgent = sshConnectOptions(target, { env: { SSH_AUTH_SOCK: '/run/agent' }, home: '/h', fs: memFs({}) }, () => undefined);
    assert.equal(withAgent.agent, '/run/agent');
    assert.equal(typeof withAgent.hostVerifier, 'function');
    const withKey = sshConnectOptions(target, { env: {}, home: '/h', fs: memFs({ '/h/.ssh/id_rsa': 'RSA', '/h/.ssh/id_ed25519': 'ED' }) }, () => undefined);
    assert.equal(withKey.privateKey, 'ED');
  });

  describe('through dockerode to an ssh server that bridges to a daemon', () => {
    let daemon: FakeDaemon;
    beforeEach(async () => {
      daemon = new FakeDaemon();
      await daemon.listen();
    });
    afterEach(() => daemon.dispose());

    const setup = async (knownHosts: (hostKey: string, port: number) => string) => {
      const bridge = await startSshBridge(daemon.socket);
      const home = path.join(tmp, 'home');
      fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
      fs.writeFileSync(path.join(home, '.ssh', 'id_ed25519'), utils.generateKeyPairSync('ed25519').private);
      fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), knownHosts(bridge.hostPublicKey, bridge.port));
      const endpoint = findEndpoint({ env: {}, setting: `ssh://tester@127.0.0.1:${bridge.port}` });
      const client = new DaemonClient(endpoint, { env: {}, home, timeoutMs: 5000 });
      return { bridge, client, endpoint };
    };

    it('a host key in known_hosts: the daemon answers through ssh', async () => {
      const { bridge, client } = await setup((key, port) => `[127.0.0.1]:${port} ${key}\n`);
      try {
        const details = await client.details();
        assert.equal(details.rootless, true);
        assert.ok(bridge.commands.includes('docker system dial-stdio'));
      } finally {
        client.dispose();
        await bridge.close();
      }
    });

    it('an unknown host key is refused before anything is sent', async () => {
      const { bridge, client, endpoint } = await setup(() => '');
      try {
        const err = await client.details().catch((e: unknown) => e);
        const problem = classifyError(err, { endpoint });
        assert.equal(problem.status, 'ssh-host-key');
        assert.match(problem.message, /not in known_hosts: connect once with `ssh -p \d+ tester@127\.0\.0\.1`/);
        assert.deepEqual(bridge.commands, []);
        assert.equal(daemon.requests.length, 0);
      } finally {
        client.dispose();
        await bridge.close();
      }
    });

    it('a changed host key is refused, naming the known_hosts line', async () => {
      const { bridge, client, endpoint } = await setup((_key, port) => `[127.0.0.1]:${port} ${keyLine()}\n`);
      try {
        const problem = classifyError(await client.details().catch((e: unknown) => e), { endpoint });
        assert.equal(problem.status, 'ssh-host-key');
        assert.match(problem.message, /does not match the one recorded in .*known_hosts line 1/);
        assert.equal(daemon.requests.length, 0);
      } finally {
        client.dispose();
        await bridge.close();
      }
    });
  });
});
