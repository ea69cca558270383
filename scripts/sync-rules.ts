// Writes what is derived from the rule registry: docs/rules.md and the per-rule severity settings in
// package.json. `--check` fails instead of writing when either is out of date (run by the tests).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../src/lint/rules';
import type { Rule } from '../src/lint/rule';

const root = path.resolve(__dirname, '..');

function kinds(r: Rule): string {
  if (r.compose && r.dockerfile) return 'compose, Dockerfile';
  if (r.dockerfile) return 'Dockerfile';
  if (r.compose) return 'compose';
  return 'any (engine)';
}

export function rulesDocument(): string {
  const rows = allRules.map((r) => `| \`${r.id}\` | ${kinds(r)} | ${r.severity} | ${r.title.replace(/\|/g, '\\|')} | [docs](${r.docs}) |`);
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
