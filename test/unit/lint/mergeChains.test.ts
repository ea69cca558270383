// Merge keys (`<<`) that share maps along many paths: each map is read once per lookup, so wide and
// deep chains stay linear, and the result is what YAML's merge rules give (explicit keys first, then
// each source in order, earlier sources winning).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isScalar } from 'yaml';
import { lint } from '../../../src/lint/engine';
import { parseCompose, type ComposeDocument } from '../../../src/lint/parse/compose';

/** `levels` maps, each merging the one before it `width` times; the first holds a privileged port. */
function mergeChain(levels: number, width: number): string {
  const lines = ['x-0: &m0 {ports: ["80:80"], cap_add: [SYS_ADMIN], mem_swappiness: 10}'];
  for (let i = 1; i < levels; i++) lines.push(`x-${i}: &m${i} {<<: [${Array(width).fill(`*m${i - 1}`).join(', ')}], tier${i}: "${i}"}`);
  return `${lines.join('\n')}\nservices:\n  web:\n    image: busybox\n    <<: *m${levels - 1}\n`;
}

function serviceKeys(doc: ComposeDocument): string[] {
  return doc.entries(doc.services()[0].node).map((e) => e.key);
}

describe('merge chains', () => {
  it('follows a chain 10 maps wide and 16 deep to the end (once per map, not once per path)', () => {
    const text = mergeChain(16, 10);
    const [doc] = parseCompose(text, {}).docs;
    const keys = serviceKeys(doc);
    assert.deepEqual(keys.slice(0, 2), ['image', 'tier15']);
    assert.deepEqual(keys.slice(-4), ['tier1', 'ports', 'cap_add', 'mem_swappiness']);
    assert.equal(keys.length, 1 + 15 + 3);
    const ports = lint(text, 'compose').filter((f) => f.ruleId === 'privileged-port');
    assert.equal(ports.length, 1);
    assert.equal(ports[0].start.line, 0, 'reported in the anchored map, where the port is written');
  });

  it('stops at 16 merge levels: a chain 10 wide and 40 deep reads the nearest 16', () => {
    const [doc] = parseCompose(mergeChain(40, 10), {}).docs;
    const keys = serviceKeys(doc);
    assert.equal(keys[1], 'tier39');
    assert.equal(keys[keys.length - 1], 'tier24');
    assert.ok(!keys.includes('ports'));
  });

  it('agrees with a plain recursive merge on random acyclic merge graphs', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const graph = fc.array(
      fc.record({ own: fc.subarray(names), merges: fc.array(fc.nat(), { maxLength: 3 }) }),
      { minLength: 1, maxLength: 9 },
    );
    fc.assert(
      fc.property(graph, (maps) => {
        // Map i merges only maps before it (j % i), so the graph has no cycle and is at most 9 levels deep.
        const sources = maps.map((m, i) => (i === 0 ? [] : m.merges.map((j) => j % i)));
        const lines = maps.map((m, i) => {
          const parts = [...(sources[i].length ? [`<<: [${sources[i].map((j) => `*m${j}`).join(', ')}]`] : []), ...m.own.map((k) => `${k}: m${i}`)];
          return `x-${i}: &m${i} {${parts.join(', ')}}`;
        });
        const top = maps.length - 1;
        const text = `${lines.join('\n')}\nservices:\n  s:\n    <<: *m${top}\n`;
        const [doc] = parseCompose(text, {}).docs;
        const got = doc.entries(doc.services()[0].node).map((e) => [e.key, isScalar(e.value) ? String(e.value.value) : '?']);

        // Each map's merged keys, from its own and then from its sources' merged keys in order.
        const done = new Map<number, [string, string][]>();
        const merged = (i: number): [string, string][] => {
          if (done.has(i)) return done.get(i)!;
          const out = new Map<string, string>(maps[i].own.map((k) => [k, `m${i}`]));
          for (const j of sources[i]) for (const [k, v] of merged(j)) if (!out.has(k)) out.set(k, v);
          done.set(i, [...out]);
          return done.get(i)!;
        };
        assert.deepEqual(got, merged(top), text);
      }),
      { numRuns: 200, seed: 20261122 },
    );
  });
});
