import type { ComposeContext, Rule } from '../../rule';
import type { Fix } from '../../types';
import { deletePair, removeFix, sysctlProblems } from './sysctl-not-permitted';

const ERROR = 'write sysctl key kernel.domainname: open /proc/sys/kernel/domainname: permission denied';
const INSTEAD = 'Remove it; give the container a name with hostname, and make the domain resolve with extra_hosts or dns_search.';

export const domainnameUnsupported: Rule = {
  id: 'domainname-unsupported',
  title: 'A rootless container cannot set its NIS domain name',
  severity: 'error',
  docs: 'https://github.com/moby/moby/issues/40632',
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'domainname');
      const v = ctx.doc.value(entry?.value);
      if (entry && v && v.text.trim()) {
        const fixes: Fix[] = [];
        const edit = v.interpolated ? undefined : deletePair(ctx.text, service.node, entry.keyNode);
        if (edit) fixes.push({ title: 'Remove domainname', edits: [edit], preferred: true });
        ctx.report({
          start: v.start,
          end: v.end,
          message:
            `domainname "${v.text.trim()}" of service "${service.name}" cannot be set under rootless: the daemon writes kernel.domainname, which a user namespace ` +
            `may not change, so the container fails to start with "${ERROR}". ${INSTEAD}`,
          fixes,
        });
      }
      for (const p of sysctlProblems(ctx, service)) {
        if (p.kind !== 'domainname') continue;
        ctx.report({
          start: p.start,
          end: p.end,
          message: `Sysctl kernel.domainname of service "${service.name}" cannot be set under rootless: a user namespace may not change it, so the container fails to start with "${ERROR}". ${INSTEAD}`,
          fixes: removeFix(p),
        });
      }
    }
  },
};
