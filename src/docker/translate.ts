// Translates the daemon's rootless-specific error messages into the catalogue's rule and what to do about
// it. The patterns are those of ../shared/rootless-rules.md; the real messages of the test bed are in the
// tests (test/unit/docker/translate.test.ts, test/integration/sidebar.test.ts).
import { DOCS } from '../lint/rule';

export interface Translation {
  /** The catalogue's rule id (docs/rules.md), or a daemon-level id for failures no compose setting causes. */
  ruleId: string;
  /** One line: what went wrong, in rootless terms. */
  title: string;
  /** A few words for a tree node's description, e.g. "privileged port 80". */
  short: string;
  /** What to do about it; plain text (it may end up next to daemon text, never in trusted markdown). */
  guidance: string;
  docs: string;
}

interface Pattern {
  re: RegExp;
  make(m: RegExpExecArray): Translation;
}

// Linux resource numbers (asm-generic) → ulimit names as compose and `docker run --ulimit` spell them.
const RLIMITS: Record<string, string> = {
  '0': 'cpu', '1': 'fsize', '2': 'data', '3': 'stack', '4': 'core', '5': 'rss', '6': 'nproc', '7': 'nofile',
  '8': 'memlock', '9': 'as', '10': 'locks', '11': 'sigpending', '12': 'msgqueue', '13': 'nice', '14': 'rtprio', '15': 'rttime',
};

const PATTERNS: Pattern[] = [
  {
    re: /cannot expose privileged port (\d+)(?:.*?\(currently (\d+)\))?/s,
    make: (m) => {
      const port = m[1];
      const start = m[2] ?? '1024';
      return {
        ruleId: 'privileged-port',
        short: `privileged port ${port}`,
        title: `Rootless Docker cannot publish host port ${port}: ports below ${start} are privileged.`,
        guidance:
          `Publish a host port of ${start} or above (for example "8${port.padStart(3, '0')}:${port}" in compose), ` +
          `or let unprivileged users bind it: sudo sysctl net.ipv4.ip_unprivileged_port_start=${port} ` +
          `(make it permanent in /etc/sysctl.d/), then restart the container.`,
        docs: DOCS.ports,
      };
    },
  },
  {
    re: /error while connecting to RootlessKit API socket/,
    make: () => ({
      ruleId: 'rootlesskit-api-lost',
      short: 'RootlessKit API socket lost',
      title: "The daemon lost RootlessKit's API socket, so no port can be published.",
      guidance:
        "RootlessKit's state directory (by default under /tmp) was removed while the daemon ran, by a /tmp cleaner or a reboot-less cleanup. " +
        'Restart the daemon (systemctl --user restart docker). To prevent it, give RootlessKit a state directory outside /tmp ' +
        '(DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=--state-dir=…).',
      docs: DOCS.troubleshoot,
    }),
  },
  {
    re: /cannot toggle freezer: cgroups not configured/,
    make: () => ({
      ruleId: 'pause-needs-cgroups',
      short: 'no freezer cgroup',
      title: 'Pausing needs the freezer cgroup, which this rootless daemon does not have.',
      guidance:
        'A rootless daemon gets cgroups only on a cgroup v2 host with systemd (docker info: Cgroup Driver systemd). ' +
        'Without them, stop and start the container instead of pausing it.',
      docs: DOCS.resources,
    }),
  },
  {
    re: /NanoCPUs can not be set/,
    make: () => ({
      ruleId: 'cgroup-controller-not-delegated',
      short: 'cpu controller not delegated',
      title: "A CPU limit was refused: the cpu cgroup controller is not delegated to your user's systemd slice.",
      guidance:
        'Delegate the controllers with a drop-in /etc/systemd/system/user@.service.d/delegate.conf holding ' +
        '"[Service]" and "Delegate=cpu cpuset io memory pids", run sudo systemctl daemon-reload, then log in again. ' +
        'Or remove the cpus limit.',
      docs: DOCS.resources,
    }),
  },
  {
    re: /error setting rlimit type (\d+)/,
    make: (m) => {
      const name = RLIMITS[m[1]] ?? `type ${m[1]}`;
      return {
        ruleId: 'ulimit-above-hard-limit',
        short: `${name} ulimit above your hard limit`,
        title: `The ${name} ulimit asks for more than your user's hard limit, which a rootless daemon cannot raise.`,
        guidance:
          `Lower or remove the ${name} ulimit (in an override: "ulimits: !reset null"), or raise your hard limit ` +
          `(/etc/security/limits.conf, or Limit${name === 'memlock' ? 'MEMLOCK' : name.toUpperCase()}= in the user's systemd service). ` +
          (name === 'memlock' ? 'For Elasticsearch or OpenSearch, set bootstrap.memory_lock=false.' : ''),
        docs: DOCS.caveats,
      };
    },
  },
  {
    re: /(?:write sysctl key kernel\.domainname|\/proc\/sys\/kernel\/domainname: permission denied)/,
    make: () => ({
      ruleId: 'domainname-unsupported',
      short: 'domainname not allowed',
      title: 'A rootless container cannot set its NIS domain name (domainname).',
      guidance: 'Remove domainname (or --domainname); set the host name with hostname, and names with extra_hosts or dns_search.',
      docs: DOCS.limitations,
    }),
  },
  {
    re: /(?:write sysctl key ([\w.]+)|open \/proc\/sys\/([\w/]+): no such file or directory)/,
    make: (m) => {
      const key = m[1] ?? m[2].replace(/\//g, '.');
      return {
        ruleId: 'sysctl-not-permitted',
        short: `sysctl ${key} not allowed`,
        title: `The sysctl ${key} cannot be set in a rootless container.`,
        guidance: `Remove ${key} from the container's sysctls and set it on the host instead (sudo sysctl ${key}=…), if it is needed at all.`,
        docs: DOCS.sysctl,
      };
    },
  },
  {
    re: /bind source path does not exist: ((?:\/var)?\/run\/docker\.sock)/,
    make: (m) => ({
      ruleId: 'docker-socket-path',
      short: `no ${m[1]}`,
      title: `${m[1]} does not exist: the rootless daemon's socket is in your runtime directory.`,
      guidance: 'Mount the rootless socket instead: "${XDG_RUNTIME_DIR}/docker.sock:/var/run/docker.sock" (the target path inside the container stays the same).',
      docs: DOCS.troubleshoot,
    }),
  },
  {
    re: /WritableCgroups conflicts with user namespaces/,
    make: () => ({
      ruleId: 'writable-cgroups',
      short: 'writable-cgroups not allowed',
      title: 'writable-cgroups cannot be used with a rootless daemon.',
      guidance: 'Remove writable-cgroups=true from security_opt.',
      docs: DOCS.limitations,
    }),
  },
  {
    re: /storage-opt is (?:not )?supported/,
    make: () => ({
      ruleId: 'storage-opt-unsupported',
      short: 'storage_opt not supported',
      title: "The storage driver of a rootless daemon does not support per-container size limits (storage_opt).",
      guidance: 'Remove storage_opt (or --storage-opt).',
      docs: DOCS.limitations,
    }),
  },
  {
    re: /failed to mount local volume: .*(?:operation not permitted|permission denied)/,
    make: () => ({
      ruleId: 'nfs-volume-mount',
      short: 'volume cannot be mounted',
      title: 'A rootless daemon cannot mount this volume (NFS, CIFS or a block device need real root).',
      guidance: 'Mount the share on the host (fstab or systemd mount) and bind-mount the directory into the container.',
      docs: DOCS.caveats,
    }),
  },
  {
    re: /lchown [^:]*: invalid argument/,
    make: () => ({
      ruleId: 'uid-outside-subuid-range',
      short: 'id beyond the subuid range',
      title: 'A file in the image belongs to a user or group id beyond your subordinate id range.',
      guidance: 'Give your user a larger range in /etc/subuid and /etc/subgid (then restart the daemon), or keep ids in images below 65536.',
      docs: DOCS.subuid,
    }),
  },
  {
    re: /the requested parent interface (\S+) was not found/,
    make: (m) => ({
      ruleId: 'macvlan-ipvlan-unsupported',
      short: `parent interface ${m[1]} not visible`,
      title: `The network's parent interface ${m[1]} is not visible inside RootlessKit's network namespace.`,
      guidance: 'Use a bridge network and publish ports; macvlan and ipvlan networks cannot reach the host network under rootless.',
      docs: DOCS.networking,
    }),
  },
  {
    re: /cgroup-parent for systemd cgroup should be a valid slice/,
    make: () => ({
      ruleId: 'cgroup-parent',
      short: 'cgroup_parent is not a slice',
      title: 'With the systemd cgroup driver, cgroup_parent must name a slice.',
      guidance: 'Remove cgroup_parent, or name a slice such as "my.slice".',
      docs: DOCS.resources,
    }),
  },
  // The rest were seen on the test bed's Docker 20.10 by test/integration/conformance (fixtures: test/fixtures/observed/).
  {
    re: /error mounting "(proc|mqueue)" to rootfs at "(\/proc|\/dev\/mqueue)"/,
    make: (m) => {
      const key = m[1] === 'proc' ? 'pid' : 'ipc';
      return {
        ruleId: 'host-pid-ipc-limited',
        short: `${key}: host needs Docker 23`,
        title: `${key}: host does not work with this rootless daemon: it cannot mount ${m[2]} for the container.`,
        guidance: `Remove ${key}: host (--${key}=host), or upgrade the daemon: rootless Docker supports it, in part, from 23.0.`,
        docs: DOCS.limitations,
      };
    },
  },
  {
    re: /unable to setup user: invalid argument/,
    make: () => ({
      ruleId: 'uid-outside-subuid-range',
      short: 'user id beyond the subuid range',
      title: "The container's user ID is beyond your subordinate ID range, so it does not exist in the rootless user namespace.",
      guidance:
        'Run as a user ID of at most 65536 on a typical host (0 is you; 1 to 65536 are your /etc/subuid range), ' +
        'or give your user a larger range in /etc/subuid and /etc/subgid and restart the daemon.',
      docs: DOCS.subuid,
    }),
  },
  {
    re: /write \/proc\/sys\/([\w/]+): invalid argument/,
    make: (m) => {
      const key = m[1].replace(/\//g, '.');
      return {
        ruleId: 'sysctl-not-permitted',
        short: `sysctl ${key} refused`,
        title: `The value of the sysctl ${key} cannot be set in a rootless container.`,
        guidance:
          key === 'net.ipv4.ping_group_range'
            ? 'Keep the range within the group IDs the container has (0 65536 on a typical host), or remove the sysctl.'
            : `Remove ${key} from the container's sysctls, or set it on the host instead (sudo sysctl ${key}=…).`,
        docs: DOCS.sysctl,
      };
    },
  },
  {
    re: /sysctl "([\w.]+)" not allowed in host network namespace/,
    make: (m) => ({
      ruleId: 'sysctl-not-permitted',
      short: 'sysctl with host network',
      title: `The sysctl ${m[1]} cannot be set with host networking: the container has no network namespace of its own.`,
      guidance: `Remove ${m[1]} from the container's sysctls and set it on the host (sudo sysctl ${m[1]}=…), or use a bridge network.`,
      docs: DOCS.sysctl,
    }),
  },
  {
    re: /invalid subinterface vlan name ([^,\s]+),|-o parent interface (?:does )?was not found on the host: (\S+)/,
    make: (m) => {
      const nic = m[1] ?? m[2];
      return {
        ruleId: 'macvlan-ipvlan-unsupported',
        short: `parent interface ${nic} not visible`,
        title: `The network's parent interface ${nic} is not visible inside RootlessKit's network namespace.`,
        guidance: 'Use a bridge network and publish ports; macvlan and ipvlan networks cannot reach the host network under rootless.',
        docs: DOCS.networking,
      };
    },
  },
  {
    re: /This node is not a swarm manager/,
    make: () => ({
      ruleId: 'overlay-network-unsupported',
      short: 'needs Swarm mode',
      title: 'Overlay networks need Swarm mode, which a rootless daemon does not support.',
      guidance: 'Use a bridge network (the default driver) for a single-host project.',
      docs: DOCS.limitations,
    }),
  },
  {
    re: /invalid --security-opt \d+: "writable-cgroups/,
    make: () => ({
      ruleId: 'writable-cgroups',
      short: 'writable-cgroups not allowed',
      title: 'This daemon does not know security_opt writable-cgroups, and no rootless daemon accepts it.',
      guidance: 'Remove writable-cgroups from security_opt.',
      docs: DOCS.limitations,
    }),
  },
  {
    re: /Unknown runtime specified (\S+)/,
    make: (m) => ({
      ruleId: 'runtime-unsupported',
      short: `runtime ${m[1]} not registered`,
      title: `The runtime ${m[1]} is not registered with this daemon.`,
      guidance:
        `A rootless daemon reads its runtimes from ~/.config/docker/daemon.json, not /etc/docker/daemon.json: register ${m[1]} there ` +
        '(if it supports rootless mode) and restart the daemon, or use runc.',
      docs: DOCS.troubleshoot,
    }),
  },
  {
    re: /could not select device driver "[^"]*" with capabilities: \[\[[^\]]*\bgpu\b/,
    make: () => ({
      ruleId: 'gpu-requires-config',
      short: 'no GPU runtime',
      title: 'No GPU device driver is set up for this rootless daemon.',
      guidance:
        'Install the NVIDIA Container Toolkit, register the nvidia runtime in ~/.config/docker/daemon.json (the rootless daemon does not read ' +
        '/etc/docker/daemon.json), set no-cgroups = true in /etc/nvidia-container-runtime/config.toml, and restart the daemon.',
      docs: DOCS.troubleshoot,
    }),
  },
  {
    re: /error creating device nodes: mount ([^:\s]+):\S+ \(via [^)]*\), flags: 0x[0-9a-f]+: no such file or directory/,
    make: (m) => ({
      ruleId: 'device-group-access',
      short: `no ${m[1]} on the host`,
      title: `A rootless daemon cannot create the device node ${m[1]}: it bind-mounts the host's node from the same path, and the host has none there.`,
      guidance: 'Map the device to the same path inside the container (for example /dev/ttyUSB0:/dev/ttyUSB0), and link to it from the image if the program expects another name.',
      docs: DOCS.uidMapping,
    }),
  },
];

/** The rule and guidance for a rootless failure message from the daemon; undefined when it is not one. */
export function translateDaemonError(message: string): Translation | undefined {
  // Messages can be long (a whole runc error chain); the patterns are anchored on short phrases.
  const text = message.length > 20_000 ? message.slice(0, 20_000) : message;
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m) return p.make(m);
  }
  return undefined;
}

/** The text of an error thrown by dockerode: its `json.message` when the daemon sent one, else `message`. */
export function daemonMessage(err: unknown): string {
  const e = err as { json?: { message?: unknown }; message?: unknown; reason?: unknown } | undefined;
  if (typeof e?.json?.message === 'string' && e.json.message) return e.json.message;
  if (typeof e?.message === 'string') return e.message;
  return String(err);
}
