// The containers view's settings, read and validated in one place. `rootlessDocker.host` names a socket or
// host, so it is machine-scoped and restricted (package.json): only the user's own value is ever read here,
// never a workspace's, whatever the trust state.
import * as vscode from 'vscode';

export interface ContainersSettings {
  /** The `rootlessDocker.host` setting; undefined when empty (then the endpoint is found automatically). */
  host?: string;
  pollMs: number;
}

const HOST_RE = /^(unix:\/\/\/|tcp:\/\/|ssh:\/\/)\S+$/;

export function containersSettings(): { settings: ContainersSettings; problems: string[] } {
  const c = vscode.workspace.getConfiguration('rootlessDocker');
  const problems: string[] = [];
  // globalValue: user (or remote) settings only.
  const raw = c.inspect<unknown>('host')?.globalValue;
  let host: string | undefined;
  if (typeof raw === 'string' && raw.trim()) {
    if (HOST_RE.test(raw.trim())) host = raw.trim();
    else problems.push(`rootlessDocker.host: "${raw.slice(0, 100)}" is not unix:///path, tcp://host:port or ssh://user@host; ignored.`);
  } else if (raw !== undefined && raw !== null && raw !== '') {
    problems.push('rootlessDocker.host must be a string; ignored.');
  }
  const poll = c.get<unknown>('containers.pollInterval');
  const pollSeconds = typeof poll === 'number' && Number.isFinite(poll) ? Math.max(5, Math.min(poll, 3600)) : 30;
  return { settings: { ...(host ? { host } : {}), pollMs: pollSeconds * 1000 }, problems };
}

export function affectsContainers(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('rootlessDocker.host') || e.affectsConfiguration('rootlessDocker.containers');
}
