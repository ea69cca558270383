// The doctor's checks: one small function per prerequisite of rootless Docker, each reading only through the
// probe and answering pass / warn / fail / skip with the fix next to it. Facts and fixes follow the rootless-mode
// documentation (https://docs.docker.com/engine/security/rootless/) and rootlesscontaine.rs.
import { findEndpoint } from '../../docker/endpoint';
import { enableLingerCommand, INSTALL_COMMAND, lingerArgs, shellQuote, showManagerArgs, showUnitArgs } from '../args';
import { daemonSocket } from '../readiness';
import { classifyResult, lingerOf, parseProperties, unitStatus } from '../state';
import { checkUnitName } from '../unit';
import type { Check, CheckResult, DaemonAnswer, DoctorProbe } from './types';

const DOCS = {
  rootless: 'https://docs.docker.com/engine/security/rootless/',
  troubleshoot: 'https://docs.docker.com/engine/security/rootless/troubleshoot/',
  subid: 'https://rootlesscontaine.rs/getting-started/common/subuid/',
  cgroup2: 'https://rootlesscontaine.rs/getting-started/common/cgroup2/',
  login: 'https://rootlesscontaine.rs/getting-started/common/login/',
  sysctl: 'https://rootlesscontaine.rs/getting-started/common/sysctl/',
  apparmor: 'https://rootlesscontaine.rs/getting-started/common/apparmor/',
};

/** The smallest subordinate id range that fits the images most people pull (ids up to 65,535). */
export const MIN_SUBIDS = 65_536;
const WANTED_CONTROLLERS = ['cpu', 'memory', 'pids'];
const OPTIONAL_CONTROLLERS = ['io', 'cpuset'];

const result = (r: CheckResult): CheckResult => r;
const userLabel = (p: DoctorProbe) => p.user.name ?? (p.user.uid !== undefined ? `uid ${p.user.uid}` : 'the current user');
const userArg = (p: DoctorProbe) => shellQuote(p.user.name ?? String(p.user.uid ?? '$USER'));

// --- kernel and namespaces -------------------------------------------------------------------------------------

export interface KernelVersion {
  major: number;
  minor: number;
  release: string;
  /** Ubuntu's and Debian's kernels allow overlayfs in user namespaces before 5.11. */
  flavor?: 'ubuntu' | 'debian';
}

export function kernelVersion(p: DoctorProbe): KernelVersion | undefined {
  const release = p.readFile('/proc/sys/kernel/osrelease')?.trim();
  const m = release ? /^(\d+)\.(\d+)/.exec(release) : null;
  if (!release || !m) return undefined;
  const version = p.readFile('/proc/version') ?? '';
  const flavor = /ubuntu/i.test(version) ? 'ubuntu' : /debian/i.test(version) ? 'debian' : undefined;
  return { major: Number(m[1]), minor: Number(m[2]), release, ...(flavor ? { flavor } : {}) };
}

const atLeast = (k: KernelVersion, major: number, minor: number) => k.major > major || (k.major === major && k.minor >= minor);

/** overlay2 works in a user namespace from 5.11, earlier on Ubuntu and Debian kernels. */
export function overlayInUserns(k: KernelVersion): boolean {
  return atLeast(k, 5, 11) || k.flavor !== undefined;
}

export const checkKernel: Check = (p) => {
  const k = kernelVersion(p);
  const title = 'Kernel version';
  if (!k) return Promise.resolve(result({ id: 'kernel', title, status: 'skip', summary: 'The kernel version could not be read from /proc/sys/kernel/osrelease.' }));
  const details = [`release ${k.release}${k.flavor ? ` (${k.flavor} kernel)` : ''}`];
  if (!atLeast(k, 4, 18)) {
    return Promise.resolve(result({
      id: 'kernel', title, status: 'fail', details,
      summary: `Kernel ${k.major}.${k.minor} is older than 4.18: rootless Docker can only use the slow vfs storage driver, and cgroup limits do not work.`,
      fix: { text: 'Upgrade to a kernel 5.11 or later (any distribution) to use overlay2 in rootless mode.', docs: DOCS.rootless },
    }));
  }
  if (!overlayInUserns(k)) {
    return Promise.resolve(result({
      id: 'kernel', title, status: 'warn', details,
      summary: `Kernel ${k.major}.${k.minor} cannot mount overlayfs in a user namespace (needs 5.11, or an Ubuntu or Debian kernel): the daemon has to use fuse-overlayfs or vfs.`,
      fix: { text: 'Install fuse-overlayfs (the daemon picks it up), or upgrade to kernel 5.11 or later for overlay2.', commands: ['sudo apt-get install fuse-overlayfs'], docs: DOCS.rootless },
    }));
  }
  return Promise.resolve(result({ id: 'kernel', title, status: 'pass', details, summary: `Kernel ${k.major}.${k.minor} supports rootless Docker with overlay2.` }));
};

export const checkUserNamespaces: Check = (p) => {
  const title = 'User namespaces';
  const max = p.readFile('/proc/sys/user/max_user_namespaces')?.trim();
  const clone = p.readFile('/proc/sys/kernel/unprivileged_userns_clone')?.trim();
  const apparmor = p.readFile('/proc/sys/kernel/apparmor_restrict_unprivileged_userns')?.trim();
  const details: string[] = [];
  if (max !== undefined) details.push(`user.max_user_namespaces = ${max}`);
  if (clone !== undefined) details.push(`kernel.unprivileged_userns_clone = ${clone}`);
  if (apparmor !== undefined) details.push(`kernel.apparmor_restrict_unprivileged_userns = ${apparmor}`);
  if (max === undefined) {
    return Promise.resolve(result({
      id: 'userns', title, status: 'fail', details,
      summary: 'This kernel has no user namespaces (/proc/sys/user/max_user_namespaces is missing).',
      fix: { text: 'Use a kernel built with CONFIG_USER_NS=y; rootless Docker runs entirely inside a user namespace.', docs: DOCS.rootless },
    }));
  }
  if (!/^\d+$/.test(max) || Number(max) === 0) {
    return Promise.resolve(result({
      id: 'userns', title, status: 'fail', details,
      summary: 'User namespaces are disabled (user.max_user_namespaces is 0).',
      fix: {
        text: 'Allow user namespaces, now and at boot.',
        commands: ['sudo sysctl -w user.max_user_namespaces=28633', "echo 'user.max_user_namespaces=28633' | sudo tee /etc/sysctl.d/51-rootless.conf"],
        docs: DOCS.sysctl,
      },
    }));
  }
  if (clone === '0') {
    return Promise.resolve(result({
      id: 'userns', title, status: 'fail', details,
      summary: 'Unprivileged users may not create user namespaces (kernel.unprivileged_userns_clone is 0).',
      fix: {
        text: 'Allow them, now and at boot.',
        commands: ['sudo sysctl -w kernel.unprivileged_userns_clone=1', "echo 'kernel.unprivileged_userns_clone=1' | sudo tee /etc/sysctl.d/50-rootless.conf"],
        docs: DOCS.sysctl,
      },
    }));
  }
  if (apparmor === '1') {
    return Promise.resolve(result({
      id: 'userns', title, status: 'warn', details,
      summary: 'AppArmor restricts unprivileged user namespaces (Ubuntu 24.04 and later): RootlessKit needs an AppArmor profile that allows them.',
      fix: { text: "Install Docker's rootless extras from the distribution or Docker's packages (they ship the profile), or add a profile for your rootlesskit path.", docs: DOCS.apparmor },
    }));
  }
  return Promise.resolve(result({ id: 'userns', title, status: 'pass', details, summary: `Unprivileged user namespaces are enabled (up to ${max}).` }));
};

export const checkUidmap: Check = async (p) => {
  const title = 'newuidmap and newgidmap';
  const missing: string[] = [];
  const notPrivileged: string[] = [];
  const details: string[] = [];
  for (const name of ['newuidmap', 'newgidmap']) {
    const file = p.which(name);
    if (!file) {
      missing.push(name);
      continue;
    }
    const st = p.stat(file);
    const setuidRoot = st !== undefined && st.uid === 0 && (st.mode & 0o4000) !== 0;
    let caps = '';
    if (!setuidRoot) {
      const getcap = await p.run('getcap', [file], { timeoutMs: 5000 });
      caps = getcap.code === 0 ? getcap.stdout.trim() : '';
    }
    const hasCap = /cap_setuid|cap_setgid/i.test(caps);
    details.push(`${file}: ${setuidRoot ? 'setuid root' : hasCap ? `file capabilities (${caps.replace(/^\S+\s*/, '')})` : `mode ${st ? (st.mode & 0o7777).toString(8).padStart(4, '0') : 'unknown'}, not setuid`}`);
    if (!setuidRoot && !hasCap) notPrivileged.push(file);
  }
  if (missing.length) {
    return result({
      id: 'uidmap', title, status: 'fail', details,
      summary: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed: without them only your own uid exists in the user namespace, and images fail to unpack.`,
      fix: { text: 'Install them (Debian/Ubuntu: uidmap; Fedora/RHEL: shadow-utils).', commands: ['sudo apt-get install uidmap'], docs: DOCS.rootless },
    });
  }
  if (notPrivileged.length) {
    return result({
      id: 'uidmap', title, status: 'fail', details,
      summary: `${notPrivileged.join(' and ')} ${notPrivileged.length > 1 ? 'are' : 'is'} neither setuid root nor has file capabilities, so it cannot map your subordinate ids.`,
      fix: { text: 'Restore the setuid bit (or reinstall the package).', commands: notPrivileged.map((f) => `sudo chmod u+s ${shellQuote(f)}`), docs: DOCS.rootless },
    });
  }
  return result({ id: 'uidmap', title, status: 'pass', details, summary: 'newuidmap and newgidmap are installed and privileged.' });
};

/** The user's ranges in an /etc/subuid-style text: [start, count] pairs of lines naming the user or uid. */
export function subidRanges(text: string, user: string | undefined, uid: number | undefined): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const line of text.split('\n', 10_000)) {
    const m = /^\s*([^:#\s][^:]*):(\d+):(\d+)\s*$/.exec(line);
    if (m && (m[1] === user || (uid !== undefined && m[1] === String(uid)))) out.push([Number(m[2]), Number(m[3])]);
  }
  return out;
}

/** The first start above every range in the file, for a suggested `usermod --add-subuids` range. */
export function freeSubidStart(text: string): number {
  let start = 100_000;
  for (const line of text.split('\n', 10_000)) {
    const m = /^\s*[^:#\s][^:]*:(\d+):(\d+)\s*$/.exec(line);
    if (m) start = Math.max(start, Number(m[1]) + Number(m[2]));
  }
  return start;
}

function subidCheck(kind: 'subuid' | 'subgid'): Check {
  return (p) => {
    const file = `/etc/${kind}`;
    const title = `${file} range`;
    const text = p.readFile(file);
    const flag = kind === 'subuid' ? '--add-subuids' : '--add-subgids';
    const fixFor = (start: number): CheckResult['fix'] => ({
      text: `Give ${userLabel(p)} ${MIN_SUBIDS.toLocaleString('en-US')} subordinate ${kind === 'subuid' ? 'uids' : 'gids'} that no other user has, then restart the daemon.`,
      commands: [`sudo usermod ${flag} ${start}-${start + MIN_SUBIDS - 1} ${userArg(p)}`],
      docs: DOCS.subid,
    });
    if (text === undefined) {
      return Promise.resolve(result({ id: kind, title, status: 'fail', summary: `${file} does not exist or cannot be read.`, fix: fixFor(100_000) }));
    }
    const ranges = subidRanges(text, p.user.name, p.user.uid);
    const total = ranges.reduce((n, [, c]) => n + c, 0);
    const details = ranges.map(([s, c]) => `${s}–${s + c - 1} (${c.toLocaleString('en-US')} ids)`);
    if (!ranges.length) {
      return Promise.resolve(result({
        id: kind, title, status: 'fail', details,
        summary: `${file} has no range for ${userLabel(p)}: containers cannot use any id but root.`,
        fix: fixFor(freeSubidStart(text)),
      }));
    }
    if (total < MIN_SUBIDS) {
      return Promise.resolve(result({
        id: kind, title, status: 'warn', details,
        summary: `${userLabel(p)} has ${total.toLocaleString('en-US')} subordinate ids in ${file}; images with files owned by higher ids fail to unpack (at least ${MIN_SUBIDS.toLocaleString('en-US')} are needed).`,
        fix: fixFor(freeSubidStart(text)),
      }));
    }
    return Promise.resolve(result({ id: kind, title, status: 'pass', details, summary: `${userLabel(p)} has ${total.toLocaleString('en-US')} subordinate ids in ${file}.` }));
  };
}

export const checkSubuid = subidCheck('subuid');
export const checkSubgid = subidCheck('subgid');

// --- cgroups ---------------------------------------------------------------------------------------------------

export const checkCgroup: Check = (p) => {
  const title = 'cgroup v2 and delegated controllers';
  const v2 = p.readFile('/sys/fs/cgroup/cgroup.controllers') !== undefined;
  const docsFix = {
    text: 'Boot with the unified cgroup hierarchy (kernel parameter systemd.unified_cgroup_hierarchy=1; the default on current distributions) and let systemd delegate controllers to your user manager.',
    docs: DOCS.cgroup2,
  };
  if (!v2) {
    const v1 = p.stat('/sys/fs/cgroup/memory') !== undefined || p.stat('/sys/fs/cgroup/systemd') !== undefined;
    return Promise.resolve(result({
      id: 'cgroup', title, status: 'warn',
      details: [v1 ? 'cgroup v1 hierarchies are mounted under /sys/fs/cgroup' : '/sys/fs/cgroup has no cgroup.controllers'],
      summary: 'This host uses cgroup v1: a rootless daemon cannot limit containers, so --memory, --cpus and --pids-limit are silently ignored.',
      fix: docsFix,
    }));
  }
  const uid = p.user.uid;
  if (uid === undefined) return Promise.resolve(result({ id: 'cgroup', title, status: 'skip', summary: 'cgroup v2 is in use; the user id is unknown, so delegation was not checked.' }));
  const file = `/sys/fs/cgroup/user.slice/user-${uid}.slice/user@${uid}.service/cgroup.controllers`;
  const text = p.readFile(file);
  if (text === undefined) {
    return Promise.resolve(result({
      id: 'cgroup', title, status: 'warn', details: [`${file} does not exist`],
      summary: 'cgroup v2 is in use, but your user manager (user@UID.service) has no cgroup: limits need systemd --user to be running.',
      fix: { text: 'Log in through a session that starts systemd --user, or enable lingering.', commands: [enableLingerCommand(p.user.name ?? String(uid))], docs: DOCS.login },
    }));
  }
  const have = text.split(/\s+/).filter(Boolean);
  const missing = WANTED_CONTROLLERS.filter((c) => !have.includes(c));
  const optional = OPTIONAL_CONTROLLERS.filter((c) => !have.includes(c));
  const details = [`delegated to user@${uid}.service: ${have.join(' ') || '(none)'}`];
  const delegate = {
    text: `Delegate the controllers to user managers, then log in again (or restart user@${uid}.service).`,
    commands: [
      'sudo mkdir -p /etc/systemd/system/user@.service.d',
      "printf '[Service]\\nDelegate=cpu cpuset io memory pids\\n' | sudo tee /etc/systemd/system/user@.service.d/delegate.conf",
      'sudo systemctl daemon-reload',
    ],
    docs: DOCS.cgroup2,
  };
  if (missing.length) {
    return Promise.resolve(result({
      id: 'cgroup', title, status: 'warn', details,
      summary: `cgroup v2 is in use, but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not delegated to you: the matching limits (${missing.map(limitOf).join(', ')}) are ignored.`,
      fix: delegate,
    }));
  }
  return Promise.resolve(result({
    id: 'cgroup', title, status: 'pass', details,
    summary: `cgroup v2 with ${WANTED_CONTROLLERS.join(', ')} delegated: container limits work${optional.length ? ` (not delegated: ${optional.join(', ')})` : ''}.`,
  }));
};

function limitOf(controller: string): string {
  return ({ cpu: '--cpus', memory: '--memory', pids: '--pids-limit', io: '--blkio-weight', cpuset: '--cpuset-cpus' } as Record<string, string>)[controller] ?? controller;
}

// --- systemd ---------------------------------------------------------------------------------------------------

export const checkSystemdUser: Check = async (p) => {
  const title = 'systemd user instance';
  const r = await p.run('systemctl', showManagerArgs(), { timeoutMs: 10_000 });
  const error = classifyResult(r, { unit: 'systemd --user', action: 'reach', user: p.user.name, systemdBooted: p.stat('/run/systemd/system') !== undefined });
  if (!error) {
    const props = parseProperties(r.stdout);
    const version = props.get('Version');
    const state = props.get('SystemState');
    return result({
      id: 'systemd-user', title, status: state === 'degraded' ? 'warn' : 'pass',
      details: [version ? `systemd ${version}` : 'systemd (version unknown)', `state ${state ?? 'unknown'}`],
      summary: state === 'degraded' ? 'Your systemd --user runs, but some of its units failed.' : 'Your systemd --user runs: the daemon can be a user service.',
      ...(state === 'degraded' ? { fix: { text: 'See which units failed.', commands: ['systemctl --user --failed'] } } : {}),
    });
  }
  if (error.kind === 'tool-missing' || error.kind === 'no-systemd') {
    return result({
      id: 'systemd-user', title, status: 'warn', details: error.detail ? [error.detail] : undefined,
      summary: 'This machine does not run systemd: the extension cannot start or stop the daemon as a service.',
      fix: { text: 'Start the daemon yourself with `dockerd-rootless.sh` (it runs in the foreground), e.g. from your session startup.', docs: DOCS.rootless },
    });
  }
  return result({
    id: 'systemd-user', title, status: 'fail', details: error.detail ? [error.detail] : undefined,
    summary: error.message,
    fix: { text: error.hint, ...(error.command ? { commands: [error.command] } : {}), docs: DOCS.login },
  });
};

export const checkDockerUnit: Check = async (p) => {
  const unitCheck = checkUnitName(p.unit);
  const title = `${unitCheck.ok ? unitCheck.unit : 'The daemon unit'}`;
  if (!unitCheck.ok) {
    return result({ id: 'docker-unit', title, status: 'fail', summary: `The configured unit name is refused: ${unitCheck.reason}.`, fix: { text: 'Fix rootlessDocker.service.unit in your user settings.' } });
  }
  const unit = unitCheck.unit;
  const r = await p.run('systemctl', showUnitArgs(unit), { timeoutMs: 10_000 });
  const error = classifyResult(r, { unit, action: 'read', user: p.user.name, systemdBooted: p.stat('/run/systemd/system') !== undefined });
  if (error?.kind === 'no-systemd') return result({ id: 'docker-unit', title, status: 'skip', summary: 'Not applicable: this machine does not run systemd, so the daemon cannot be a user service.' });
  if (error) return result({ id: 'docker-unit', title, status: 'skip', summary: `Not checked: ${error.message}` });
  const s = unitStatus(unit, parseProperties(r.stdout));
  const details = [`LoadState=${s.load}`, `ActiveState=${s.active} (${s.sub})`, `UnitFileState=${s.fileState || '-'}`];
  if (s.fragmentPath) details.push(s.fragmentPath);
  if (s.state === 'not-installed') {
    return result({
      id: 'docker-unit', title, status: 'fail', details,
      summary: `${unit} is not installed for ${userLabel(p)}.`,
      fix: { text: 'Install the user unit with the setup tool that comes with rootless Docker (it also starts the daemon).', commands: [INSTALL_COMMAND], docs: DOCS.rootless },
    });
  }
  if (s.state === 'masked') {
    return result({ id: 'docker-unit', title, status: 'fail', details, summary: `${unit} is masked.`, fix: { text: 'Unmask it.', commands: [`systemctl --user unmask ${unit}`] } });
  }
  const enabled = s.fileState === 'enabled' || s.fileState === 'enabled-runtime';
  const running = s.state === 'running';
  if (s.state === 'failed' || s.state === 'restarting') {
    return result({
      id: 'docker-unit', title, status: 'fail', details,
      summary: `${unit} is installed but ${s.state === 'failed' ? `failed (${s.result})` : 'keeps exiting and being restarted'}.`,
      fix: { text: 'Its log says why.', commands: [`journalctl --user -u ${unit} -n 50 --no-pager`], docs: DOCS.troubleshoot },
    });
  }
  if (!running || !enabled) {
    const commands = [...(!enabled ? [`systemctl --user enable ${unit}`] : []), ...(!running ? [`systemctl --user start ${unit}`] : [])];
    return result({
      id: 'docker-unit', title, status: 'warn', details,
      summary: `${unit} is installed, ${running ? 'running' : 'not running'} and ${enabled ? 'started at login' : 'not started at login'}.`,
      fix: { text: !running ? 'Start it (the extension\'s "Start Daemon" command does this and waits for it).' : 'Enable it, so it starts with your user manager.', commands },
    });
  }
  return result({ id: 'docker-unit', title, status: 'pass', details, summary: `${unit} is installed, running and started at login.` });
};

export const checkLinger: Check = async (p) => {
  const title = 'Linger';
  const who = p.user.name ?? (p.user.uid !== undefined ? String(p.user.uid) : undefined);
  if (!who) return result({ id: 'linger', title, status: 'skip', summary: 'The user is unknown, so lingering was not checked.' });
  const r = await p.run('loginctl', lingerArgs(who), { timeoutMs: 10_000 });
  const read = lingerOf(r);
  const why = 'Without lingering, your systemd --user (and with it the daemon and every container) stops when your last session ends, and nothing starts at boot.';
  if ('linger' in read && read.linger) {
    return result({ id: 'linger', title, status: 'pass', summary: 'Lingering is enabled: the daemon keeps running after you log out and starts at boot.' });
  }
  if ('linger' in read) {
    return result({
      id: 'linger', title, status: 'warn', summary: `Lingering is off for ${userLabel(p)}. ${why}`,
      fix: { text: 'Enable it (needs root unless your polkit rules allow it).', commands: [enableLingerCommand(who)], docs: DOCS.login },
    });
  }
  // Without logind, the linger file is the only witness.
  const file = `/var/lib/systemd/linger/${who}`;
  if (p.stat(file) !== undefined) return result({ id: 'linger', title, status: 'pass', details: [`${file} exists`], summary: `Lingering is enabled (${file} exists).` });
  if (read.error.kind === 'no-systemd') {
    return result({ id: 'linger', title, status: 'skip', summary: 'Not applicable: this machine does not run systemd (no logind, so no lingering).' });
  }
  return result({ id: 'linger', title, status: 'skip', summary: `Not checked: ${read.error.message}`, details: read.error.detail ? [read.error.detail] : undefined });
};

// --- runtime dir, endpoint, daemon --------------------------------------------------------------------------------

export const checkRuntimeDir: Check = (p) => {
  const title = 'XDG_RUNTIME_DIR';
  const dir = p.env.XDG_RUNTIME_DIR?.trim();
  const expected = p.user.uid !== undefined ? `/run/user/${p.user.uid}` : undefined;
  const setIt = {
    text: `Log in through a session that sets it (pam_systemd), or set it in the environment VS Code starts from${expected ? ` (export XDG_RUNTIME_DIR=${expected})` : ''}; the daemon's socket and state live there.`,
    docs: DOCS.login,
  };
  if (!dir) {
    return Promise.resolve(result({
      id: 'runtime-dir', title, status: 'fail', summary: 'XDG_RUNTIME_DIR is not set: dockerd-rootless.sh refuses to start and systemctl --user cannot find your bus.', fix: setIt,
    }));
  }
  const st = p.stat(dir);
  const details = [`XDG_RUNTIME_DIR=${dir}`];
  if (!st || st.type !== 'directory') {
    return Promise.resolve(result({ id: 'runtime-dir', title, status: 'fail', details, summary: `XDG_RUNTIME_DIR is ${dir}, which is not a directory.`, fix: setIt }));
  }
  details.push(`owner uid ${st.uid}, mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}`);
  if (p.user.uid !== undefined && st.uid !== p.user.uid) {
    return Promise.resolve(result({ id: 'runtime-dir', title, status: 'fail', details, summary: `${dir} belongs to uid ${st.uid}, not to you: its sockets are not yours.`, fix: setIt }));
  }
  if ((st.mode & 0o077) !== 0) {
    return Promise.resolve(result({
      id: 'runtime-dir', title, status: 'warn', details,
      summary: `${dir} is readable or writable by others: the daemon's socket in it would be exposed.`,
      fix: { text: 'Make it private.', commands: [`chmod 0700 ${shellQuote(dir)}`] },
    }));
  }
  if (dir === '/tmp' || dir.startsWith('/tmp/')) {
    return Promise.resolve(result({
      id: 'runtime-dir', title, status: 'warn', details,
      summary: `XDG_RUNTIME_DIR is under /tmp (${dir}), where other users can race you for file names.`,
      fix: { ...setIt, docs: 'https://docs.docker.com/engine/security/rootless/tips/' },
    }));
  }
  return Promise.resolve(result({ id: 'runtime-dir', title, status: 'pass', details, summary: `${dir} exists, is yours and is private.` }));
};

/** The daemon's answer for the socket the user's tools would reach; cached per probe. */
const daemonAnswers = new WeakMap<DoctorProbe, Promise<{ socketPath?: string; answer?: DaemonAnswer }>>();
function daemonOf(p: DoctorProbe): Promise<{ socketPath?: string; answer?: DaemonAnswer }> {
  let found = daemonAnswers.get(p);
  if (!found) {
    const sock = daemonSocket({ env: p.env, uid: p.user.uid, home: p.user.home });
    found = sock ? p.daemon(sock.socketPath).then((answer) => ({ socketPath: sock.socketPath, answer })) : Promise.resolve({});
    daemonAnswers.set(p, found);
  }
  return found;
}

export const checkDockerHost: Check = (p) => Promise.resolve(dockerHost(p));

function dockerHost(p: DoctorProbe): CheckResult {
  const title = 'DOCKER_HOST and the daemon socket';
  const endpoint = findEndpoint({
    env: p.env,
    uid: p.user.uid,
    home: p.user.home,
    fs: {
      readFile: (f) => {
        const text = p.readFile(f);
        if (text === undefined) throw new Error(`cannot read ${f}`);
        return text;
      },
      exists: (f) => p.stat(f) !== undefined,
    },
  });
  const runtimeDir = p.env.XDG_RUNTIME_DIR?.trim();
  const rootlessSocket = runtimeDir ? `${runtimeDir.replace(/\/+$/, '')}/docker.sock` : p.user.uid !== undefined ? `/run/user/${p.user.uid}/docker.sock` : undefined;
  const rootlessExists = rootlessSocket !== undefined && p.stat(rootlessSocket)?.type === 'socket';
  const details = [`chosen: ${endpoint.host} (${endpoint.reason})`, ...endpoint.warnings];
  if (rootlessSocket) details.push(`rootless socket ${rootlessSocket}: ${rootlessExists ? 'exists' : 'absent'}`);
  const exportIt = rootlessSocket
    ? { text: 'Point the docker CLI (and every tool that reads DOCKER_HOST) at the rootless daemon.', commands: [`export DOCKER_HOST=unix://${rootlessSocket}`], docs: DOCS.rootless }
    : undefined;

  if (endpoint.source === 'DOCKER_HOST' || endpoint.source === 'context') {
    const via = endpoint.source === 'DOCKER_HOST' ? 'DOCKER_HOST' : `the docker context "${endpoint.context ?? ''}"`;
    if (!endpoint.socketPath) {
      return result({
        id: 'docker-host', title, status: 'warn', details,
        summary: `${via} names ${endpoint.host}, not a local socket: the checks of this host may not describe that daemon.`,
        fix: {
          text: `That is fine for a remote daemon. For the rootless daemon on this host, point DOCKER_HOST at its socket${endpoint.source === 'context' ? ' or switch the docker context' : ''}.`,
          ...(exportIt?.commands ? { commands: exportIt.commands } : {}),
        },
      });
    }
    if (endpoint.rootful) {
      return result({
        id: 'docker-host', title, status: 'warn', details,
        summary: `${via} points at ${endpoint.socketPath}, the system daemon that runs as root, not your rootless one.`,
        ...(exportIt ? { fix: exportIt } : {}),
      });
    }
    const sockStat = p.stat(endpoint.socketPath);
    if (sockStat?.type !== 'socket') {
      const elsewhere = rootlessExists && rootlessSocket !== endpoint.socketPath;
      return result({
        id: 'docker-host', title, status: elsewhere ? 'fail' : 'warn', details,
        summary: elsewhere
          ? `${via} points at ${endpoint.socketPath}, which does not exist, while the rootless daemon listens on ${rootlessSocket}.`
          : `${via} points at ${endpoint.socketPath}, which does not exist (is the daemon stopped?).`,
        fix: elsewhere && exportIt ? exportIt : { text: 'Start the rootless daemon, or point DOCKER_HOST at the socket it uses.', commands: ['systemctl --user start docker'] },
      });
    }
    return result({
      id: 'docker-host', title, status: endpoint.warnings.length ? 'warn' : 'pass', details,
      summary: `${via} points at ${endpoint.socketPath}${endpoint.socketPath === rootlessSocket ? ', the rootless socket' : ''}.`,
      ...(endpoint.warnings.length ? { fix: { text: endpoint.warnings.join(' ') } } : {}),
    });
  }
  if (endpoint.source === 'XDG_RUNTIME_DIR' || endpoint.source === 'run-user') {
    return result({
      id: 'docker-host', title, status: 'warn', details,
      summary: `The rootless daemon listens on ${endpoint.socketPath}, but neither DOCKER_HOST nor a docker context names it: the docker CLI and compose would use /var/run/docker.sock instead. (This extension finds the socket by itself.)`,
      fix: {
        text: 'Set DOCKER_HOST in your shell profile, or select the context that dockerd-rootless-setuptool.sh created.',
        commands: [...(exportIt?.commands ?? []), 'docker context use rootless'],
        docs: DOCS.rootless,
      },
    });
  }
  return result({
    id: 'docker-host', title, status: 'warn', details,
    summary: `No rootless socket exists${rootlessSocket ? ` (${rootlessSocket})` : ''}: the daemon is not running, and tools would fall back to the system daemon's /var/run/docker.sock.`,
    fix: { text: 'Start the rootless daemon; then set DOCKER_HOST to its socket.', commands: ['systemctl --user start docker', ...(exportIt?.commands ?? [])], docs: DOCS.rootless },
  });
};

export const checkDaemon: Check = async (p) => {
  const title = 'Rootless daemon';
  const { socketPath, answer } = await daemonOf(p);
  if (!socketPath || !answer) return result({ id: 'daemon', title, status: 'skip', summary: 'The daemon socket is unknown (no XDG_RUNTIME_DIR and no user id).' });
  if (!answer.ok) {
    return result({
      id: 'daemon', title, status: 'warn', details: [`${socketPath}: ${answer.error}`],
      summary: `The daemon does not answer on ${socketPath}.`,
      fix: { text: 'Start it (the extension\'s "Start Daemon" command waits until it answers).', commands: ['systemctl --user start docker'], docs: DOCS.troubleshoot },
    });
  }
  const i = answer.info;
  const details = [`socket ${socketPath}`, `Docker ${i.serverVersion ?? '?'}, storage ${i.driver ?? '?'}, cgroup driver ${i.cgroupDriver ?? '?'}, cgroup v${i.cgroupVersion ?? '?'}`];
  if (i.rootless === false) {
    return result({
      id: 'daemon', title, status: 'warn', details,
      summary: `The daemon on ${socketPath} is not in rootless mode (no name=rootless in its security options).`,
      fix: { text: 'Point DOCKER_HOST at the rootless daemon, or install it.', commands: [INSTALL_COMMAND], docs: DOCS.rootless },
    });
  }
  if (i.cgroupDriver === 'none') {
    return result({
      id: 'daemon', title, status: 'warn', details,
      summary: `The rootless daemon answers (Docker ${i.serverVersion ?? '?'}), but with cgroup driver "none": it cannot apply resource limits to containers.`,
      fix: { text: 'Limits need cgroup v2 with systemd delegating controllers to your user manager (see the cgroup check).', docs: DOCS.cgroup2 },
    });
  }
  return result({ id: 'daemon', title, status: 'pass', details, summary: `The rootless daemon answers (Docker ${i.serverVersion ?? '?'}).` });
};

export const checkStorageDriver: Check = async (p) => {
  const title = 'Storage driver';
  const k = kernelVersion(p);
  const { answer } = await daemonOf(p);
  const kernelNote = k ? `kernel ${k.major}.${k.minor}${k.flavor ? ` (${k.flavor})` : ''}` : 'kernel unknown';
  if (!answer?.ok || !answer.info.driver) {
    const expected = k ? (overlayInUserns(k) ? 'overlay2' : atLeast(k, 4, 18) ? 'fuse-overlayfs' : 'vfs') : undefined;
    return result({
      id: 'storage-driver', title, status: 'skip', details: [kernelNote],
      summary: `The daemon did not answer, so its storage driver is unknown${expected ? `; this kernel allows ${expected}` : ''}.`,
    });
  }
  const driver = answer.info.driver;
  const details = [`driver ${driver}`, kernelNote];
  if (driver === 'vfs') {
    const better = k && overlayInUserns(k) ? 'overlay2' : 'fuse-overlayfs';
    return result({
      id: 'storage-driver', title, status: 'warn', details,
      summary: 'The daemon uses vfs, which copies every image layer in full: slow, and heavy on disk.',
      fix: {
        text: `Use ${better} instead: set "storage-driver": "${better}" in ~/.config/docker/daemon.json${better === 'fuse-overlayfs' ? ' (install fuse-overlayfs first)' : ''} and restart the daemon. Images must be pulled again.`,
        docs: DOCS.rootless,
      },
    });
  }
  if (driver === 'overlay2' && k && !overlayInUserns(k)) {
    return result({
      id: 'storage-driver', title, status: 'fail', details,
      summary: `The daemon uses overlay2, which this kernel (${k.major}.${k.minor}) does not support in a user namespace.`,
      fix: { text: 'Use fuse-overlayfs, or upgrade to kernel 5.11 or later.', commands: ['sudo apt-get install fuse-overlayfs'], docs: DOCS.rootless },
    });
  }
  if (driver === 'fuse-overlayfs') {
    if (!p.which('fuse-overlayfs')) {
      return result({
        id: 'storage-driver', title, status: 'fail', details,
        summary: 'The daemon uses fuse-overlayfs, but the fuse-overlayfs binary is not installed.',
        fix: { text: 'Install it.', commands: ['sudo apt-get install fuse-overlayfs'] },
      });
    }
    if (k && overlayInUserns(k)) {
      return result({
        id: 'storage-driver', title, status: 'pass', details,
        summary: 'The daemon uses fuse-overlayfs; this kernel also supports the faster native overlay2.',
      });
    }
  }
  return result({ id: 'storage-driver', title, status: 'pass', details, summary: `The daemon uses ${driver}, which works with this kernel.` });
};

// --- network ---------------------------------------------------------------------------------------------------

export const checkNetworkDriver: Check = (p) => {
  const title = 'Network driver (slirp4netns / pasta)';
  const found = ['slirp4netns', 'pasta', 'vpnkit'].map((name) => [name, p.which(name)] as const).filter(([, path]) => path);
  const tun = p.stat('/dev/net/tun');
  const details = found.map(([name, path]) => `${name}: ${path}`);
  details.push(tun ? `/dev/net/tun mode ${(tun.mode & 0o777).toString(8).padStart(4, '0')}` : '/dev/net/tun missing');
  if (!found.length) {
    return Promise.resolve(result({
      id: 'network', title, status: 'fail', details,
      summary: 'Neither slirp4netns nor pasta (nor vpnkit) is installed: RootlessKit has no way to give containers a network.',
      fix: { text: 'Install slirp4netns (or passt, which provides pasta).', commands: ['sudo apt-get install slirp4netns'], docs: DOCS.rootless },
    }));
  }
  const tunUsable = tun !== undefined && tun.type === 'other' && (tun.mode & 0o006) === 0o006;
  if (!tunUsable) {
    return Promise.resolve(result({
      id: 'network', title, status: 'fail', details,
      summary: tun
        ? '/dev/net/tun is not readable and writable by you: RootlessKit fails with "open: Permission denied … setting up tap tap0".'
        : '/dev/net/tun does not exist: slirp4netns and pasta need it.',
      fix: {
        text: tun ? 'Give everyone access to the tun device (its normal mode).' : 'Load the tun module.',
        commands: tun ? ['sudo chmod 0666 /dev/net/tun'] : ['sudo modprobe tun'],
      },
    }));
  }
  return Promise.resolve(result({ id: 'network', title, status: 'pass', details, summary: `${found.map(([n]) => n).join(' and ')} ${found.length > 1 ? 'are' : 'is'} installed and /dev/net/tun is usable.` }));
};

export const checkPortStart: Check = async (p) => {
  const title = 'Privileged ports (ip_unprivileged_port_start)';
  const raw = p.readFile('/proc/sys/net/ipv4/ip_unprivileged_port_start')?.trim();
  if (raw === undefined || !/^\d+$/.test(raw)) {
    return result({ id: 'port-start', title, status: 'skip', summary: 'net.ipv4.ip_unprivileged_port_start could not be read (kernel older than 4.11?): ports below 1024 cannot be published.' });
  }
  const start = Number(raw);
  const details = [`net.ipv4.ip_unprivileged_port_start = ${start}`];
  const rk = p.which('rootlesskit');
  if (rk && start > 0) {
    const caps = await p.run('getcap', [rk], { timeoutMs: 5000 });
    if (caps.code === 0 && /cap_net_bind_service/i.test(caps.stdout)) {
      details.push(`${rk}: cap_net_bind_service`);
      return result({ id: 'port-start', title, status: 'pass', details, summary: 'RootlessKit has CAP_NET_BIND_SERVICE: containers can publish any port.' });
    }
  }
  if (start <= 80) {
    return result({ id: 'port-start', title, status: 'pass', details, summary: `Ports from ${start} up can be published${start > 0 ? '' : ' (all of them)'}, including 80 and 443.` });
  }
  return result({
    id: 'port-start', title, status: 'warn', details,
    summary: `Ports below ${start} cannot be published: \`-p 80:80\` fails with "cannot expose privileged port 80".`,
    fix: {
      text: 'Publish a higher port (e.g. -p 8080:80), or let unprivileged users bind from 80, now and at boot.',
      commands: ['sudo sysctl -w net.ipv4.ip_unprivileged_port_start=80', "echo 'net.ipv4.ip_unprivileged_port_start=80' | sudo tee /etc/sysctl.d/99-rootless-ports.conf"],
      docs: 'https://docs.docker.com/engine/security/rootless/tips/',
    },
  });
};

export const checkPingGroupRange: Check = (p) => {
  const title = 'ping inside containers (ping_group_range)';
  const raw = p.readFile('/proc/sys/net/ipv4/ping_group_range')?.trim();
  const m = raw ? /^(\d+)\s+(\d+)$/.exec(raw) : null;
  if (!raw || !m) return Promise.resolve(result({ id: 'ping', title, status: 'skip', summary: 'net.ipv4.ping_group_range could not be read.' }));
  const [lo, hi] = [Number(m[1]), Number(m[2])];
  const details = [`net.ipv4.ping_group_range = ${lo} ${hi}`];
  const gid = p.user.gid;
  const covers = gid !== undefined ? lo <= gid && gid <= hi : lo <= hi && hi > 0;
  if (covers) return Promise.resolve(result({ id: 'ping', title, status: 'pass', details, summary: `ping works in containers (your group ${gid ?? ''} is in the allowed range).`.replace(' ()', '') }));
  return Promise.resolve(result({
    id: 'ping', title, status: 'warn', details,
    summary: `ping fails inside containers: ICMP sockets are allowed only for groups ${lo}–${hi}${lo > hi ? ' (nobody)' : ''}${gid !== undefined ? `, and your group is ${gid}` : ''}.`,
    fix: {
      text: 'Allow ICMP echo sockets for all groups, now and at boot.',
      commands: ['sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"', "echo 'net.ipv4.ping_group_range = 0 2147483647' | sudo tee /etc/sysctl.d/99-rootless-ping.conf"],
      docs: 'https://docs.docker.com/engine/security/rootless/tips/',
    },
  }));
};

// --- rootless tools ---------------------------------------------------------------------------------------------

export const checkRootlessTools: Check = (p) => {
  const title = 'Rootless tools (RootlessKit, dockerd-rootless.sh)';
  const names = ['rootlesskit', 'dockerd-rootless.sh', 'dockerd-rootless-setuptool.sh'];
  const found = names.map((n) => [n, p.which(n)] as const);
  const missing = found.filter(([, f]) => !f).map(([n]) => n);
  const details = found.map(([n, f]) => `${n}: ${f ?? 'not found'}`);
  if (missing.length) {
    return Promise.resolve(result({
      id: 'rootless-tools', title, status: missing.includes('rootlesskit') || missing.includes('dockerd-rootless.sh') ? 'fail' : 'warn', details,
      summary: `Not installed: ${missing.join(', ')}.`,
      fix: {
        text: "Install Docker's rootless extras: Debian/Ubuntu's docker.io with rootlesskit (the scripts are in /usr/share/docker.io/contrib), or docker-ce-rootless-extras from Docker's repository.",
        commands: ['sudo apt-get install rootlesskit docker.io'],
        docs: DOCS.rootless,
      },
    }));
  }
  return Promise.resolve(result({ id: 'rootless-tools', title, status: 'pass', details, summary: 'RootlessKit and the rootless scripts are installed.' }));
};

export const checkRootlesskitCaps: Check = async (p) => {
  const title = 'RootlessKit capabilities';
  const rk = p.which('rootlesskit');
  if (!rk) return result({ id: 'rootlesskit-caps', title, status: 'skip', summary: 'rootlesskit is not installed.' });
  const st = p.stat(rk);
  const details = [`${rk}${st ? `: mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}, owner uid ${st.uid}` : ''}`];
  if (st && (st.mode & 0o4000) !== 0) {
    return result({
      id: 'rootlesskit-caps', title, status: 'fail', details,
      summary: 'rootlesskit is setuid: it should run with your own privileges only.',
      fix: { text: 'Remove the setuid bit.', commands: [`sudo chmod u-s ${shellQuote(rk)}`] },
    });
  }
  const r = await p.run('getcap', [rk], { timeoutMs: 5000 });
  if (r.failure === 'not-found') return result({ id: 'rootlesskit-caps', title, status: 'skip', details, summary: 'getcap is not installed, so file capabilities could not be read (package libcap2-bin).' });
  const caps = r.code === 0 ? r.stdout.replace(rk, '').replace(/^[\s=]+/, '').trim() : '';
  if (caps) details.push(`file capabilities: ${caps}`);
  const extra = caps
    .toLowerCase()
    .split(/[,=+\s]+/)
    .filter((c) => c.startsWith('cap_') && c !== 'cap_net_bind_service');
  if (extra.length) {
    return result({
      id: 'rootlesskit-caps', title, status: 'warn', details,
      summary: `rootlesskit carries file capabilities beyond binding low ports (${extra.join(', ')}): every user who runs it gets them.`,
      fix: { text: 'Keep at most cap_net_bind_service.', commands: [`sudo setcap cap_net_bind_service=ep ${shellQuote(rk)}`] },
    });
  }
  return result({
    id: 'rootlesskit-caps', title, status: 'pass', details,
    summary: caps ? 'rootlesskit has CAP_NET_BIND_SERVICE only: containers can publish ports below 1024.' : 'rootlesskit has no file capabilities (the default).',
  });
};

/** Every check, in report order. */
export const CHECKS: ReadonlyArray<{ id: string; check: Check }> = [
  { id: 'kernel', check: checkKernel },
  { id: 'userns', check: checkUserNamespaces },
  { id: 'uidmap', check: checkUidmap },
  { id: 'subuid', check: checkSubuid },
  { id: 'subgid', check: checkSubgid },
  { id: 'cgroup', check: checkCgroup },
  { id: 'systemd-user', check: checkSystemdUser },
  { id: 'docker-unit', check: checkDockerUnit },
  { id: 'linger', check: checkLinger },
  { id: 'runtime-dir', check: checkRuntimeDir },
  { id: 'docker-host', check: checkDockerHost },
  { id: 'daemon', check: checkDaemon },
  { id: 'storage-driver', check: checkStorageDriver },
  { id: 'network', check: checkNetworkDriver },
  { id: 'port-start', check: checkPortStart },
  { id: 'ping', check: checkPingGroupRange },
  { id: 'rootless-tools', check: checkRootlessTools },
  { id: 'rootlesskit-caps', check: checkRootlesskitCaps },
];
