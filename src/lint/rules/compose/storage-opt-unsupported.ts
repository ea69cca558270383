import { isMap } from 'yaml';
import { DOCS, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';
import { removePairEdit } from './writable-cgroups';

export const storageOptUnsupported: Rule = {
  id: 'storage-opt-unsupported',
  title: 'storage_opt size is refused by the storage drivers a rootless daemon uses',
  severity: 'warning',
  docs: DOCS.limitations,
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'storage_opt');
      if (!entry || !isMap(entry.value)) continue;
      const options = ctx.doc.entries(entry.value);
      const size = options.find((e) => e.key === 'size');
      if (!size) continue;
      const value = ctx.doc.value(size.value)?.text;
      const fixes: Fix[] = [];
      // With nothing else in storage_opt, the whole entry goes, so no empty map is left.
      const edit = options.length > 1 ? removePairEdit(ctx.doc, ctx.text, size.keyNode) : removePairEdit(ctx.doc, ctx.text, entry.keyNode);
      if (edit) fixes.push({ title: options.length > 1 ? 'Remove the size option' : 'Remove storage_opt', edits: [edit], preferred: true });
      const [start, end] = size.keyNode.range ?? [0, 0];
      ctx.report({
        start,
        end,
        message:
          `Service "${service.name}" sets storage_opt size${value ? ` ${value}` : ''}: a rootless daemon usually stores containers with fuse-overlayfs, ` +
          `which fails with "--storage-opt is not supported", or with overlay2 under ~/.local/share/docker, which accepts it ` +
          `"…only for overlay over xfs with 'pquota'…". Unless the data root is on xfs mounted with pquota, the container does not start. ` +
          `Remove the option, and limit disk use with a size-limited volume or filesystem instead.`,
        fixes,
      });
    }
  },
};
