// Fixes that remove a compose map entry or list item as a minimal edit: whole lines, nothing else touched.
// An edit is offered only when the result is certain to be valid YAML with nothing else changed: block style,
// the entry alone on its lines (a comment may follow), no anchor in the removed text, and no map or list left
// empty (then the entry holding it goes instead, but never a whole service). CRLF and lone-CR line ends are kept.
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { DISABLE_NEXT_LINE } from '../suppress';
import { parserText } from '../text';
import type { TextEdit } from '../types';
import { isMergeKey, type ComposeDocument } from './compose';

/** What an edit is computed from: the parsed document and the text it was parsed from (a rule context will do). */
export interface EditSource {
  doc: ComposeDocument;
  text: string;
}

export interface Removal {
  edit: TextEdit;
  /** The key of the entry that goes, when a whole entry goes (it may hold the one asked for). */
  entry?: string;
}

/** How many levels up an emptied map or list may take the removal. */
const MAX_LIFT = 2;

/**
 * An edit deleting the entry whose key node is `key` (key and value, on whole lines), or undefined when that
 * cannot be done cleanly. When it is the only entry of its map, the entry holding that map goes instead;
 * `keep` (the service) is never emptied.
 */
export function removeEntry(src: EditSource, key: Node, keep: Node, lift = 0): Removal | undefined {
  const found = locate(src.doc, key);
  if (!found || !isPair(found.node) || !isMap(found.parent) || found.parent.flow || !isScalar(key) || key.anchor || hasAnchor(found.node.value)) return undefined;
  // Another entry with that key would take its place: written twice in the map, or merged in with `<<`.
  if (heldElsewhere(src.doc, found.parent, found.node)) return undefined;
  if (found.parent.items.length === 1) {
    // Removing the only entry would leave an empty map: remove the entry holding that map instead.
    if (found.parent === keep || found.parent.anchor || !found.holder || lift >= MAX_LIFT) return undefined;
    return isScalar(found.holder.key) ? removeEntry(src, found.holder.key, keep, lift + 1) : undefined;
  }
  const edit = wholeLines(src.text, key.range?.[0], lastEnd(found.node.value ?? key), /^[ \t]*$/);
  return edit && { edit, entry: String(key.value) };
}

/**
 * An edit deleting one item line of a block sequence. When every item of that sequence is to go (each one
 * `removable`; by default only `item` is), the entry holding the sequence goes instead, so the fixes of
 * sibling findings coincide; `keep` (the service) is never emptied.
 */
export function removeItem(src: EditSource, item: Node, keep: Node, removable: (n: Node) => boolean = (n) => n === item): Removal | undefined {
  const found = locate(src.doc, undefined, item);
  if (!found || !isSeq(found.parent) || found.parent.flow || !isScalar(item) || item.anchor) return undefined;
  const all = found.parent.items.every((n) => {
    const r = src.doc.resolve(n);
    return r !== undefined && removable(r);
  });
  if (all) return found.holder && isScalar(found.holder.key) ? removeEntry(src, found.holder.key, keep) : undefined;
  const edit = wholeLines(src.text, item.range?.[0], item.range?.[1], /^[ \t]*-[ \t]+$/);
  return edit && { edit };
}

/**
 * Like `removeEntry` for an entry of `map` (a service), but only when the entry is written in that map itself:
 * never one merged in with `<<` from an anchor that other services share.
 */
export function removeOwnEntry(src: EditSource, map: Node, key: Node): Removal | undefined {
  return ownPair(map, key) ? removeEntry(src, key, map) : undefined;
}

/** The pair of `map` whose key node is `key`, when it is written in that map itself (not merged in with `<<`). */
export function ownPair(map: unknown, key: Node): Pair | undefined {
  return isMap(map) ? map.items.find((p) => p.key === key) : undefined;
}

interface Located {
  node: Pair | Node;
  /** The map or sequence holding it. */
  parent: YAMLMap | YAMLSeq;
  /** The entry whose value is that parent, when there is one. */
  holder?: Pair;
}

/** Where each pair (by its key node) and each sequence item sits, built once per document. */
interface Parents {
  pairs: Map<Node, Located>;
  items: Map<Node, Located>;
}

const parentsOf = new WeakMap<ComposeDocument, Parents>();

function parents(doc: ComposeDocument): Parents {
  let index = parentsOf.get(doc);
  if (index) return index;
  const built: Parents = { pairs: new Map(), items: new Map() };
  // One walk over the tree (an explicit stack: no recursion depth to worry about); `holder` is the pair whose
  // value the node is.
  const stack: { node: unknown; holder?: Pair }[] = [{ node: doc.doc.contents }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { node, holder } = top;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (pair.key && typeof pair.key === 'object' && !built.pairs.has(pair.key as Node)) built.pairs.set(pair.key as Node, { node: pair, parent: node, holder });
        stack.push({ node: pair.key }, { node: pair.value, holder: pair });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (item && typeof item === 'object' && !built.items.has(item as Node)) built.items.set(item as Node, { node: item as Node, parent: node, holder });
        if (isPair(item)) stack.push({ node: item.key }, { node: item.value });
        else stack.push({ node: item });
      }
    }
  }
  index = built;
  parentsOf.set(doc, index);
  return index;
}

/** Finds the pair whose key is `key`, or the sequence holding `item`, with its parents. */
function locate(doc: ComposeDocument, key: Node | undefined, item?: Node): Located | undefined {
  const index = parents(doc);
  return key ? index.pairs.get(key) : item ? index.items.get(item) : undefined;
}

/** Whether `map` holds the key of `pair` a second time, itself or through a merge (`<<`) source. */
function heldElsewhere(doc: ComposeDocument, map: YAMLMap, pair: Pair): boolean {
  if (!isScalar(pair.key)) return true;
  const key = String(pair.key.value);
  for (const other of map.items) {
    if (other === pair) continue;
    if (isMergeKey(other)) {
      const value = doc.resolve(other.value);
      const sources = isSeq(value) ? value.items : [other.value];
      if (sources.some((source) => doc.entry(source, key))) return true;
    } else if (isScalar(other.key) && String(other.key.value) === key) return true;
  }
  return false;
}

/** Whether a node, or any node inside it, carries an anchor (an alias elsewhere may name it). */
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

/** Where the last character of a node's own text ends (block collections: their last scalar, not trailing comments). */
function lastEnd(node: unknown): number | undefined {
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length) {
    const last: unknown = node.items[node.items.length - 1];
    return isPair(last) ? lastEnd(last.value ?? last.key) : lastEnd(last);
  }
  if (isScalar(node) || isAlias(node) || isMap(node) || isSeq(node)) return node.range?.[1];
  return undefined;
}

/**
 * The edit deleting the lines from the one holding `start` to the one holding `end` with its line break,
 * when only `prefix` precedes `start` on its line and only blanks or a comment follow `end` on its line.
 */
function wholeLines(original: string, start: number | undefined, end: number | undefined, prefix: RegExp): TextEdit | undefined {
  if (start === undefined || end === undefined) return undefined;
  // A lone CR is a line break to the engine: scan a same-length copy where it is one to us too.
  const text = parserText(original);
  const from = text.lastIndexOf('\n', start - 1) + 1;
  if (!prefix.test(text.slice(from, start))) return undefined;
  const nl = text.indexOf('\n', end);
  const to = nl < 0 ? text.length : nl + 1;
  const rest = text.slice(end, nl < 0 ? text.length : nl);
  if (!/^[ \t]*(?:#.*)?\r?$/.test(rest) || to <= from) return undefined;
  // A disable-next-line comment just above, or on the last removed line, would come to silence another line.
  const above = text.slice(text.lastIndexOf('\n', from - 2) + 1, from);
  if (rest.includes(DISABLE_NEXT_LINE) || (from > 0 && above.includes(DISABLE_NEXT_LINE))) return undefined;
  return { offset: from, length: to - from, text: '' };
}
