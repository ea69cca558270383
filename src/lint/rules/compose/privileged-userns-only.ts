import { isTrue } from '../../parse/fields';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

/** Docker-in-Docker images, which the rootless daemon runs as "rootful in rootless" on purpose. */
function isDind(image: string | undefined): boolean {
  return !!image && /(^|\/)docker:[^@]*dind|(^|\/)dind(:|@|$)/i.test(image);
}

export const privilegedUsernsOnly: Rule = {
  id: 'privileged-userns-only',
  title: 'privileged: true is privileged only inside the user namespace under rootless',
  severity: 'info',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'The container gets every capability Docker 20.10 knows (CapEff 3fffffffff) with root still mapped to the daemon user, yet date -s fails ("can\'t set date: Operation not permitted"), mknod fails, and no host device shows up in /dev (Docker 20.10 passes none in).' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const v = ctx.doc.value(ctx.doc.get(service.node, 'privileged'));
      if (!isTrue(v) || !v) continue;
      const image = ctx.doc.value(ctx.doc.get(service.node, 'image'))?.text;
      const tail = isDind(image)
        ? `Docker-in-Docker (${image}) works this way; host-wide operations inside it still fail.`
        : 'Add only the capabilities the service needs (cap_add), and do host-wide setup on the host.';
      ctx.report({
        start: v.start,
        end: v.end,
        message:
          `privileged: ${v.text} of service "${service.name}" gives the container every capability only inside the daemon's user namespace under rootless: ` +
          `container root is your own UID, host devices are not created inside (Docker 20.10 passes none in), and host-wide operations (loading kernel modules, setting the clock, ` +
          `mounting NFS or block devices, creating device nodes) still fail with "operation not permitted". ${tail}`,
      });
    }
  },
};
