import { daemonAtLeast } from '../../facts';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

export const hostPidIpcLimited: Rule = {
  id: 'host-pid-ipc-limited',
  title: 'pid: host and ipc: host fail under rootless before Docker 23.0, and reach only your own user\'s processes from then on',
  severity: 'info',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'Docker 20.10 does not start either: pid host fails with "error mounting "proc" to rootfs at "/proc": … operation not permitted", ipc host with "error mounting "mqueue" to rootfs at "/dev/mqueue": … operation not permitted" (the daemon bind-mounts them from Docker 23.0 on). ipc shareable works: a container joining it shares the IPC namespace.' },
  compose(ctx: ComposeContext) {
    // Docker 20.10 cannot start either: the rootless daemon bind-mounts /proc and /dev/mqueue only from 23.0 (moby#41893, #44852).
    const modern = daemonAtLeast(ctx.facts, 23, 0);
    for (const service of ctx.services) {
      const pid = ctx.doc.value(ctx.doc.get(service.node, 'pid'));
      if (pid?.text.trim() === 'host') {
        const subject = `pid: host of service "${service.name}"`;
        const partly =
          `the container sees the host's processes (the daemon bind-mounts the host /proc), but its root is your own UID, so it cannot signal, trace or read ` +
          `the private /proc files of other users' processes. Monitoring or debugging agents that need that must run on a rootful daemon.`;
        ctx.report({ start: pid.start, end: pid.end, ...byVersion(ctx, modern, subject, PID_ERROR, partly) });
      }
      const ipc = ctx.doc.value(ctx.doc.get(service.node, 'ipc'));
      if (ipc && ipc.text.trim() === 'host') {
        const subject = `ipc: host of service "${service.name}"`;
        const partly =
          `the daemon bind-mounts its /dev/shm and /dev/mqueue, but the container's root is your own UID, so shared memory, semaphores and message queues ` +
          `of other users stay out of reach. Accept the limit, or run it on a rootful daemon if it must reach other users' IPC objects.`;
        ctx.report({ start: ipc.start, end: ipc.end, ...byVersion(ctx, modern, subject, IPC_ERROR, partly) });
      }
    }
  },
};

// The start errors of Docker 20.10 (runc 1.1), as the conformance suite saw them.
const PID_ERROR = 'error mounting "proc" to rootfs at "/proc": … operation not permitted';
const IPC_ERROR = 'error mounting "mqueue" to rootfs at "/dev/mqueue": … operation not permitted';

/** Before Docker 23.0 the container does not start; from 23.0 it works in part; unknown: say both. */
function byVersion(ctx: ComposeContext, modern: boolean | undefined, subject: string, error: string, partly: string): { message: string; severity: 'error' | 'info' } {
  const fails = `the container fails to start with "${error}"`;
  if (modern === false) {
    return {
      severity: 'error',
      message: `${subject} does not work with a rootless Docker ${ctx.facts.daemonVersion}: ${fails}. Docker 23.0 and later support it in part; remove it, or run the service on a rootful daemon.`,
    };
  }
  if (modern === true) return { severity: 'info', message: `${subject} works under rootless only in part: ${partly}` };
  return { severity: 'info', message: `${subject} works under rootless only in part, and only from Docker 23.0 (before, ${fails}): ${partly}` };
}
