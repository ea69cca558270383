import { DOCS, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';
import { deletePair } from './sysctl-not-permitted';

export const usernsHostNoop: Rule = {
  id: 'userns-host-noop',
  title: 'userns_mode: host changes nothing under rootless',
  severity: 'info',
  docs: DOCS.uidMapping,
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'userns_mode');
      const v = ctx.doc.value(entry?.value);
      if (!entry || !v || v.text.trim() !== 'host') continue;
      const fixes: Fix[] = [];
      const edit = v.interpolated ? undefined : deletePair(ctx.text, service.node, entry.keyNode);
      if (edit) fixes.push({ title: 'Remove userns_mode: host', edits: [edit], preferred: true });
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
