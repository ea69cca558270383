// User and group IDs that the rootless user namespace cannot map (above 65536 on a typical host: ID 0 is your own
// user and IDs 1 to 65536 are the subordinate range, as the conformance suite saw with USER 65536 and 65537).
import { ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import { DEFAULT_SUBID_RANGE, subidRange } from '../../facts';
import { scalarText } from '../../parse/compose';
import { instructionsNamed, offsets, sourceText, sourceWord } from '../../parse/dockerfile';
import { baseName, dockerfileCommands, scriptOfValue, type SimpleCommand, type Word } from '../../parse/shell';
import { DOCS, TEST_BED, type ComposeContext, type Context, type DockerfileContext, type Rule } from '../../rule';
import { charSpan } from '../../text';

type Span = { start: number; end: number };

interface IdUse {
  id: number;
  /** "UID" or "GID". */
  kind: string;
  span: Span;
  /** Where the ID was written, e.g. `USER`, `useradd -u`. */
  where: string;
}

/** Options of the account tools that take a value: [letters that take a value, short option of the ID, long option of the ID, kind]. */
const ACCOUNT_TOOLS = new Map<string, { valued: string; short: string; long: string; kind: string }>([
  ['useradd', { valued: 'bcdefgGkKpPRsuZ', short: 'u', long: 'uid', kind: 'UID' }],
  ['usermod', { valued: 'cdefgGlpPRsuvVwWZ', short: 'u', long: 'uid', kind: 'UID' }],
  ['adduser', { valued: 'hgsGuk', short: 'u', long: 'uid', kind: 'UID' }],
  ['groupadd', { valued: 'gKpPR', short: 'g', long: 'gid', kind: 'GID' }],
  ['groupmod', { valued: 'gnpPR', short: 'g', long: 'gid', kind: 'GID' }],
  ['addgroup', { valued: 'g', short: 'g', long: 'gid', kind: 'GID' }],
]);

function message(ctx: Context, use: IdUse, effect: string): string {
  const limit = subidRange(ctx.facts);
  const range =
    ctx.facts.subuidRange === undefined
      ? `the subordinate ID ranges in /etc/subuid and /etc/subgid are usually ${DEFAULT_SUBID_RANGE} wide, so the user namespace maps IDs 0 (your own user) to ${DEFAULT_SUBID_RANGE} and higher IDs do not exist in it`
      : `your /etc/subuid range holds ${limit} IDs, so the user namespace maps IDs 0 (your own user) to ${limit} and higher IDs do not exist in it`;
  const fix =
    ctx.facts.subuidRange === undefined
      ? `Use an ID of at most ${limit}, unless your user's ranges are larger.`
      : `Use an ID of at most ${limit}, or widen your user's ranges in /etc/subuid and /etc/subgid.`;
  return `${use.kind} ${use.id} (${use.where}) cannot be mapped under rootless Docker: ${range}. ${effect} ${fix}`;
}

/** The numeric IDs in `USER:GROUP` (or `USER.GROUP` for chown) inside `word.text[from, to)`. */
function ownerIds(word: Word, from: number, to: number, fallback: Span, kinds: [string, string], where: string, dotToo: boolean): IdUse[] {
  const spec = word.text.slice(from, to);
  let sep = spec.indexOf(':');
  if (sep < 0 && dotToo) sep = spec.indexOf('.');
  const parts: [number, number, string][] = sep < 0 ? [[0, spec.length, kinds[0]]] : [[0, sep, kinds[0]], [sep + 1, spec.length, kinds[1]]];
  const out: IdUse[] = [];
  for (const [a, b, kind] of parts) {
    const digits = spec.slice(a, b);
    if (!/^\d+$/.test(digits)) continue;
    out.push({ id: Number(digits), kind, span: charSpan(word, from + a, from + b, fallback), where });
  }
  return out;
}

/** The value of `-u N`, `-uN`, `--uid N`, `--uid=N` (and clusters such as `-ru N`) among a tool's arguments. */
function optionValue(args: Word[], spec: { valued: string; short: string; long: string }): { word: Word; from: number }[] {
  const out: { word: Word; from: number }[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t === '--') break;
    if (t.startsWith('--')) {
      if (t === `--${spec.long}` && i + 1 < args.length) out.push({ word: args[++i], from: 0 });
      else if (t.startsWith(`--${spec.long}=`)) out.push({ word: args[i], from: spec.long.length + 3 });
      continue;
    }
    if (!t.startsWith('-') || t === '-') continue;
    for (let k = 1; k < t.length; k++) {
      const letter = t[k];
      if (!spec.valued.includes(letter)) continue;
      const inline = k + 1 < t.length;
      const word = inline ? args[i] : args[i + 1];
      if (letter === spec.short && word) out.push({ word, from: inline ? k + 1 : 0 });
      if (!inline) i++;
      break;
    }
  }
  return out;
}

/** IDs set by account tools and chown/chgrp in one command. */
function commandIds(cmd: SimpleCommand, fallback: Span): IdUse[] {
  const name = baseName(cmd.name.text);
  const tool = ACCOUNT_TOOLS.get(name);
  if (tool) {
    const out: IdUse[] = [];
    for (const { word, from } of optionValue(cmd.args, tool)) {
      const text = word.text.slice(from);
      if (/^\d+$/.test(text)) out.push({ id: Number(text), kind: tool.kind, span: charSpan(word, from, word.text.length, fallback), where: `${name} ${tool.kind === 'UID' ? '-u' : '-g'}` });
    }
    return out;
  }
  if (name !== 'chown' && name !== 'chgrp') return [];
  if (cmd.args.some((a) => a.text.startsWith('--reference'))) return [];
  const operand = cmd.args.find((a) => !a.text.startsWith('-'));
  if (!operand) return [];
  return name === 'chown'
    ? ownerIds(operand, 0, operand.text.length, fallback, ['UID', 'GID'], 'chown', true)
    : ownerIds(operand, 0, operand.text.length, fallback, ['GID', 'GID'], 'chgrp', false).slice(0, 1);
}

function dockerfileIds(ctx: DockerfileContext, keyword: string, ins: Instruction): IdUse[] {
  const lines = ctx.lines;
  if (keyword === 'USER') {
    const text = sourceText(ctx);
    const arg = ins.getArguments()[0];
    if (!arg) return [];
    const span = offsets(lines, arg.getRange());
    const word = sourceWord(text, span, arg.getValue());
    return ownerIds(word, 0, word.text.length, span, ['UID', 'GID'], 'USER', false);
  }
  if ((keyword === 'COPY' || keyword === 'ADD') && ins instanceof ModifiableInstruction) {
    const text = sourceText(ctx);
    const out: IdUse[] = [];
    for (const flag of ins.getFlags()) {
      const range = flag.getValueRange();
      const value = flag.getValue();
      if (flag.getName().toLowerCase() !== 'chown' || !range || value === null) continue;
      const span = offsets(lines, range);
      out.push(...ownerIds(sourceWord(text, span, value), 0, value.length, span, ['UID', 'GID'], `${keyword} --chown`, false));
    }
    return out;
  }
  return [];
}

export const uidOutsideSubuidRange: Rule = {
  id: 'uid-outside-subuid-range',
  title: 'A user or group ID at or above the subordinate ID range cannot be mapped under rootless',
  severity: 'warning',
  docs: DOCS.subuid,
  observed: { ...TEST_BED, verified: true, effect: 'User 65537 and 70000 fail at start ("unable to setup user: invalid argument"), and so does a build\'s RUN after USER 65537; chown 70000 fails with "Invalid argument". User 65536 runs and writes files: the namespace maps IDs 0 to 65536 (0 is the daemon user, 1 to 65536 the 65536 subordinate IDs).' },
  dockerfile(ctx: DockerfileContext) {
    const limit = subidRange(ctx.facts);
    const uses: IdUse[] = [];
    for (const keyword of ['USER', 'COPY', 'ADD']) {
      for (const ins of instructionsNamed(ctx.dockerfile, keyword)) uses.push(...dockerfileIds(ctx, keyword, ins));
    }
    for (const { ins, keyword, commands } of dockerfileCommands(ctx)) {
      if (keyword !== 'RUN') continue;
      const whole = offsets(ctx.lines, ins.getRange());
      for (const cmd of commands) uses.push(...commandIds(cmd, whole));
    }
    for (const use of uses) {
      if (use.id <= limit) continue;
      const effect =
        use.where === 'USER'
          ? 'Build steps after it and the container itself cannot run as this ID: they fail with "unable to setup user: invalid argument".'
          : 'No file or process can have this ID: chown in a build step fails with "Invalid argument", a pull of an image holding such files fails with "lchown <file>: invalid argument", and no container can run as it.';
      ctx.report({ ...use.span, message: message(ctx, use, effect) });
    }
  },
  compose(ctx: ComposeContext) {
    const limit = subidRange(ctx.facts);
    for (const service of ctx.services) {
      const v = ctx.doc.value(ctx.doc.get(service.node, 'user'));
      if (!v) continue;
      const word = scriptOfValue(v);
      const via = v.interpolated ? `, from "${v.node.source ?? scalarText(v.raw)}"` : '';
      for (const use of ownerIds(word, 0, word.text.length, { start: v.start, end: v.end }, ['UID', 'GID'], `user of service "${service.name}"${via}`, false)) {
        if (use.id <= limit) continue;
        ctx.report({ ...use.span, message: message(ctx, use, 'The container fails to start as this user, with "unable to setup user: invalid argument".') });
      }
    }
  },
};
