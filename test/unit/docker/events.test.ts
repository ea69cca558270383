// /events decoding and frame demultiplexing: byte streams split anywhere must give the same result.
import * as assert from 'node:assert/strict';
import { JsonLines, toDockerEvent } from '../../../src/docker/events';
import { Demuxer, toTerminalText } from '../../../src/docker/logs';
import { fakeId } from './fakeDaemon';

describe('daemon events', () => {
  it('container events name their container; noise and other types do not', () => {
    const id = fakeId(1);
    assert.deepEqual(toDockerEvent({ Type: 'container', Action: 'start', Actor: { ID: id }, timeNano: 1700000000000000000 }), {
      type: 'container', action: 'start', containerId: id, timeNano: 1700000000000000000n,
    });
    assert.equal(toDockerEvent({ Type: 'container', Action: 'health_status: unhealthy', Actor: { ID: id } })?.action, 'health_status');
    assert.equal(toDockerEvent({ Type: 'container', Action: 'exec_start: sh -c x', Actor: { ID: id } }), undefined);
    assert.equal(toDockerEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'busybox' } }), undefined);
    assert.equal(toDockerEvent({ Type: 'container', Action: 'start', Actor: { ID: '../../etc' } }), undefined);
    assert.equal(toDockerEvent('nope'), undefined);
  });

  it("a network connect names the container (that is all a failed start leaves)", () => {
    const id = fakeId(2);
    assert.equal(toDockerEvent({ Type: 'network', Action: 'connect', Actor: { ID: 'n', Attributes: { container: id, name: 'bridge' } } })?.containerId, id);
    assert.equal(toDockerEvent({ Type: 'network', Action: 'create', Actor: { ID: 'n', Attributes: {} } }), undefined);
  });

  it('the pre-1.22 event shape (status, id) still works', () => {
    assert.equal(toDockerEvent({ status: 'die', id: fakeId(3), time: 1 })?.containerId, fakeId(3));
  });

  it('JsonLines: values split across chunks, several per chunk, garbage skipped, overlong lines dropped', () => {
    const got: unknown[] = [];
    const lines = new JsonLines((v) => got.push(v), 64);
    const text = '{"a":1}\n{"b":\n2}\nnot json\n{"c":3}\n';
    for (const ch of text) lines.push(ch);
    assert.deepEqual(got, [{ a: 1 }, { c: 3 }]);
    got.length = 0;
    lines.push(Buffer.from(`{"x":"${'y'.repeat(100)}`));
    lines.push('"}\n{"d":4}\n');
    assert.deepEqual(got, [{ d: 4 }]);
  });

  it('Demuxer: frames split anywhere, UTF-8 split across frames, stderr told apart', () => {
    const frame = (kind: number, payload: Buffer) => {
      const h = Buffer.alloc(8);
      h[0] = kind;
      h.writeUInt32BE(payload.length, 4);
      return Buffer.concat([h, payload]);
    };
    const euro = Buffer.from('€', 'utf8');
    const bytes = Buffer.concat([frame(1, Buffer.from('out 1\n')), frame(2, Buffer.from('err\n')), frame(1, euro.subarray(0, 1)), frame(1, Buffer.concat([euro.subarray(1), Buffer.from('\n')]))]);
    const out: string[] = [];
    const d = new Demuxer((t, s) => out.push(`${s}:${t}`));
    for (let i = 0; i < bytes.length; i += 3) d.push(bytes.subarray(i, i + 3));
    assert.equal(out.filter((o) => o.startsWith('stdout:')).map((o) => o.slice(7)).join(''), 'out 1\n€\n');
    assert.deepEqual(out.filter((o) => o.startsWith('stderr:')), ['stderr:err\n']);
    assert.equal(toTerminalText('a\nb\r\nc'), 'a\r\nb\r\nc');
  });
});
