import type { Value } from '../../parse/compose';
import { isTrue } from '../../parse/fields';
import { removeEntry } from '../../parse/edits';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

/** Options cgroup v2 has no knob for, with the daemon's warning where the catalogue gives it. */
const OPTIONS: Record<string, { sets: (v: Value) => boolean; what: string; warning?: string }> = {
  oom_kill_disable: { sets: isTrue, what: 'disables the OOM killer', warning: 'Your kernel does not support OomKillDisable. OomKillDisable discarded.' },
  mem_swappiness: { sets: (v) => v.text.trim() !== '' && parseFloat(v.text) !== -1, what: 'sets memory swappiness' },
  cpu_rt_runtime: { sets: nonZero, what: 'sets a real-time CPU runtime' },
  cpu_rt_period: { sets: nonZero, what: 'sets a real-time CPU period' },
};

function nonZero(v: Value): boolean {
  const t = v.text.trim();
  return t !== '' && !/^0+(\.0*)?[a-z]*$/i.test(t);
}

export const cgroupV2UnsupportedOption: Rule = {
  id: 'cgroup-v2-unsupported-option',
  title: 'Options that cgroup v2 does not support, and rootless cgroups need cgroup v2',
  severity: 'info',
  docs: DOCS.resources,
  observed: { ...TEST_BED, verified: true, effect: 'On cgroup v1 (Cgroup Driver none) oom_kill_disable, mem_swappiness and cpu_rt_runtime are accepted with no warning at all and never applied: the container has no cgroup of its own. The cgroup v2 warning ("Your kernel does not support OomKillDisable…") needs a cgroup v2 host.' },
  compose(ctx: ComposeContext) {
    // A rootful daemon on cgroup v1 does honour these.
    if (ctx.facts.rootless === false && ctx.facts.cgroupVersion === 1) return;
    for (const service of ctx.services) {
      for (const e of ctx.doc.entries(service.node)) {
        if (!Object.prototype.hasOwnProperty.call(OPTIONS, e.key)) continue;
        const option = OPTIONS[e.key];
        const v = ctx.doc.value(e.value);
        if (!v || !option.sets(v)) continue;
        // On cgroup v1 a rootless daemon has no cgroups and drops these without a word (seen with Docker 20.10).
        const said =
          ctx.facts.cgroupVersion === 1
            ? ', with no warning at all on this cgroup v1 host'
            : option.warning
              ? `, and the daemon only warns "${option.warning}"`
              : ', with no more than a warning from the daemon';
        const message =
          `${e.key}: ${v.text.trim()} of service "${service.name}" ${option.what}, which cgroup v2 does not support; a rootless daemon has cgroups only on cgroup v2, ` +
          `so the option is dropped${said}${said.endsWith('."') ? '' : '.'} Remove it.`;
        const removal = removeEntry(ctx, e.keyNode, service.node);
        const fixes = removal ? [{ title: `Remove ${removal.entry ?? e.key}`, edits: [removal.edit], preferred: true }] : [];
        ctx.report({ start: v.start, end: v.end, message, fixes });
      }
    }
  },
};
