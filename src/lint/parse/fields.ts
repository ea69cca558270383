// Readers for compose fields that several rules share: list-or-dict maps, booleans, volumes.
import { isMap, isSeq, type Node } from 'yaml';
import type { ComposeDocument, Value } from './compose';

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
  node: Node;
}

/** A short-syntax source is a host path when it starts like one; otherwise it names a volume. */
export function isHostPath(source: string): boolean {
  return /^(\/|\.|~|\$|[A-Za-z]:[\\/])/.test(source) || source.includes('/');
}

/** A service's `volumes`, short (`SRC:DST[:MODE]`) and long ({type, source, target, read_only}). */
export function serviceMounts(doc: ComposeDocument, service: Node): Mount[] {
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
      node: item,
    });
  }
  return out;
}

/** Splits `SRC:DST[:MODE]`, keeping a Windows drive letter (`C:\x`) in one piece. */
function splitVolume(text: string): string[] {
  const parts = text.split(':');
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1])) parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  return parts;
}
