// BuildKit's host network (`RUN --network=host`, compose `build.network: host`) is RootlessKit's namespace before v29.5.
import { ModifiableInstruction } from 'dockerfile-ast';
import { hostNetnsDetached } from '../../facts';
import { instructionsNamed, offsets } from '../../parse/dockerfile';
import { DOCS, TEST_BED, type ComposeContext, type Context, type DockerfileContext, type Rule } from '../../rule';

function effect(ctx: Context): string {
  const version = ctx.facts.daemonVersion ? `Docker ${ctx.facts.daemonVersion}` : 'a rootless daemon older than v29.5';
  return (
    `with ${version}, "host" is RootlessKit's network namespace, not the host's: services on the host's loopback ` +
    '(a local proxy, registry or package cache on 127.0.0.1) are unreachable from this build step. ' +
    'Reach them through the host\'s LAN address or pass the address as a build argument; Docker 29.5 and later use the real host network here.'
  );
}

export const buildNetworkHost: Rule = {
  id: 'build-network-host',
  title: 'A build step on the host network sees RootlessKit\'s namespace, not the host\'s, before Docker 29.5',
  severity: 'info',
  docs: DOCS.loopback,
  observed: { ...TEST_BED, verified: true, effect: 'A RUN step built with networkmode host (the classic builder) runs in RootlessKit\'s namespace (tap0): a server on the host\'s 127.0.0.1 refuses it ("Connection refused") and gets no connection. BuildKit\'s RUN --network=host was not driven.' },
  dockerfile(ctx: DockerfileContext) {
    if (hostNetnsDetached(ctx.facts)) return;
    for (const ins of instructionsNamed(ctx.dockerfile, 'RUN')) {
      if (!(ins instanceof ModifiableInstruction)) continue;
      for (const flag of ins.getFlags()) {
        if (flag.getName().toLowerCase() !== 'network' || flag.getValue()?.toLowerCase() !== 'host') continue;
        ctx.report({ ...offsets(ctx.lines, flag.getRange()), message: `RUN --network=host: ${effect(ctx)}` });
      }
    }
  },
  compose(ctx: ComposeContext) {
    if (hostNetnsDetached(ctx.facts)) return;
    for (const service of ctx.services) {
      const v = ctx.doc.value(ctx.doc.get(ctx.doc.get(service.node, 'build'), 'network'));
      if (!v || v.text.toLowerCase() !== 'host') continue;
      ctx.report({ start: v.start, end: v.end, message: `Service "${service.name}" builds with network: host: ${effect(ctx)}` });
    }
  },
};
