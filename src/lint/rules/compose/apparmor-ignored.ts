import type { Node } from 'yaml';
import { removeItem } from '../../parse/edits';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

/** `apparmor=<profile>` or `apparmor:<profile>`: the profile, else undefined. */
function apparmorProfile(text: string): string | undefined {
  const m = /^\s*apparmor\s*[=:]\s*(.+?)\s*$/.exec(text);
  return m ? m[1] : undefined;
}

export const apparmorIgnored: Rule = {
  id: 'apparmor-ignored',
  title: 'AppArmor options have no effect under rootless: the container runs without AppArmor confinement',
  severity: 'warning',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'security_opt naming an AppArmor profile that does not exist is accepted without a warning and the container runs; docker info lists only seccomp and rootless as security options. This host\'s kernel has no AppArmor either, so the observation does not tell rootless apart from an AppArmor-less host.' },
  compose(ctx: ComposeContext) {
    const isApparmor = (n: Node) => {
      const v = ctx.doc.value(n);
      return v !== undefined && apparmorProfile(v.text) !== undefined;
    };
    for (const service of ctx.services) {
      for (const item of ctx.doc.items(ctx.doc.get(service.node, 'security_opt'))) {
        const v = ctx.doc.value(item);
        const profile = v && apparmorProfile(v.text);
        if (!v || profile === undefined) continue;
        const unconfined = profile === 'unconfined';
        const shown = v.text.trim();
        const message = unconfined
          ? `security_opt "${shown}" of service "${service.name}" changes nothing under rootless: AppArmor is not supported in rootless mode, so containers are never AppArmor-confined. The entry can go.`
          : `security_opt "${shown}" of service "${service.name}" is ignored: AppArmor is not supported in rootless mode (the daemon cannot see /sys/kernel/security), so the container runs without the "${profile}" profile, and nothing reports it. ` +
            'Rely on seccomp and dropped capabilities, or run this service on a rootful daemon if the profile matters.';
        const removal = removeItem(ctx, item, service.node, isApparmor);
        // Removing an unconfined entry weakens nothing on any daemon; dropping a real profile would also drop it
        // on a rootful daemon, so that removal is offered but never applied by "fix all".
        const title = removal?.entry ? `Remove ${removal.entry} (it holds only AppArmor options)` : `Remove "${shown}"`;
        const fixes = removal ? [{ title, edits: [removal.edit], preferred: unconfined }] : [];
        ctx.report({ start: v.start, end: v.end, message, severity: unconfined ? 'info' : 'warning', fixes });
      }
    }
  },
};
