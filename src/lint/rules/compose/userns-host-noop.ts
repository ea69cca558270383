import { removeOwnEntry } from '../../parse/edits';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';

export const usernsHostNoop: Rule = {
  id: 'userns-host-noop',
  title: 'userns_mode: host changes nothing under rootless',
  severity: 'info',
  docs: DOCS.uidMapping,
  observed: { ...TEST_BED, verified: true, effect: 'userns_mode host starts and gives the same /proc/self/uid_map as no setting: 0 is the daemon user, 1 onwards the subordinate range.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'userns_mode');
      const v = ctx.doc.value(entry?.value);
      if (!entry || !v || v.text.trim() !== 'host') continue;
      const fixes: Fix[] = [];
      // Not when the value comes from the environment, which may say otherwise elsewhere.
      const removal = v.interpolated ? undefined : removeOwnEntry(ctx, service.node, entry.keyNode);
      if (removal) fixes.push({ title: 'Remove userns_mode: host', edits: [removal.edit], preferred: true });
      ctx.report({
        start: v.start,
        end: v.end,
        message:
          `userns_mode: host of service "${service.name}" does nothing under rootless: every container of a rootless daemon already shares RootlessKit's user ` +
          `namespace, and there is no host user namespace to opt back into. Container root stays your own UID, not host root. Remove it.`,
        fixes,
      });
    }
  },
};
