// Arbitraries for realistic compose files: services with ports in every syntax, volumes, security_opt,
// sysctls, ulimits, deploy limits and devices, networks, anchors/aliases/merge keys, `${…}`
// interpolation, `!reset`/`!override`, comments and suppression comments, in block or flow style.
import fc from 'fast-check';
import type { HostFacts } from '../../../src/lint/types';
import { renderYaml, type Style, type YEntry, type YNode } from './yamlText';

type Arb<T> = fc.Arbitrary<T>;

const VARS = ['PORT', 'HOST_PORT', 'VAR', 'OTHER', 'UID', 'GID', 'PRIV', 'DATA', 'XDG_RUNTIME_DIR', 'DOCKER_HOST', 'MEM', 'NET'];

// ---------------------------------------------------------------------------------------------
// Scalars

const style: Arb<Style> = fc.constantFrom<Style>('plain', 'plain', 'plain', 'single', 'double');

/** Sometimes replaces a value by an interpolation of it: `${VAR:-value}`, `${VAR}`, `$VAR`, `$${…}` or a malformed one. */
function interpolated(value: Arb<string>): Arb<string> {
  return fc.oneof(
    { weight: 6, arbitrary: value },
    {
      weight: 1,
      arbitrary: fc.tuple(value, fc.constantFrom(...VARS), fc.nat(9)).map(([v, name, form]) => {
        switch (form) {
          case 0: return `\${${name}:-${v}}`;
          case 1: return `\${${name}}`;
          case 2: return `$${name}`;
          case 3: return `\${${name}-${v}}`;
          case 4: return `\${${name}:?${name} must be set}`;
          case 5: return `\${${name}:+${v}}`;
          case 6: return `$\${${name}}`;
          case 7: return `\${${name}:-\${OTHER:-${v}}}`;
          case 8: return `\${${name}`;
          default: return `${v}\${}`;
        }
      }),
    },
  );
}

function scalar(value: Arb<string>, opts: { interpolate?: boolean; styles?: Arb<Style> } = {}): Arb<YNode> {
  const v = opts.interpolate === false ? value : interpolated(value);
  return fc.tuple(v, opts.styles ?? style).map(([value, s]) => ({ t: 'scalar', value, style: s }));
}

const str = (...values: string[]) => scalar(fc.constantFrom(...values));
const num = (min: number, max: number) => scalar(fc.integer({ min, max }).map(String), { styles: fc.constant<Style>('plain') });
const bool = scalar(fc.constantFrom('true', 'false', 'yes', 'no', 'on', 'True', 'TRUE'));

/** A list of nodes, block or flow, sometimes tagged `!reset`/`!override`. */
function seq(item: Arb<YNode>, max = 4): Arb<YNode> {
  return fc
    .tuple(fc.array(item, { minLength: 0, maxLength: max }), fc.boolean(), fc.constantFrom(undefined, undefined, undefined, undefined, undefined, undefined, '!reset', '!override'))
    .map(([items, flow, tag]) => ({ t: 'seq', items, flow, tag }));
}

/** A map from key/value pairs (first key wins), block or flow. */
function map(entries: Arb<[string, YNode]>[], opts: { min?: number; max?: number } = {}): Arb<YNode> {
  return fc
    .tuple(fc.array(fc.oneof(...entries), { minLength: opts.min ?? 0, maxLength: opts.max ?? entries.length }), fc.boolean(), fc.constantFrom(undefined, undefined, undefined, undefined, undefined, undefined, '!reset', '!override'))
    .map(([pairs, flow, tag]) => {
      const seen = new Set<string>();
      const list: YEntry[] = [];
      for (const [key, value] of pairs) {
        if (seen.has(key)) continue;
        seen.add(key);
        list.push({ key, value });
      }
      return { t: 'map', entries: list, flow: flow && list.length < 4, tag };
    });
}

const entry = (key: string, value: Arb<YNode>): Arb<[string, YNode]> => value.map((v) => [key, v] as [string, YNode]);

/** A `KEY=VALUE` list or a `KEY: VALUE` map, as compose allows for environment, sysctls, labels. */
function listOrDict(keys: string[], value: Arb<string>, sep = '='): Arb<YNode> {
  const pair = fc.tuple(fc.constantFrom(...keys), value);
  return fc.oneof(
    seq(fc.tuple(pair, style).map(([[k, v], s]): YNode => ({ t: 'scalar', value: `${k}${sep}${v}`, style: s })), 4),
    fc.tuple(fc.array(pair, { maxLength: 4 }), fc.boolean(), style).map(([pairs, flow, s]): YNode => ({
      t: 'map',
      flow,
      entries: [...new Map(pairs)].map(([key, v]) => ({ key, value: { t: 'scalar', value: v, style: s } })),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Service fields

const portNumber = fc.constantFrom(0, 1, 22, 53, 80, 443, 514, 1023, 1024, 2375, 3000, 5432, 8080, 65535, 65536, 99999).map(String);
const hostIp = fc.constantFrom('127.0.0.1', '0.0.0.0', '::1', '::', '192.168.1.10', 'localhost', '${HOST_IP}', 'fe80::1%eth0');
const protocol = fc.constantFrom('', '', '/tcp', '/udp', '/sctp', '/TCP', '/quic');

const shortPort: Arb<string> = fc
  .tuple(fc.nat(7), portNumber, portNumber, hostIp, protocol)
  .map(([form, a, b, ip, proto]) => {
    switch (form) {
      case 0: return `${a}${proto}`;
      case 1: return `${a}:${b}${proto}`;
      case 2: return `${ip}:${a}:${b}${proto}`;
      case 3: return `${a}-${Number(a) + 2}:${b}-${Number(b) + 2}${proto}`;
      case 4: return `${ip}::${b}${proto}`;
      case 5: return `[${ip}]:${a}:${b}${proto}`;
      case 6: return `\${PORT:-${a}}:${b}${proto}`;
      default: return `$HOST_PORT:${b}`;
    }
  });

const longPort = map([
  entry('target', num(0, 70000)),
  entry('published', fc.oneof(num(0, 70000), scalar(fc.constantFrom('80', '8000-8010', '443', '${PORT}', '')))),
  entry('host_ip', scalar(hostIp)),
  entry('protocol', str('tcp', 'udp', 'sctp', 'UDP')),
  entry('mode', str('host', 'ingress')),
  entry('name', str('web', 'http')),
  entry('app_protocol', str('http', 'grpc')),
], { min: 1 });

const ports = seq(fc.oneof({ weight: 4, arbitrary: scalar(shortPort) }, { weight: 1, arbitrary: num(1, 65535) }, { weight: 2, arbitrary: longPort }));

const hostPath = fc.constantFrom(
  '/var/run/docker.sock', '/run/docker.sock', '${XDG_RUNTIME_DIR}/docker.sock', '/run/user/1000/docker.sock', './data', '~/projects', '/etc/passwd',
  '/root/.ssh', '/dev/kvm', '/sys/fs/cgroup', '/proc', '/lib/modules', '/', 'C:\\data', '$DATA', '/var/lib/docker', '/home/app',
);
const volumeName = fc.constantFrom('data', 'db-data', 'nfs', 'cache');
const containerPath = fc.constantFrom('/var/run/docker.sock', '/data', '/app', '/etc/app', '/sys/fs/cgroup', '/dev/kvm', '/tmp');
const mode = fc.constantFrom('', '', ':ro', ':rw', ':z', ':ro,Z', ':cached', ':rshared');

const shortVolume = fc.tuple(fc.oneof(hostPath, volumeName), containerPath, mode, fc.nat(5)).map(([src, dst, m, form]) => (form === 0 ? dst : `${src}:${dst}${m}`));
const longVolume = map([
  entry('type', str('bind', 'volume', 'tmpfs', 'npipe', 'image', 'cluster')),
  entry('source', scalar(fc.oneof(hostPath, volumeName))),
  entry('target', scalar(containerPath)),
  entry('read_only', bool),
  entry('bind', map([entry('propagation', str('rshared', 'private')), entry('create_host_path', bool), entry('selinux', str('z', 'Z'))])),
  entry('volume', map([entry('nocopy', bool), entry('subpath', str('sub'))])),
  entry('tmpfs', map([entry('size', str('64m', '1g')), entry('mode', num(0, 1777))])),
], { min: 1 });
const volumes = seq(fc.oneof({ weight: 3, arbitrary: scalar(shortVolume) }, { weight: 1, arbitrary: longVolume }));

const securityOpt = seq(str(
  'apparmor=unconfined', 'apparmor:unconfined', 'apparmor=docker-default', 'apparmor=my-profile', 'seccomp=unconfined', 'seccomp:profile.json',
  'no-new-privileges', 'no-new-privileges:true', 'label=disable', 'label:type:svirt_apache_t', 'writable-cgroups=true', 'writable-cgroups',
  'writable-cgroups=false', 'systempaths=unconfined',
));

const sysctls = listOrDict(
  ['net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ping_group_range', 'net.core.somaxconn', 'net.ipv4.ip_forward', 'kernel.shmmax', 'kernel.msgmax',
    'vm.overcommit_memory', 'net.ipv6.conf.all.disable_ipv6', 'fs.file-max', 'net.ipv4.tcp_keepalive_time', 'kernel.domainname', 'net.ipv4.conf.all.route_localnet'],
  fc.constantFrom('0', '1', '1024', '0 2147483647', '65535', '', '${VAR}'),
);

const ulimitValue = fc.oneof(
  num(-1, 2_000_000),
  str('unlimited', '65535', '-1', '1048576', 'x'),
  map([entry('soft', num(-1, 2_000_000)), entry('hard', fc.oneof(num(-1, 2_000_000), str('unlimited')))], { min: 1 }),
);
const ulimits = map(['nofile', 'nproc', 'memlock', 'core', 'stack', 'rtprio', 'nice', 'msgqueue', 'sigpending', 'locks', 'fsize', 'bogus'].map((k) => entry(k, ulimitValue)), { min: 1, max: 4 });

const memory = str('512m', '1g', '256M', '1.5G', '0', '-1', '${MEM:-1g}', '100000000', 'lots');
const cpus = str('0.5', '2', '1.5', '0', '${CPUS}');

const devices = seq(fc.oneof(
  str('/dev/kvm', '/dev/ttyUSB0:/dev/ttyUSB0', '/dev/dri:/dev/dri:rwm', '/dev/snd', '/dev/fuse', '/dev/net/tun', 'nvidia.com/gpu=all', '/dev/video0:/dev/video0:r'),
  map([entry('source', str('/dev/kvm', '/dev/dri')), entry('target', str('/dev/kvm')), entry('permissions', str('rwm', 'r'))], { min: 1 }),
));

const gpuDevice = map([
  entry('driver', str('nvidia', 'amd', 'cdi')),
  entry('count', fc.oneof(str('all'), num(0, 4))),
  entry('capabilities', seq(str('gpu', 'compute', 'utility', 'tpu'))),
  entry('device_ids', seq(str('0', '1', 'GPU-abc'))),
  entry('options', map([entry('virtualization', bool)])),
], { min: 1 });

const deploy = map([
  entry('mode', str('replicated', 'global', 'replicated-job')),
  entry('replicas', num(0, 10)),
  entry('resources', map([
    entry('limits', map([entry('cpus', cpus), entry('memory', memory), entry('pids', num(-1, 4096))])),
    entry('reservations', map([entry('cpus', cpus), entry('memory', memory), entry('devices', seq(gpuDevice, 2)), entry('generic_resources', seq(str('x')))])),
  ])),
  entry('placement', map([entry('constraints', seq(str('node.role == manager', 'node.labels.a == b'))), entry('max_replicas_per_node', num(1, 3))])),
  entry('update_config', map([entry('parallelism', num(0, 3)), entry('order', str('start-first'))])),
  entry('restart_policy', map([entry('condition', str('on-failure', 'any'))])),
  entry('endpoint_mode', str('vip', 'dnsrr')),
  entry('labels', listOrDict(['a', 'com.example'], fc.constantFrom('1', 'x'))),
  entry('rollback_config', map([entry('parallelism', num(0, 2))])),
]);

const environment = listOrDict(
  ['DATABASE_URL', 'REDIS_HOST', 'API', 'HTTP_PROXY', 'DOCKER_HOST', 'PORT', 'EMPTY', 'TZ'],
  fc.constantFrom('postgres://localhost:5432/app', '127.0.0.1', 'http://host.docker.internal:8080', 'http://[::1]:80', 'unix:///var/run/docker.sock', '80', '', '${PORT:-80}', 'Europe/Berlin', 'tcp://localhost:2375'),
);

const healthTest = fc.oneof(
  str('ping -c 1 db', 'curl -f http://localhost/ || exit 1', 'NONE', 'sh -c "ping -c1 127.0.0.1"', 'busybox ping -w 1 gateway'),
  seq(str('CMD', 'CMD-SHELL', 'ping', '-c', '1', 'localhost', 'curl -f http://localhost || exit 1'), 5),
  scalar(fc.constantFrom('ping -c 1 db\n', 'set -e\nping -c1 x\n'), { styles: fc.constantFrom<Style>('literal', 'folded') }),
);

const build = fc.oneof(
  str('.', './app', 'https://github.com/x/y.git'),
  map([
    entry('context', str('.', './web')),
    entry('dockerfile', str('Dockerfile', 'web.Dockerfile')),
    entry('dockerfile_inline', scalar(fc.constantFrom('FROM alpine\nRUN ping -c1 x\n', 'FROM busybox\nUSER 100000\n'), { styles: fc.constantFrom<Style>('literal', 'double') })),
    entry('network', str('host', 'none', 'default', '${NET}')),
    entry('entitlements', seq(str('network.host', 'security.insecure'))),
    entry('privileged', bool),
    entry('args', listOrDict(['UID', 'VERSION'], fc.constantFrom('1000', '200000', '1.0'))),
    entry('extra_hosts', seq(str('host.docker.internal:host-gateway', 'db=127.0.0.1'))),
    entry('target', str('prod')),
  ]),
);

const serviceFields: Arb<[string, YNode]>[] = [
  entry('image', str('nginx:1.27', 'postgres:16', 'busybox', 'registry.example.com:5000/app@sha256:abc', '${IMAGE:-alpine}')),
  entry('build', build),
  entry('ports', ports),
  entry('expose', seq(fc.oneof(num(1, 70000), str('80', '443/udp', '8000-8010')))),
  entry('volumes', volumes),
  entry('security_opt', securityOpt),
  entry('sysctls', sysctls),
  entry('ulimits', ulimits),
  entry('deploy', deploy),
  entry('mem_limit', memory),
  entry('memswap_limit', memory),
  entry('mem_reservation', memory),
  entry('mem_swappiness', num(0, 100)),
  entry('cpus', cpus),
  entry('cpu_shares', num(0, 4096)),
  entry('cpu_quota', num(-1, 100000)),
  entry('cpu_period', num(0, 100000)),
  entry('cpuset', str('0-1', '0,2')),
  entry('cpu_rt_runtime', str('400ms', '95000')),
  entry('cpu_rt_period', str('1400us')),
  entry('pids_limit', num(-1, 4096)),
  entry('blkio_config', map([entry('weight', num(10, 1000)), entry('device_read_bps', seq(map([entry('path', str('/dev/sda')), entry('rate', str('12mb'))])))])),
  entry('kernel_memory', memory),
  entry('oom_kill_disable', bool),
  entry('oom_score_adj', num(-1000, 1000)),
  entry('shm_size', memory),
  entry('device_cgroup_rules', seq(str('c 1:3 mr', 'a *:* rwm', 'b 8:* rw'))),
  entry('cgroup_parent', str('my.slice', '/docker', 'user.slice/app.slice', 'custom')),
  entry('cgroup', str('host', 'private')),
  entry('privileged', bool),
  entry('cap_add', seq(str('ALL', 'SYS_ADMIN', 'NET_ADMIN', 'NET_RAW', 'SYS_TIME', 'SYS_MODULE', 'CAP_SYS_NICE', 'sys_ptrace', 'IPC_LOCK', 'NET_BIND_SERVICE', 'SYS_RESOURCE', 'MKNOD', 'AUDIT_CONTROL'))),
  entry('cap_drop', seq(str('ALL', 'NET_RAW'))),
  entry('devices', devices),
  entry('group_add', seq(fc.oneof(str('video', 'dialout', 'render', 'kvm', 'docker'), num(0, 200000)))),
  entry('gpus', fc.oneof(str('all'), seq(gpuDevice, 2))),
  entry('runtime', str('nvidia', 'runc', 'runsc', 'kata', 'crun', 'sysbox-runc', 'io.containerd.runc.v2')),
  entry('network_mode', str('host', 'bridge', 'none', 'service:db', 'container:abc', '${NET:-host}')),
  entry('networks', fc.oneof(
    seq(str('front', 'back', 'default', 'ov')),
    map(['front', 'back', 'ov', 'default'].map((n) => entry(n, fc.oneof(
      str('null', '~'),
      map([entry('ipv4_address', str('172.20.0.5', '10.0.0.2')), entry('ipv6_address', str('fd00::5', '2001:db8::1')), entry('aliases', seq(str('a'))), entry('priority', num(0, 10))]),
    ))), { min: 1 }),
  )),
  entry('userns_mode', str('host', 'keep-id', '')),
  entry('pid', str('host', 'service:db', 'container:x')),
  entry('ipc', str('host', 'shareable', 'private', 'service:db')),
  entry('uts', str('host')),
  entry('storage_opt', map([entry('size', str('20G', '1g')), entry('dm.basesize', str('10G'))])),
  entry('user', fc.oneof(str('0', '0:0', '1000:1000', '100000', 'root', '${UID}:${GID}', '200000:200000', 'app', '65534:65534', '4294967295'), num(0, 300000))),
  entry('domainname', str('example.com', 'corp.local', '')),
  entry('hostname', str('web', 'db.local')),
  entry('extra_hosts', fc.oneof(
    seq(str('host.docker.internal:host-gateway', 'db=10.0.0.2', 'localhost:127.0.0.1', 'myhost:::1', 'gw=host-gateway')),
    listOrDict(['host.docker.internal', 'db'], fc.constantFrom('host-gateway', '127.0.0.1', '10.0.0.2'), ':'),
  )),
  entry('dns', fc.oneof(str('127.0.0.1', '8.8.8.8'), seq(str('127.0.0.1', '8.8.8.8', '::1', '127.0.0.53')))),
  entry('environment', environment),
  entry('healthcheck', map([entry('test', healthTest), entry('interval', str('5s', '1m')), entry('disable', bool), entry('retries', num(0, 5))], { min: 1 })),
  entry('command', fc.oneof(str('ping -c 1 db', 'npm start', 'sh -c "sleep 1 && ping x"'), seq(str('ping', '-c', '1', 'sh', '-c', 'x')))),
  entry('entrypoint', fc.oneof(str('/entrypoint.sh', 'ping'), seq(str('/bin/sh', '-c', 'ping -c1 db')))),
  entry('use_api_socket', bool),
  entry('read_only', bool),
  entry('init', bool),
  entry('tmpfs', fc.oneof(str('/run', '/tmp:size=64m'), seq(str('/run', '/tmp')))),
  entry('depends_on', fc.oneof(seq(str('db', 'web')), map([entry('db', map([entry('condition', str('service_healthy', 'service_started'))]))]))),
  entry('restart', str('always', 'unless-stopped', 'no')),
  entry('labels', listOrDict(['traefik.enable', 'com.example.x'], fc.constantFrom('true', 'x'))),
  entry('logging', map([entry('driver', str('json-file', 'syslog', 'journald')), entry('options', map([entry('syslog-address', str('udp://127.0.0.1:514'))]))])),
  entry('platform', str('linux/amd64', 'linux/arm64')),
  entry('profiles', seq(str('dev', 'debug'))),
  entry('x-custom', str('anything')),
];

// ---------------------------------------------------------------------------------------------
// Whole documents

const ANCHORS = ['base', 'ports', 'limits', 'sec', 'env'];

const comment = fc.constantFrom(
  'a comment', 'rootless-docker-disable-line privileged-port', 'rootless-docker-disable-next-line', 'rootless-docker-disable-line',
  'rootless-docker-disable-next-line apparmor-ignored, cgroup-limits-ignored', 'ports: ["80:80"]', 'é 中 😀',
);

/** Decorates some entries of a map (recursively) with end-of-line and above-line comments. */
function decorate(node: YNode, picks: number[], at = { i: 0 }, comments: string[]): YNode {
  if (node.t !== 'map' && node.t !== 'seq') return node;
  if (node.t === 'seq') return { ...node, items: node.items.map((n) => decorate(n, picks, at, comments)) };
  return {
    ...node,
    entries: node.entries.map((e) => {
      const p = picks[at.i++ % picks.length] ?? 0;
      const c = comments[at.i % comments.length];
      return { ...e, value: decorate(e.value, picks, at, comments), comment: p === 1 ? c : e.comment, above: p === 2 ? c : e.above };
    }),
  };
}

/** One service: its own fields, sometimes a merge key (`<<: *base` or a list of aliases) and aliased values. */
const service: Arb<YNode> = fc
  .tuple(
    fc.array(fc.oneof(...serviceFields), { minLength: 0, maxLength: 10, size: 'medium' }),
    fc.constantFrom<string[] | undefined>(undefined, undefined, ['base'], ['base', 'limits'], ['missing']),
    fc.constantFrom<[string, string] | undefined>(undefined, undefined, ['ports', 'ports'], ['security_opt', 'sec'], ['environment', 'env']),
    fc.boolean(),
  )
  .map(([fields, merge, alias, mergeFirst]) => {
    const entries: YEntry[] = [];
    const seen = new Set<string>();
    for (const [key, value] of fields) {
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push({ key, value });
    }
    if (alias && !seen.has(alias[0])) entries.push({ key: alias[0], value: { t: 'alias', name: alias[1] } });
    if (merge) {
      const value: YNode = merge.length === 1 ? { t: 'alias', name: merge[0] } : { t: 'seq', flow: true, items: merge.map((name) => ({ t: 'alias', name })) };
      if (mergeFirst) entries.unshift({ key: '<<', value });
      else entries.push({ key: '<<', value });
    }
    return { t: 'map', flow: false, entries };
  });

/** The `x-` section with the anchors services refer to. */
const anchors: Arb<YEntry[]> = fc
  .tuple(
    map(serviceFields.slice(0, 12), { max: 4 }),
    ports,
    map([entry('mem_limit', memory), entry('cpus', cpus), entry('pids_limit', num(-1, 100))], { min: 1 }),
    securityOpt,
    environment,
    fc.constantFrom(...ANCHORS.map((_, i) => i)),
  )
  .map(([base, p, limits, sec, env, drop]) => {
    const nodes = [base, p, limits, sec, env].map((n, i) => [ANCHORS[i], { ...n, anchor: ANCHORS[i] } as YNode] as const);
    return nodes.filter((_, i) => i !== drop).map(([name, value]) => ({ key: `x-${name}`, value }));
  });

const topNetworks = map(['front', 'back', 'ov', 'mac'].map((n) => entry(n, fc.oneof(
  str('null', '~'),
  map([
    entry('driver', str('bridge', 'overlay', 'macvlan', 'ipvlan', 'host', 'none', '${NET_DRIVER:-overlay}')),
    entry('driver_opts', listOrDict(['parent', 'com.docker.network.bridge.host_binding_ipv4', 'com.docker.network.driver.mtu'], fc.constantFrom('eth0', '127.0.0.1', '1400'), ':')),
    entry('enable_ipv6', bool),
    entry('ipam', map([entry('config', seq(map([entry('subnet', str('10.0.0.0/24', 'fd00::/64', '2001:db8::/64')), entry('gateway', str('10.0.0.1'))])))])),
    entry('external', bool),
    entry('attachable', bool),
    entry('internal', bool),
    entry('name', str('my-net')),
  ]),
))), { min: 1 });

const topVolumes = map(['data', 'nfs', 'cache'].map((n) => entry(n, fc.oneof(
  str('null', '~'),
  map([
    entry('driver', str('local', 'nfs', 'rexray')),
    entry('driver_opts', map([entry('type', str('nfs', 'nfs4', 'cifs', 'none', 'tmpfs')), entry('o', str('addr=10.0.0.1,rw', 'bind', 'addr=nas,nfsvers=4')), entry('device', str(':/export', '/srv/data', '//nas/share'))])),
    entry('external', bool),
  ]),
))), { min: 1 });

export interface ComposeCase {
  text: string;
  env: Record<string, string>;
  facts: HostFacts;
}

export const env: Arb<Record<string, string>> = fc.dictionary(
  fc.constantFrom(...VARS),
  fc.constantFrom('80', '8080', '', 'host', '/run/user/1000', 'true', '1000:1000', '200000', 'é😀', '${OTHER}', '1g'),
  { maxKeys: 4 },
);

export const hostFacts: Arb<HostFacts> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<HostFacts>({ source: 'generic', unprivilegedPortStart: 1024 }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        source: fc.constantFrom<HostFacts['source']>('host', 'daemon'),
        rootless: fc.constantFrom(true, true, false),
        unprivilegedPortStart: fc.constantFrom(0, 80, 443, 1024),
        cgroupVersion: fc.constantFrom<1 | 2>(1, 2),
        cgroupDriver: fc.constantFrom<'none' | 'systemd' | 'cgroupfs'>('none', 'systemd', 'cgroupfs'),
        delegatedControllers: fc.subarray(['cpu', 'cpuset', 'io', 'memory', 'pids']),
        daemonVersion: fc.constantFrom('20.10.24', '28.0.1', '29.5.0', 'v29.6.0-rc.1', 'garbage'),
        subuidRange: fc.constantFrom(65536, 100000, 1),
      },
      { requiredKeys: ['source', 'unprivilegedPortStart'] },
    ),
  },
);

/** A whole compose file: header, anchors, services, networks, volumes; some entries commented. */
export const composeText: Arb<string> = fc
  .tuple(
    fc.option(anchors, { nil: undefined }),
    fc.array(fc.tuple(fc.constantFrom('web', 'db', 'app', 'proxy', 'gpu', 'worker', 'svc-1', '"quoted name"'), service), { minLength: 1, maxLength: 4 }),
    fc.option(topNetworks, { nil: undefined }),
    fc.option(topVolumes, { nil: undefined }),
    fc.constantFrom(2, 2, 4),
    fc.array(fc.constantFrom(0, 0, 0, 0, 0, 0, 1, 2), { minLength: 4, maxLength: 12 }),
    fc.array(comment, { minLength: 1, maxLength: 3 }),
    fc.constantFrom<string[]>([], [], ['name: demo'], ['version: "3.9"'], ['%YAML 1.2', '---'], ['# compose file']),
    fc.boolean(),
  )
  .map(([xs, services, networks, vols, step, picks, comments, header, secondDoc]) => {
    const entries: YEntry[] = [...(xs ?? [])];
    const names = new Set<string>();
    const svc: YEntry[] = [];
    for (const [quoted, body] of services) {
      const name = quoted.replace(/"/g, '');
      if (names.has(name)) continue;
      names.add(name);
      svc.push({ key: name, value: body });
    }
    entries.push({ key: 'services', value: { t: 'map', flow: false, entries: svc } });
    if (networks) entries.push({ key: 'networks', value: networks });
    if (vols) entries.push({ key: 'volumes', value: vols });
    const root = decorate({ t: 'map', flow: false, entries }, picks, { i: 0 }, comments) as Extract<YNode, { t: 'map' }>;
    const text = renderYaml(root, step, header);
    return secondDoc ? `${text}---\nservices:\n  extra:\n    ports: ["80:80"]\n` : text;
  });

export const composeCase: Arb<ComposeCase> = fc.record({ text: composeText, env, facts: hostFacts });
