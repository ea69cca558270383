import { subidRange } from '../../facts';
import { DOCS, type ComposeContext, type Rule } from '../../rule';
import { removeFix, sysctlProblems } from '../../sysctls';

export const sysctlNotPermitted: Rule = {
  id: 'sysctl-not-permitted',
  title: 'Sysctls that a rootless container cannot set',
  severity: 'error',
  docs: DOCS.troubleshoot,
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const p of sysctlProblems(ctx, service)) {
        const where = `Sysctl ${p.key} of service "${service.name}"`;
        let message: string;
        let severity: 'error' | 'info' = 'error';
        switch (p.kind) {
          case 'domainname':
            continue; // domainname-unsupported reports it
          case 'hostnet':
            message =
              `${where} cannot be set with host networking: the container has no network namespace of its own, so the runtime refuses to start it ` +
              `with "sysctl "${p.key}" not allowed in host network namespace" (rootful too). Set it on the host instead, and remove it here.`;
            break;
          case 'somaxconn':
            message =
              `${where} cannot be set under rootless: the kernel hides net.core.somaxconn in network namespaces owned by a user namespace, so the container ` +
              `fails to start with "open /proc/sys/net/core/somaxconn: no such file or directory". Remove it; raise the host's value (sysctl -w net.core.somaxconn=…) if the service needs a longer backlog.`;
            break;
          case 'ping': {
            const limit = subidRange(ctx.facts);
            const why =
              ctx.facts.subuidRange === undefined
                ? `only GIDs 0 to ${limit} are mapped into a rootless container on a typical host (a ${limit}-wide /etc/subgid range)`
                : `only GIDs 0 to ${limit} are mapped into a rootless container on this host`;
            message =
              `${where} is set to "${p.value ?? ''}", but ${why}, and the kernel refuses a range whose ends are not mapped: the container fails to start with ` +
              `"write sysctl key net.ipv4.ping_group_range: write /proc/sys/net/ipv4/ping_group_range: invalid argument". Remove it, or keep the range within 0 ${limit}.`;
            break;
          }
          case 'ipc':
            severity = 'info';
            message =
              `${where} is untested under rootless: the IPC namespace belongs to the daemon's user namespace, and kernels that do not let such namespaces ` +
              `change IPC limits make the container fail to start with "permission denied". If it does, remove it and raise the limit on the host.`;
            break;
        }
        ctx.report({ start: p.start, end: p.end, severity, message, fixes: removeFix(p) });
      }
    }
  },
};
