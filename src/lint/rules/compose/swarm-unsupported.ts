import { isMap } from 'yaml';
import { DOCS, reportKey, type ComposeContext, type Rule } from '../../rule';

const SWARM = 'which only docker stack deploy (Swarm mode) acts on, and a rootless daemon cannot run Swarm mode';

export const swarmUnsupported: Rule = {
  id: 'swarm-unsupported',
  title: 'Swarm-only settings do nothing under a rootless daemon',
  severity: 'info',
  docs: DOCS.limitations,
  observed: { verified: false, why: 'These keys only matter to docker stack deploy: compose ignores them and no Engine API container setting corresponds. Trying docker swarm init would turn the shared test daemon into a Swarm manager.' },
  compose(ctx: ComposeContext) {
    const { doc } = ctx;
    for (const service of ctx.services) {
      const deploy = doc.get(service.node, 'deploy');
      const mode = doc.value(doc.get(deploy, 'mode'));
      const m = mode?.text.trim();
      if (mode && m && m !== 'replicated') {
        ctx.report({
          start: mode.start,
          end: mode.end,
          message: `deploy.mode "${m}" of service "${service.name}" is a Swarm scheduling mode, ${SWARM}; docker compose does not run a task per node. Drop it, or run the stack on a rootful Swarm.`,
        });
      }
      const placement = doc.entry(deploy, 'placement');
      if (placement && isMap(placement.value) && placement.value.items.length) {
        reportKey(ctx, placement.keyNode, `deploy.placement of service "${service.name}" holds Swarm constraints and preferences, ${SWARM}; docker compose ignores them.`);
      }
      for (const port of doc.items(doc.get(service.node, 'ports'))) {
        if (!isMap(port)) continue;
        const pm = doc.value(doc.get(port, 'mode'));
        if (pm?.text.trim() !== 'ingress') continue;
        ctx.report({
          start: pm.start,
          end: pm.end,
          message: `Port mode "ingress" of service "${service.name}" asks for Swarm's routing mesh, ${SWARM}; docker compose publishes the port on this host only. Use mode: host, or leave it out.`,
        });
      }
    }
  },
};
