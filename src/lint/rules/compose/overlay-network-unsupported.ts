import { isMap, type Node } from 'yaml';
import type { ComposeDocument, Value } from '../../parse/compose';
import { isTrue } from '../../parse/fields';
import { DOCS, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';

export interface NetworkDriver {
  /** The network's key under the top-level `networks`. */
  name: string;
  node: Node;
  driver: Value;
}

/**
 * The `driver` of each network this file creates. External networks are left out: compose only looks
 * them up, and the compose spec rejects other attributes (driver included) beside `external: true`.
 */
export function networkDrivers(doc: ComposeDocument): NetworkDriver[] {
  const out: NetworkDriver[] = [];
  for (const e of doc.section('networks')) {
    if (!isMap(e.value)) continue;
    const external = doc.get(e.value, 'external');
    if (isMap(external) || isTrue(doc.value(external))) continue;
    const driver = doc.value(doc.get(e.value, 'driver'));
    if (driver) out.push({ name: e.key, node: e.value, driver });
  }
  return out;
}

export const overlayNetworkUnsupported: Rule = {
  id: 'overlay-network-unsupported',
  title: 'Overlay networks cannot be created by a rootless daemon',
  severity: 'error',
  docs: DOCS.limitations,
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
