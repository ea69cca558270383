import { scalarText } from '../../parse/compose';
import { listOrDict, READABLE_HOST_FILES, serviceMounts, splitRaw } from '../../parse/fields';
import { DOCS, TEST_BED, type ComposeContext, type Rule } from '../../rule';
import type { Fix } from '../../types';

/** Variables that, by their name, hold the host user's UID or GID (`UID`, `PUID`, `HOST_GID`, `USER_ID`…). */
const ID_VARIABLE = /(?:^|_)P?[UG]ID$|(?:^|_)(?:USER|GROUP)_?ID$/i;

/** Variable names referenced in a raw compose string. */
function variables(raw: string): string[] {
  const text = raw.replace(/\$\$/g, '');
  return [...text.matchAll(/\$(?:\{([A-Za-z_]\w*)|([A-Za-z_]\w*))/g)].map((m) => m[1] ?? m[2]);
}

/**
 * Why an ID value stands for a host user rather than container root: `"1000"`, or a variable such as
 * `${UID}` that is unset here (compose then gets your UID from `.env` or the shell). Undefined when it is 0, a
 * name, or cannot be told.
 */
function hostIdentity(text: string, raw: string, unresolved: string[]): string | undefined {
  if (/^\d+$/.test(text)) return Number(text) === 0 ? undefined : `ID ${Number(text)}`;
  if (text !== '') return undefined;
  const vars = variables(raw).filter((name) => ID_VARIABLE.test(name));
  if (!vars.length || !vars.some((name) => unresolved.includes(name))) return undefined;
  return `\${${vars[0]}}, meant to be your host ID`;
}

/** What rootless does to files written under an ID: `n` becomes subuid start + n − 1 on the host. */
function effect(kind: 'UID' | 'GID', id: string): string {
  const n = Number(/^ID (\d+)$/.exec(id)?.[1]);
  const sub = kind === 'UID' ? 'subuid' : 'subgid';
  const owner = Number.isFinite(n) && n > 0 ? `${sub} start + ${n - 1} (e.g. ${100000 + n - 1})` : `a ${sub} such as 100999`;
  const yours = kind === 'UID' ? 'files you own appear owned by root inside' : "your group's files appear owned by group root inside";
  return (
    `Under rootless, container ${kind} 0 is your own host ${kind} and ${kind} n ≥ 1 is ${sub} start + n − 1, so what it writes there ` +
    `comes out owned by ${owner} on the host, and ${yours} (EACCES for a non-root process).`
  );
}

export const bindUidMapping: Rule = {
  id: 'bind-uid-mapping',
  title: 'A non-root container user writes bind-mounted files as a subordinate UID under rootless',
  severity: 'warning',
  docs: DOCS.uidMapping,
  observed: { ...TEST_BED, verified: true, effect: 'A file written by container user 1000 into a bind mount belongs to uid 100999 (subuid start + 999) on the host; a file of the daemon user shows as owned by root inside, and user 1000 cannot write it ("Permission denied").' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      // World-readable system files mounted read-only read the same under any UID.
      const binds = serviceMounts(ctx.doc, service.node).filter((m) => m.type === 'bind' && !(m.readOnly && READABLE_HOST_FILES.has(m.source ?? '')));
      const bind = binds.find((m) => !m.readOnly) ?? binds[0];
      if (!bind) continue;
      const where = bind.source ? `"${bind.source}"` : 'a host path';

      const user = ctx.doc.value(ctx.doc.get(service.node, 'user'));
      if (user) {
        const raw = scalarText(user.raw);
        const uidText = user.text.split(':')[0];
        const rawUid = splitRaw(raw)[0];
        const id = hostIdentity(uidText, rawUid, user.unresolved);
        if (id) {
          const fixes: Fix[] = [];
          const base = user.rawAt(0);
          if (base !== undefined) {
            // A plain `1000` becomes a quoted string; quoted values keep their quotes.
            const plain = user.node.type === 'PLAIN';
            fixes.push({
              title: 'Run as user "0:0" (root in the container is you on the host)',
              edits: [{ offset: plain ? user.start : base, length: plain ? user.end - user.start : raw.length, text: plain ? '"0:0"' : '0:0' }],
            });
          }
          ctx.report({
            start: user.start,
            end: user.end,
            message:
              `Service "${service.name}" runs as user "${raw}" (${id}) and bind-mounts ${where}. ${effect('UID', id)} ` +
              `Use user: "0:0" unless the image refuses to run as root, or fix ownership with a helper container.`,
            fixes,
          });
        }
      }

      for (const kv of listOrDict(ctx.doc, ctx.doc.get(service.node, 'environment'))) {
        if ((kv.key !== 'PUID' && kv.key !== 'PGID') || kv.value === undefined || !kv.valueValue) continue;
        const v = kv.valueValue;
        const list = v === kv.keyValue;
        const raw = scalarText(v.raw);
        const rawValue = list ? raw.slice(raw.indexOf('=') + 1) : raw;
        const id = hostIdentity(kv.value, rawValue, v.unresolved);
        if (!id) continue;
        const kind = kv.key === 'PUID' ? 'UID' : 'GID';
        ctx.report({
          ...(list ? v.spanAt(kv.key.length + 1, kv.value.length) : { start: v.start, end: v.end }),
          message:
            `Service "${service.name}" sets ${kv.key}=${kv.value || rawValue} (${id}): the image runs its process with that ${kind}, and the service bind-mounts ${where}. ` +
            `${effect(kind, id)} ` +
            `Set ${kv.key}=0 where the image allows it (root in the container is you on the host), or fix ownership with a helper container.`,
        });
      }
    }
  },
};
