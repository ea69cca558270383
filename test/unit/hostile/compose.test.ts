// Hostile compose files, generated at test time: alias and merge bombs, 10,000-deep nesting, a 10 MB
// file, duplicate keys, tabs, huge lines. Each is linted in a child process and must finish within a
// generous CPU guard with a clear finding (not-linted or yaml-syntax where the file is refused).
import * as assert from 'node:assert/strict';
import { lintOk } from './isolated';

const compose = (text: string, repeat?: number) => ({ kind: 'compose' as const, text, repeat });

/** `depth` levels of anchors, each a list of `width` aliases of the level before: width^depth values if expanded. */
function aliasBomb(depth: number, width: number): string {
  const lines = ['x-0: &a0 ["80:80", "443:443"]'];
  for (let i = 1; i < depth; i++) lines.push(`x-${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

/** Maps merging the level before `width` times: a merge-key walk that revisits shared maps takes width^depth steps. */
function mergeBomb(depth: number, width: number): string {
  const lines = ['x-0: &m0 {ports: ["80:80"], cap_add: [SYS_ADMIN], mem_swappiness: 10}'];
  for (let i = 1; i <= depth; i++) lines.push(`x-${i}: &m${i} {<<: [${Array(width).fill(`*m${i - 1}`).join(', ')}]}`);
  return `${lines.join('\n')}\nservices:\n  web:\n    image: busybox\n    <<: *m${depth}\n`;
}

describe('hostile compose files', function () {
  this.timeout(120_000);

  it('alias bombs (10^29 values if expanded) in every field and as whole sections: never expanded', () => {
    const bomb = aliasBomb(30, 10);
    const fields = ['ports', 'environment', 'volumes', 'security_opt', 'cap_add', 'sysctls', 'devices', 'extra_hosts', 'dns', 'command', 'healthcheck', 'deploy', 'networks', 'ulimits', 'build', 'labels', 'user', 'tmpfs'];
    const cases = [
      ...fields.map((f) => compose(`${bomb}services:\n  web:\n    image: busybox\n    ${f}: *a29\n`)),
      compose(`${bomb}services: *a29\nnetworks: *a29\nvolumes: *a29\n`),
      compose(`${bomb}services:\n  web:\n    ports: [*a29, *a29, "80:80"]\n    environment: {A: *a29}\n`),
    ];
    const results = lintOk(cases);
    // The one real port in the last case is still found, through all that.
    assert.equal(results[results.length - 1].byRule['privileged-port'], 1);
  });

  it('a merge-key bomb that a linear walk can follow', () => {
    const [r] = lintOk([compose(mergeBomb(12, 2))]);
    assert.equal(r.byRule['privileged-port'], 1);
  });

  // A map shared by many merge paths is walked once per lookup, not once per path (10^16 paths here).
  it('a merge-key bomb (<<: [*m ×10] over 15 and 40 levels) is walked once per map', () => {
    const [within, deeper] = lintOk([compose(mergeBomb(15, 10)), compose(mergeBomb(40, 10))], 10_000);
    assert.equal(within.byRule['privileged-port'], 1);
    // Merges are followed 16 levels deep; past that the port is not reached, and the lint still ends.
    assert.equal(deeper.byRule['privileged-port'], undefined);
  });

  it('a circular merge (&x {<<: *x}) and an alias to a missing anchor', () => {
    const [circular, missing] = lintOk([
      compose('x: &x {<<: *x, ports: ["80:80"]}\nservices:\n  web:\n    <<: *x\n'),
      compose('services:\n  web:\n    <<: *nothing\n    ports: *nowhere\n'),
    ]);
    assert.equal(circular.byRule['privileged-port'], 1);
    // Compose refuses an alias to an anchor that does not exist: said on the alias itself.
    assert.deepEqual(missing.byRule, { 'yaml-syntax': 2 });
    assert.equal(missing.first[0].message, 'Unknown alias *nothing: no anchor &nothing is defined before it, so compose refuses the file.');
  });

  it('10,000-deep nesting in every YAML form is refused before parsing, 20 times in a row', () => {
    const deep = [
      'a: ' + '['.repeat(10_000) + ']'.repeat(10_000),
      'a: ' + '{a: '.repeat(10_000) + '}'.repeat(10_000),
      'a: ' + '[{a: '.repeat(5_000) + '}]'.repeat(5_000),
      '- '.repeat(10_000) + 'x\n',
      Array.from({ length: 200 }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + ' x\n',
      'services:\n  web:\n    command: ' + '['.repeat(10_000) + '\n',
    ];
    const results = lintOk(deep.map((t) => compose(t, 20)));
    for (const r of results) {
      assert.deepEqual(Object.keys(r.byRule), ['not-linted']);
      assert.match(r.first[0].message, /nested more than 64 levels deep; it is not parsed/);
    }
    // Brackets inside quotes are text, not nesting: such a file is linted.
    const [quoted] = lintOk([compose(`services:\n  web:\n    command: "${'['.repeat(10_000)}"\n    ports: ["80:80"]\n`)]);
    assert.equal(quoted.byRule['privileged-port'], 1);
  });

  it('a 10 MB compose file is refused with its size, without parsing', () => {
    const service = (i: number) => `  s${i}:\n    image: busybox\n    ports: ["${8000 + (i % 1000)}:80"]\n`;
    const parts: string[] = ['services:\n'];
    let size = 10;
    for (let i = 0; size < 10 * 1024 * 1024; i++) size += parts[parts.push(service(i)) - 1].length;
    const [r] = lintOk([compose(parts.join(''))]);
    assert.deepEqual(r.byRule, { 'not-linted': 1 });
    assert.match(r.first[0].message, /^File is 10\.0 MB; files over 4\.0 MB are not linted\.$/);
  });

  it('a 400 KB compose file with a fixable finding in every service is linted within the guard', () => {
    const service = (i: number) => `  s${i}:\n    image: busybox\n    ports: ["${80 + (i % 900)}:80"]\n    security_opt: [apparmor=unconfined]\n`;
    const [r] = lintOk([compose('services:\n' + Array.from({ length: 2800 }, (_, i) => service(i)).join(''))]);
    assert.equal(r.byRule['apparmor-ignored'], 2800);
  });

  it('duplicate keys: 10,000 in one map and 5,000 repeated services, in linear time', () => {
    const [keys, services] = lintOk([
      compose('services:\n  web:\n' + '    image: busybox\n'.repeat(10_000)),
      compose('services:\n' + '  web:\n    ports: ["8080:80"]\n'.repeat(5_000)),
    ]);
    assert.equal(keys.byRule['yaml-syntax'], 9_999);
    assert.match(keys.first[0].message, /^Duplicate key "image": compose refuses files with repeated keys\.$/);
    assert.equal(services.byRule['yaml-syntax'], 4_999);
  });

  it('tabs as indentation give a YAML syntax finding that says so', () => {
    const [blockTabs, itemTabs, valueTabs] = lintOk([
      compose('services:\n\tweb:\n\t\timage: busybox\n'),
      compose('services:\n  web:\n    ports:\n\t- "80:80"\n'),
      compose('services:\n  web:\n    image:\tbusybox\n    command: "a\tb"\n'),
    ]);
    for (const r of [blockTabs, itemTabs]) {
      assert.ok(r.first.some((f) => f.ruleId === 'yaml-syntax' && f.message === 'Tabs are not allowed as indentation'), JSON.stringify(r.first));
    }
    assert.equal(valueTabs.byRule['yaml-syntax'], undefined, 'a tab after the colon or inside quotes is fine');
  });

  it('huge lines and pathological scalars', () => {
    const results = lintOk([
      compose(`services:\n  web:\n    image: "${'a'.repeat(1 << 20)}"\n    ports: ["80:80"]\n`),
      compose(`services:\n  web:\n    ports: ["${'1:'.repeat(100_000)}1", "${'['.repeat(50_000)}:80"]\n`),
      compose(`services:\n  web:\n    image: "${'${A:-'.repeat(50_000)}x${'}'.repeat(50_000)}"\n`),
      compose(`services:\n  web:\n    image: "${'$'.repeat(100_000)}{"\n    user: "${'9'.repeat(100_000)}"\n`),
      compose(`services:\n  web:\n    # rootless-docker-disable-next-line ${'privileged-port, '.repeat(50_000)}\n    ports: ["80:80"]\n`),
      compose(`services:\n  web:\n    ports:\n${'      - "80:80"\n'.repeat(20_000)}`),
    ]);
    assert.equal(results[0].byRule['privileged-port'], 1);
    assert.equal(results[4].findings, 0, 'the long suppression comment still applies');
    assert.equal(results[5].byRule['privileged-port'], 20_000);
  });
});
