// The containers view's manifest entries against the code: every command id in src/commands/ids.ts is
// declared and vice versa, node-only commands are hidden from the palette, menus name declared commands,
// and settings that name a host are machine-scoped and restricted in untrusted workspaces.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CONTAINERS_VIEW, VIEW_CONTAINER } from '../../../src/commands/ids';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    views: Record<string, { id: string; icon?: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    configuration: { properties: Record<string, { scope?: string }> };
  };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  activationEvents?: string[];
}

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const ours = Object.values(COMMANDS.containers) as string[];

describe('containers view manifest', () => {
  it('declares exactly the containers commands of ids.ts', () => {
    const declared = pkg.contributes.commands.map((c) => c.command).filter((c) => c.startsWith('rootlessDocker.containers.'));
    assert.deepEqual([...declared].sort(), [...ours].sort());
  });

  it('hides node-only commands from the palette and keeps the view-level ones', () => {
    const hidden = new Set((pkg.contributes.menus.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    const c = COMMANDS.containers;
    for (const id of [c.start, c.stop, c.restart, c.pause, c.unpause, c.remove, c.logs, c.inspect, c.shell, c.openPort, c.copyId, c.projectStart, c.projectStop, c.projectRestart, c.describeTree]) {
      assert.ok(hidden.has(id), `${id} hidden`);
    }
    for (const id of [c.refresh, c.setHost, c.openDocs, c.daemonInfo]) assert.ok(!hidden.has(id), `${id} in the palette`);
  });

  it('menus name declared commands, match node context values by regex, and stay in the view', () => {
    const declared = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const where of ['view/title', 'view/item/context']) {
      const entries = (pkg.contributes.menus[where] ?? []).filter((m) => m.command.startsWith('rootlessDocker.containers.'));
      assert.ok(entries.length > 0, where);
      for (const m of entries) {
        assert.ok(declared.has(m.command), m.command);
        assert.match(m.when ?? '', new RegExp(`^view == ${CONTAINERS_VIEW.replace(/\./g, '\\.')}`), `${m.command} in ${where}`);
        if (where === 'view/item/context') assert.match(m.when ?? '', /viewItem =~ \/\^(container|project|port|daemon)\\\./, m.command);
      }
    }
  });

  it('the view lives in its own activity-bar container with an icon that exists; no explicit onView event', () => {
    const container = pkg.contributes.viewsContainers.activitybar.find((c) => c.id === VIEW_CONTAINER);
    assert.ok(container && fs.existsSync(path.join(ROOT, container.icon)));
    assert.ok(pkg.contributes.views[VIEW_CONTAINER]?.some((v) => v.id === CONTAINERS_VIEW));
    // VS Code ≥ 1.74 derives onView:<id> from contributes.views.
    assert.ok(!(pkg.activationEvents ?? []).includes(`onView:${CONTAINERS_VIEW}`));
  });

  it('rootlessDocker.host is machine-scoped and restricted in untrusted workspaces', () => {
    assert.equal(pkg.contributes.configuration.properties['rootlessDocker.host']?.scope, 'machine');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('rootlessDocker.host'));
  });
});
