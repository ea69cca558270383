import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ComposeDocument } from '../../parse/compose';
import { DOCS, type ComposeContext, type Rule } from '../../rule';
import type { TextEdit } from '../../types';

// Whole-line removal of a map entry or a sequence item, shared by the rules of catalogue rows 5-12 whose fix
// is "remove it". An edit is offered only when the result is certain to be valid YAML with nothing else
// changed: block style, the entry alone on its lines, no anchor inside the removed text, and no map or list
// left empty (then the entry holding it goes too, but never a whole service).

const MAX_LIFT = 2;

export interface Removal {
  edit: TextEdit;
  /** The key of the entry that goes, when a whole entry goes (it may hold the one asked for). */
  entry?: string;
}

/** The offset of the start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset after the line break of the line holding `offset`, when only blanks or a comment follow `offset`. */
function lineEnd(text: string, offset: number): number | undefined {
  const nl = text.indexOf('\n', offset);
  const rest = text.slice(offset, nl < 0 ? text.length : nl);
  return /^[ \t]*(?:#.*)?\r?$/.test(rest) ? (nl < 0 ? text.length : nl + 1) : undefined;
}

/** Where the last character of a node's own text ends (block collections: their last scalar). */
function lastEnd(node: unknown): number | undefined {
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length) {
    const last: unknown = node.items[node.items.length - 1];
    return isPair(last) ? lastEnd(last.value ?? last.key) : lastEnd(last);
  }
  if (isScalar(node) || isAlias(node) || isMap(node) || isSeq(node)) return node.range?.[1];
  return undefined;
}

function hasAnchor(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  let found = false;
  visit(node as Node, {
    Node: (_k, n) => {
      if ((isScalar(n) || isMap(n) || isSeq(n)) && n.anchor) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

interface Located<T> {
  node: T;
  /** The map or sequence holding it. */
  parent: YAMLMap | YAMLSeq;
  /** The entry whose value is that parent, when there is one. */
  holder?: Pair;
}

/** Finds the pair whose key is `key`, or the sequence holding `item`, with its parents. */
function locate(doc: ComposeDocument, key: Node | undefined, item?: Node): Located<Pair | Node> | undefined {
  let found: Located<Pair | Node> | undefined;
  const holderOf = (path: readonly unknown[], parent: unknown): Pair | undefined => {
    const p = path[path.length - 2];
    return isPair(p) && p.value === parent ? p : undefined;
  };
  visit(doc.doc, {
    Pair: (_k, pair, path) => {
      if (!key || pair.key !== key) return undefined;
      const parent = path[path.length - 1];
      if (!isMap(parent)) return visit.BREAK;
      found = { node: pair, parent, holder: holderOf(path, parent) };
      return visit.BREAK;
    },
    Seq: (_k, seq, path) => {
      if (!item || !seq.items.includes(item)) return undefined;
      found = { node: item, parent: seq, holder: holderOf([...path, seq], seq) };
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * An edit deleting the entry whose key node is `key` (key and value, on whole lines), or undefined when that
 * cannot be done cleanly. `service` is never left empty.
 */
export function removeEntryEdit(ctx: ComposeContext, key: Node, service: Node, lift = 0): Removal | undefined {
  const found = locate(ctx.doc, key);
  if (!found || !isPair(found.node) || !isMap(found.parent) || found.parent.flow || !isScalar(key) || key.anchor || hasAnchor(found.node.value)) return undefined;
  if (found.parent.items.length === 1) {
    // Removing the only entry would leave an empty map: remove the entry holding that map instead.
    if (found.parent === service || found.parent.anchor || !found.holder || lift >= MAX_LIFT) return undefined;
    return isScalar(found.holder.key) ? removeEntryEdit(ctx, found.holder.key, service, lift + 1) : undefined;
  }
  const edit = lines(ctx.text, key.range?.[0], lastEnd(found.node.value ?? key), /^[ \t]*$/);
  return edit && { edit, entry: String(key.value) };
}

/**
 * An edit deleting one item line of a block sequence. When every item of that sequence is to go
 * (`removable`), the entry holding the sequence goes instead, so the fixes of sibling findings coincide.
 */
export function removeItemEdit(ctx: ComposeContext, item: Node, service: Node, removable: (n: Node) => boolean): Removal | undefined {
  const found = locate(ctx.doc, undefined, item);
  if (!found || !isSeq(found.parent) || found.parent.flow || !isScalar(item) || item.anchor) return undefined;
  const all = found.parent.items.every((n) => {
    const r = ctx.doc.resolve(n);
    return r !== undefined && removable(r);
  });
  if (all) return found.holder && isScalar(found.holder.key) ? removeEntryEdit(ctx, found.holder.key, service) : undefined;
  const edit = lines(ctx.text, item.range?.[0], item.range?.[1], /^[ \t]*-[ \t]+$/);
  return edit && { edit };
}

/** The edit deleting the lines from the one holding `start` to the one holding `end`, if `start` is preceded by `prefix`. */
function lines(original: string, start: number | undefined, end: number | undefined, prefix: RegExp): TextEdit | undefined {
  if (start === undefined || end === undefined) return undefined;
  // A lone CR is a line break to the engine: scan a same-length copy where it is one to us too.
  const text = original.replace(/\r(?!\n)/g, '\n');
  const from = lineStart(text, start);
  if (!prefix.test(text.slice(from, start))) return undefined;
  const to = lineEnd(text, end);
  if (to === undefined || to <= from) return undefined;
  return { offset: from, length: to - from, text: '' };
}

/** `apparmor=<profile>` or `apparmor:<profile>`: the profile, else undefined. */
function apparmorProfile(text: string): string | undefined {
  const m = /^\s*apparmor\s*[=:]\s*(.+?)\s*$/.exec(text);
  return m ? m[1] : undefined;
}

export const apparmorIgnored: Rule = {
  id: 'apparmor-ignored',
  title: 'AppArmor options have no effect under rootless: the container runs without AppArmor confinement',
  severity: 'warning',
  docs: DOCS.limitations,
  compose(ctx: ComposeContext) {
    const isApparmor = (n: Node) => {
      const v = ctx.doc.value(n);
      return v !== undefined && apparmorProfile(v.text) !== undefined;
    };
    for (const service of ctx.services) {
      for (const item of ctx.doc.items(ctx.doc.get(service.node, 'security_opt'))) {
        const v = ctx.doc.value(item);
        const profile = v && apparmorProfile(v.text);
        if (!v || profile === undefined) continue;
        const unconfined = profile === 'unconfined';
        const shown = v.text.trim();
        const message = unconfined
          ? `security_opt "${shown}" of service "${service.name}" changes nothing under rootless: AppArmor is not supported in rootless mode, so containers are never AppArmor-confined. The entry can go.`
          : `security_opt "${shown}" of service "${service.name}" is ignored: AppArmor is not supported in rootless mode (the daemon cannot see /sys/kernel/security), so the container runs without the "${profile}" profile, and nothing reports it. ` +
            'Rely on seccomp and dropped capabilities, or run this service on a rootful daemon if the profile matters.';
        const removal = removeItemEdit(ctx, item, service.node, isApparmor);
        // Removing an unconfined entry weakens nothing on any daemon; dropping a real profile would also drop it
        // on a rootful daemon, so that removal is offered but never applied by "fix all".
        const title = removal?.entry ? `Remove ${removal.entry} (it holds only AppArmor options)` : `Remove "${shown}"`;
        const fixes = removal ? [{ title, edits: [removal.edit], preferred: unconfined }] : [];
        ctx.report({ start: v.start, end: v.end, message, severity: unconfined ? 'info' : 'warning', fixes });
      }
    }
  },
};
