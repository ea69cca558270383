import { DOCS, TEST_BED, reportValue, type ComposeContext, type Rule } from '../../rule';

/** The default runtime under its two names. */
const RUNC = new Set(['runc', 'io.containerd.runc.v2']);

/** gpu-requires-config reports the NVIDIA runtime. */
const NVIDIA = 'nvidia';

/** OCI runtimes that run rootless themselves; they still need registering with the rootless daemon. */
const ROOTLESS_CAPABLE = new Set(['crun', 'youki']);

/** Runtimes known to need real root or hardware access. */
const ROOT_ONLY: Record<string, string> = {
  runsc: 'gVisor',
  'io.containerd.runsc.v1': 'gVisor',
  kata: 'Kata Containers',
  'kata-runtime': 'Kata Containers',
  'io.containerd.kata.v2': 'Kata Containers',
  'sysbox-runc': 'Sysbox',
};

export const runtimeUnsupported: Rule = {
  id: 'runtime-unsupported',
  title: 'A runtime other than runc is likely to fail with a rootless daemon',
  severity: 'info',
  docs: DOCS.troubleshoot,
  observed: { ...TEST_BED, verified: true, effect: 'A runtime not registered with the rootless daemon is refused at create: "Unknown runtime specified runsc". A registered runsc or kata runtime was not available to test.' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const v = ctx.doc.value(ctx.doc.get(service.node, 'runtime'));
      if (!v) continue;
      const name = v.text;
      if (!name || RUNC.has(name) || name === NVIDIA) continue;
      const registered = 'a rootless daemon only knows runtimes registered in its own ~/.config/docker/daemon.json (not /etc/docker/daemon.json)';
      let message: string;
      if (ROOTLESS_CAPABLE.has(name)) {
        message =
          `Service "${service.name}" uses runtime "${name}". ${name} itself runs rootless, but ${registered}, ` +
          `so register it there, or use runc.`;
      } else {
        const known = Object.prototype.hasOwnProperty.call(ROOT_ONLY, name) ? ` (${ROOT_ONLY[name]}, which expects a rootful daemon)` : '';
        message =
          `Service "${service.name}" uses runtime "${name}"${known}: ${registered}, and a shim that is not rootless-aware treats the systemd cgroup path ` +
          `("user.slice:docker:<id>") as a literal path it cannot create, so the container is likely to fail to start. Use runc unless "${name}" is registered ` +
          `there and supports rootless mode.`;
      }
      reportValue(ctx, v, message);
    }
  },
};
