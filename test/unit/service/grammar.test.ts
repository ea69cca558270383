// The daemon log's TextMate grammar (syntaxes/rootless-docker-journal.tmLanguage.json) on lines the extension
// really writes: a small tokenizer follows the grammar's own rules (leftmost match wins, then rule order), so the
// scopes asserted here are the grammar's. The same grammar is checked inside VS Code by test/vscode/suite/service.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatEntry } from '../../../src/service/journal';

interface Rule {
  include?: string;
  match?: string;
  name?: string;
  captures?: Record<string, { name: string }>;
  begin?: string;
  beginCaptures?: Record<string, { name: string }>;
  end?: string;
  patterns?: Rule[];
}
interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const GRAMMAR_FILE = path.resolve(__dirname, '../../../syntaxes/rootless-docker-journal.tmLanguage.json');
const grammar = JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8')) as Grammar;

/** The rules a list stands for, with includes resolved (recursively). */
function flatten(rules: Rule[]): Rule[] {
  return rules.flatMap((r) => {
    if (r.include) {
      const target = grammar.repository[r.include.slice(1)];
      assert.ok(target, `unknown include ${r.include}`);
      // A repository entry is a rule itself (match/begin), or just a group of patterns.
      return target.match || target.begin ? [target] : flatten(target.patterns ?? []);
    }
    return [r];
  });
}

/** Scopes per character of one line. */
function tokenize(line: string): string[][] {
  const scopes: string[][] = [...line].map(() => [grammar.scopeName]);
  const paint = (from: number, to: number, name?: string) => {
    if (!name) return;
    for (let i = from; i < to; i++) scopes[i].push(...name.split(' '));
  };
  const apply = (m: RegExpExecArray, name: string | undefined, captures: Rule['captures']) => {
    paint(m.index, m.index + m[0].length, name);
    if (!captures) return;
    // Group offsets: indices ('d' flag).
    const idx = (m as RegExpExecArray & { indices: Array<[number, number] | undefined> }).indices;
    for (const [g, c] of Object.entries(captures)) {
      const span = idx[Number(g)];
      if (span) paint(span[0], span[1], c.name);
    }
  };
  const run = (rules: Rule[], from: number, to: number) => {
    let pos = from;
    while (pos < to) {
      let best: { m: RegExpExecArray; rule: Rule } | undefined;
      for (const rule of rules) {
        const source = rule.match ?? rule.begin;
        if (!source) continue;
        const re = new RegExp(source, 'gd');
        re.lastIndex = pos;
        const m = re.exec(line);
        if (m && m.index < to && (!best || m.index < best.m.index)) best = { m, rule };
      }
      if (!best) return;
      const { m, rule } = best;
      if (rule.begin) {
        apply(m, rule.name, rule.beginCaptures);
        assert.equal(rule.end, '$', 'only end-of-line regions are used');
        run(flatten(rule.patterns ?? []), m.index + m[0].length, to);
        return;
      }
      apply(m, rule.name, rule.captures);
      pos = m.index + Math.max(1, m[0].length);
    }
  };
  run(flatten(grammar.patterns), 0, line.length);
  return scopes;
}

/** Asserts the first character of `text` in `line` carries `scope`. */
function has(line: string, text: string, scope: string): void {
  const scopes = scopesOf(line, text);
  assert.ok(scopes.includes(scope), `"${text}" in ${JSON.stringify(line)}: ${scopes.join(' ')} lacks ${scope}`);
}

/** The scopes of the first occurrence of `text` in `line` (of its first character). */
function scopesOf(line: string, text: string): string[] {
  const at = line.indexOf(text);
  assert.ok(at >= 0, `"${text}" not in line`);
  return tokenize(line)[at];
}

const T = Date.UTC(2026, 10, 22, 21, 7, 6, 123);

describe('journal grammar', () => {
  it('is valid JSON with every include resolvable and every regex compilable', () => {
    assert.equal(grammar.scopeName, 'source.rootless-docker-journal');
    const all = Object.values(grammar.repository).flatMap((r) => [r, ...flatten(r.patterns ?? [])]);
    for (const r of all) for (const src of [r.match, r.begin]) if (src) assert.doesNotThrow(() => new RegExp(src, 'd'), src);
  });

  it('dockerd lines: timestamp, identifier, pid, level=, msg=', () => {
    const line = formatEntry({ time: T, identifier: 'dockerd-rootless.sh', pid: 202, message: 'time="2026-11-22T21:06:14.57Z" level=warning msg="Your kernel does not support cgroup blkio weight"' });
    has(line, '2026-', 'log.date');
    has(line, 'dockerd-rootless.sh', 'entity.name.function.identifier.rootless-docker-journal');
    has(line, '202]', 'constant.numeric.pid.rootless-docker-journal');
    has(line, 'level=warning', 'log.warning');
    has(line, '"Your kernel', 'string.quoted.double.message.rootless-docker-journal');
    has(line, '"2026-11-22T21', 'log.date');
  });

  it('levels: error, info, debug', () => {
    const line = (level: string) => formatEntry({ time: T, identifier: 'dockerd-rootless.sh', pid: 1, message: `level=${level} msg="x"` });
    has(line('error'), 'level=', 'log.error');
    has(line('fatal'), 'level=', 'log.error');
    has(line('info'), 'level=', 'log.info');
    has(line('debug'), 'level=', 'log.debug');
  });

  it('RootlessKit: its tag, and "error:" after it', () => {
    const line = formatEntry({ time: T, identifier: 'dockerd-rootless.sh', pid: 270, message: '[rootlesskit:parent] error: unknown network mode: bogus' });
    has(line, '[rootlesskit:parent]', 'entity.name.tag.rootlesskit.rootless-docker-journal');
    has(line, 'error:', 'log.error');
    const child = formatEntry({ time: T, identifier: 'dockerd-rootless.sh', pid: 270, message: '[rootlesskit:child ] Hello' });
    has(child, '[rootlesskit:child ]', 'entity.name.tag.rootlesskit.rootless-docker-journal');
  });

  it("systemd's lines: failure, restart, start", () => {
    const failed = formatEntry({ time: T, identifier: 'systemd', pid: 111, priority: 4, message: "docker.service: Failed with result 'exit-code'." });
    has(failed, '<warning>', 'log.warning');
    has(failed, 'Failed with result', 'log.error');
    const exited = formatEntry({ time: T, identifier: 'systemd', pid: 111, message: 'docker.service: Main process exited, code=exited, status=1/FAILURE' });
    has(exited, 'Main process exited', 'log.error');
    const restart = formatEntry({ time: T, identifier: 'systemd', pid: 111, message: 'docker.service: Scheduled restart job, restart counter is at 3.' });
    has(restart, 'Scheduled restart', 'log.warning');
    const started = formatEntry({ time: T, identifier: 'systemd', pid: 111, message: 'Started docker.service - Docker Application Container Engine (Rootless).' });
    has(started, 'Started', 'log.info');
    const ok = formatEntry({ time: T, identifier: 'systemd', pid: 111, message: 'docker.service: Main process exited, code=exited, status=0/SUCCESS' });
    assert.ok(!scopesOf(ok, 'Main process exited').includes('log.error'), 'a clean exit is not an error');
  });

  it("the extension's own notes are comments; plain words stay plain", () => {
    has('# The unit has no log entries yet.', '#', 'comment.line.number-sign.rootless-docker-journal');
    const plain = formatEntry({ time: T, identifier: 'containerd', pid: 9, message: 'loading plugin' });
    assert.deepEqual(scopesOf(plain, 'loading'), ['source.rootless-docker-journal']);
  });
});
