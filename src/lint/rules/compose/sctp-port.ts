// SCTP ports: no RootlessKit port driver carries SCTP, so a published SCTP port is dropped without a word.
import { isMap } from 'yaml';
import type { Value } from '../../parse/compose';
import { instructionsNamed, offsets, sourceWord } from '../../parse/dockerfile';
import { servicePorts } from '../../parse/ports';
import { DOCS, TEST_BED, type ComposeContext, type DockerfileContext, type Rule } from '../../rule';
import { charSpan } from '../../text';

const WHY = "no RootlessKit port driver carries SCTP (they forward TCP and UDP only)";
const FIX = 'Use TCP or UDP for anything the host must reach, or run this container on a rootful daemon.';

/** The span of the `sctp` after the last `/` of a short-syntax value, or the whole value. */
function protocolSpan(v: Value): { start: number; end: number } {
  const slash = v.text.lastIndexOf('/');
  return slash < 0 ? { start: v.start, end: v.end } : v.spanAt(slash + 1, v.text.length - slash - 1);
}

export const sctpPort: Rule = {
  id: 'sctp-port',
  title: 'SCTP ports cannot be published by a rootless daemon: the binding is dropped silently',
  severity: 'warning',
  docs: DOCS.limitations,
  observed: { ...TEST_BED, verified: true, effect: 'Accepted with no error or warning; Docker 20.10 even lists 5000/sctp in inspect (NetworkSettings.Ports), but RootlessKit\'s builtin port driver carries only tcp and udp (tcp4, tcp6, udp4, udp6) and gets no port for it, so nothing on the host is bound. (Newer daemons also drop the binding from inspect, per the catalogue.)' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const port of servicePorts(ctx.doc, service.node)) {
        if (port.protocol !== 'sctp') continue;
        const where = port.published ? `host port ${port.published.text}` : port.value?.unresolved.length ? 'a host port' : 'a random host port';
        const span = port.long ? port.protocolValue : port.value;
        if (!span) continue;
        ctx.report({
          ...(port.long ? { start: span.start, end: span.end } : protocolSpan(span)),
          message:
            `Service "${service.name}" publishes an SCTP port on ${where}, but ${WHY}: the daemon accepts the binding without an error ` +
            `(Docker 20.10 even lists it in docker port and inspect) and nothing forwards it, so nothing on the host can reach it. ${FIX}`,
        });
      }
      for (const item of ctx.doc.items(ctx.doc.get(service.node, 'expose'))) {
        const v = isMap(item) ? undefined : ctx.doc.value(item);
        if (!v || !/\/sctp$/i.test(v.text)) continue;
        ctx.report({
          ...protocolSpan(v),
          severity: 'info',
          message:
            `Service "${service.name}" exposes SCTP port ${v.text.slice(0, v.text.lastIndexOf('/'))}: fine between containers, ` +
            `but under rootless it can never be published to the host, because ${WHY}.`,
        });
      }
    }
  },
  dockerfile(ctx: DockerfileContext) {
    for (const ins of instructionsNamed(ctx.dockerfile, 'EXPOSE')) {
      for (const arg of ins.getArguments()) {
        const value = arg.getValue();
        const slash = value.lastIndexOf('/');
        if (slash < 0 || value.slice(slash + 1).toLowerCase() !== 'sctp') continue;
        const span = offsets(ctx.lines, arg.getRange());
        ctx.report({
          ...charSpan(sourceWord(ctx.text, span, value), slash + 1, value.length, span),
          severity: 'info',
          message:
            `EXPOSE ${value} only matters when the image is run with "docker run -P" (publish all): under rootless that SCTP binding ` +
            `is dropped without an error, because ${WHY}. Containers on the same network can still reach the port.`,
        });
      }
    }
  },
};
