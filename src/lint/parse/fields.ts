// Readers for compose fields that several rules share: list-or-dict maps, booleans, volumes and bind mounts,
// devices, networks and host networking.
import { posix } from 'node:path';
import { isMap, isSeq, type Node } from 'yaml';
import { perNode, scalarText, type ComposeDocument, type Value } from './compose';

export interface KeyValue {
  key: string;
  /** The value text; undefined for a bare `KEY` list item or a null map value. */
  value?: string;
  /** The scalar holding the key (`- KEY=VALUE` item, or the map key). */
  keyValue?: Value;
  /** The scalar holding the value (the list item itself for `KEY=VALUE`). */
  valueValue?: Value;
  /** Source span covering the whole entry. */
  start: number;
  end: number;
}

/** `environment`, `sysctls`, `labels`, `extra_hosts` (map form) etc.: a list of `K=V` or a map. */
export function listOrDict(doc: ComposeDocument, node: Node | undefined, separator = '='): KeyValue[] {
  const out: KeyValue[] = [];
  if (isMap(node)) {
    for (const e of doc.entries(node)) {
      const v = doc.value(e.value);
      const k = doc.value(e.keyNode);
      const [ks] = e.keyNode.range ?? [0];
      out.push({ key: e.key, value: v?.text, keyValue: k, valueValue: v, start: ks, end: (e.value?.range ?? e.keyNode.range ?? [0, 0])[1] });
    }
  } else if (isSeq(node)) {
    for (const item of doc.items(node)) {
      const v = doc.value(item);
      if (!v) continue;
      const i = v.text.indexOf(separator);
      out.push({ key: i < 0 ? v.text : v.text.slice(0, i), value: i < 0 ? undefined : v.text.slice(i + 1), keyValue: v, valueValue: v, start: v.start, end: v.end });
    }
  }
  return out;
}

/** Compose booleans may be strings after interpolation: true/false, and YAML 1.1's yes/no/on/off. */
export function isTrue(v: Value | undefined): boolean {
  return !!v && /^(true|yes|on|y)$/i.test(v.text);
}

// Volumes

export interface Mount {
  type: string; // bind | volume | tmpfs | npipe | cluster | image
  /** Host path of a bind mount or name of a volume (interpolated). */
  source?: string;
  target?: string;
  readOnly: boolean;
  /** The scalar that names the source: the short-syntax item or the long syntax's `source`. */
  sourceValue?: Value;
  /** Where `source` starts within `sourceValue.text` (0 for long syntax). */
  sourceIndex: number;
  /** The source as written, before interpolation (`${A:-x:y}` kept whole); undefined when there is none. */
  rawSource?: string;
  node: Node;
}

/** A short-syntax source is a host path when it starts like one; otherwise it names a volume. */
export function isHostPath(source: string): boolean {
  return /^(\/|\.|~|\$|[A-Za-z]:[\\/])/.test(source) || source.includes('/');
}

/** A service's `volumes`, short (`SRC:DST[:MODE]`) and long ({type, source, target, read_only}). */
export const serviceMounts = perNode(readMounts);

function readMounts(doc: ComposeDocument, service: Node): Mount[] {
  const out: Mount[] = [];
  for (const item of doc.items(doc.get(service, 'volumes'))) {
    if (isMap(item)) {
      const sourceValue = doc.value(doc.get(item, 'source'));
      out.push({
        type: doc.value(doc.get(item, 'type'))?.text ?? 'volume',
        source: sourceValue?.text,
        target: doc.value(doc.get(item, 'target'))?.text,
        readOnly: isTrue(doc.value(doc.get(item, 'read_only'))),
        sourceValue,
        sourceIndex: 0,
        rawSource: sourceValue && scalarText(sourceValue.raw),
        node: item,
      });
      continue;
    }
    const v = doc.value(item);
    if (!v) continue;
    const parts = splitVolume(v.text);
    if (parts.length === 1) {
      out.push({ type: 'volume', target: parts[0], readOnly: false, sourceValue: v, sourceIndex: -1, node: item });
      continue;
    }
    const [source, target, mode = ''] = parts;
    out.push({
      type: isHostPath(source) ? 'bind' : 'volume',
      source,
      target,
      readOnly: mode.split(',').includes('ro'),
      sourceValue: v,
      sourceIndex: 0,
      rawSource: splitRaw(scalarText(v.raw))[0],
      node: item,
    });
  }
  return out;
}

/** Splits `SRC:DST[:MODE]` as compose does after interpolation, keeping a Windows drive letter (`C:\x`) in one piece. */
function splitVolume(text: string): string[] {
  const parts = text.split(':');
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1])) parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  return parts;
}

/**
 * Splits a raw (uninterpolated) compose string on the `:`s that separate its parts (`SRC:DST:MODE`,
 * `USER:GROUP`), not those inside `${…}`, so `${A:-x:y}` stays whole; `$$` is a literal `$`.
 */
export function splitRaw(raw: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '$' && (raw[i + 1] === '$' || raw[i + 1] === '{')) {
      if (raw[i + 1] === '{') depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      parts.push(raw.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(raw.slice(from));
  return parts;
}

/** World-readable host files that containers routinely bind-mount read-only; they read the same under any UID. */
export const READABLE_HOST_FILES: ReadonlySet<string> = new Set(['/etc/localtime', '/etc/timezone', '/etc/hosts', '/etc/resolv.conf']);

/** Where a rootful daemon listens; a rootless one listens on $XDG_RUNTIME_DIR/docker.sock. */
export const ROOTFUL_DOCKER_SOCKETS: ReadonlySet<string> = new Set(['/var/run/docker.sock', '/run/docker.sock']);

/** A host path as the kernel resolves it: `//`, `.` and `..` resolved, and no trailing `/`. */
function normalizePath(path: string): string {
  const p = posix.normalize(path);
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}

/** A bind mount whose host path is known. */
export interface BindMount extends Mount {
  source: string;
  sourceValue: Value;
  rawSource: string;
  /** `source` as the kernel resolves it (see `normalizePath`). */
  path: string;
  /** The source is built from a variable that is not set here, so it could be any path. */
  unresolved: boolean;
}

/** A service's bind mounts that name their host path. */
export const serviceBinds = perNode(readBinds);

function readBinds(doc: ComposeDocument, service: Node): BindMount[] {
  const out: BindMount[] = [];
  for (const m of serviceMounts(doc, service)) {
    const { source, sourceValue } = m;
    if (m.type !== 'bind' || !sourceValue || source === undefined) continue;
    const rawSource = m.rawSource ?? '';
    out.push({ ...m, source, sourceValue, rawSource, path: normalizePath(source), unresolved: rawSource.includes('$') && sourceValue.unresolved.length > 0 });
  }
  return out;
}

// Devices

/** A CDI device name, `vendor.com/class=name` (the name may hold `:`, as in MIG devices `0:1`). */
const CDI_NAME = /^[a-z0-9][a-z0-9.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*=\S+$/;

export interface DeviceEntry {
  /** The host side: a path, or a whole CDI name. */
  source: string;
  cdi: boolean;
  /** The scalar holding the source: the short-syntax item or the long syntax's `source`. */
  value: Value;
  /** Source offsets of `source`, or of the whole scalar when it is not verbatim. */
  start: number;
  end: number;
  node: Node;
}

/** A service's `devices`: `HOST[:CONTAINER[:PERMS]]`, CDI names, and `{source, target, permissions}`. */
export const serviceDevices = perNode(readDevices);

function readDevices(doc: ComposeDocument, service: Node): DeviceEntry[] {
  const out: DeviceEntry[] = [];
  for (const item of doc.items(doc.get(service, 'devices'))) {
    const value = isMap(item) ? doc.value(doc.get(item, 'source')) : doc.value(item);
    if (!value) continue;
    const text = value.text.trim();
    if (!text) continue;
    const cdi = CDI_NAME.test(text);
    const source = cdi || isMap(item) ? text : text.split(':')[0];
    out.push({ source, cdi, value, ...value.spanAt(value.text.indexOf(source), source.length), node: item });
  }
  return out;
}

// Networks

/**
 * Whether a top-level network or volume is external (`external: true`, or the legacy `external: {name: …}`):
 * compose only looks it up, and creates nothing.
 */
export function isExternal(doc: ComposeDocument, definition: unknown): boolean {
  const external = doc.get(definition, 'external');
  return isMap(external) || isTrue(doc.value(external));
}

export interface NetworkDriver {
  /** The network's key under the top-level `networks`. */
  name: string;
  node: Node;
  driver: Value;
}

/**
 * The `driver` of each network this file creates. External networks are left out: compose only looks
 * them up, and the compose spec rejects other attributes (driver included) beside `external: true`.
 */
export function networkDrivers(doc: ComposeDocument): NetworkDriver[] {
  const out: NetworkDriver[] = [];
  for (const e of doc.section('networks')) {
    if (!isMap(e.value) || isExternal(doc, e.value)) continue;
    const driver = doc.value(doc.get(e.value, 'driver'));
    if (driver) out.push({ name: e.key, node: e.value, driver });
  }
  return out;
}

/** Keys of the top-level networks that resolve to the daemon's `host` network (external, named `host`). */
export function hostNetworks(doc: ComposeDocument): ReadonlySet<string> {
  // Asked for once per service: worked out once per document.
  const known = hostNetworksOf.get(doc);
  if (known) return known;
  const out = new Set<string>();
  for (const e of doc.section('networks')) {
    if (!isExternal(doc, e.value)) continue;
    // An external network is looked up by its name, which the legacy form `external: {name: host}` gives
    // inside `external`, or else by its key.
    const legacyName = doc.value(doc.get(doc.get(e.value, 'external'), 'name'))?.text;
    const name = doc.value(doc.get(e.value, 'name'))?.text ?? legacyName ?? e.key;
    if (name === 'host') out.add(e.key);
  }
  hostNetworksOf.set(doc, out);
  return out;
}

const hostNetworksOf = new WeakMap<ComposeDocument, Set<string>>();

/** The scalars by which a service joins networks: list items, or the keys of the map form. */
export function serviceNetworkRefs(doc: ComposeDocument, service: unknown): Value[] {
  const node = doc.get(service, 'networks');
  if (isSeq(node)) return doc.items(node).flatMap((n) => doc.value(n) ?? []);
  if (isMap(node)) return doc.entries(node).flatMap((e) => doc.value(e.keyNode) ?? []);
  return [];
}

/** The `network_mode` value of a service when it is `host`. */
export function hostNetworkMode(doc: ComposeDocument, service: unknown): Value | undefined {
  const mode = doc.value(doc.get(service, 'network_mode'));
  return mode?.text.trim() === 'host' ? mode : undefined;
}

/**
 * Whether a service shares the host's network namespace: `network_mode: host`, or a network that
 * resolves to the predefined `host` network (`networks: {hn: {external: true, name: host}}`).
 */
export function usesHostNetwork(doc: ComposeDocument, service: unknown): boolean {
  if (hostNetworkMode(doc, service)) return true;
  const hostNets = hostNetworks(doc);
  return hostNets.size > 0 && serviceNetworkRefs(doc, service).some((ref) => hostNets.has(ref.text));
}
