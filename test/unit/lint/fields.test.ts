import * as assert from 'node:assert/strict';
import { parseCompose } from '../../../src/lint/parse/compose';
import { hostNetworks, isExternal, serviceBinds, serviceDevices, splitRaw, usesHostNetwork } from '../../../src/lint/parse/fields';

function first(text: string, env: Record<string, string> = {}) {
  const [doc] = parseCompose(text, env).docs;
  return { doc, service: doc.services()[0].node };
}

describe('parse/fields: shared compose readers', () => {
  it('splitRaw keeps ${…} whole and reads $$ as a literal dollar', () => {
    assert.deepEqual(splitRaw('/a:/b:ro'), ['/a', '/b', 'ro']);
    assert.deepEqual(splitRaw('${A:-x:y}:/b'), ['${A:-x:y}', '/b']);
    assert.deepEqual(splitRaw('${A:-${B:-c:d}}:1'), ['${A:-${B:-c:d}}', '1']);
    assert.deepEqual(splitRaw('$${A:1'), ['$${A', '1']);
    assert.deepEqual(splitRaw('1000'), ['1000']);
  });

  it('serviceBinds gives the resolved path, the raw source, and whether an unset variable makes it any path', () => {
    const { doc, service } = first('services:\n  s:\n    volumes:\n      - //etc/./ssl/:/x:ro\n      - ${D:-/srv}:/y\n      - ${UNSET}/z:/z\n      - data:/d\n      - type: bind\n        source: /var/run/docker.sock\n        target: /s\n');
    assert.deepEqual(
      serviceBinds(doc, service).map((m) => [m.path, m.rawSource, m.unresolved, m.readOnly]),
      [
        ['/etc/ssl', '//etc/./ssl/', false, true],
        ['/srv', '${D:-/srv}', false, false],
        ['/z', '${UNSET}/z', true, false],
        ['/var/run/docker.sock', '/var/run/docker.sock', false, false],
      ],
    );
  });

  it('serviceDevices reads paths, CDI names and the long syntax with source spans', () => {
    const text = 'services:\n  s:\n    devices:\n      - /dev/kvm:/dev/kvm:rwm\n      - nvidia.com/gpu=0:1\n      - source: /dev/dri\n        target: /dev/dri\n';
    const { doc, service } = first(text);
    assert.deepEqual(
      serviceDevices(doc, service).map((d) => [d.source, d.cdi, text.slice(d.start, d.end)]),
      [
        ['/dev/kvm', false, '/dev/kvm'],
        ['nvidia.com/gpu=0:1', true, 'nvidia.com/gpu=0:1'],
        ['/dev/dri', false, '/dev/dri'],
      ],
    );
  });

  it('finds the host network however it is spelled', () => {
    const nets = 'networks:\n  a:\n    external: true\n    name: host\n  host:\n    external: true\n  c:\n    external:\n      name: host\n  d:\n    name: host\n  e:\n    external: true\n';
    const { doc } = first(`services:\n  s:\n    image: x\n${nets}`);
    assert.deepEqual([...hostNetworks(doc)], ['a', 'host', 'c']);
    assert.deepEqual(doc.section('networks').map((e) => isExternal(doc, e.value)), [true, true, true, false, true]);
    for (const [line, want] of [['network_mode: host', true], ['network_mode: bridge', false], ['networks: [a]', true], ['networks: {c: {}}', true], ['networks: [d, e]', false]] as const) {
      const { doc: d, service } = first(`services:\n  s:\n    ${line}\n${nets}`);
      assert.equal(usesHostNetwork(d, service), want, line);
    }
  });
});
