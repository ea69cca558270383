import { isMap } from 'yaml';
import { isExternal } from '../../parse/fields';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';

// Filesystems that only the initial user namespace may mount; a rootless daemon mounts volumes in its own.
const NOT_USERNS_MOUNTABLE = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'ext2', 'ext3', 'ext4', 'xfs', 'btrfs']);

export const nfsVolumeMount: Rule = {
  id: 'nfs-volume-mount',
  title: 'Local volumes that mount NFS, CIFS or block devices fail under rootless',
  severity: 'error',
  docs: DOCS.caveats,
  observed: { ...TEST_BED, verified: true, effect: 'A local volume of type ext4 fails when a container starts: "error while mounting volume …: failed to mount local volume: mount /dev/…: operation not permitted". NFS and CIFS themselves could not be seen: this kernel has neither, so the daemon says "no such device", as a rootful one would.' },
  compose(ctx: ComposeContext) {
    const { doc } = ctx;
    for (const e of doc.section('volumes')) {
      if (!isMap(e.value) || isExternal(doc, e.value)) continue;
      const driver = doc.value(doc.get(e.value, 'driver'))?.text.trim();
      if (driver && driver !== 'local') continue; // a volume plugin mounts it, not the daemon
      const opts = doc.get(e.value, 'driver_opts');
      const type = doc.value(doc.get(opts, 'type'));
      const fs = type?.text.trim().toLowerCase();
      if (!type || !fs || !NOT_USERNS_MOUNTABLE.has(fs)) continue;
      const device = doc.value(doc.get(opts, 'device'))?.text.trim();
      if (!device) continue;
      ctx.report({
        start: type.start,
        end: type.end,
        message:
          `Volume "${e.key}" mounts ${fs} device "${device}": a rootless daemon mounts local volumes inside its user namespace, where ${fs} cannot be mounted, ` +
          `so the first container using it fails with "failed to mount local volume: … operation not permitted". Mount it on the host (fstab or systemd mount) ` +
          `and bind-mount that directory into the service instead.`,
      });
    }
  },
};
