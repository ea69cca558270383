// Writes what is derived from the rule registry: docs/rules.md and the per-rule severity settings in
// package.json. `--check` fails instead of writing when either is out of date (run by the tests).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../src/lint/rules';
import { TEST_BED, type Rule } from '../src/lint/rule';

const root = path.resolve(__dirname, '..');

function kinds(r: Rule): string {
  if (r.compose && r.dockerfile) return 'compose, Dockerfile';
  if (r.dockerfile) return 'Dockerfile';
  if (r.compose) return 'compose';
  return 'any (engine)';
}

/** Text for a table cell: pipes escaped. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The "observed on a real rootless daemon" section: each rule's `observed` metadata, from the conformance suite. */
export function observedSection(): string[] {
  const verified = allRules.filter((r) => r.observed?.verified).length;
  const rows = allRules.map((r) => {
    const o = r.observed;
    if (!o) return `| \`${r.id}\` | not recorded | |`;
    if (o.verified) return `| \`${r.id}\` | yes | ${cell(o.effect)} |`;
    return `| \`${r.id}\` | no | ${cell(o.why)}${o.effect ? ` Seen instead: ${cell(o.effect)}` : ''} |`;
  });
  return [
    '## Observed on a real rootless daemon',
    '',
    `The conformance suite (\`test/integration/conformance\`, part of \`npm test\`) creates each rule's container through the Engine API on`,
    `the test bed's rootless daemon and checks what happens: Docker ${TEST_BED.engine} (Debian 12 \`docker.io\`; RootlessKit 1.1 with slirp4netns`,
    `and the builtin port driver; runc 1.1.5; Linux 6.18), cgroup ${TEST_BED.cgroup}. **${verified} of ${allRules.length} rules are verified there.**`,
    'Where the daemon disagreed with the documentation, the rule follows the daemon and says for which versions.',
    "The daemon's error messages are kept in `test/fixtures/observed/` (recorded again with `RDTEST_RECORD_OBSERVED=1 npm run test:integration`)",
    'and translated back to these rules when a container action fails (`src/docker/translate.ts`).',
    '',
    '| Rule | Observed | What the daemon did, or why it cannot be seen there |',
    '|---|---|---|',
    ...rows,
  ];
}

export function rulesDocument(): string {
  const rows = allRules.map((r) => `| \`${r.id}\` | ${kinds(r)} | ${r.severity} | ${cell(r.title)} | [docs](${r.docs}) |`);
  return [
    '# Rules',
    '',
    'Every rule the linter reports, with the severity it has on a typical rootless host. Host facts (the',
    'unprivileged port start, the cgroup version and driver, delegated controllers, the daemon version) lower or',
    'raise it as each message explains; `rootlessDocker.lint.rules` in settings overrides it.',
    '',
    'Silence one line with a comment on the line before it, or at the end of the line itself:',
    '',
    '```yaml',
    '# rootless-docker-disable-next-line privileged-port',
    '- "80:80"',
    '- "443:443" # rootless-docker-disable-line privileged-port',
    '```',
    '',
    '| Rule | Files | Default | What it finds | Reference |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...observedSection(),
    '',
  ].join('\n');
}

export function withRuleSettings(pkgText: string): string {
  const pkg = JSON.parse(pkgText) as { contributes: { configuration: { properties: Record<string, unknown> } } };
  const properties: Record<string, unknown> = {};
  for (const r of allRules) {
    properties[r.id] = { type: 'string', enum: ['off', 'info', 'warning', 'error'], description: `${r.title} (default: ${r.severity}).` };
  }
  const setting = pkg.contributes.configuration.properties['rootlessDocker.lint.rules'] as Record<string, unknown>;
  setting.properties = properties;
  return JSON.stringify(pkg, null, 2) + '\n';
}

function main(): void {
  const check = process.argv.includes('--check');
  const targets: [string, string][] = [
    [path.join(root, 'docs/rules.md'), rulesDocument()],
    [path.join(root, 'package.json'), withRuleSettings(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))],
  ];
  let stale = 0;
  for (const [file, text] of targets) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      console.error(`${path.relative(root, file)} is out of date: run npm run sync-rules`);
      stale++;
    } else fs.writeFileSync(file, text);
  }
  process.exit(stale ? 1 : 0);
}

if (require.main === module) main();
