import { networkDrivers } from '../../parse/fields';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';

export const overlayNetworkUnsupported: Rule = {
  id: 'overlay-network-unsupported',
  title: 'Overlay networks cannot be created by a rootless daemon',
  severity: 'error',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'Creating an overlay network fails: "This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again." (Swarm mode itself was not tried on the shared bed.)' },
  compose(ctx: ComposeContext) {
    for (const net of networkDrivers(ctx.doc)) {
      const v = net.driver;
      if (v.text.trim() !== 'overlay') continue;
      const fixes: Fix[] = [];
      const at = v.at(v.text.indexOf('overlay'));
      if (at !== undefined) fixes.push({ title: `Use the bridge driver for network "${net.name}"`, edits: [{ offset: at, length: 'overlay'.length, text: 'bridge' }], preferred: true });
      ctx.report({
        start: v.start,
        end: v.end,
        message:
          `Network "${net.name}" uses driver "overlay": overlay networks need Swarm mode, which a rootless daemon does not support, so creating the network fails ` +
          `and no service on it starts. Use the bridge driver (the default) for a single-host project.`,
        fixes,
      });
    }
  },
};
