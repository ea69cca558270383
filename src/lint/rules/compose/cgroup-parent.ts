import { removeEntry } from '../../parse/edits';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

/** A slice name to suggest for a cgroupfs-style parent: its last path segment ("/ci/jobs" -> "jobs.slice"). */
function sliceFor(parent: string): string {
  const base = parent.split('/').filter(Boolean).pop()?.replace(/[^A-Za-z0-9_]/g, '_') ?? '';
  return `${base || 'docker'}.slice`;
}

const SYSTEMD_ERROR = 'cgroup-parent for systemd cgroup should be a valid slice named as "xxx.slice"';

export const cgroupParent: Rule = {
  id: 'cgroup-parent',
  title: 'cgroup_parent fails under the systemd cgroup driver unless it is a slice, and is dropped without cgroups',
  severity: 'info',
  docs: DOCS.resources,
  observed: { ...TEST_BED, verified: true, effect: 'cgroup_parent /conformance is accepted with no warning; with Cgroup Driver none the container stays in the daemon\'s cgroups and no such parent is made. The systemd driver\'s "should be a valid slice" error needs cgroup v2 with systemd.' },
  compose(ctx: ComposeContext) {
    const driver = ctx.facts.cgroupVersion === 1 ? 'none' : ctx.facts.cgroupDriver;
    // A rootless daemon never uses cgroupfs, and a rootful one honours any parent.
    if (ctx.facts.rootless === false || driver === 'cgroupfs') return;
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'cgroup_parent');
      const v = entry && ctx.doc.value(entry.value);
      const parent = v?.text.trim();
      if (!entry || !v || !parent) continue;
      const slice = /\.slice$/.test(parent);
      const subject = `cgroup_parent: ${parent} of service "${service.name}"`;
      let message: string;
      let severity: 'error' | 'info' = 'info';
      if (driver === 'systemd') {
        if (slice) continue;
        severity = 'error';
        message = `${subject} is not a systemd slice, and this daemon uses the systemd cgroup driver: the container fails to start (${SYSTEMD_ERROR}). Remove it, or name a slice such as ${sliceFor(parent)}.`;
      } else if (driver === 'none') {
        message = `${subject} is dropped: the rootless daemon runs without cgroups (Cgroup Driver: none), so it clears the parent, with no error. Remove it.`;
      } else if (slice) {
        message = `${subject} is dropped with no error unless the rootless daemon runs with the systemd cgroup driver (cgroup v2 and systemd), which is the only way a rootless daemon has cgroups.`;
      } else {
        message =
          `${subject} does not work under rootless: with the systemd cgroup driver the container fails to start (${SYSTEMD_ERROR}), ` +
          `and without cgroups (Cgroup Driver: none) the parent is dropped with no error. Remove it, or name a slice such as ${sliceFor(parent)}.`;
      }
      const removal = removeEntry(ctx, entry.keyNode, service.node);
      // Removing a non-slice parent loses nothing under rootless: it either fails or is dropped.
      const fixes = removal ? [{ title: `Remove ${removal.entry ?? 'cgroup_parent'}`, edits: [removal.edit], preferred: !slice }] : [];
      ctx.report({ start: v.start, end: v.end, message, severity, fixes });
    }
  },
};
