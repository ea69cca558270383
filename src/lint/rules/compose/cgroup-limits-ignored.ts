import { settingsOwnedBy } from '../../cgroups';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

const FALLBACK = 'limit the processes another way (ulimit, cpulimit)';

export const cgroupLimitsIgnored: Rule = {
  id: 'cgroup-limits-ignored',
  title: 'Resource limits are silently ignored by a rootless daemon without cgroup v2 and systemd',
  severity: 'warning',
  docs: DOCS.resources,
  observed: { ...TEST_BED, verified: true, effect: 'mem_limit 16m, cpus 0.5, pids_limit 8, cpu_shares and cpuset are accepted with no warning and recorded in inspect, but the container stays in dockerd\'s own cgroups (its memory cgroup has no limit) and forks 20 processes under pids_limit 8. Only blkio weight draws a create warning: "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded."' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const { setting: s, verdict } of settingsOwnedBy(ctx, service.node, 'ignored')) {
        let message: string;
        if (verdict.certain) {
          const why =
            ctx.facts.cgroupVersion === 1
              ? 'this host uses cgroup v1, where a rootless daemon gets no cgroups at all'
              : 'the daemon\'s cgroup driver is "none" (cgroup v1, or cgroup v2 without systemd)';
          message =
            `${s.shown} of service "${service.name}" is ignored: ${why}, so it drops every cgroup limit and the container runs without this one, with no error. ` +
            `Boot the host with cgroup v2 and run the daemon under systemd, or ${FALLBACK}.`;
        } else {
          const unless =
            ctx.facts.cgroupVersion === 2
              ? 'unless the rootless daemon runs under systemd (docker info then shows Cgroup Driver: systemd)'
              : 'unless the host uses cgroup v2 and the rootless daemon runs under systemd (docker info then shows Cgroup Driver: systemd)';
          message =
            `${s.shown} of service "${service.name}" is ignored ${unless}: otherwise a rootless daemon drops every cgroup limit without an error. ` +
            `If docker info shows Cgroup Driver: none, boot with cgroup v2 and run the daemon as a systemd user service, or ${FALLBACK}.`;
        }
        ctx.report({ start: s.start, end: s.end, message });
      }
    }
  },
};
