import { isMap } from 'yaml';
import type { Value } from '../../parse/compose';
import { removeEntry } from '../../parse/edits';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

interface Limit {
  /** RLIMIT_* number on x86-64 and arm64, as runc's error names it. */
  type: number;
  /** The `ulimit -H` option that shows the user's hard limit. */
  option: string;
  /** The hard limit assumed for a user session when the host's is unknown; undefined: only "unlimited" is flagged. */
  hard?: number;
  /** How messages show `hard`, when a bare number would puzzle. */
  label?: string;
}

// Only limits whose default hard limit is finite. core, cpu, data, fsize, locks, as, rss, stack and rttime
// have an unlimited hard limit by default (kernel INIT_RLIMITS, systemd's defaults), so even -1 works there.
// The assumed hard limits are documented defaults:
// - nofile 524288: systemd (since v240) gives services and user sessions DefaultLimitNOFILE=1024:524288
//   (systemd-system.conf(5)); that is the most common hard limit on current distributions.
// - memlock 8 MiB (in bytes, as compose passes it): the kernel's default MLOCK_LIMIT since Linux 5.16, which
//   is also systemd's DefaultLimitMEMLOCK.
// - msgqueue 819200 bytes: the kernel's MQ_BYTES_MAX default.
// - rtprio and nice 0: the kernel's defaults; only limits.conf (e.g. for an audio group) raises them.
// - nproc and sigpending: the kernel derives them from the machine's memory, so no number is assumed.
const LIMITS: Record<string, Limit> = {
  nproc: { type: 6, option: '-Hu' },
  nofile: { type: 7, option: '-Hn', hard: 524288 },
  memlock: { type: 8, option: '-Hl', hard: 8 * 1024 * 1024, label: '8388608 bytes (8 MiB)' },
  sigpending: { type: 11, option: '-Hi' },
  msgqueue: { type: 12, option: '-Hq', hard: 819200, label: '819200 bytes' },
  nice: { type: 13, option: '-He', hard: 0 },
  rtprio: { type: 14, option: '-Hr', hard: 0 },
};

/** A ulimit value as a number; -1 and "unlimited" are Infinity; undefined when it is not a plain number. */
function amount(v: Value): number | undefined {
  const t = v.text.trim().toLowerCase();
  if (t === '-1' || t === 'unlimited' || t === 'infinity') return Infinity;
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

export const ulimitAboveHardLimit: Rule = {
  id: 'ulimit-above-hard-limit',
  title: 'A ulimit above the user\'s hard limit makes the container fail to start under rootless',
  severity: 'warning',
  docs: DOCS.resources,
  observed: { ...TEST_BED, verified: true, effect: 'memlock -1 fails at start: "error setting rlimits for ready process: error setting rlimit type 8: operation not permitted"; nofile one above the daemon\'s hard limit (20000 on the bed) fails with "rlimit type 7"; nofile at the hard limit works.' },
  compose(ctx: ComposeContext) {
    const doc = ctx.doc;
    for (const service of ctx.services) {
      for (const e of doc.entries(doc.get(service.node, 'ulimits'))) {
        if (!Object.prototype.hasOwnProperty.call(LIMITS, e.key)) continue;
        const limit = LIMITS[e.key];
        // `name: n` sets soft and hard; `{soft, hard}` sets them apart, and only the hard one can exceed the user's.
        const v = isMap(e.value) ? doc.value(doc.get(e.value, 'hard')) : doc.value(e.value);
        const n = v && amount(v);
        if (!v || n === undefined) continue;
        const unlimited = n === Infinity;
        if (!unlimited && (limit.hard === undefined || n <= limit.hard)) continue;
        const field = isMap(e.value) ? `ulimits.${e.key}.hard` : `ulimits.${e.key}`;
        const asks = unlimited
          ? `asks for an unlimited hard ${e.key} limit`
          : `asks for a hard ${e.key} limit of ${n}, above the ${limit.label ?? limit.hard} a user session usually has`;
        const hint = e.key === 'memlock' ? ' For Elasticsearch or OpenSearch, set bootstrap.memory_lock=false instead.' : '';
        const message =
          `${field}: ${v.text.trim()} of service "${service.name}" ${asks}. A rootless daemon cannot raise a hard limit above its own (the user's, from limits.conf or user@.service), ` +
          `so unless "ulimit ${limit.option}" shows ${unlimited ? 'unlimited' : `at least ${n}`} for that user, the container fails to start with "error setting rlimit type ${limit.type}: operation not permitted". ` +
          `Lower it to at most the user's hard limit, or drop it (in an override file: ulimits: !reset null).${hint}`;
        const removal = removeEntry(ctx, e.keyNode, service.node);
        // Not preferred: on a host whose hard limit allows it, the value works and may matter.
        const fixes = removal ? [{ title: removal.entry === e.key ? `Remove the ${e.key} ulimit` : `Remove ${removal.entry ?? 'ulimits'}`, edits: [removal.edit] }] : [];
        ctx.report({ start: v.start, end: v.end, message, fixes });
      }
    }
  },
};
