import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ComposeDocument } from '../../parse/compose';
import { DOCS, type ComposeContext, type Rule } from '../../rule';
import type { Fix, TextEdit } from '../../types';

/** Go's strconv.ParseBool, the true half: how the daemon reads `writable-cgroups=<value>`. */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** Whether a security_opt item turns writable cgroups on: `writable-cgroups`, `=true`, or the old `:` separator. */
function enablesWritableCgroups(opt: string): boolean {
  const m = /^writable-cgroups(?:([=:])(.*))?$/.exec(opt.trim());
  return !!m && (m[1] === undefined || GO_TRUE.has(m[2].trim()));
}

export const writableCgroups: Rule = {
  id: 'writable-cgroups',
  title: 'security_opt writable-cgroups is refused by a rootless daemon',
  severity: 'error',
  docs: DOCS.limitations,
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const entry = ctx.doc.entry(service.node, 'security_opt');
      if (!entry) continue;
      const seq = ctx.doc.resolve(entry.value);
      if (!isSeq(seq)) continue;
      const items = ctx.doc.items(seq);
      const others = items.filter((n) => !enablesWritableCgroups(ctx.doc.value(n)?.text ?? ''));
      // In a flow list, two removals would share a separator.
      const removable = !seq.flow || items.length - others.length === 1;
      for (const item of items) {
        const v = ctx.doc.value(item);
        if (!v || !enablesWritableCgroups(v.text)) continue;
        const fixes: Fix[] = [];
        // The last offending item goes with its whole `security_opt` entry, so no empty list is left.
        const edit = !others.length ? removePairEdit(ctx.doc, ctx.text, entry.keyNode) : removable ? removeItemEdit(ctx.text, seq, item) : undefined;
        if (edit) fixes.push({ title: others.length ? `Remove "${v.text}" from security_opt` : 'Remove security_opt', edits: [edit], preferred: true });
        ctx.report({
          start: v.start,
          end: v.end,
          message:
            `Service "${service.name}" sets security_opt "${v.text}": a rootless daemon refuses to create the container with ` +
            `"option WritableCgroups conflicts with user namespaces and rootless mode" (Docker 28.0 and later). Remove it; ` +
            `a rootless container cannot be given a writable cgroup tree.`,
          fixes,
        });
      }
    }
  },
};

// Removal edits: whole lines in block collections, the item and one separator in flow collections.
// Shared with storage-opt-unsupported.

/** An edit deleting the map entry whose key is `keyNode`, or undefined when that cannot be done cleanly. */
export function removePairEdit(doc: ComposeDocument, text: string, keyNode: Scalar): TextEdit | undefined {
  const map = parentMap(doc, keyNode);
  if (!map || map.items.length < 2) return undefined; // an emptied map would read as null
  const index = map.items.findIndex((p) => p.key === keyNode);
  const pair = map.items[index];
  if (hasAnchor(pair.value)) return undefined; // an alias elsewhere may name it
  return removeFrom(text, map, index);
}

/** An edit deleting `item` from `seq` (the item itself, not an alias to it), or undefined. */
export function removeItemEdit(text: string, seq: YAMLSeq, item: Node): TextEdit | undefined {
  const index = seq.items.findIndex((n) => n === item);
  if (index < 0 || seq.items.length < 2 || hasAnchor(item)) return undefined;
  return removeFrom(text, seq, index);
}

function parentMap(doc: ComposeDocument, keyNode: Scalar): YAMLMap | undefined {
  let found: YAMLMap | undefined;
  visit(doc.doc, {
    Map: (_k, map) => {
      if (map.items.some((p) => p.key === keyNode)) {
        found = map;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function hasAnchor(node: unknown): boolean {
  if (isAlias(node) || !(isScalar(node) || isMap(node) || isSeq(node))) return false;
  let anchored = false;
  visit(node, {
    Node: (_k, n) => {
      if (!isAlias(n) && n.anchor) {
        anchored = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return anchored;
}

/** Where an item's text starts and ends; block collections end at their last item, not after trailing comments. */
function span(item: unknown): [number, number] | undefined {
  if (isPair(item)) {
    const k = span(item.key);
    const v = span(item.value);
    return k ? [k[0], v ? v[1] : k[1]] : undefined;
  }
  if (!isScalar(item) && !isAlias(item) && !isMap(item) && !isSeq(item)) return undefined;
  const range = item.range;
  if (!range) return undefined;
  if ((isMap(item) || isSeq(item)) && !item.flow && item.items.length) {
    const last = span(item.items[item.items.length - 1]);
    return last ? [range[0], last[1]] : undefined;
  }
  return [range[0], range[1]];
}

function removeFrom(text: string, collection: YAMLMap | YAMLSeq, index: number): TextEdit | undefined {
  const own = span(collection.items[index]);
  if (!own) return undefined;
  const [start, end] = own;
  if (collection.flow) {
    const next = index + 1 < collection.items.length ? span(collection.items[index + 1]) : undefined;
    const prev = index > 0 ? span(collection.items[index - 1]) : undefined;
    const [from, to] = next ? [start, next[0]] : prev ? [prev[1], end] : [start, end];
    if (/[#\r\n]/.test(text.slice(from, to))) return undefined;
    return { offset: from, length: to - from, text: '' };
  }
  return wholeLines(text, start, end, isSeq(collection));
}

/** Deletes the lines from `start` to `end` with their line break, when nothing else shares those lines. */
function wholeLines(text: string, start: number, end: number, dash: boolean): TextEdit | undefined {
  const lineStart = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
  const lead = text.slice(lineStart, start);
  if (!(dash ? /^[ \t]*-[ \t]+$/ : /^[ \t]*$/).test(lead)) return undefined;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl + 1;
  if (!/^[ \t]*(?:#[^\r\n]*)?\r?\n?$/.test(text.slice(end, lineEnd))) return undefined;
  if (/\r(?!\n)/.test(text.slice(lineStart, lineEnd))) return undefined; // a lone CR is a line break to editors, not to the parser
  return { offset: lineStart, length: lineEnd - lineStart, text: '' };
}
