// The rootless-error translator over the messages the conformance suite got from the real rootless daemon
// (test/integration/conformance; recorded into test/fixtures/observed/ with RDTEST_RECORD_OBSERVED=1). Each must
// translate to the rule that the suite's test is named after, with guidance that names what to change.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { translateDaemonError } from '../../../src/docker/translate';
import { ruleById } from '../../../src/lint/rules';

interface Observed {
  ruleId: string;
  case: string;
  engine: string;
  request: string;
  message: string;
}

const DIR = path.join(__dirname, '../../fixtures/observed');
const fixtures: Observed[] = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Observed);

/** What the guidance must mention for each case: the setting to change. */
const MENTIONS: Record<string, RegExp> = {
  'device-group-access.renamed': /same path/,
  'docker-socket-path.long-syntax': /XDG_RUNTIME_DIR/,
  'domainname-unsupported.domainname': /domainname/,
  'domainname-unsupported.sysctl': /domainname/,
  'gpu-requires-config.gpus-all': /~\/\.config\/docker\/daemon\.json/,
  'host-pid-ipc-limited.ipc-host': /ipc: host.*23\.0/,
  'host-pid-ipc-limited.pid-host': /pid: host.*23\.0/,
  'macvlan-ipvlan-unsupported.ipvlan-parent-nic': /bridge network/,
  'macvlan-ipvlan-unsupported.ipvlan-parent-vlan': /bridge network/,
  'macvlan-ipvlan-unsupported.macvlan-parent-nic': /bridge network/,
  'macvlan-ipvlan-unsupported.macvlan-parent-vlan': /bridge network/,
  'nfs-volume-mount.ext4': /on the host/,
  'overlay-network-unsupported.create': /bridge network/,
  'privileged-port.port-1023': /ip_unprivileged_port_start=1023/,
  'privileged-port.port-80': /"8080:80"/,
  'runtime-unsupported.runsc': /register runsc/,
  'storage-opt-unsupported.overlay2': /storage_opt/,
  'sysctl-not-permitted.host-network': /net\.ipv4\.tcp_keepalive_time/,
  'sysctl-not-permitted.ping-group-range': /0 65536/,
  'uid-outside-subuid-range.build-user': /65536/,
  'uid-outside-subuid-range.user': /65536/,
  'ulimit-above-hard-limit.memlock': /memlock/,
  'ulimit-above-hard-limit.nofile': /nofile/,
  'writable-cgroups.create': /writable-cgroups/,
};

describe('translateDaemonError over the real daemon’s messages (test/fixtures/observed)', () => {
  it('has the recorded messages of the conformance suite, each for a known rule', () => {
    assert.deepEqual(fixtures.map((f) => `${f.ruleId}.${f.case}`), Object.keys(MENTIONS).sort());
    for (const f of fixtures) {
      assert.ok(ruleById(f.ruleId), `${f.ruleId} is a rule`);
      assert.match(f.engine, /^20\.10\./, 'recorded on the test bed');
      assert.doesNotMatch(f.message, /\b[0-9a-f]{64}\b/, 'ids are normalized');
    }
  });

  for (const f of fixtures) {
    it(`${f.ruleId}: ${f.case} (${f.request})`, () => {
      const t = translateDaemonError(f.message);
      assert.ok(t, `no translation for: ${f.message}`);
      assert.equal(t.ruleId, f.ruleId);
      assert.ok(t.short.length > 0 && t.short.length <= 45, `short "${t.short}"`);
      assert.doesNotMatch(`${t.title} ${t.guidance}`, /\bundefined\b|\bNaN\b/);
      assert.match(t.docs, /^https:\/\//);
      assert.match(`${t.title} ${t.guidance}`, MENTIONS[`${f.ruleId}.${f.case}`]);
    });
  }

  it('names the interface, the key and the runtime the daemon named', () => {
    const byCase = (id: string) => translateDaemonError(fixtures.find((f) => `${f.ruleId}.${f.case}` === id)!.message)!;
    assert.match(byCase('macvlan-ipvlan-unsupported.macvlan-parent-nic').title, /parent interface eth\d*|parent interface \w+ is not visible/);
    assert.equal(byCase('macvlan-ipvlan-unsupported.macvlan-parent-vlan').short, byCase('macvlan-ipvlan-unsupported.macvlan-parent-nic').short, 'the NIC, not its VLAN');
    assert.match(byCase('sysctl-not-permitted.ping-group-range').title, /net\.ipv4\.ping_group_range/);
    assert.match(byCase('host-pid-ipc-limited.pid-host').short, /^pid: host/);
    assert.match(byCase('host-pid-ipc-limited.ipc-host').short, /^ipc: host/);
    assert.match(byCase('device-group-access.renamed').title, /\/dev\/rdtest-null/);
  });

  it('leaves alone what is not rootless: the kernel lacking NFS, a failing build step', () => {
    assert.equal(
      translateDaemonError(
        "error while mounting volume '/x/_data': failed to mount local volume: mount :/export:/x/_data, data: addr=127.0.0.1,nfsvers=4: no such device",
      ),
      undefined,
    );
    assert.equal(translateDaemonError("The command '/bin/sh -c ping -c 1 192.0.2.2' returned a non-zero code: 1"), undefined);
    assert.equal(translateDaemonError('open /dev/ttyUSB0: no such file or directory'), undefined);
  });
});
