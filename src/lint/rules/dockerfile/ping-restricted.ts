// `ping` in RUN / HEALTHCHECK / compose healthchecks.
import { isSeq } from 'yaml';
import type { ComposeDocument, Value } from '../../parse/compose';
import { offsets } from '../../parse/dockerfile';
import { isTrue } from '../../parse/fields';
import { baseName, dockerfileCommands, execCommands, scriptOfValue, shellCommands, type SimpleCommand, type Word } from '../../parse/shell';
import { DOCS, TEST_BED, type ComposeContext, type DockerfileContext, type Rule } from '../../rule';
import { wordSpan } from '../../text';

function isPing(word: Word): boolean {
  const name = baseName(word.text);
  return name === 'ping' || name === 'ping6';
}

const EFFECT =
  "ICMP from rootless containers goes out through RootlessKit's user-mode network (slirp4netns), which can ping only if the host's " +
  'net.ipv4.ping_group_range includes your group (many distributions ship "1 0": no one); vpnkit cannot ping at all';
const FIX = 'Use a TCP or HTTP check ("nc -z HOST PORT", "curl -fsS URL"), or set net.ipv4.ping_group_range = 0 2147483647 on the host.';

export const pingRestricted: Rule = {
  id: 'ping-restricted',
  title: 'ping (ICMP) fails under rootless unless the host allows unprivileged ping',
  severity: 'info',
  docs: DOCS.ping,
  observed: { ...TEST_BED, verified: true, effect: 'With the host\'s net.ipv4.ping_group_range at "1 0", container root cannot ping the host\'s own address (100% packet loss; slirp4netns answers only for its own 10.0.2.2) and RUN ping fails the build. A non-root container user cannot ping at all: the daemon leaves the container\'s ping_group_range at "65534 65534" ("permission denied (are you root?)").' },
  dockerfile(ctx: DockerfileContext) {
    for (const { ins, keyword, commands } of dockerfileCommands(ctx)) {
      for (const cmd of commands) {
        if (!isPing(cmd.name)) continue;
        const what =
          keyword === 'RUN'
            ? `RUN runs ${cmd.name.text}, but ${EFFECT}. Unless the host allows it, this build step fails.`
            : `HEALTHCHECK runs ${cmd.name.text}, but ${EFFECT}. Unless the host allows it, the check always fails and the container is marked unhealthy.`;
        ctx.report({ ...wordSpan(cmd.name, offsets(ctx.lines, ins.getRange())), message: `${what} ${FIX}` });
      }
    }
  },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const hc = ctx.doc.get(service.node, 'healthcheck');
      if (!hc || isTrue(ctx.doc.value(ctx.doc.get(hc, 'disable')))) continue;
      for (const { cmd, whole } of healthcheckCommands(ctx.doc, ctx.doc.get(hc, 'test'))) {
        if (!isPing(cmd.name)) continue;
        ctx.report({
          ...wordSpan(cmd.name, whole),
          message: `The healthcheck of service "${service.name}" runs ${cmd.name.text}, but ${EFFECT}. Unless the host allows it, the check always fails and the container is marked unhealthy. ${FIX}`,
        });
      }
    }
  },
};

/** Commands of a compose `healthcheck.test`: a string (shell), ["CMD", …] or ["CMD-SHELL", "…"]. */
function healthcheckCommands(doc: ComposeDocument, test: unknown): { cmd: SimpleCommand; whole: { start: number; end: number } }[] {
  const out: { cmd: SimpleCommand; whole: { start: number; end: number } }[] = [];
  if (isSeq(doc.resolve(test))) {
    const items = doc.items(test).map((n) => doc.value(n));
    const kind = items[0]?.text.toUpperCase();
    const values = items.slice(1).filter((v): v is Value => !!v);
    if (!values.length) return out;
    const whole = { start: values[0].start, end: values[values.length - 1].end };
    if (kind === 'CMD') for (const cmd of execCommands(values.map(scriptOfValue))) out.push({ cmd, whole: spanOf(cmd, values) ?? whole });
    else if (kind === 'CMD-SHELL') for (const cmd of shellCommands(scriptOfValue(values[0]))) out.push({ cmd, whole: { start: values[0].start, end: values[0].end } });
    return out;
  }
  const v = doc.value(test);
  if (v) for (const cmd of shellCommands(scriptOfValue(v))) out.push({ cmd, whole: { start: v.start, end: v.end } });
  return out;
}

/** The list item a command name came from, for exec-form healthchecks whose text is not verbatim. */
function spanOf(cmd: SimpleCommand, values: Value[]): { start: number; end: number } | undefined {
  const v = values.find((x) => x.text === cmd.name.text);
  return v ? { start: v.start, end: v.end } : undefined;
}
