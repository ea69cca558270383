// `rootless-docker doctor [--format text|json]`: the doctor's report on standard output; exit 1 when a check
// failed, 0 otherwise (warnings included), 2 on a usage error.
import { formatDoctorJson, formatDoctorText } from './report';
import { realProbe, runDoctor } from './run';
import type { DoctorProbe } from './types';

export const DOCTOR_USAGE = `Usage: rootless-docker doctor [--format text|json]

Checks this host for what rootless Docker needs, as the current user: kernel, user namespaces,
newuidmap/newgidmap, /etc/subuid and /etc/subgid, cgroup v2 delegation, the systemd user instance,
the docker.service user unit, linger, XDG_RUNTIME_DIR, DOCKER_HOST against the real socket, the
daemon and its storage driver, slirp4netns/pasta, privileged ports, ping, and RootlessKit.
Each check passes, warns or fails, with the fix next to it. Nothing is changed.

Options:
  --format text|json   output format (default: text)
  -h, --help           show this help

Exit status: 0 no check failed (warnings allowed), 1 at least one failed, 2 a usage error.
`;

export interface DoctorCommandIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
}

export async function doctorCommand(
  format: string,
  io: DoctorCommandIo,
  tool: { name: string; version: string },
  probe: DoctorProbe = realProbe({ env: io.env }),
): Promise<number> {
  const report = await runDoctor(probe);
  io.stdout(format === 'json' ? formatDoctorJson(report, tool) : formatDoctorText(report));
  return report.summary.fail > 0 ? 1 : 0;
}
