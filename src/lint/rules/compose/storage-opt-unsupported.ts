import { isMap } from 'yaml';
import { removeEntry } from '../../parse/edits';
import { DOCS, TEST_BED, reportKey, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';

export const storageOptUnsupported: Rule = {
  id: 'storage-opt-unsupported',
  title: 'storage_opt size is refused by the storage drivers a rootless daemon uses',
  severity: 'warning',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'storage_opt size is refused at create by the daemon\'s overlay2 (on ext4): "--storage-opt is supported only for overlay over xfs with \'pquota\' mount option".' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'storage_opt');
      if (!entry || !isMap(entry.value)) continue;
      const options = ctx.doc.entries(entry.value);
      const size = options.find((e) => e.key === 'size');
      if (!size) continue;
      const value = ctx.doc.value(size.value)?.text;
      const fixes: Fix[] = [];
      // With nothing else in storage_opt, this service's whole entry goes (an alias to an anchored map included).
      const removal = removeEntry(ctx, options.length > 1 ? size.keyNode : entry.keyNode, service.node);
      if (removal) fixes.push({ title: options.length > 1 ? 'Remove the size option' : 'Remove storage_opt', edits: [removal.edit], preferred: true });
      reportKey(
        ctx,
        size.keyNode,
        `Service "${service.name}" sets storage_opt size${value ? ` ${value}` : ''}: a rootless daemon usually stores containers with fuse-overlayfs, ` +
          `which fails with "--storage-opt is not supported", or with overlay2 under ~/.local/share/docker, which accepts it ` +
          `"…only for overlay over xfs with 'pquota'…". Unless the data root is on xfs mounted with pquota, the container does not start. ` +
          `Remove the option, and limit disk use with a size-limited volume or filesystem instead.`,
        { fixes },
      );
    }
  },
};
