// `rootless-docker doctor`: options, exit codes and output, in memory over a fake host, then the real bundle on
// this machine. `lint` keeps working beside it.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main, USAGE } from '../../../src/cli/main';
import { DOCTOR_USAGE } from '../../../src/service/doctor/cli';
import { fakeProbe, healthyHost, hostWith } from '../service/probe';
import { memoryIo } from './memoryIo';

const REPO = path.resolve(__dirname, '../../..');

async function doctor(argv: string[], probe = fakeProbe(healthyHost())) {
  const io = memoryIo({});
  const code = await main(['doctor', ...argv], io, { doctorProbe: probe });
  return { code, out: io.out, err: io.err };
}

describe('cli doctor', () => {
  it('a healthy host: text report, exit 0', async () => {
    const r = await doctor([]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /^Rootless Docker doctor: alice \(uid 1000\), kernel 6\.8\.0-45-generic\n/);
    assert.match(r.out, /18 checks: 18 passed, 0 warnings, 0 failed, 0 skipped\n$/);
  });

  it('warnings alone still exit 0', async () => {
    const r = await doctor([], fakeProbe(hostWith((h) => (h.files!['/proc/sys/net/ipv4/ip_unprivileged_port_start'] = '1024\n'))));
    assert.equal(r.code, 0);
    assert.match(r.out, /1 warning, 0 failed/);
  });

  it('a failed check exits 1, the failure first with its fix', async () => {
    const r = await doctor([], fakeProbe(hostWith((h) => (h.files!['/etc/subuid'] = 'bob:100000:65536\n'))));
    assert.equal(r.code, 1);
    const lines = r.out.split('\n');
    assert.equal(lines[2], '✖ FAIL  /etc/subuid range: /etc/subuid has no range for alice: containers cannot use any id but root.');
    assert.match(r.out, /\$ sudo usermod --add-subuids 165536-231071 alice/);
  });

  it('--format json: one parseable document with every check', async () => {
    const r = await doctor(['--format', 'json'], fakeProbe(hostWith((h) => delete h.tools!.slirp4netns)));
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as { schemaVersion: number; tool: { name: string }; summary: Record<string, number>; checks: Array<{ id: string; status: string }> };
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.tool.name, 'rootless-docker');
    assert.equal(json.checks.length, 18);
    assert.equal(json.checks.find((c) => c.id === 'network')?.status, 'fail');
    assert.equal(json.summary.fail, 1);
  });

  it('options may come before the command', async () => {
    const io = memoryIo({});
    const code = await main(['--format', 'json', 'doctor'], io, { doctorProbe: fakeProbe(healthyHost()) });
    assert.equal(code, 0);
    assert.doesNotThrow(() => JSON.parse(io.out));
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['sarif is a lint format', ['--format', 'sarif'], /unknown format "sarif" for doctor; use text or json/],
    ['--fix', ['--fix'], /--fix is a lint option; doctor takes only --format/],
    ['--host', ['--host', 'auto'], /--host is a lint option/],
    ['an operand', ['somewhere'], /doctor takes no operands \(got "somewhere"\)/],
    ['an unknown option', ['--verbose'], /unknown option --verbose/],
  ];
  for (const [name, argv, message] of usage) {
    it(`usage error, exit 2: ${name}`, async () => {
      const probe = fakeProbe(healthyHost());
      const r = await doctor(argv, probe);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(r.err, message);
      assert.deepEqual(probe.ran, [], 'nothing was checked');
    });
  }

  it('doctor --help prints its own usage; --help alone still prints lint\'s, which mentions doctor', async () => {
    const r = await doctor(['--help']);
    assert.equal(r.code, 0);
    assert.equal(r.out, DOCTOR_USAGE);
    assert.match(DOCTOR_USAGE, /^Usage: rootless-docker doctor \[--format text\|json\]/);
    const io = memoryIo({});
    assert.equal(await main(['--help'], io), 0);
    assert.equal(io.out, USAGE);
    assert.match(USAGE, /^Usage: rootless-docker lint /);
    assert.match(USAGE, /rootless-docker doctor \[--format text\|json\]/);
  });

  it('an unknown command names both commands', async () => {
    const io = memoryIo({});
    assert.equal(await main(['docter'], io), 2);
    assert.match(io.err, /unknown command "docter"; the commands are "lint" and "doctor"/);
  });

  it('lint still works beside it', async () => {
    const io = memoryIo({ 'compose.yaml': 'services:\n  web:\n    image: x\n    ports:\n      - "80:80"\n' });
    assert.equal(await main(['lint', 'compose.yaml'], io), 1);
    assert.match(io.out, /privileged-port/);
  });

  describe('the bundle on this machine', function () {
    this.timeout(120_000);
    const CLI = path.join(REPO, 'dist', 'cli.js');

    before(async () => {
      await new Promise<void>((resolve, reject) =>
        execFile(process.execPath, ['esbuild.js'], { cwd: REPO, timeout: 110_000 }, (err, _o, stderr) => (err ? reject(new Error(stderr)) : resolve())),
      );
    });

    it('reports what this host is, and its exit code follows the failures', async () => {
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = execFile(process.execPath, [CLI, 'doctor', '--format', 'json'], { cwd: REPO, timeout: 60_000 }, (err, out) => {
          if (err && typeof err.code !== 'number') reject(new Error(`cannot run the CLI: ${err.message}`));
          else resolve({ code: child.exitCode, stdout: out });
        });
      });
      const json = JSON.parse(stdout) as { kernel?: string; summary: Record<string, number>; checks: Array<{ id: string; status: string; summary: string }> };
      assert.equal(code, json.summary.fail > 0 ? 1 : 0);
      assert.equal(json.kernel, fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
      const cgroup = json.checks.find((c) => c.id === 'cgroup');
      const v2 = fs.existsSync('/sys/fs/cgroup/cgroup.controllers');
      if (!v2) {
        assert.equal(cgroup?.status, 'warn');
        assert.match(cgroup?.summary ?? '', /cgroup v1/);
      } else {
        assert.notEqual(cgroup?.summary.includes('cgroup v1'), true);
      }
      const ports = json.checks.find((c) => c.id === 'port-start');
      const start = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
      assert.match(ports?.summary ?? '', start > 80 ? new RegExp(`Ports below ${start}|CAP_NET_BIND_SERVICE`) : /can be published|CAP_NET_BIND_SERVICE/);
    });
  });
});
