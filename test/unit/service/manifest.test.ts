// package.json's parts of the daemon service and the doctor: commands, settings (machine scope, restricted in
// untrusted workspaces), the journal language and grammar, and the walkthrough with its media.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../../src/commands/ids';
import { checkUnitName } from '../../../src/service/unit';

const REPO = path.resolve(__dirname, '../../..');
interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { scope?: string; default?: unknown; pattern?: string }> };
    languages: Array<{ id: string }>;
    grammars: Array<{ language: string; scopeName: string; path: string }>;
    walkthroughs: Array<{ id: string; steps: Array<{ id: string; description: string; media: { markdown?: string }; completionEvents?: string[] }> }>;
  };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
const declared = new Map(pkg.contributes.commands.map((c) => [c.command, c]));
const mine = [...Object.values(COMMANDS.service), COMMANDS.doctor.run];

describe('manifest: service and doctor', () => {
  it('declares every service command and the doctor, under the Rootless Docker category', () => {
    for (const id of mine) {
      const c = declared.get(id);
      assert.ok(c, `${id} is not in contributes.commands`);
      assert.equal(c.category, 'Rootless Docker', id);
    }
    assert.equal(declared.get(COMMANDS.doctor.run)?.title, 'Run Doctor');
    assert.equal(COMMANDS.service.start, 'rootlessDocker.service.start');
    assert.equal(COMMANDS.doctor.run, 'rootlessDocker.doctor.run');
  });

  it('registers a handler for each of them', () => {
    const service = fs.readFileSync(path.join(REPO, 'src/commands/service.ts'), 'utf8');
    for (const key of Object.keys(COMMANDS.service)) assert.match(service, new RegExp(`registerCommand\\(s\\.${key},`), key);
    assert.match(fs.readFileSync(path.join(REPO, 'src/commands/doctor.ts'), 'utf8'), /registerCommand\(COMMANDS\.doctor\.run,/);
  });

  it('the unit name is machine-scoped and restricted; its schema pattern agrees with the check', () => {
    const unit = pkg.contributes.configuration.properties['rootlessDocker.service.unit'];
    assert.equal(unit.scope, 'machine');
    assert.equal(unit.default, 'docker.service');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('rootlessDocker.service.unit'));
    const pattern = new RegExp(unit.pattern ?? '');
    for (const name of ['docker.service', 'dockerd@1.service', 'a\\x2db.service', 'docker', 'x.socket', 'a b.service', '$(x).service']) {
      assert.equal(pattern.test(name), checkUnitName(name).ok, name);
    }
  });

  it('every rootlessDocker.service.* setting is machine-scoped', () => {
    const keys = Object.keys(pkg.contributes.configuration.properties).filter((k) => k.startsWith('rootlessDocker.service.'));
    assert.ok(keys.length >= 3);
    for (const k of keys) assert.equal(pkg.contributes.configuration.properties[k].scope, 'machine', k);
  });

  it('the journal language has its grammar file, with a matching scope name', () => {
    assert.ok(pkg.contributes.languages.some((l) => l.id === 'rootless-docker-journal'));
    const g = pkg.contributes.grammars.find((x) => x.language === 'rootless-docker-journal');
    assert.ok(g);
    const grammar = JSON.parse(fs.readFileSync(path.join(REPO, g.path), 'utf8')) as { scopeName: string };
    assert.equal(grammar.scopeName, g.scopeName);
  });

  it('the walkthrough: doctor → install → start (with linger) → containers → lint, each with media and a way to complete it', () => {
    const w = pkg.contributes.walkthroughs.find((x) => x.id === 'rootlessDocker.gettingStarted');
    assert.ok(w);
    assert.deepEqual(w.steps.map((s) => s.id), ['doctor', 'install', 'start', 'containers', 'lint']);
    for (const s of w.steps) {
      assert.ok(s.media.markdown && fs.existsSync(path.join(REPO, s.media.markdown)), `${s.id}: media ${s.media.markdown}`);
      assert.ok(s.completionEvents?.length, `${s.id} never completes`);
    }
    assert.match(w.steps[2].description, /command:rootlessDocker\.service\.linger/);
  });

  it('walkthrough links name commands that exist (ours, or VS Code\'s own)', () => {
    const builtin = /^(workbench\.|rootlessDocker\.containers\.focus$)/;
    const steps = pkg.contributes.walkthroughs.flatMap((w) => w.steps);
    const links = steps.flatMap((s) => [...s.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]));
    assert.ok(links.length >= 6);
    for (const id of links) assert.ok(declared.has(id) || builtin.test(id), id);
    for (const e of steps.flatMap((s) => s.completionEvents ?? [])) {
      const m = /^onCommand:(.+)$/.exec(e);
      if (m) assert.ok(declared.has(m[1]) || builtin.test(m[1]), e);
    }
  });
});
