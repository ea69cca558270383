// Conformance, bookkeeping: the daemon is the one the rules' `observed` metadata was recorded on, and every rule
// marked verified has tests here named after it (the other rules say why they cannot be observed).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEST_BED } from '../../../src/lint/rule';
import { allRules } from '../../../src/lint/rules';
import { bed } from '../bed';

/** Rule ids that conformance tests are named after: `it('rule-id: …'`. */
function testedRuleIds(): Map<string, number> {
  const ids = new Map<string, number>();
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.ts'))) {
    if (file === path.basename(__filename)) continue; // its own comments name no rule
    const text = fs.readFileSync(path.join(__dirname, file), 'utf8');
    for (const m of text.matchAll(/\bit\(\s*['"`]([a-z0-9-]+):/g)) ids.set(m[1], (ids.get(m[1]) ?? 0) + 1);
  }
  return ids;
}

describe('conformance: bookkeeping', () => {
  it(`the daemon is the one the observations were made on: Docker ${TEST_BED.engine}, rootless, cgroup ${TEST_BED.cgroup}`, async () => {
    const { docker } = await bed();
    const info = (await docker.info()) as { ServerVersion?: string; CgroupVersion?: string; CgroupDriver?: string; SecurityOptions?: string[] };
    assert.ok(info.ServerVersion?.startsWith(TEST_BED.engine), `ServerVersion ${info.ServerVersion}: re-run the suite and update the rules' observed metadata`);
    assert.equal(`v${info.CgroupVersion}, driver ${info.CgroupDriver}`, TEST_BED.cgroup);
    assert.ok(info.SecurityOptions?.includes('name=rootless'));
  });

  it('every rule records what was observed; each verified rule has conformance tests named after it', () => {
    const tested = testedRuleIds();
    const missing = allRules.filter((r) => !r.observed).map((r) => r.id);
    assert.deepEqual(missing, [], 'rules without observed metadata');
    for (const r of allRules) {
      const o = r.observed!;
      if (o.verified) {
        assert.ok(tested.has(r.id), `${r.id} is marked verified, but no conformance test is named after it`);
        assert.equal(o.engine, TEST_BED.engine, `${r.id}: observed on another engine`);
        assert.ok(o.effect.length > 20, `${r.id}: say what was observed`);
      } else {
        assert.ok(o.why.length > 20, `${r.id}: say why it cannot be observed here`);
      }
    }
    for (const id of tested.keys()) assert.ok(allRules.some((r) => r.id === id), `tests are named after an unknown rule id: ${id}`);
    const verified = allRules.filter((r) => r.observed?.verified).length;
    console.log(`      ${verified} of ${allRules.length} rules verified on the real daemon`);
  });
});
