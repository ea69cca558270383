import { isSeq } from 'yaml';
import { removeEntry, removeItem } from '../../parse/edits';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';

/** Go's strconv.ParseBool, the true half: how the daemon reads `writable-cgroups=<value>`. */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** Whether a security_opt item turns writable cgroups on: `writable-cgroups`, `=true`, or the old `:` separator. */
function enablesWritableCgroups(opt: string): boolean {
  const m = /^writable-cgroups(?:([=:])(.*))?$/.exec(opt.trim());
  return !!m && (m[1] === undefined || GO_TRUE.has(m[2].trim()));
}

export const writableCgroups: Rule = {
  id: 'writable-cgroups',
  title: 'security_opt writable-cgroups is refused by a rootless daemon',
  severity: 'error',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'Docker 20.10 does not know the option and refuses the create: "invalid --security-opt 2: "writable-cgroups=true"" (the "conflicts with user namespaces and rootless mode" error is Docker 28.0 and later).' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'security_opt');
      if (!entry) continue;
      const seq = ctx.doc.resolve(entry.value);
      if (!isSeq(seq)) continue;
      const items = ctx.doc.items(seq);
      const others = items.filter((n) => !enablesWritableCgroups(ctx.doc.value(n)?.text ?? ''));
      for (const item of items) {
        const v = ctx.doc.value(item);
        if (!v || !enablesWritableCgroups(v.text)) continue;
        const fixes: Fix[] = [];
        // With no other option, this service's whole `security_opt` entry goes, so no empty list is left.
        const removal = others.length ? removeItem(ctx, item, service.node) : removeEntry(ctx, entry.keyNode, service.node);
        if (removal) fixes.push({ title: others.length ? `Remove "${v.text}" from security_opt` : 'Remove security_opt', edits: [removal.edit], preferred: true });
        ctx.report({
          start: v.start,
          end: v.end,
          message:
            `Service "${service.name}" sets security_opt "${v.text}": a rootless daemon refuses to create the container, with ` +
            `"option WritableCgroups conflicts with user namespaces and rootless mode" from Docker 28.0, and before that, not knowing the option, ` +
            `with "invalid --security-opt ${/[=:]/.test(v.text) ? 2 : 1}: "${v.text.trim()}"" (seen on Docker 20.10). Remove it; ` +
            `a rootless container cannot be given a writable cgroup tree.`,
          fixes,
        });
      }
    }
  },
};
