import { subidRange } from '../../facts';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';
import { removeFix, sysctlProblems } from '../../sysctls';

export const sysctlNotPermitted: Rule = {
  id: 'sysctl-not-permitted',
  title: 'Sysctls that a rootless container cannot set',
  severity: 'error',
  docs: DOCS.troubleshoot,
  observed: { ...TEST_BED, verified: true, effect: 'net.ipv4.ping_group_range "0 2147483647" fails at start ("write /proc/sys/net/ipv4/ping_group_range: invalid argument") while "0 65536" works; a net.* key with host networking fails ("sysctl "net.ipv4.tcp_keepalive_time" not allowed in host network namespace"). net.core.somaxconn and the IPC sysctls (kernel.shmmax, kernel.msgmax, fs.mqueue.msg_max) were set without an error on Linux 6.18.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const p of sysctlProblems(ctx, service)) {
        const where = `Sysctl ${p.key} of service "${service.name}"`;
        let message: string;
        let severity: 'error' | 'warning' | 'info' = 'error';
        let fixes = removeFix(p);
        switch (p.kind) {
          case 'domainname':
            continue; // domainname-unsupported reports it
          case 'hostnet':
            message =
              `${where} cannot be set with host networking: the container has no network namespace of its own, so the runtime refuses to start it ` +
              `with "sysctl "${p.key}" not allowed in host network namespace" (rootful too). Set it on the host instead, and remove it here.`;
            break;
          case 'somaxconn':
            // Kernel-dependent: refused on Linux 6.1 (containerd/nerdctl#4016), set without error on 6.18 with Docker 20.10.
            severity = 'warning';
            message =
              `${where} may not be settable under rootless: kernels that hide net.core.somaxconn in network namespaces owned by a user namespace (Linux 6.1, for one) ` +
              `make the container fail to start with "open /proc/sys/net/core/somaxconn: no such file or directory"; newer kernels allow it (Linux 6.18 with Docker 20.10 sets it). ` +
              `If the container does not start, remove it and raise the host's value (sysctl -w net.core.somaxconn=…) if the service needs a longer backlog.`;
            // Not preferred: where the kernel allows it, the value works and may matter.
            fixes = fixes.map((f) => ({ ...f, preferred: false }));
            break;
          case 'ping': {
            const limit = subidRange(ctx.facts);
            const why =
              ctx.facts.subuidRange === undefined
                ? `only GIDs 0 to ${limit} are mapped into a rootless container on a typical host (a ${limit}-wide /etc/subgid range)`
                : `only GIDs 0 to ${limit} are mapped into a rootless container on this host`;
            message =
              `${where} is set to "${p.value ?? ''}", but ${why}, and the kernel refuses a range whose ends are not mapped: the container fails to start with ` +
              `"write /proc/sys/net/ipv4/ping_group_range: invalid argument" (Docker 20.10; other runc versions put "write sysctl key net.ipv4.ping_group_range: " in front). ` +
              `Remove it, or keep the range within 0 ${limit}.`;
            break;
          }
          case 'ipc':
            severity = 'info';
            message =
              `${where} works under rootless on current kernels (Docker 20.10 on Linux 6.18 sets the IPC sysctls of the container's own IPC namespace), but older kernels ` +
              `may not let a user namespace change IPC limits, and the container then fails to start with "permission denied". If it does, remove it and raise the limit on the host.`;
            break;
        }
        ctx.report({ start: p.start, end: p.end, severity, message, fixes });
      }
    }
  },
};
