import { DOCS, type ComposeContext, type Rule } from '../../rule';

export const hostPidIpcLimited: Rule = {
  id: 'host-pid-ipc-limited',
  title: 'pid: host and ipc: host are limited to your own user under rootless',
  severity: 'info',
  docs: DOCS.limitations,
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const pid = ctx.doc.value(ctx.doc.get(service.node, 'pid'));
      if (pid?.text.trim() === 'host') {
        ctx.report({
          start: pid.start,
          end: pid.end,
          message:
            `pid: host of service "${service.name}" works under rootless only in part: the container sees the host's processes (the daemon bind-mounts the host /proc), ` +
            `but its root is your own UID, so it cannot signal, trace or read the private /proc files of other users' processes. Monitoring or debugging agents that need that must run on a rootful daemon.`,
        });
      }
      const ipc = ctx.doc.value(ctx.doc.get(service.node, 'ipc'));
      const mode = ipc?.text.trim();
      if (ipc && mode === 'host') {
        ctx.report({
          start: ipc.start,
          end: ipc.end,
          message:
            `ipc: host of service "${service.name}" works under rootless only in part: the daemon bind-mounts its /dev/shm and /dev/mqueue, but the container's root is ` +
            `your own UID, so shared memory, semaphores and message queues of other users stay out of reach. Accept the limit, or run it on a rootful daemon if it must reach other users' IPC objects.`,
        });
      } else if (ipc && mode === 'shareable') {
        ctx.report({
          start: ipc.start,
          end: ipc.end,
          message:
            `ipc: shareable of service "${service.name}" is untested under rootless (Docker's own tests skip it in rootless mode), so sharing this container's IPC namespace ` +
            `with others may not work. Check it on your host, or run the services that share IPC on a rootful daemon.`,
        });
      }
    }
  },
};
