import { settingsOwnedBy, type CgroupSetting } from '../../cgroups';
import { DOCS, type ComposeContext, type Rule } from '../../rule';

/** What the daemon does with a limit whose controller is missing (messages from moby's verifyPlatformContainerResources). */
function effect(s: CgroupSetting): { fatal: boolean; text: string } {
  switch (s.field) {
    case 'cpus':
    case 'deploy.resources.limits.cpus':
      return { fatal: true, text: 'the container fails to start with "NanoCPUs can not be set, as your kernel does not support CPU CFS scheduler or the cgroup is not mounted"' };
    case 'cpu_shares':
      return { fatal: false, text: 'it is discarded with the warning "Your kernel does not support CPU shares or the cgroup is not mounted. Shares discarded."' };
    case 'cpu_quota':
    case 'cpu_period':
      return { fatal: false, text: 'it is discarded with the warning "Your kernel does not support CPU CFS scheduler. CPU period/quota discarded."' };
    case 'cpuset':
      return { fatal: false, text: 'it is discarded with the warning "Your kernel does not support cpuset or the cgroup is not mounted. Cpuset discarded."' };
    case 'blkio_config.weight':
      return { fatal: false, text: 'it is discarded with the warning "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded."' };
    default:
      return { fatal: false, text: 'it is discarded, with no more than a warning from the daemon' };
  }
}

/** Ends a sentence, unless it already ends with a quoted one. */
function stop(sentence: string): string {
  return sentence.endsWith('."') ? sentence : `${sentence}.`;
}

function delegateFix(controller: string): string {
  const cpuset = controller === 'cpuset' ? ' (delegating cpuset needs systemd 244 or later)' : '';
  return (
    `To delegate it${cpuset}, create /etc/systemd/system/user@.service.d/delegate.conf with "[Service]" and "Delegate=cpu cpuset io memory pids", ` +
    'run sudo systemctl daemon-reload, then log in again (or reboot).'
  );
}

export const cgroupControllerNotDelegated: Rule = {
  id: 'cgroup-controller-not-delegated',
  title: 'A resource limit needs a cgroup controller that systemd does not delegate to the user by default',
  severity: 'warning',
  docs: DOCS.cgroup2,
  observed: { verified: false, why: 'Needs cgroup v2 with systemd and a partial controller delegation; the bed is cgroup v1 (Cgroup Driver none), where cpus: 0.5 is accepted without a warning and dropped (cgroup-limits-ignored) instead of refused with "NanoCPUs can not be set…".' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const { setting: s, verdict } of settingsOwnedBy(ctx, service.node, 'not-delegated')) {
        const { fatal, text } = effect(s);
        const subject = `${s.shown} of service "${service.name}" needs the ${s.controller} cgroup controller`;
        let message: string;
        let severity: 'error' | 'warning' = 'warning';
        if (verdict.driverKnown && verdict.delegationKnown) {
          const delegated = verdict.delegated.length ? verdict.delegated.join(', ') : 'none';
          message = `${subject}, which is not delegated to the user's systemd slice on this host (delegated: ${delegated}), so ${stop(text)} ${delegateFix(s.controller)}`;
          if (fatal) severity = 'error';
        } else {
          const noCgroups = verdict.driverKnown ? '' : ' (and if the daemon runs without cgroup v2 and systemd, every limit is ignored anyway)';
          message =
            `${subject}, which systemd delegates to users only when configured (by default only memory and pids): unless it is delegated, ${stop(text + noCgroups)} ` +
            delegateFix(s.controller);
        }
        ctx.report({ start: s.start, end: s.end, message, severity });
      }
    }
  },
};
