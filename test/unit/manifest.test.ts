// The extension's safety rules. The manifest (package.json): settings that can name a path, host,
// socket, executable, command, unit or arguments are machine-scoped and restricted in untrusted
// workspaces; commands have titles and categories; activation is lazy; menus and welcome views name only
// commands that exist. The lint config (eslint.config.mjs): no shell, no exec, and child_process only in
// the runner module.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

interface Setting {
  type?: string | string[];
  enum?: unknown[];
  scope?: string;
  description?: string;
  markdownDescription?: string;
}

interface Manifest {
  activationEvents?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | string; restrictedConfigurations?: string[] } };
  contributes?: {
    commands?: { command: string; title?: string; category?: string }[];
    configuration?: { properties?: Record<string, Setting> } | { properties?: Record<string, Setting> }[];
    menus?: Record<string, { command?: string; submenu?: string }[]>;
    viewsWelcome?: { contents: string }[];
    views?: Record<string, { id: string }[]>;
    keybindings?: { command: string }[];
    walkthroughs?: { steps?: { description?: string }[] }[];
  };
}

const REPO = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
const contributes = manifest.contributes ?? {};
const settings: [string, Setting][] = (Array.isArray(contributes.configuration) ? contributes.configuration : [contributes.configuration ?? {}]).flatMap((c) =>
  Object.entries(c.properties ?? {}),
);
const commandIds = new Set((contributes.commands ?? []).map((c) => c.command));
/** VS Code adds a `<view id>.focus` command for every view. */
const viewFocus = new Set(Object.values(contributes.views ?? {}).flatMap((list) => list.map((v) => `${v.id}.focus`)));

/** Words that mark a setting able to point the extension at another program, daemon or file. */
const SENSITIVE = /\b(paths?|hosts?|sockets?|executables?|binar(y|ies)|commands?|units?|args|arguments)\b/i;

/** Whether the value is free text (or holds some): a number, boolean or closed enum cannot name a program or a file. */
function freeForm(s: Setting): boolean {
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (s.enum) return false;
  return types.some((t) => t === 'string' || t === 'array' || t === 'object' || t === undefined);
}

describe('manifest (package.json)', () => {
  it('has settings to check', () => {
    assert.ok(settings.length > 0);
  });

  const restricted = new Set(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
  const sensitive = settings.filter(([name, s]) => freeForm(s) && (SENSITIVE.test(name.split('.').pop() ?? '') || SENSITIVE.test(`${s.description ?? ''} ${s.markdownDescription ?? ''}`)));

  it('finds the settings that name a host, socket, path, executable or unit', () => {
    // Guards the word list: these settings exist today and must be recognised as sensitive.
    const names = new Set(sensitive.map(([n]) => n));
    for (const known of ['rootlessDocker.host', 'rootlessDocker.service.unit'].filter((n) => settings.some(([s]) => s === n))) {
      assert.ok(names.has(known), `${known} is not recognised as sensitive`);
    }
  });

  for (const [name, s] of sensitive) {
    it(`${name} is machine-scoped and restricted in untrusted workspaces`, () => {
      assert.ok(s.scope === 'machine' || s.scope === 'application', `${name} has scope ${s.scope ?? '(none: window)'}; a workspace could redirect it`);
      assert.ok(restricted.has(name), `${name} is missing from capabilities.untrustedWorkspaces.restrictedConfigurations`);
    });
  }

  it('supports untrusted workspaces only in part, and restricts only settings that exist', () => {
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
    const names = new Set(settings.map(([n]) => n));
    for (const r of restricted) assert.ok(names.has(r), `restrictedConfigurations names ${r}, which is not a setting`);
  });

  it('gives every command a title and a category', () => {
    assert.ok(commandIds.size > 0);
    for (const c of contributes.commands ?? []) {
      assert.ok(c.title?.trim(), `${c.command} has no title`);
      assert.ok(c.category?.trim(), `${c.command} has no category`);
    }
    assert.equal(commandIds.size, (contributes.commands ?? []).length, 'a command id is contributed twice');
  });

  it('activates lazily: no "*" activation event', () => {
    for (const e of manifest.activationEvents ?? []) assert.notEqual(e.trim(), '*', 'activationEvents contains "*"');
  });

  it('names only contributed commands in menus, key bindings, welcome views and walkthroughs', () => {
    for (const [where, items] of Object.entries(contributes.menus ?? {})) {
      for (const item of items) if (item.command) assert.ok(commandIds.has(item.command), `menus.${where} names ${item.command}, which is not a contributed command`);
    }
    for (const k of contributes.keybindings ?? []) assert.ok(commandIds.has(k.command), `keybinding for unknown command ${k.command}`);
    const linked = [...(contributes.viewsWelcome ?? []).map((v) => v.contents), ...(contributes.walkthroughs ?? []).flatMap((w) => (w.steps ?? []).map((s) => s.description ?? ''))];
    for (const text of linked) {
      // Links may run VS Code's own commands (workbench.*); ours must exist.
      for (const m of text.matchAll(/\(command:(rootlessDocker\.[\w.-]+)/g)) {
        assert.ok(commandIds.has(m[1]) || viewFocus.has(m[1]), `a link runs ${m[1]}, which is neither a contributed command nor a view's focus command`);
      }
    }
  });
});

describe('process safety (eslint.config.mjs)', () => {
  let config: { safety: Linter.Config[]; runnerModules: string[] };
  let eslint: ESLint;
  before(async () => {
    config = (await import(pathToFileURL(path.join(REPO, 'eslint.config.mjs')).href)) as typeof config;
    // Only the safety rules: they need no type information, so this runs in a second, not a minute.
    eslint = new ESLint({ cwd: REPO, overrideConfigFile: true, overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...config.safety] });
  });
  const problems = async (file: string, code: string) => (await eslint.lintText(code, { filePath: path.join(REPO, file) }))[0].messages.map((m) => `${m.line}: ${m.message}`);

  it('names runner modules that exist, and only they import child_process', () => {
    assert.ok(config.runnerModules.length > 0);
    for (const m of config.runnerModules) assert.ok(fs.existsSync(path.join(REPO, m)), `${m} does not exist`);
    const importers: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(rel);
        else if (/\.ts$/.test(e.name) && /child_process/.test(fs.readFileSync(path.join(REPO, rel), 'utf8'))) importers.push(rel);
      }
    };
    walk('src');
    assert.deepEqual(importers.sort(), [...config.runnerModules].sort());
  });

  it('forbids child_process outside the runner, and vscode in the pure cores', async () => {
    assert.match((await problems('src/commands/probe.ts', "import { execFile } from 'node:child_process';\n")).join('\n'), /1: .*runner/);
    assert.match((await problems('src/views/probe.ts', "import { spawn } from 'child_process';\n")).join('\n'), /1: .*runner/);
    assert.deepEqual(await problems('src/lint/probe.ts', "import * as vscode from 'vscode';\nconst cp = require('node:child_process');\nvoid import('child_process');\n"), [
      '1: \'vscode\' import is restricted from being used. Pure cores never import vscode: put this in an adapter.',
      '2: Import child_process statically, in the runner only.',
      '3: Import child_process statically, in the runner only.',
    ]);
  });

  it('lets the runner use execFile and spawn, but never exec, execSync or a namespace import', async () => {
    const runner = config.runnerModules[0];
    assert.deepEqual(await problems(runner, "import { execFile, spawn } from 'node:child_process';\nexecFile('ls', ['-l']);\nspawn('ls', [], { shell: false });\n"), []);
    assert.match((await problems(runner, "import { exec } from 'node:child_process';\n")).join('\n'), /1: .*exec runs a shell/);
    assert.match((await problems(runner, "import { execSync } from 'child_process';\n")).join('\n'), /1: .*exec runs a shell/);
    assert.match((await problems(runner, "import * as cp from 'node:child_process';\ncp.exec('ls');\n")).join('\n'), /1: Import the functions you use by name/);
    assert.match((await problems(runner, "import cp from 'node:child_process';\n")).join('\n'), /1: Import the functions you use by name/);
  });

  it('forbids a shell anywhere: shell: true, or a shell path in a process call', async () => {
    for (const file of ['src/service/run.ts', 'src/commands/probe.ts', 'test/unit/probe.ts', 'bench/probe.ts']) {
      assert.deepEqual(await problems(file, 'const options = { shell: true };\n'), ['1: Never start a process through a shell.'], file);
    }
    assert.deepEqual(await problems('src/service/run.ts', "import { spawn } from 'node:child_process';\nspawn('ls', [], { shell: '/bin/sh' });\n"), ['2: Never start a process through a shell.']);
    assert.deepEqual(await problems('test/unit/probe.ts', "import * as cp from 'node:child_process';\ncp.execFileSync('ls', [], { shell: process.env.SHELL });\n"), ['2: Never start a process through a shell.']);
    // A property that merely has the name (a command id) is fine.
    assert.deepEqual(await problems('src/commands/probe.ts', "export const ids = { shell: 'rootlessDocker.containers.shell' };\n"), []);
  });
});
