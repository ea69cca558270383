import { DOCS, TEST_BED, reportKey, type ComposeContext, type Rule } from '../../rule';

export const deviceCgroupRulesIgnored: Rule = {
  id: 'device-cgroup-rules-ignored',
  title: 'device_cgroup_rules are dropped by a rootless daemon',
  severity: 'warning',
  docs: DOCS.resources,
  observed: { ...TEST_BED, verified: true, effect: 'The rules are accepted without a warning and kept in inspect, but the container stays in the daemon\'s devices cgroup: nothing applies them.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'device_cgroup_rules');
      if (!entry) continue;
      const rules = ctx.doc.items(entry.value).flatMap((n) => {
        const v = ctx.doc.value(n);
        return v && v.text.trim() ? [v.text.trim()] : [];
      });
      if (!rules.length) continue;
      const which = rules.length === 1 ? `the rule "${rules[0]}"` : `${rules.length} rules, from "${rules[0]}" on`;
      const message =
        `device_cgroup_rules of service "${service.name}" (${which}) are dropped: a rootless daemon removes every device cgroup rule from the container, ` +
        'with no error, so they grant no device access. Pass the devices themselves with devices: (e.g. /dev/ttyUSB0:/dev/ttyUSB0); access then follows the device node\'s permissions on the host.';
      reportKey(ctx, entry.keyNode, message);
    }
  },
};
