// Re-linting one compose file as it is edited, redoing only the services an edit touched. Pure: no vscode.
//
// The text is cut by lines into a head (everything up to the first service of the block-style `services:`),
// one segment per service, and a tail (the top-level keys after `services`). A segment's findings are those
// of a "mini document": head + that segment + tail, so head offsets are the original's, the segment's shift
// by a constant, and aliases to anchors in the head resolve as in the whole file. The "frame" (head + tail,
// no services) gives the findings of the top-level sections. Results are cached per segment text and dropped
// when the frame, the options or the kind change. Whenever the cut cannot be trusted (see `split`), a mini
// document has a syntax error, or a rule was not reviewed for this, the whole text is linted as usual.
import { DEFAULT_MAX_BYTES, lint, MAX_YAML_DEPTH } from './engine';
import { yamlDepth } from './parse/yamlDepth';
import type { Rule } from './rule';
import { rules as defaultRules } from './rules';
import { DISABLE_NEXT_LINE } from './suppress';
import { LineIndex, refuseText } from './text';
import type { FileKind, Finding, Fix, LintOptions } from './types';

/**
 * Compose rules whose check was read for this: each service is checked on its own, and what it reports lies in
 * that service's text or in anchored text it reaches through an alias; reports about top-level sections do
 * not depend on the services. A rule not listed here (a new one, or a caller's own) makes every lint a full one.
 */
const PER_SERVICE = new Set([
  'privileged-port', 'sctp-port', 'host-network', 'host-loopback-unreachable', 'apparmor-ignored', 'cgroup-limits-ignored',
  'cgroup-controller-not-delegated', 'cgroup-v2-unsupported-option', 'oom-score-adj-clamped', 'device-cgroup-rules-ignored',
  'cgroup-parent', 'ulimit-above-hard-limit', 'privileged-userns-only', 'cap-add-ineffective', 'device-group-access',
  'gpu-requires-config', 'overlay-network-unsupported', 'macvlan-ipvlan-unsupported', 'swarm-unsupported', 'userns-host-noop',
  'host-pid-ipc-limited', 'sysctl-not-permitted', 'domainname-unsupported', 'nfs-volume-mount', 'docker-socket-path',
  'bind-uid-mapping', 'bind-root-owned-path', 'source-ip-not-preserved', 'container-ip-unreachable', 'ipv6-limited',
  'runtime-unsupported', 'storage-opt-unsupported', 'writable-cgroups', 'ping-restricted', 'uid-outside-subuid-range',
  'build-network-host', 'build-security-insecure',
]);

/**
 * Rules that remember across services what they already checked: anchored text shared by several services is
 * reported once, for the first of them. Their findings are fine in a service's own text; one in shared text
 * makes the lint a full one.
 */
const ACROSS_SERVICES = new Set(['interpolation']);

export const REVIEWED_RULE_IDS: readonly string[] = [...PER_SERVICE, ...ACROSS_SERVICES];

const reviewed = new Set<Rule>(defaultRules.filter((r) => PER_SERVICE.has(r.id) || ACROSS_SERVICES.has(r.id)));

/** Where the pieces of a compose text are: [0, head) head, segments, [tail, length) tail. */
interface Split {
  head: number;
  tail: number;
  segments: { start: number; end: number }[];
}

/** A segment's findings, in the offsets of its mini document (head + segment + tail). */
interface SegmentResult {
  /** False when this segment cannot be linted on its own: the whole text is then linted. */
  ok: boolean;
  findings: Finding[];
}

/** What one call did, for tests and benchmarks. */
export interface IncrementalStats {
  /** Whole-text lints (the first text, a changed frame or options, or when the cut could not be trusted). */
  full: number;
  /** Mini documents linted, one per new or changed service. */
  mini: number;
  /** Services whose cached findings were reused. */
  reused: number;
  /** Why the last call linted the whole text, if it did. */
  reason?: string;
}

const SYNTAX = new Set(['yaml-syntax', 'not-linted']);
/** With findings in shared (anchored) text, files of more services than this are linted whole each time. */
const MAX_SHARED_SERVICES = 100;

/**
 * Keeps what it computed for one compose document. `lint(text, kind, options)` returns exactly what the
 * engine's `lint` returns for the same arguments, relinting only the services whose text changed.
 */
export class IncrementalLinter {
  private frameText = '';
  private options: OptionsKey | undefined;
  /** Findings of the frame (head + tail), in its offsets; undefined while nothing is cached. */
  private frame: Finding[] | undefined;
  private segments = new Map<string, SegmentResult>();
  /** Counters of the last call. */
  stats: IncrementalStats = { full: 0, mini: 0, reused: 0 };
  /** Counters since the object was made. */
  readonly totals = { full: 0, mini: 0, reused: 0 };

  lint(text: string, kind: FileKind, options: LintOptions = {}): Finding[] {
    this.stats = { full: 0, mini: 0, reused: 0 };
    const out = this.relint(text, kind, options);
    this.totals.full += this.stats.full;
    this.totals.mini += this.stats.mini;
    this.totals.reused += this.stats.reused;
    return out;
  }

  /** Forgets everything (the next lint is a full one). */
  reset(): void {
    this.frame = undefined;
    this.options = undefined;
    this.frameText = '';
    this.segments.clear();
  }

  private full(text: string, kind: FileKind, options: LintOptions, reason: string): Finding[] {
    this.stats.full++;
    this.stats.reason = reason;
    return lint(text, kind, options);
  }

  private relint(text: string, kind: FileKind, options: LintOptions): Finding[] {
    if (kind !== 'compose') {
      this.reset();
      return this.full(text, kind, options, 'not a compose file');
    }
    if (!(options.rules ?? defaultRules).every((r) => !r.compose || reviewed.has(r))) {
      this.reset();
      return this.full(text, kind, options, 'a rule not reviewed for incremental linting');
    }
    // Syntax errors (and rules that throw) are what tell that the pieces may not add up: they must stay visible.
    if (hidesErrors(text, options)) {
      this.reset();
      return this.full(text, kind, options, 'syntax errors may be silenced');
    }
    // The engine's own guards look at the whole text: a piece may pass where the whole does not.
    if (refuseText(text, options.maxBytes ?? DEFAULT_MAX_BYTES) || yamlDepth(text, MAX_YAML_DEPTH) > MAX_YAML_DEPTH) {
      return this.full(text, kind, options, 'refused by the engine');
    }
    const cut = split(text);
    if (typeof cut === 'string') return this.full(text, kind, options, cut);

    const frameText = text.slice(0, cut.head) + text.slice(cut.tail);
    const key = optionsKey(options);
    if (!this.frame || frameText !== this.frameText || !sameOptions(key, this.options!)) {
      this.segments.clear();
      this.frame = undefined;
      this.options = key;
      this.frameText = frameText;
      return this.cold(text, frameText, cut, options);
    }
    return this.warm(text, cut, options);
  }

  /** No cache: a plain lint of the whole text, and the cache built from it when its findings can be shared out. */
  private cold(text: string, frameText: string, cut: Split, options: LintOptions): Finding[] {
    const whole = this.full(text, 'compose', options, 'first lint of this frame and options');
    if (whole.some(unsafe)) return whole;
    const frame = lint(frameText, 'compose', options);
    // A frame finding must lie in the head or in the tail: between them, in the whole text, are the services.
    const seamless = (o: number, length: number) => inHead(o, length, cut.head) || inTail(o, length, cut.head);
    if (frame.some((f) => unsafe(f) || !seamless(f.offset, f.length) || f.fixes.some((x) => x.edits.some((e) => !seamless(e.offset, e.length))))) return whole;
    this.frame = frame;
    const H = cut.head;
    // Findings outside every segment must be the frame's own: otherwise a service reports into shared text,
    // and which one cannot be told from here (the next lint links each service on its own).
    const outside = new Counts();
    const perSegment: Finding[][] = cut.segments.map(() => []);
    let s = 0;
    for (const f of whole) {
      if (f.offset < H || f.offset >= cut.tail) {
        outside.add(keyOf(f, (o) => (o < H ? o : o >= cut.tail ? o - cut.tail + H : NaN)));
        continue;
      }
      while (f.offset >= cut.segments[s].end) s++;
      perSegment[s].push(f);
    }
    let shared = outside.size > frame.length;
    for (const f of frame) if (!outside.remove(keyOf(f, (o) => o))) shared = true;
    if (shared || outside.size) {
      // The next lint then links every service on its own, once: worth it only for a file of few services.
      if (cut.segments.length > MAX_SHARED_SERVICES) this.frame = undefined;
      return whole;
    }
    // A service that may define an anchor could change what later services' aliases mean.
    if (cut.segments.some((seg) => mayDefineAnchor(text.slice(seg.start, seg.end)))) {
      this.frame = undefined;
      return whole;
    }
    cut.segments.forEach((seg, i) => {
      const L = seg.end - seg.start;
      // Whole-text offsets to the mini document's: head as is, this segment after the head, the tail after it.
      const toMini = (o: number, length: number): number | undefined =>
        inHead(o, length, H) ? o : inPiece(o, length, seg.start, seg.end) ? o - seg.start + H : inTail(o, length, cut.tail) ? o - cut.tail + H + L : undefined;
      const findings: Finding[] = [];
      let ok = true;
      for (const f of perSegment[i]) {
        const m = moved(f, toMini);
        if (m) findings.push(m);
        else ok = false;
      }
      this.segments.set(text.slice(seg.start, seg.end), { ok, findings });
    });
    return whole;
  }

  /** The cache holds this frame and options: lint new segments alone, reuse the rest. */
  private warm(text: string, cut: Split, options: LintOptions): Finding[] {
    const H = cut.head;
    const head = text.slice(0, H);
    const tail = text.slice(cut.tail);
    const next = new Map<string, SegmentResult>();
    const results: SegmentResult[] = [];
    for (const seg of cut.segments) {
      const body = text.slice(seg.start, seg.end);
      let r = this.segments.get(body);
      if (r) this.stats.reused++;
      else {
        r = this.mini(head, body, tail, options);
        this.stats.mini++;
      }
      next.set(body, r);
      results.push(r);
    }
    this.segments = next;
    if (results.some((r) => !r.ok)) return this.full(text, 'compose', options, 'a service could not be linted on its own');

    // Everything in whole-text offsets, services in order, then the frame: ties (same offset and rule) then
    // keep the engine's order, where a rule reports service by service.
    const out: Finding[] = [];
    cut.segments.forEach((seg, i) => {
      const L = seg.end - seg.start;
      const toWhole = (o: number) => (o < H ? o : o < H + L ? o - H + seg.start : o - H - L + cut.tail);
      for (const f of results[i].findings) out.push(moved(f, toWhole)!);
    });
    const fromFrame = new Set<Finding>();
    for (const f of this.frame!) {
      const m = moved(f, (o) => (o < H ? o : o - H + cut.tail))!;
      fromFrame.add(m);
      out.push(m);
    }
    out.sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
    for (let i = 1; i < out.length; i++) {
      const a = out[i - 1];
      const b = out[i];
      if (a.offset === b.offset && a.ruleId === b.ruleId && fromFrame.has(a) !== fromFrame.has(b)) {
        return this.full(text, 'compose', options, 'a service and a top-level section report at one place');
      }
    }
    const lines = new LineIndex(text);
    for (const f of out) {
      f.start = lines.positionAt(f.offset);
      f.end = lines.positionAt(f.offset + f.length);
    }
    return out;
  }

  /** One service linted in its mini document: its own findings and those it adds to the frame's. */
  private mini(head: string, body: string, tail: string, options: LintOptions): SegmentResult {
    if (mayDefineAnchor(body)) return { ok: false, findings: [] };
    const H = head.length;
    const L = body.length;
    const found = lint(head + body + tail, 'compose', options);
    if (found.some(unsafe)) return { ok: false, findings: [] };
    const frame = new Counts();
    for (const f of this.frame!) frame.add(keyOf(f, (o) => o));
    const toFrame = (o: number) => (o < H ? o : o >= H + L ? o - L : NaN);
    const findings: Finding[] = [];
    for (const f of found) {
      const inside = f.offset >= H && f.offset < H + L;
      if (!inside) {
        if (frame.remove(keyOf(f, toFrame))) continue;
        // Shared text reported by a rule that reports it only for the first service: not decidable here.
        if (ACROSS_SERVICES.has(f.ruleId)) return { ok: false, findings: [] };
      }
      // Each offset must stay in one piece, so that it lands on the same text in the whole document.
      const check = (o: number, length: number) => inHead(o, length, H) || inPiece(o, length, H, H + L) || inTail(o, length, H + L);
      if (!check(f.offset, f.length) || !f.fixes.every((fix) => fix.edits.every((e) => check(e.offset, e.length)))) return { ok: false, findings: [] };
      findings.push(f);
    }
    // Every frame finding must be in the mini document too, or the pieces do not add up.
    return { ok: frame.size === 0, findings };
  }
}

// A span lies in one piece when it starts and ends there. An empty span where two pieces meet is in neither:
// in the whole text that place may be next to another piece.
const inHead = (o: number, length: number, head: number) => o + length <= head && o < head;
const inPiece = (o: number, length: number, start: number, end: number) => o >= start && o + length <= end && !(length === 0 && (o === start || o === end));
const inTail = (o: number, length: number, tail: number) => o > tail || (o === tail && length > 0);

/** A finding with its offsets (and its fixes' edit offsets) moved by `map`; undefined when one cannot be. */
function moved(f: Finding, map: (o: number, length: number) => number | undefined): Finding | undefined {
  const offset = map(f.offset, f.length);
  if (offset === undefined) return undefined;
  const fixes: Fix[] = [];
  for (const fix of f.fixes) {
    const edits = [];
    for (const e of fix.edits) {
      const o = map(e.offset, e.length);
      if (o === undefined) return undefined;
      edits.push({ ...e, offset: o });
    }
    fixes.push({ ...fix, edits });
  }
  return { ...f, offset, fixes };
}

/**
 * Whether syntax errors could be silenced: by a severity of `off`, by a suppression comment naming no rule or
 * naming them, or on the first line (where a rule that throws reports).
 */
function hidesErrors(text: string, options: LintOptions): boolean {
  const sev = options.severities ?? {};
  if ([...SYNTAX].some((id) => Object.prototype.hasOwnProperty.call(sev, id) && sev[id] === 'off')) return true;
  const marker = 'rootless-docker-disable-';
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
    if (text.lastIndexOf('\n', i) < 0 && text.lastIndexOf('\r', i) < 0) return true;
    const eol = text.indexOf('\n', i);
    const m = /^rootless-docker-disable-(?:next-)?line\b([^#\r\n]*)/.exec(text.slice(i, eol < 0 ? text.length : eol));
    if (!m) continue;
    const ids = m[1].split(/[\s,]+/).filter(Boolean);
    if (!ids.length || ids.some((id) => SYNTAX.has(id))) return true;
  }
  return false;
}

/** A syntax error, a refused text or a rule that threw: the pieces may not add up to the whole. */
function unsafe(f: Finding): boolean {
  return SYNTAX.has(f.ruleId) || f.message.startsWith(`Rule ${f.ruleId} could not check this file`);
}

/** A finding as a string, offsets mapped, positions left out (they differ between the pieces and the whole). */
function keyOf(f: Finding, map: (o: number) => number): string {
  const fixes = f.fixes.map((x) => [x.title, x.preferred ?? false, x.edits.map((e) => [map(e.offset), e.length, e.text])]);
  return JSON.stringify([f.ruleId, f.severity, f.message, map(f.offset), f.length, f.docs, fixes]);
}

/** A multiset of strings. */
class Counts {
  private readonly m = new Map<string, number>();
  size = 0;
  add(k: string): void {
    this.m.set(k, (this.m.get(k) ?? 0) + 1);
    this.size++;
  }
  remove(k: string): boolean {
    const n = this.m.get(k);
    if (!n) return false;
    if (n === 1) this.m.delete(k);
    else this.m.set(k, n - 1);
    this.size--;
    return true;
  }
}

interface OptionsKey {
  facts: string;
  env: Readonly<Record<string, string | undefined>>;
  severities: string;
  rules: readonly Rule[] | undefined;
  maxBytes: number | undefined;
}

function optionsKey(o: LintOptions): OptionsKey {
  return { facts: JSON.stringify(o.facts ?? null), env: { ...(o.env ?? {}) }, severities: JSON.stringify(o.severities ?? {}), rules: o.rules && [...o.rules], maxBytes: o.maxBytes };
}

function sameOptions(a: OptionsKey, b: OptionsKey): boolean {
  if (a.facts !== b.facts || a.severities !== b.severities || a.maxBytes !== b.maxBytes) return false;
  if (a.rules !== b.rules && (!a.rules || !b.rules || a.rules.length !== b.rules.length || a.rules.some((r, i) => r !== b.rules![i]))) return false;
  const ka = Object.keys(a.env);
  if (ka.length !== Object.keys(b.env).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b.env, k) && a.env[k] === b.env[k]);
}

const SERVICES_LINE = /^services:(?:[ \t]+#.*|[ \t]*)\r?$/;
const SERVICE_KEY = /^([A-Za-z_][\w.-]*):(?:[ \t]+#.*|[ \t]*)\r?$/;
const NOT_A_STRING = /^(?:true|false|null)$/i;

/**
 * Cuts a compose text into head, services and tail in one pass over its lines, or says why it will not: the
 * services must be a block map whose keys are plain names alone on their lines at one indentation, every
 * other line of it blank, a comment or indented deeper, with no document markers, lone CR line breaks, or a
 * disable-next-line comment silencing a line in the next piece.
 */
export function split(text: string): Split | string {
  if (/\r(?!\n)/.test(text)) return 'a lone CR line break';
  let state: 'head' | 'body' | 'tail' = 'head';
  let head = -1;
  let tail = text.length;
  let indent = -1;
  const starts: number[] = [];
  const names = new Set<string>();
  for (let at = 0; at < text.length; ) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length : nl + 1;
    const c = text.charCodeAt(at);
    if (c !== 32 && c !== 9 && c !== 35 && c !== 13 && c !== 10) {
      // A line at column 0: a top-level key, or something that makes the cut unsafe.
      if (c === 37 || ((c === 45 || c === 46) && text.startsWith(c === 45 ? '---' : '...', at))) return 'a document marker or directive';
      if (state === 'body') {
        state = 'tail';
        tail = at;
      }
      if (c === 115 && SERVICES_LINE.test(text.slice(at, end))) {
        if (state !== 'head') return 'services written twice';
        state = 'body';
        head = next;
      }
    } else if (state === 'body') {
      let i = at;
      while (text.charCodeAt(i) === 32) i++;
      let j = i;
      while (j < end && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      const first = text.charCodeAt(j);
      // Blank lines and comments belong to the service above them.
      const blank = j >= end || first === 35 || (first === 13 && j + 1 === end);
      if (!blank) {
        const indentation = i - at;
        if (j > i && (indent < 0 || indentation <= indent)) return 'a tab before a service';
        if (indent < 0) indent = indentation;
        if (indentation < indent) return 'a line of services indented less than the services';
        if (indentation === indent) {
          const m = SERVICE_KEY.exec(text.slice(i, end));
          if (!m) return 'a service key that is not a plain name alone on its line';
          if (NOT_A_STRING.test(m[1])) return 'a service named like a YAML boolean or null';
          if (names.has(m[1])) return 'a service written twice';
          names.add(m[1]);
          starts.push(at);
        }
      }
    }
    at = next;
  }
  if (state === 'head' || !starts.length) return 'no block-style services';
  // The head ends where the first service starts: comments and blanks just after `services:` stay in it.
  head = starts[0];
  const bounds = [...starts, tail];
  for (const b of bounds) {
    if (b >= text.length) continue;
    const prev = text.slice(text.lastIndexOf('\n', b - 2) + 1, b);
    if (prev.includes(DISABLE_NEXT_LINE)) return 'a disable-next-line comment just before a piece';
  }
  return { head, tail, segments: starts.map((s, i) => ({ start: s, end: bounds[i + 1] })) };
}

/**
 * Whether a service's text may define an anchor: an `&name` where a node can start (line start, after
 * `- `, `? `, `: `, `[`, `{`, `,`, or a tag). An anchor there could redefine one of the head for later services.
 * Errs on the side of yes (inside quoted text, say).
 */
export function mayDefineAnchor(body: string): boolean {
  for (let i = body.indexOf('&'); i >= 0; i = body.indexOf('&', i + 1)) {
    const after = body[i + 1];
    if (after === undefined || /[\s,[\]{}]/.test(after)) continue;
    let j = i - 1;
    while (j >= 0 && (body[j] === ' ' || body[j] === '\t')) j--;
    if (j < 0 || '\n\r-?:[{,'.includes(body[j])) return true;
    let t = j;
    while (t >= 0 && !/\s/.test(body[t])) t--;
    if (body[t + 1] === '!') return true;
  }
  return false;
}
