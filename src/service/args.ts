// Argument arrays for systemctl, journalctl and loginctl. The unit name has passed checkUnitName; it still goes
// after `--` (or inside its option's own argument), so nothing it contains can be read as an option.

export type UnitAction = 'start' | 'stop' | 'restart' | 'enable' | 'disable' | 'reset-failed';

/** The unit properties read for its status (`systemctl show`). */
export const STATUS_PROPERTIES = [
  'LoadState',
  'ActiveState',
  'SubState',
  'UnitFileState',
  'Result',
  'MainPID',
  'NRestarts',
  'ExecMainStatus',
  'ExecMainCode',
  'FragmentPath',
  'ActiveEnterTimestamp',
  'StateChangeTimestamp',
  'Description',
] as const;

/** `systemctl --user --no-ask-password ACTION -- UNIT` */
export function unitActionArgs(action: UnitAction, unit: string): string[] {
  return ['--user', '--no-ask-password', action, '--', unit];
}

/** The unit's status properties as KEY=VALUE lines. */
export function showUnitArgs(unit: string): string[] {
  return ['--user', '--no-ask-password', 'show', `--property=${STATUS_PROPERTIES.join(',')}`, '--', unit];
}

/** The user manager's own properties: answers only when `systemd --user` is reachable. */
export function showManagerArgs(): string[] {
  return ['--user', '--no-ask-password', 'show', '--property=Version,SystemState'];
}

export interface JournalQuery {
  unit: string;
  /** The last N entries (then, with follow, everything new). */
  lines: number;
  follow?: boolean;
}

/** journalctl of the user unit, one JSON object per line. */
export function journalArgs(query: JournalQuery): string[] {
  const lines = Math.max(0, Math.min(Math.floor(query.lines), 100_000));
  return ['--user', '--no-pager', '--output=json', `--lines=${lines}`, `--unit=${query.unit}`, ...(query.follow ? ['--follow'] : [])];
}

/** Whether the user lingers, as `yes`/`no` (fails when logind does not know the user). */
export function lingerArgs(user: string): string[] {
  return ['--no-ask-password', 'show-user', '--property=Linger', '--value', '--', user];
}

/** Quotes a word for showing it in a shell command the user may copy (never run by the extension). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that enables lingering; it needs root unless polkit allows it, so it is shown, never run. */
export function enableLingerCommand(user: string): string {
  return `sudo loginctl enable-linger ${shellQuote(user)}`;
}

/** The command that installs the rootless docker.service for the current user. */
export const INSTALL_COMMAND = 'dockerd-rootless-setuptool.sh install';
