// BuildKit's insecure mode (`RUN --security=insecure`, compose build entitlements/privileged) is privileged only inside the user namespace.
import { ModifiableInstruction } from 'dockerfile-ast';
import { instructionsNamed, offsets } from '../../parse/dockerfile';
import { isTrue } from '../../parse/fields';
import { DOCS, type ComposeContext, type DockerfileContext, type Rule } from '../../rule';

const EFFECT =
  'under rootless Docker a privileged build step is privileged only inside the user namespace: it still cannot set up loop devices, ' +
  'create device nodes (mknod), load kernel modules or mount block-device filesystems. Do such steps on the host instead.';

export const buildSecurityInsecure: Rule = {
  id: 'build-security-insecure',
  title: 'Insecure (privileged) build steps are privileged only inside the rootless user namespace',
  severity: 'info',
  docs: DOCS.limitations,
  observed: { verified: false, why: 'Needs BuildKit with the security.insecure entitlement: the Engine API\'s classic builder has no privileged steps, and driving BuildKit takes a gRPC session this suite does not implement. The same limits were seen on privileged containers (privileged-userns-only).' },
  dockerfile(ctx: DockerfileContext) {
    for (const ins of instructionsNamed(ctx.dockerfile, 'RUN')) {
      if (!(ins instanceof ModifiableInstruction)) continue;
      for (const flag of ins.getFlags()) {
        if (flag.getName().toLowerCase() !== 'security' || flag.getValue()?.toLowerCase() !== 'insecure') continue;
        ctx.report({ ...offsets(ctx.lines, flag.getRange()), message: `RUN --security=insecure: ${EFFECT}` });
      }
    }
  },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const build = ctx.doc.get(service.node, 'build');
      if (!build) continue;
      for (const item of ctx.doc.items(ctx.doc.get(build, 'entitlements'))) {
        const v = ctx.doc.value(item);
        if (v?.text !== 'security.insecure') continue;
        ctx.report({ start: v.start, end: v.end, message: `Service "${service.name}" allows the build entitlement security.insecure: ${EFFECT}` });
      }
      const privileged = ctx.doc.value(ctx.doc.get(build, 'privileged'));
      if (privileged && isTrue(privileged)) {
        ctx.report({ start: privileged.start, end: privileged.end, message: `Service "${service.name}" builds with privileged: true: ${EFFECT}` });
      }
    }
  },
};
