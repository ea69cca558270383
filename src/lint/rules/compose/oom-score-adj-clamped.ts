import { removeEntry } from '../../parse/edits';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

export const oomScoreAdjClamped: Rule = {
  id: 'oom-score-adj-clamped',
  title: 'A negative oom_score_adj is raised to the rootless daemon\'s own score',
  severity: 'info',
  docs: DOCS.resources,
  observed: { ...TEST_BED, verified: true, effect: 'oom_score_adj -500 runs as the daemon\'s own score (0 here), already rewritten in inspect and with no warning; a positive 300 is kept.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'oom_score_adj');
      const v = entry && ctx.doc.value(entry.value);
      if (!entry || !v || !/^\s*-\d+\s*$/.test(v.text) || Number(v.text) >= 0) continue;
      const message =
        `oom_score_adj: ${v.text.trim()} of service "${service.name}" asks to protect the container from the OOM killer, but a rootless daemon cannot give a container a lower score than its own: ` +
        'it silently raises the value to the daemon\'s, so under memory pressure the kernel may kill this container as readily as any other process of the user. Remove it, or accept the clamped value.';
      const removal = removeEntry(ctx, entry.keyNode, service.node);
      // Not preferred: keeping it is harmless, and a rootful daemon does honour it.
      const fixes = removal ? [{ title: `Remove ${removal.entry ?? 'oom_score_adj'}`, edits: [removal.edit] }] : [];
      ctx.report({ start: v.start, end: v.end, message, fixes });
    }
  },
};
