// Every setting of the extension, read and validated in one place.
import * as vscode from 'vscode';
import type { SeveritySetting } from './lint/types';

export const SECTION = 'rootlessDocker';

export interface LintSettings {
  enable: boolean;
  /** `auto`: the connected daemon's and this host's facts; `generic`: a typical rootless host. */
  host: 'auto' | 'generic';
  rules: Record<string, SeveritySetting>;
  /** Files larger than this are not linted. */
  maxFileSize: number;
  /** Delay after the last keystroke before linting. */
  debounceMs: number;
}

const SEVERITIES = new Set<SeveritySetting>(['off', 'info', 'warning', 'error']);

/** Reads the lint settings for a document, dropping values of the wrong type (a hand-edited settings file can hold anything). */
export function lintSettings(scope?: vscode.ConfigurationScope): { settings: LintSettings; problems: string[] } {
  const c = vscode.workspace.getConfiguration(`${SECTION}.lint`, scope);
  const problems: string[] = [];
  const rules: Record<string, SeveritySetting> = Object.create(null) as Record<string, SeveritySetting>;
  const raw = c.get<unknown>('rules');
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [id, level] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof level === 'string' && SEVERITIES.has(level as SeveritySetting)) rules[id] = level as SeveritySetting;
      else problems.push(`rootlessDocker.lint.rules: "${id.slice(0, 60)}" must be one of off, info, warning, error; ignored.`);
    }
  } else if (raw !== undefined && raw !== null) {
    problems.push('rootlessDocker.lint.rules must be an object of rule ids to severities; ignored.');
  }
  const host = c.get<unknown>('host');
  const maxKb = c.get<unknown>('maxFileSize');
  const debounce = c.get<unknown>('debounce');
  return {
    settings: {
      enable: c.get<unknown>('enable') !== false,
      host: host === 'generic' ? 'generic' : 'auto',
      rules,
      maxFileSize: typeof maxKb === 'number' && Number.isFinite(maxKb) && maxKb > 0 ? Math.min(maxKb, 50 * 1024) * 1024 : 4 * 1024 * 1024,
      debounceMs: typeof debounce === 'number' && Number.isFinite(debounce) ? Math.max(0, Math.min(debounce, 5000)) : 300,
    },
    problems,
  };
}

export function affectsLint(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.lint`);
}
