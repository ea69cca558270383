import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesDocument, withRuleSettings } from '../../../scripts/sync-rules';
import { allRules, rules } from '../../../src/lint/rules';

const root = path.resolve(__dirname, '../../..');

describe('rule registry', () => {
  it('registers every rule file exactly once', () => {
    const files = ['compose', 'dockerfile']
      .map((dir) => path.join(root, 'src/lint/rules', dir))
      .filter((dir) => fs.existsSync(dir))
      .flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')));
    assert.deepEqual([...rules.map((r) => r.id)].sort(), [...files].sort());
  });

  it('gives every rule a unique kebab-case id, a title, a default severity, a docs link and a check', () => {
    const ids = new Set<string>();
    for (const r of allRules) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
      ids.add(r.id);
      assert.ok(r.title.length > 10, `${r.id} has no title`);
      assert.ok(['error', 'warning', 'info'].includes(r.severity));
      assert.match(r.docs, /^https:\/\/[^\s]+$/);
    }
    for (const r of rules) assert.ok(r.compose !== undefined || r.dockerfile !== undefined, `${r.id} checks nothing`);
  });

  it('has a RuleTester file for every rule', () => {
    for (const r of rules) assert.ok(fs.existsSync(path.join(root, 'test/unit/rules', `${r.id}.test.ts`)), `no test/unit/rules/${r.id}.test.ts`);
  });

  it('keeps docs/rules.md and the per-rule settings in package.json in sync (npm run sync-rules)', () => {
    assert.equal(fs.readFileSync(path.join(root, 'docs/rules.md'), 'utf8'), rulesDocument());
    const pkg = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    assert.equal(pkg, withRuleSettings(pkg));
  });
});
