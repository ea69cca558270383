import { isMap, type Node } from 'yaml';
import type { ComposeDocument, Value } from '../../parse/compose';
import { DOCS, type ComposeContext, type Rule } from '../../rule';

/** A CDI device name, `vendor.com/class=name` (the name may hold `:`, as in MIG devices `0:1`). */
export const CDI_NAME = /^[a-z0-9][a-z0-9.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*=\S+$/;

export interface DeviceEntry {
  /** The host side: a path, or a whole CDI name. */
  source: string;
  cdi: boolean;
  /** The scalar holding the source: the short-syntax item or the long syntax's `source`. */
  value: Value;
  /** Source offsets of `source`, or of the whole scalar when it is not verbatim. */
  start: number;
  end: number;
  node: Node;
}

/** A service's `devices`: `HOST[:CONTAINER[:PERMS]]`, CDI names, and `{source, target, permissions}`. */
export function serviceDevices(doc: ComposeDocument, service: Node): DeviceEntry[] {
  const out: DeviceEntry[] = [];
  for (const item of doc.items(doc.get(service, 'devices'))) {
    const value = isMap(item) ? doc.value(doc.get(item, 'source')) : doc.value(item);
    if (!value) continue;
    const text = value.text.trim();
    if (!text) continue;
    const cdi = CDI_NAME.test(text);
    const source = cdi || isMap(item) ? text : text.split(':')[0];
    const lead = value.text.indexOf(source);
    const at = lead < 0 ? undefined : value.at(lead);
    out.push({ source, cdi, value, start: at ?? value.start, end: at === undefined ? value.end : at + source.length, node: item });
  }
  return out;
}

// Nodes that every user may open on a stock host (mode 0666), so they work from a rootless container.
const WORLD_ACCESSIBLE = /^\/dev\/(fuse|net\/tun|null|zero|full|random|urandom|tty|ptmx|nvidia(\d+|ctl|-uvm|-uvm-tools|-modeset)|nvidia-caps(\/.*)?)$/;

// The host group that usually grants access, for the message.
const GROUPS: readonly [RegExp, string][] = [
  [/^\/dev\/kvm$/, 'kvm'],
  [/^\/dev\/dri$/, 'render or video'],
  [/^\/dev\/dri\/renderD\d+$/, 'render'],
  [/^\/dev\/dri\/card\d+$/, 'video'],
  [/^\/dev\/(video\d+|media\d+|vchiq)$/, 'video'],
  [/^\/dev\/(tty(USB|ACM|S|AMA)\d+|serial\/.+)$/, 'dialout'],
  [/^\/dev\/snd(\/.*)?$/, 'audio'],
  [/^\/dev\/(sd[a-z]+\d*|nvme\d+n\d+(p\d+)?|mmcblk\d+(p\d+)?|loop\d+|sg\d+)$/, 'disk'],
  [/^\/dev\/i2c-\d+$/, 'i2c'],
  [/^\/dev\/(gpiomem|gpiochip\d+)$/, 'gpio'],
];

const DIRECTORIES = /^\/dev\/(dri|snd|bus\/usb|input|serial)\/?$/;

export const deviceGroupAccess: Rule = {
  id: 'device-group-access',
  title: 'Devices reachable through a host group are not accessible from a rootless container',
  severity: 'warning',
  docs: DOCS.uidMapping,
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const d of serviceDevices(ctx.doc, service.node)) {
        if (d.cdi || !d.source.startsWith('/') || WORLD_ACCESSIBLE.test(d.source)) continue;
        const group = GROUPS.find(([re]) => re.test(d.source))?.[1];
        const via = group ? `the ${group} group` : 'a host group';
        const acl = DIRECTORIES.test(d.source) ? `sudo setfacl -m u:$USER:rw on each node under ${d.source}` : `sudo setfacl -m u:$USER:rw ${d.source}`;
        ctx.report({
          start: d.start,
          end: d.end,
          message:
            `Device ${d.source} of service "${service.name}": a rootless daemon cannot create device nodes, so it bind-mounts the host's node, which shows as ` +
            `nobody:nogroup inside. Access your user has through ${via} does not reach the container (host groups are not mapped; group_add only adds IDs inside ` +
            `the user namespace), so opening it fails with "permission denied" unless the node grants your user, or everyone, access. Grant your user access ` +
            `on the host (${acl}) and run the container as root, which is your UID on the host, or widen the node's MODE with a udev rule.`,
        });
      }
    }
  },
};
