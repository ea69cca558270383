// SARIF 2.1.0 output: required properties, rule metadata from the registry, results that point at
// their rule and at the finding's exact region, and fixes as replacements.
import * as assert from 'node:assert/strict';
import type { Log, Result } from 'sarif';
import { main } from '../../../src/cli/main';
import { lint } from '../../../src/lint/engine';
import { allRules } from '../../../src/lint/rules';
import { applyEdits } from '../../../src/lint/text';
import type { Finding } from '../../../src/lint/types';
import packageJson from '../../../package.json';
import { memoryIo, type Entry } from './memoryIo';

const PRIVILEGED = 'services:\n  web:\n    image: example/web\n    ports:\n      - "80:80"\n      - "127.0.0.1:443:443"\n';
const FILES: Record<string, Entry> = {
  'compose.yaml': PRIVILEGED,
  'my dir/compose.yaml': PRIVILEGED,
  'broken/compose.yaml': 'services:\n  web: [\n',
  'bin/compose.yaml': Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0]),
  '/outside/compose.yaml': PRIVILEGED,
};
const ARGS = ['compose.yaml', 'my dir/compose.yaml', 'broken/compose.yaml', 'bin/compose.yaml', '/outside/compose.yaml'];

async function sarif(args = ARGS, files = FILES): Promise<{ log: Log; code: number }> {
  const io = memoryIo(files);
  const code = await main(['lint', '--format', 'sarif', ...args], io);
  return { log: JSON.parse(io.out) as Log, code };
}

const uriOf = (r: Result) => r.locations?.[0].physicalLocation?.artifactLocation?.uri;

describe('cli --format sarif', () => {
  let log: Log;
  let code: number;
  before(async () => {
    ({ log, code } = await sarif());
  });

  it('is a SARIF 2.1.0 log with one run', () => {
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema ?? '', /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    assert.equal(log.runs[0].columnKind, 'utf16CodeUnits');
    assert.equal(code, 1);
  });

  it('names the tool, its version and where to read about it', () => {
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'rootless-docker');
    assert.equal(driver.version, packageJson.version);
    assert.match(driver.informationUri ?? '', /^https:\/\//);
  });

  it('lists every rule of the registry, in order, with its metadata', () => {
    const rules = log.runs[0].tool.driver.rules ?? [];
    assert.deepEqual(rules.map((r) => r.id), allRules.map((r) => r.id));
    rules.forEach((r, i) => {
      const rule = allRules[i];
      assert.match(r.name ?? '', /^[A-Z][A-Za-z0-9]*$/);
      assert.equal(r.shortDescription?.text, rule.title);
      assert.ok(r.fullDescription?.text.includes(rule.title));
      assert.equal(r.helpUri, rule.docs);
      assert.equal(r.defaultConfiguration?.level, rule.severity === 'info' ? 'note' : rule.severity);
    });
    assert.equal(rules.find((r) => r.id === 'privileged-port')?.name, 'PrivilegedPort');
  });

  it("every result's ruleIndex points at its rule, and levels map info to note", () => {
    const { results = [], tool } = log.runs[0];
    assert.ok(results.length >= 6);
    for (const r of results) {
      assert.equal(tool.driver.rules?.[r.ruleIndex ?? -1]?.id, r.ruleId);
      assert.ok(r.message.text);
    }
    assert.deepEqual(
      results.filter((r) => ['not-linted', 'yaml-syntax'].includes(r.ruleId ?? '')).map((r) => `${r.ruleId} ${r.level}`),
      ['yaml-syntax error', 'not-linted note'],
    );
  });

  it('regions match the findings: 1-based lines and columns, offsets and lengths', () => {
    const expected = lint(PRIVILEGED, 'compose').filter((f) => f.ruleId === 'privileged-port');
    const got = (log.runs[0].results ?? []).filter((r) => uriOf(r) === 'compose.yaml' && r.ruleId === 'privileged-port');
    assert.equal(got.length, 2);
    got.forEach((r, i) => {
      const f: Finding = expected[i];
      assert.deepEqual(r.locations?.[0].physicalLocation?.region, {
        startLine: f.start.line + 1,
        startColumn: f.start.character + 1,
        endLine: f.end.line + 1,
        endColumn: f.end.character + 1,
        charOffset: f.offset,
        charLength: f.length,
      });
      assert.equal(PRIVILEGED.substr(f.offset, f.length), i === 0 ? '80' : '443');
    });
    assert.deepEqual(got[0].locations?.[0].physicalLocation?.region, { startLine: 5, startColumn: 10, endLine: 5, endColumn: 12, charOffset: 60, charLength: 2 });
  });

  it('gives relative URIs against %SRCROOT%, percent-encoded, and absolute file URIs outside it', () => {
    const run = log.runs[0];
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/' } });
    const locations = (run.results ?? []).map((r) => r.locations?.[0].physicalLocation?.artifactLocation);
    assert.ok(locations.some((l) => l?.uri === 'my%20dir/compose.yaml' && l.uriBaseId === '%SRCROOT%'));
    assert.ok(locations.some((l) => l?.uri === 'compose.yaml' && l.uriBaseId === '%SRCROOT%'));
    assert.ok(locations.some((l) => l?.uri === 'file:///outside/compose.yaml' && l.uriBaseId === undefined));
  });

  it('carries fixes as replacements that reproduce the preferred fix', () => {
    const results = (log.runs[0].results ?? []).filter((r) => uriOf(r) === 'compose.yaml' && r.ruleId === 'privileged-port');
    const edits = results.flatMap((r) =>
      (r.fixes ?? []).flatMap((f) => {
        assert.ok(f.description?.text);
        assert.equal(f.artifactChanges.length, 1);
        assert.equal(f.artifactChanges[0].artifactLocation.uri, 'compose.yaml');
        return f.artifactChanges[0].replacements.map((x) => ({ offset: x.deletedRegion.charOffset ?? -1, length: x.deletedRegion.charLength ?? -1, text: x.insertedContent?.text ?? '' }));
      }),
    );
    assert.equal(applyEdits(PRIVILEGED, edits), PRIVILEGED.replace('"80:80"', '"8080:80"').replace(':443:', ':8443:'));
    assert.equal((log.runs[0].results ?? []).find((r) => r.ruleId === 'not-linted')?.fixes, undefined, 'no empty fixes array');
  });

  it('records a successful invocation, or the inputs that could not be read', async () => {
    assert.deepEqual(log.runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    const failed = await sarif(['missing.yaml', 'compose.yaml']);
    assert.equal(failed.code, 2);
    assert.deepEqual(failed.log.runs[0].invocations, [
      { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'cannot read missing.yaml: no such file or directory (ENOENT)' } }] },
    ]);
  });

  it('describes standard input without a URI', async () => {
    const io = memoryIo({}, { stdin: PRIVILEGED });
    await main(['lint', '--format', 'sarif', '-'], io);
    const stdinLog = JSON.parse(io.out) as Log;
    const loc = stdinLog.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation;
    assert.deepEqual(loc, { description: { text: 'standard input' } });
  });

  it('an empty run still lists the rules and an empty results array', async () => {
    const clean = await sarif(['compose.yaml'], { 'compose.yaml': 'services:\n  web:\n    image: example/web\n' });
    assert.equal(clean.code, 0);
    assert.deepEqual(clean.log.runs[0].results?.filter((r) => ['privileged-port', 'yaml-syntax', 'not-linted'].includes(r.ruleId ?? '')), []);
    assert.equal(clean.log.runs[0].tool.driver.rules?.length, allRules.length);
  });
});
