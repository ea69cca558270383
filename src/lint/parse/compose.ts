// Compose files as a read-only view over the `yaml` syntax tree. Rules read through this view, so
// every value they see keeps its source range, merge keys (`<<`) and aliases are followed to the text
// they came from, `!reset` removes a value, and strings are interpolated from the environment.
import * as yaml from 'yaml';
import type { Alias, Document, Node, Pair, Scalar, ScalarTag, CollectionTag, YAMLMap } from 'yaml';
import { interpolate, type Env, type InterpolationError } from './interpolate';
import { clip } from '../text';

// Taken from the module once: bundled, each named import of a CommonJS module is read through a getter on
// every call, and these run for every node the rules look at.
const { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } = yaml;

/** A problem in the file itself (syntax), with its source span. */
export interface SyntaxProblem {
  message: string;
  offset: number;
  length: number;
}

export interface Entry {
  key: string;
  keyNode: Scalar;
  value: Node | undefined;
}

export interface Service {
  name: string;
  keyNode: Scalar;
  node: YAMLMap;
}

/** A scalar with its interpolated text and a way back to source offsets. */
export interface Value {
  node: Scalar;
  start: number;
  end: number;
  raw: unknown;
  /** The value as compose would see it: interpolated, and numbers/booleans as their YAML text. */
  text: string;
  interpolated: boolean;
  unresolved: string[];
  /** Interpolation errors, positioned in the raw (uninterpolated) string. */
  errors: InterpolationError[];
  /** The source offset of `text[index]`, when the text stands verbatim in the source. */
  at(index: number): number | undefined;
  /** The source span of `text[index, index + length)`, or of the whole scalar when the text is not verbatim. */
  spanAt(index: number, length: number): { start: number; end: number };
  /** The source offset of `raw[index]`, the string before interpolation, when the source spells it out verbatim. */
  rawAt(index: number): number | undefined;
}

const MERGE_DEPTH = 16;

// Compose's own tags. Declared so they resolve quietly; `!reset` means "drop the inherited value".
const composeTags: (ScalarTag | CollectionTag)[] = ['!reset', '!override'].flatMap((tag) => [
  { tag, resolve: (s: string) => s },
  { tag, collection: 'map' as const, resolve: (m: unknown) => m },
  { tag, collection: 'seq' as const, resolve: (s: unknown) => s },
]);

/** How compose files are parsed (exported for the benchmark, which times this parse alone). */
export const PARSE_OPTIONS = {
  // Merge keys are followed by this view (isMergeKey, collect); yaml's own support only tests every plain scalar for `<<`.
  merge: false,
  uniqueKeys: false, // checked below with a Set: the library's own check is quadratic
  customTags: composeTags,
  logLevel: 'silent',
  prettyErrors: false,
  keepSourceTokens: false,
} as const;

export function parseCompose(text: string, env: Env): { docs: ComposeDocument[]; problems: SyntaxProblem[] } {
  const parsed = parseAllDocuments(text, PARSE_OPTIONS);
  const list = Array.isArray(parsed) ? parsed : [];
  const problems: SyntaxProblem[] = [];
  const docs: ComposeDocument[] = [];
  for (const doc of list) {
    for (const e of doc.errors) {
      const [start, end] = e.pos;
      problems.push({ message: yamlMessage(e.message), offset: start, length: Math.max(0, end - start) });
    }
    const view = new ComposeDocument(doc, env, text);
    problems.push(...view.duplicateKeys, ...view.unknownAliases);
    docs.push(view);
  }
  return { docs, problems };
}

function yamlMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export class ComposeDocument {
  private readonly anchors = new Map<Alias, Node>();
  readonly duplicateKeys: SyntaxProblem[] = [];
  /** Aliases naming no anchor before them: compose refuses the file. */
  readonly unknownAliases: SyntaxProblem[] = [];
  // Rules ask for the same maps and scalars many times: each is worked out once per document.
  private readonly entryCache = new Map<Node, readonly Entry[]>();
  private readonly keyCache = new Map<Node, Map<string, Entry>>();
  private readonly valueCache = new Map<Scalar, Value | undefined>();

  constructor(
    readonly doc: Document.Parsed,
    private readonly env: Env,
    private readonly sourceText: string,
  ) {
    // One pass in document order: an alias refers to the latest anchor of that name before it.
    this.index(doc.contents, new Map(), new Set(doc.errors.map((e) => e.pos[0])));
  }

  /** Records anchors, aliases and duplicate keys of a node and everything in it (a plain walk: yaml's `visit` costs more). */
  private index(node: unknown, latest: Map<string, Node>, reported: Set<number>): void {
    if (isAlias(node)) {
      const target = latest.get(node.source);
      if (target) this.anchors.set(node, target);
      else this.unknownAlias(node, reported);
      return;
    }
    if (isPair(node)) {
      // A flow sequence may hold pairs: `[a: *x]`.
      this.index(node.key, latest, reported);
      this.index(node.value, latest, reported);
      return;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return;
    if (node.anchor) latest.set(node.anchor, node);
    if (isMap(node)) {
      this.checkDuplicates(node);
      for (const pair of node.items) this.index(pair, latest, reported);
    } else if (isSeq(node)) {
      for (const item of node.items) this.index(item, latest, reported);
    }
  }

  /** An alias to an anchor not defined before it. yaml reports it only when converting to JS (some versions while parsing: then it is not reported twice). */
  private unknownAlias(node: Alias, reported: Set<number>): void {
    const [start, end] = node.range ?? [0, 0];
    if (reported.has(start)) return;
    const name = clip(node.source, 60);
    this.unknownAliases.push({
      message: `Unknown alias *${name}: no anchor &${name} is defined before it, so compose refuses the file.`,
      offset: start,
      length: Math.max(0, end - start),
    });
  }

  private checkDuplicates(map: YAMLMap): void {
    const seen = new Set<string>();
    for (const pair of map.items) {
      if (!isScalar(pair.key) || isMergeKey(pair)) continue;
      const key = String(pair.key.value);
      if (seen.has(key)) {
        const [start, end] = pair.key.range ?? [0, 0];
        this.duplicateKeys.push({ message: `Duplicate key "${clip(key, 60)}": compose refuses files with repeated keys.`, offset: start, length: end - start });
      }
      seen.add(key);
    }
  }

  /** Follows an alias to the node it names. */
  resolve(node: unknown): Node | undefined {
    if (isAlias(node)) return this.anchors.get(node);
    return isScalar(node) || isMap(node) || isSeq(node) ? (node) : undefined;
  }

  /** The map's entries, with merged (`<<`) entries after explicit ones and `!reset` values left out. */
  entries(node: unknown): readonly Entry[] {
    const map = this.resolve(node);
    if (!isMap(map)) return [];
    let out = this.entryCache.get(map);
    if (!out) {
      const all: Entry[] = [];
      this.collect(map, all, new Set(), 0, new Set());
      out = all.filter((e) => !(e.value && e.value.tag === '!reset'));
      this.entryCache.set(map, out);
    }
    return out;
  }

  // Each map is walked once per lookup: a map merged along several paths has nothing new the second time.
  private collect(node: Node | undefined, out: Entry[], seen: Set<string>, depth: number, visited: Set<Node>): void {
    if (!isMap(node) || depth > MERGE_DEPTH || visited.has(node)) return;
    visited.add(node);
    const merges: unknown[] = [];
    for (const pair of node.items) {
      if (isMergeKey(pair)) {
        const v = this.resolve(pair.value);
        if (isSeq(v)) merges.push(...v.items);
        else merges.push(pair.value);
        continue;
      }
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ key, keyNode: pair.key, value: this.resolve(pair.value) });
    }
    for (const m of merges) this.collect(this.resolve(m), out, seen, depth + 1, visited);
  }

  /** A key of a map (merge-aware); undefined when absent or reset. */
  get(node: unknown, key: string): Node | undefined {
    return this.entry(node, key)?.value;
  }

  entry(node: unknown, key: string): Entry | undefined {
    const map = this.resolve(node);
    if (!isMap(map)) return undefined;
    const entries = this.entries(map);
    // Most maps have a few keys: a scan is cheaper than an index, which only big maps (`services`) get.
    if (entries.length <= 16) return entries.find((e) => e.key === key);
    let byKey = this.keyCache.get(map);
    if (!byKey) {
      byKey = new Map(entries.map((e) => [e.key, e]));
      this.keyCache.set(map, byKey);
    }
    return byKey.get(key);
  }

  /** The items of a sequence, aliases followed. */
  items(node: unknown): Node[] {
    const seq = this.resolve(node);
    if (!isSeq(seq) || seq.tag === '!reset') return [];
    const out: Node[] = [];
    for (const item of seq.items) {
      const n = this.resolve(item);
      if (n) out.push(n);
    }
    return out;
  }

  /** A scalar's value, interpolated. Undefined for collections and `null`. */
  value(node: unknown): Value | undefined {
    const n = this.resolve(node);
    if (!isScalar(n)) return undefined;
    if (this.valueCache.has(n)) return this.valueCache.get(n);
    const v = this.scalarValue(n);
    this.valueCache.set(n, v);
    return v;
  }

  private scalarValue(n: Scalar): Value | undefined {
    if (n.value === null || n.value === undefined || n.tag === '!reset') return undefined;
    const [start, end] = n.range ?? [0, 0];
    const raw = n.value;
    const interp = typeof raw === 'string' ? interpolate(raw, this.env) : undefined;
    const text = interp ? interp.value : scalarText(raw);
    const verbatimAt = verbatimStart(n, start, end, this.sourceText);
    const verbatim = verbatimAt !== undefined && !interp?.interpolated;
    const rawLength = scalarText(raw).length;
    const at = (i: number) => (verbatim && i >= 0 && i <= text.length ? verbatimAt + i : undefined);
    return {
      node: n,
      start,
      end,
      raw,
      text,
      interpolated: interp?.interpolated ?? false,
      unresolved: interp?.unresolved ?? [],
      errors: interp?.errors ?? [],
      at,
      spanAt: (i, length) => {
        const first = at(i);
        return first === undefined ? { start, end } : { start: first, end: first + length };
      },
      rawAt: (i) => (verbatimAt !== undefined && i >= 0 && i <= rawLength ? verbatimAt + i : undefined),
    };
  }

  /** The `services` map, one entry per service whose value is a map. */
  services(): Service[] {
    const out: Service[] = [];
    for (const e of this.entries(this.doc.contents)) {
      if (e.key !== 'services') continue;
      for (const s of this.entries(e.value)) {
        if (isMap(s.value)) out.push({ name: s.key, keyNode: s.keyNode, node: s.value });
      }
    }
    return out;
  }

  /** Entries of a top-level section such as `networks` or `volumes`. */
  section(name: string): readonly Entry[] {
    return this.entries(this.get(this.doc.contents, name));
  }
}

/**
 * `read` worked out once per document and node, for readings that several rules share (a service's ports,
 * mounts, cgroup limits). The result is shared, so it is read-only.
 */
export function perNode<T>(read: (doc: ComposeDocument, node: Node) => T): (doc: ComposeDocument, node: Node) => Readonly<T> {
  const memo = new WeakMap<ComposeDocument, Map<Node, T>>();
  return (doc, node) => {
    let byNode = memo.get(doc);
    if (!byNode) memo.set(doc, (byNode = new Map<Node, T>()));
    if (byNode.has(node)) return byNode.get(node) as T;
    const value = read(doc, node);
    byNode.set(node, value);
    return value;
  };
}

/** Whether a pair is a merge (`<<`) entry. */
export function isMergeKey(pair: Pair): boolean {
  const k = pair.key;
  if (!isScalar(k)) return false;
  return (typeof k.value === 'symbol' && k.value.description === '<<') || (k.value === '<<' && k.type === 'PLAIN');
}

/** Where a scalar's value (before interpolation) starts in the source, if the source spells it out character for character. */
function verbatimStart(node: Scalar, start: number, end: number, text: string): number | undefined {
  if (!text) return undefined;
  const src = text.slice(start, end);
  const value = scalarText(node.value);
  if (node.type === 'PLAIN' && src === value) return start;
  if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && src.slice(1, -1) === value) return start + 1;
  return undefined;
}

/** The text of a scalar's parsed value: strings as they are, numbers and booleans as JavaScript prints them. */
export function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : '';
}
