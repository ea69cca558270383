import { serviceDevices } from '../../parse/fields';
import { DOCS, TEST_BED, reportKey, type ComposeContext, type Rule } from '../../rule';

/** NVIDIA's CDI device names: `nvidia.com/gpu=all`, `nvidia.com/gpu=0`, `nvidia.com/gpu=GPU-<uuid>`. */
const NVIDIA_CDI = /^nvidia\.com\/gpu=\S+$/;

const RUNTIME =
  'register the nvidia runtime in ~/.config/docker/daemon.json (the rootless daemon does not read /etc/docker/daemon.json) and set ' +
  'no-cgroups = true in /etc/nvidia-container-runtime/config.toml, since a rootless runtime cannot manage device cgroups';
const CDI =
  'the rootless daemon must find a CDI spec for nvidia.com/gpu (nvidia-ctk cdi generate) in a directory it reads: /etc/cdi and /var/run/cdi, ' +
  'or one listed under cdi-spec-dirs in ~/.config/docker/daemon.json';

export const gpuRequiresConfig: Rule = {
  id: 'gpu-requires-config',
  title: 'NVIDIA GPUs need the container toolkit set up for the rootless daemon',
  severity: 'info',
  docs: DOCS.troubleshoot,
  observed: { ...TEST_BED, verified: true, effect: 'Without an NVIDIA runtime set up for the daemon, a GPU request (gpus: all) fails at start: "could not select device driver "" with capabilities: [[gpu]]". A configured toolkit was not available to test.' },
  compose(ctx: ComposeContext) {
    const { doc } = ctx;
    for (const service of ctx.services) {
      const say = (what: string, how: string) =>
        `${what} of service "${service.name}" needs the NVIDIA Container Toolkit set up for the rootless daemon, or the container fails to start: ${how}. ` +
        `Skip this if the toolkit is already configured that way.`;

      const gpus = doc.entry(service.node, 'gpus');
      if (gpus && (doc.value(gpus.value)?.text || doc.items(gpus.value).length)) {
        reportKey(ctx, gpus.keyNode, say('gpus', RUNTIME));
      }

      const runtime = doc.value(doc.get(service.node, 'runtime'));
      if (runtime?.text === 'nvidia') ctx.report({ start: runtime.start, end: runtime.end, message: say('runtime: nvidia', RUNTIME) });

      for (const d of serviceDevices(doc, service.node)) {
        if (d.cdi && NVIDIA_CDI.test(d.source)) ctx.report({ start: d.start, end: d.end, message: say(`CDI device ${d.source}`, CDI) });
      }

      const reservations = doc.get(doc.get(doc.get(service.node, 'deploy'), 'resources'), 'reservations');
      for (const device of doc.items(doc.get(reservations, 'devices'))) {
        const driver = doc.value(doc.get(device, 'driver'));
        if (driver?.text === 'nvidia') {
          ctx.report({ start: driver.start, end: driver.end, message: say('deploy.resources.reservations.devices driver: nvidia', RUNTIME) });
          continue;
        }
        const gpu = doc.items(doc.get(device, 'capabilities')).map((n) => doc.value(n)).find((v) => v?.text === 'gpu');
        if (gpu && !driver) {
          ctx.report({ start: gpu.start, end: gpu.end, message: say('deploy.resources.reservations.devices capability gpu', RUNTIME) });
          continue;
        }
        const id = doc.items(doc.get(device, 'device_ids')).map((n) => doc.value(n)).find((v) => v && NVIDIA_CDI.test(v.text));
        if (id) ctx.report({ start: id.start, end: id.end, message: say(`deploy.resources.reservations.devices device_ids ${id.text}`, CDI) });
      }
    }
  },
};
