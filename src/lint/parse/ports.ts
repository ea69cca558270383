// Compose `ports` entries, short ("127.0.0.1:8080:80/udp") and long ({published, target, protocol, host_ip}).
import { isMap, type Node } from 'yaml';
import { perNode, type ComposeDocument, type Value } from './compose';

export interface PortRange {
  min: number;
  max: number;
  text: string;
}

export interface ShortPort {
  hostIp?: string;
  published?: PortRange;
  /** Index of the published part within the value text. */
  publishedIndex: number;
  target: PortRange;
  protocol: string;
}

export interface PortEntry {
  /** The short-syntax scalar, or the long syntax's `published` value. */
  value?: Value;
  node: Node;
  long: boolean;
  hostIp?: string;
  published?: PortRange;
  /** Where `published` starts in `value.text` (0 for long syntax). */
  publishedIndex: number;
  protocol: string;
  /** The `protocol` value of the long syntax. */
  protocolValue?: Value;
}

export function parseRange(text: string): PortRange | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min || max > 65535) return undefined;
  return { min, max, text };
}

/** Parses `[[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`; IPv6 host IPs may be bracketed. */
export function parseShortPort(text: string): ShortPort | undefined {
  let rest = text;
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  let offset = 0;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') return undefined;
    hostIp = rest.slice(1, close);
    offset = close + 2;
    rest = rest.slice(offset);
  }
  const parts = rest.split(':');
  const targetText = parts.pop() as string;
  const target = parseRange(targetText);
  if (!target) return undefined;
  if (!parts.length) return hostIp === undefined ? { target, protocol, publishedIndex: -1 } : undefined;
  const publishedText = parts.pop() as string;
  if (parts.length) {
    if (hostIp !== undefined) return undefined;
    hostIp = parts.join(':');
  }
  const publishedIndex = offset + (parts.length ? parts.join(':').length + 1 : 0);
  if (publishedText === '') return { hostIp, target, protocol, publishedIndex: -1 };
  const published = parseRange(publishedText);
  if (!published) return undefined;
  return { hostIp, published, publishedIndex, target, protocol };
}

/** Every `ports` entry of a service that can be read, with its published (host) side if any. */
export const servicePorts = perNode(readPorts);

function readPorts(doc: ComposeDocument, service: Node): PortEntry[] {
  const out: PortEntry[] = [];
  for (const item of doc.items(doc.get(service, 'ports'))) {
    if (isMap(item)) {
      const value = doc.value(doc.get(item, 'published'));
      const protocolValue = doc.value(doc.get(item, 'protocol'));
      const hostIp = doc.value(doc.get(item, 'host_ip'))?.text;
      const published = value ? parseRange(value.text) : undefined;
      out.push({ value, node: item, long: true, hostIp, published: published && published.max > 0 ? published : undefined, publishedIndex: 0, protocol: (protocolValue?.text ?? 'tcp').toLowerCase(), protocolValue });
      continue;
    }
    const value = doc.value(item);
    if (!value) continue;
    if (typeof value.raw === 'number') {
      out.push({ value, node: item, long: false, publishedIndex: -1, protocol: 'tcp' });
      continue;
    }
    const p = parseShortPort(value.text);
    if (!p) continue;
    out.push({ value, node: item, long: false, hostIp: p.hostIp, published: p.published, publishedIndex: p.publishedIndex, protocol: p.protocol });
  }
  return out;
}
