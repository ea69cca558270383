// RunResult builders for tests of the mapping code.
import type { RunResult, Tool } from '../../../src/service/run';

export function ran(partial: Partial<RunResult> & { tool?: Tool } = {}): RunResult {
  return { tool: 'systemctl', args: [], code: 0, signal: null, stdout: '', stderr: '', durationMs: 5, ...partial };
}

/** The `systemctl --user show` text of docker.service, running (measured in the systemd test bed). */
export const SHOW_RUNNING = `MainPID=128
Result=success
NRestarts=0
ExecMainCode=0
ExecMainStatus=0
LoadState=loaded
ActiveState=active
SubState=running
FragmentPath=/home/rdsvc/.config/systemd/user/docker.service
UnitFileState=enabled
StateChangeTimestamp=Sun 2026-11-22 21:06:43 UTC
ActiveEnterTimestamp=Sun 2026-11-22 21:06:43 UTC
Description=Docker Application Container Engine (Rootless)
`;

/** …of a unit systemd does not know (measured: rc 0). */
export const SHOW_MISSING = `MainPID=0
Result=success
NRestarts=0
ExecMainCode=0
ExecMainStatus=0
LoadState=not-found
ActiveState=inactive
SubState=dead
FragmentPath=
UnitFileState=
ActiveEnterTimestamp=
`;

/** …of docker.service restarting after RootlessKit failed (measured with an unknown network driver). */
export const SHOW_AUTO_RESTART = `Result=exit-code
NRestarts=2
ExecMainCode=1
ExecMainStatus=1
LoadState=loaded
ActiveState=activating
SubState=auto-restart
UnitFileState=enabled
`;

export const SHOW_FAILED = `Result=exit-code
NRestarts=3
ExecMainCode=1
ExecMainStatus=1
LoadState=loaded
ActiveState=failed
SubState=failed
UnitFileState=enabled
`;

export const SHOW_STOPPED = `MainPID=0
Result=success
NRestarts=0
ExecMainCode=1
ExecMainStatus=0
LoadState=loaded
ActiveState=inactive
SubState=dead
UnitFileState=disabled
`;
