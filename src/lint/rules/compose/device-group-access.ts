import { serviceDevices } from '../../parse/fields';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

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
  observed: { ...TEST_BED, verified: true, effect: 'A root-only (0600) device node shows as 65534:65534 inside and cannot be opened ("Permission denied") even by container root; a 0666 node works, and so does access through the daemon user\'s primary group (mapped to group root). A device mapped to another path inside fails at start: "error creating device nodes: mount /dev/rdtest-null:… no such file or directory" (runc 1.1 bind-mounts the target path from the host). Supplementary host groups were not tested: the bed user has none.' },
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
