import { hostNetnsDetached } from '../../facts';
import { usesHostNetwork } from '../../parse/fields';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

// Capabilities whose checks the kernel makes against the initial user namespace: granting them inside
// RootlessKit's user namespace does nothing, so the operation still fails with EPERM.
const INEFFECTIVE: Readonly<Record<string, string>> = {
  SYS_MODULE: 'loading kernel modules',
  SYS_TIME: 'setting the system clock',
  SYS_RAWIO: 'raw I/O (ioperm, /dev/mem, SG_IO on disks)',
  SYS_NICE: 'raising scheduling priority or using real-time scheduling',
  SYS_RESOURCE: 'raising resource limits above your hard limits',
  IPC_LOCK: 'locking more memory than your hard RLIMIT_MEMLOCK allows',
  MKNOD: 'creating device nodes',
  LINUX_IMMUTABLE: 'setting immutable or append-only file attributes',
  AUDIT_CONTROL: 'configuring the kernel audit system',
  AUDIT_READ: 'reading the kernel audit log',
  AUDIT_WRITE: 'writing to the kernel audit log',
  SYSLOG: 'reading or clearing the kernel log',
  MAC_ADMIN: 'configuring AppArmor or SELinux',
  MAC_OVERRIDE: 'bypassing AppArmor or SELinux',
  BPF: 'loading most BPF programs and maps',
  PERFMON: 'system-wide performance monitoring',
  WAKE_ALARM: 'setting alarms that wake the system',
  BLOCK_SUSPEND: 'blocking system suspend',
};

/** `cap_add` names are case-insensitive and may carry a `CAP_` prefix. */
function capName(text: string): string {
  return text.trim().toUpperCase().replace(/^CAP_/, '');
}

export const capAddIneffective: Rule = {
  id: 'cap-add-ineffective',
  title: 'Capabilities that act on host-wide resources have no effect under rootless',
  severity: 'warning',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'SYS_TIME, MKNOD, SYSLOG, SYS_RESOURCE and SYS_NICE show in CapEff, yet date -s, mknod, dmesg, raising nofile above the hard limit and renice -5 fail ("Operation not permitted", "Permission denied"). SYS_ADMIN mounts tmpfs but not ext4; NET_ADMIN with host networking changes the lo of RootlessKit\'s namespace, never the host\'s.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const items = ctx.doc.items(ctx.doc.get(service.node, 'cap_add'));
      if (!items.length) continue;
      let hostNet: boolean | undefined;
      for (const item of items) {
        const v = ctx.doc.value(item);
        if (!v || !v.text.trim()) continue;
        const cap = capName(v.text);
        const spelled = v.text.trim();
        const where = `cap_add "${spelled}" of service "${service.name}"`;
        const what = INEFFECTIVE[cap];
        if (what) {
          ctx.report({
            start: v.start,
            end: v.end,
            message:
              `${where} has no effect under rootless: capabilities apply only inside the daemon's user namespace, and ${what} needs CAP_${cap} ` +
              `in the host's initial namespace, so it still fails with "operation not permitted". Do that on the host instead, and drop ${spelled}.`,
          });
        } else if (cap === 'ALL') {
          ctx.report({
            start: v.start,
            end: v.end,
            severity: 'info',
            message:
              `${where} grants every capability only inside the daemon's user namespace under rootless: host-wide operations (loading modules, setting the clock, ` +
              `creating device nodes, mounting NFS or block devices) still fail with "operation not permitted". Add only the capabilities the service needs.`,
          });
        } else if (cap === 'SYS_ADMIN') {
          ctx.report({
            start: v.start,
            end: v.end,
            severity: 'info',
            message:
              `${where} works only in part under rootless: it allows mounts that a user namespace may make (bind, tmpfs, proc, FUSE through /dev/fuse, ` +
              `overlay on kernel 5.11 and later), but mounting NFS, CIFS, ext4 or loop devices still fails with "operation not permitted". Mount those on the host and bind-mount the directory.`,
          });
        } else if (cap === 'NET_ADMIN') {
          hostNet ??= usesHostNetwork(ctx.doc, service.node);
          if (!hostNet) continue;
          const version = ctx.facts.daemonVersion;
          const detached = hostNetnsDetached(ctx.facts);
          const owner =
            detached === undefined
              ? "belongs to the host (Docker 29.5 and later) or to RootlessKit (before 29.5), not to the container's user namespace, so changes to host interfaces, routes or firewall rules fail or touch only RootlessKit's namespace"
              : detached
                ? `belongs to the host's initial user namespace (Docker ${version} joins the real host network by default), so changes to interfaces, routes or firewall rules fail with "operation not permitted"`
                : `is RootlessKit's namespace (Docker ${version} is older than 29.5), so changes to interfaces, routes or firewall rules apply there and never reach the host`;
          ctx.report({
            start: v.start,
            end: v.end,
            severity: 'info',
            message:
              `${where} cannot change the host's network under rootless: with host networking the network namespace ${owner}. ` +
              `Do that on the host, or use a bridge network, where NET_ADMIN applies to the container's own namespace.`,
          });
        }
      }
    }
  },
};
