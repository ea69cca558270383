import { removeOwnEntry } from '../../parse/edits';
import { TEST_BED, type ComposeContext, type Rule } from '../../rule';
import { removeFix, sysctlProblems } from '../../sysctls';
import type { Fix } from '../../types';

// As Docker 20.10 (runc 1.1) words it; other runc versions put "write sysctl key kernel.domainname: " in front.
const ERROR = 'open /proc/sys/kernel/domainname: permission denied';
const INSTEAD = 'Remove it; give the container a name with hostname, and make the domain resolve with extra_hosts or dns_search.';

export const domainnameUnsupported: Rule = {
  id: 'domainname-unsupported',
  title: 'A rootless container cannot set its NIS domain name',
  severity: 'error',
  docs: 'https://github.com/moby/moby/issues/40632',
  observed: { ...TEST_BED, verified: true, effect: 'domainname and the kernel.domainname sysctl both fail at start: "error during container init: open /proc/sys/kernel/domainname: permission denied".' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'domainname');
      const v = ctx.doc.value(entry?.value);
      if (entry && v && v.text.trim()) {
        const fixes: Fix[] = [];
        // Not when the value comes from the environment, which may say otherwise elsewhere.
        const removal = v.interpolated ? undefined : removeOwnEntry(ctx, service.node, entry.keyNode);
        if (removal) fixes.push({ title: 'Remove domainname', edits: [removal.edit], preferred: true });
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
