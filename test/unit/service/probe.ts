// A fake doctor probe: files, stats, installed tools, tool answers and the daemon's /info, all in memory.
import type { DaemonAnswer, DoctorProbe, FileInfo } from '../../../src/service/doctor/types';
import type { RunResult, Tool } from '../../../src/service/run';
import { ran } from './results';

export interface FakeHost {
  files?: Record<string, string>;
  stats?: Record<string, FileInfo>;
  tools?: Record<string, string>;
  run?: (tool: Tool, args: readonly string[]) => Partial<RunResult> | undefined;
  daemon?: DaemonAnswer;
  env?: Record<string, string | undefined>;
  user?: DoctorProbe['user'];
  unit?: string;
}

export const dir = (uid = 1000, mode = 0o700): FileInfo => ({ type: 'directory', mode, uid, gid: uid });
export const sock = (uid = 1000): FileInfo => ({ type: 'socket', mode: 0o660, uid, gid: uid });
export const file = (mode = 0o755, uid = 0): FileInfo => ({ type: 'file', mode, uid, gid: 0 });

/** A healthy rootless host (cgroup v2, systemd, linger, daemon running): every check passes on it. */
export function healthyHost(): FakeHost {
  return {
    user: { name: 'alice', uid: 1000, gid: 1000, home: '/home/alice' },
    env: { XDG_RUNTIME_DIR: '/run/user/1000', DOCKER_HOST: 'unix:///run/user/1000/docker.sock', HOME: '/home/alice' },
    files: {
      '/proc/sys/kernel/osrelease': '6.8.0-45-generic\n',
      '/proc/version': 'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4)) #45-Ubuntu SMP\n',
      '/proc/sys/user/max_user_namespaces': '63432\n',
      '/etc/subuid': 'bob:100000:65536\nalice:165536:65536\n',
      '/etc/subgid': 'bob:100000:65536\nalice:165536:65536\n',
      '/sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory hugetlb pids rdma misc\n',
      '/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/cgroup.controllers': 'cpuset cpu io memory pids\n',
      '/proc/sys/net/ipv4/ip_unprivileged_port_start': '80\n',
      '/proc/sys/net/ipv4/ping_group_range': '0\t2147483647\n',
    },
    stats: {
      '/usr/bin/newuidmap': file(0o4755),
      '/usr/bin/newgidmap': file(0o4755),
      '/usr/bin/rootlesskit': file(0o755),
      '/run/user/1000': dir(),
      '/run/user/1000/docker.sock': sock(),
      '/dev/net/tun': { type: 'other', mode: 0o666, uid: 0, gid: 0 },
      '/run/systemd/system': dir(0, 0o755),
    },
    tools: {
      newuidmap: '/usr/bin/newuidmap',
      newgidmap: '/usr/bin/newgidmap',
      rootlesskit: '/usr/bin/rootlesskit',
      'dockerd-rootless.sh': '/usr/bin/dockerd-rootless.sh',
      'dockerd-rootless-setuptool.sh': '/usr/bin/dockerd-rootless-setuptool.sh',
      slirp4netns: '/usr/bin/slirp4netns',
    },
    run: (tool, args) => {
      if (tool === 'systemctl' && args.includes('--property=Version,SystemState')) return { stdout: 'Version=255.4-1ubuntu8\nSystemState=running\n' };
      if (tool === 'systemctl' && args.includes('show')) {
        return { stdout: 'LoadState=loaded\nActiveState=active\nSubState=running\nUnitFileState=enabled\nResult=success\nMainPID=4242\nFragmentPath=/home/alice/.config/systemd/user/docker.service\n' };
      }
      if (tool === 'loginctl') return { stdout: 'yes\n' };
      if (tool === 'getcap') return { stdout: '' };
      return { code: 1, stderr: `unexpected ${tool} ${args.join(' ')}` };
    },
    daemon: { ok: true, info: { serverVersion: '27.3.1', driver: 'overlay2', cgroupDriver: 'systemd', cgroupVersion: '2', rootless: true } },
    unit: 'docker.service',
  };
}

export function fakeProbe(host: FakeHost): DoctorProbe & { ran: string[] } {
  const log: string[] = [];
  return {
    ran: log,
    user: host.user ?? {},
    env: host.env ?? {},
    unit: host.unit ?? 'docker.service',
    readFile: (f) => host.files?.[f],
    stat: (f) => host.stats?.[f] ?? (host.files?.[f] !== undefined ? file(0o644) : undefined),
    which: (name) => host.tools?.[name],
    run: (tool, args) => {
      log.push([tool, ...args].join(' '));
      const partial = host.run?.(tool, args);
      return Promise.resolve(partial === undefined ? ran({ tool, args, failure: 'not-found', code: null, failureMessage: `${tool} is not installed` }) : ran({ tool, args, ...partial }));
    },
    daemon: () => Promise.resolve(host.daemon ?? { ok: false, error: 'the socket does not exist', code: 'ENOENT' }),
  };
}

/** healthyHost() with some fields changed; `files`/`stats`/`tools` entries set to undefined are removed. */
export function hostWith(change: (h: FakeHost) => void): FakeHost {
  const h = healthyHost();
  change(h);
  return h;
}
