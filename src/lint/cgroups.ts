// The cgroup limits of catalogue rows 6 and 7 (cgroup-limits-ignored, cgroup-controller-not-delegated), and
// which of the two rules owns each of them on a given host. Every setting goes to at most one rule: rule 6 when
// the limit is (or may be) dropped because the daemon has no cgroups at all, rule 7 when it needs a controller
// that is (or may be) missing from the user's slice.
import { isMap, type Node } from 'yaml';
import { perNode, type ComposeDocument, type Value } from './parse/compose';
import type { ComposeContext } from './rule';
import type { HostFacts } from './types';

export type Controller = 'memory' | 'cpu' | 'cpuset' | 'io' | 'pids';

/** systemd delegates only these controllers to users unless told otherwise (docs, "Limiting resources"). */
const DEFAULT_DELEGATION: readonly Controller[] = ['memory', 'pids'];

export interface CgroupSetting {
  /** The field as the message names it: `mem_limit`, `deploy.resources.limits.cpus`, `blkio_config.weight`. */
  field: string;
  controller: Controller;
  /** The field and its value as shown in messages. */
  shown: string;
  start: number;
  end: number;
}

// Service-level fields (compose-spec) and the controller each needs. `mem_swappiness`, `oom_kill_disable` and
// `cpu_rt_*` are rule 8, `oom_score_adj` rule 9; `cpu_count`/`cpu_percent` are Windows-only.
const SERVICE_FIELDS: Record<string, Controller> = {
  mem_limit: 'memory',
  memswap_limit: 'memory',
  mem_reservation: 'memory',
  cpus: 'cpu',
  cpu_shares: 'cpu',
  cpu_quota: 'cpu',
  cpu_period: 'cpu',
  cpuset: 'cpuset',
  pids_limit: 'pids',
};
// Compose maps these to the container's resources; `reservations.cpus` is a swarm option it ignores.
const DEPLOY_FIELDS: [string, string, Controller][] = [
  ['limits', 'cpus', 'cpu'],
  ['limits', 'memory', 'memory'],
  ['limits', 'pids', 'pids'],
  ['reservations', 'memory', 'memory'],
];
const BLKIO_FIELDS = ['weight', 'weight_device', 'device_read_bps', 'device_write_bps', 'device_read_iops', 'device_write_iops'];

/**
 * 0 (and -1, "unlimited") set no limit. A value that is not a number (e.g. still a variable) counts as set,
 * and so does any CPU list (`cpuset: 0-1`).
 */
function setsLimit(v: Value | undefined, controller: Controller): v is Value {
  if (!v || !v.text.trim()) return false;
  if (controller === 'cpuset') return true;
  const n = parseFloat(v.text);
  return Number.isNaN(n) || n > 0;
}

/** Every cgroup limit a service sets, in the fields of rows 6 and 7. */
const cgroupSettings = perNode(readCgroupSettings);

function readCgroupSettings(doc: ComposeDocument, service: Node): CgroupSetting[] {
  const out: CgroupSetting[] = [];
  const scalar = (field: string, controller: Controller, v: Value | undefined) => {
    if (setsLimit(v, controller)) out.push({ field, controller, shown: `${field}: ${v.text.trim()}`, start: v.start, end: v.end });
  };
  for (const e of doc.entries(service)) {
    const controller = SERVICE_FIELDS[e.key];
    if (controller && Object.prototype.hasOwnProperty.call(SERVICE_FIELDS, e.key)) scalar(e.key, controller, doc.value(e.value));
  }
  const resources = doc.get(doc.get(service, 'deploy'), 'resources');
  for (const [group, key, controller] of DEPLOY_FIELDS) {
    scalar(`deploy.resources.${group}.${key}`, controller, doc.value(doc.get(doc.get(resources, group), key)));
  }
  const blkio = doc.get(service, 'blkio_config');
  for (const e of isMap(blkio) ? doc.entries(blkio) : []) {
    if (!BLKIO_FIELDS.includes(e.key)) continue;
    const field = `blkio_config.${e.key}`;
    if (e.key === 'weight') scalar(field, 'io', doc.value(e.value));
    else if (doc.items(e.value).length) {
      const [start, end] = e.keyNode.range ?? [0, 0];
      out.push({ field, controller: 'io', shown: field, start, end });
    }
  }
  return out;
}

export type Verdict =
  /** The limit works here (or the daemon is rootful): neither rule reports it. */
  | { rule: 'works' }
  /** Rule 6: dropped because the daemon has no cgroups; `certain` when the facts say so. */
  | { rule: 'ignored'; certain: boolean }
  /** Rule 7: the controller is (or may be) missing from the user's slice. */
  | { rule: 'not-delegated'; driverKnown: boolean; delegationKnown: boolean; delegated: readonly string[] };

/** Which rule owns a limit needing `controller` on a host with these facts. */
function cgroupVerdict(facts: HostFacts, controller: Controller): Verdict {
  if (facts.rootless === false) return { rule: 'works' };
  // Rootless cgroups need cgroup v2: on v1 the driver is always "none".
  if (facts.cgroupDriver === 'none' || facts.cgroupVersion === 1) return { rule: 'ignored', certain: true };
  // A rootless daemon never runs the cgroupfs driver (moby daemon_unix.go cgroupDriver): this host is rootful.
  if (facts.cgroupDriver === 'cgroupfs') return { rule: 'works' };
  const delegated = facts.delegatedControllers ?? DEFAULT_DELEGATION;
  if (!delegated.includes(controller)) {
    return { rule: 'not-delegated', driverKnown: facts.cgroupDriver === 'systemd', delegationKnown: facts.delegatedControllers !== undefined, delegated };
  }
  return facts.cgroupDriver === 'systemd' ? { rule: 'works' } : { rule: 'ignored', certain: false };
}

/** The cgroup limits of a service that `rule` owns on this host, each with its verdict. */
export function settingsOwnedBy<R extends Verdict['rule']>(ctx: ComposeContext, service: Node, rule: R): { setting: CgroupSetting; verdict: Extract<Verdict, { rule: R }> }[] {
  const out: { setting: CgroupSetting; verdict: Extract<Verdict, { rule: R }> }[] = [];
  for (const setting of cgroupSettings(ctx.doc, service)) {
    const verdict = cgroupVerdict(ctx.facts, setting.controller);
    if (verdict.rule === rule) out.push({ setting, verdict: verdict as Extract<Verdict, { rule: R }> });
  }
  return out;
}
