import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Service } from '../../parse/compose';
import { listOrDict, type KeyValue } from '../../parse/fields';
import { DOCS, type ComposeContext, type Rule } from '../../rule';
import type { Fix, TextEdit } from '../../types';
import { usesHostNetwork } from './cap-add-ineffective';

// Deleting entries. Shared with the rules whose fix is "remove it" (userns-host-noop, domainname-unsupported).

/**
 * An edit deleting the whole lines that hold [start, end), when nothing but indentation (and the `- ` of
 * a list item) precedes it on its first line and nothing but a comment follows it on its last line.
 */
export function deleteLines(text: string, start: number, end: number, listItem: boolean): TextEdit | undefined {
  let last = end;
  while (last > start && ' \t\r\n'.includes(text[last - 1])) last--;
  let lineStart = start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  if (!(listItem ? /^[ \t]*-[ \t]+$/ : /^[ \t]*$/).test(text.slice(lineStart, start))) return undefined;
  let lineEnd = last;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  if (!/^[ \t]*(#.*)?$/.test(text.slice(last, lineEnd))) return undefined;
  if (text[lineEnd] === '\r') lineEnd++;
  if (text[lineEnd] === '\n') lineEnd++;
  return { offset: lineStart, length: lineEnd - lineStart, text: '' };
}

/** Deletes `key: value` from a block map it sits in directly (not merged in), if the map keeps another entry. */
export function deletePair(text: string, map: Node | undefined, keyNode: Scalar): TextEdit | undefined {
  if (!isMap(map) || map.flow || map.items.length < 2) return undefined;
  const pair = map.items.find((p) => p.key === keyNode);
  const [start, keyEnd] = keyNode.range ?? [0, 0];
  if (!pair || !keyEnd) return undefined;
  const value = pair.value as Node | null;
  return deleteLines(text, start, value?.range?.[1] ?? keyEnd, false);
}

/** Deletes an item of a block sequence it sits in directly (not through an alias). */
function deleteItem(text: string, seq: Node | undefined, item: Node): TextEdit | undefined {
  if (!isSeq(seq) || seq.flow || seq.items.length < 2 || !seq.items.includes(item)) return undefined;
  const [start, end] = item.range ?? [0, 0];
  return end ? deleteLines(text, start, end, true) : undefined;
}

// Classifying sysctls.

export type SysctlKind = 'somaxconn' | 'ping' | 'domainname' | 'hostnet' | 'ipc';

export interface SysctlProblem {
  kind: SysctlKind;
  key: string;
  value?: string;
  /** Where to report: the key, or for `ping` the value. */
  start: number;
  end: number;
  /** Deletes the entry, or the whole `sysctls` key when every entry fails; absent for `ipc`. */
  edit?: TextEdit;
  /** True when `edit` deletes the whole `sysctls` key. */
  wholeKey?: boolean;
}

const IPC_KEYS = /^(kernel\.(shmmax|shmall|shmmni|shm_rmid_forced|msgmax|msgmnb|msgmni|sem)|fs\.mqueue\..+)$/;

/** The GID range inside a rootless container: 0 (you) and your subordinate IDs. */
export function mappedGids(ctx: ComposeContext): number {
  return ctx.facts.subuidRange ?? 65536;
}

function pingRange(value: string | undefined): [number, number] | undefined {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(value ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Where the key, or the value, of an entry stands in the source. */
function keySpan(kv: KeyValue): [number, number] {
  const v = kv.keyValue;
  if (!v) return [kv.start, kv.end];
  if (v !== kv.valueValue) return [v.start, v.end];
  const at = v.at(v.text.indexOf(kv.key));
  return at === undefined ? [v.start, v.end] : [at, at + kv.key.length];
}

function valueSpan(kv: KeyValue): [number, number] {
  const v = kv.valueValue;
  if (!v) return [kv.start, kv.end];
  if (v !== kv.keyValue) return [v.start, v.end];
  const at = v.at(kv.key.length + 1);
  return at === undefined || kv.value === undefined ? [v.start, v.end] : [at, at + kv.value.length];
}

/** The sysctls of a service that fail (or may fail) under rootless, with edits that remove the failing ones. */
export function sysctlProblems(ctx: ComposeContext, service: Service): SysctlProblem[] {
  const { doc } = ctx;
  const entry = doc.entry(service.node, 'sysctls');
  if (!entry?.value) return [];
  const container = entry.value;
  const entries = listOrDict(doc, container);
  let hostNet: boolean | undefined;
  const limit = mappedGids(ctx);
  const found: { problem: SysctlProblem; kv: KeyValue }[] = [];
  for (const kv of entries) {
    const key = kv.key.trim();
    let kind: SysctlKind | undefined;
    if (key.startsWith('net.') && (hostNet ??= usesHostNetwork(doc, service.node))) kind = 'hostnet';
    else if (key === 'net.core.somaxconn') kind = 'somaxconn';
    else if (key === 'kernel.domainname') kind = 'domainname';
    else if (key === 'net.ipv4.ping_group_range') {
      const range = pingRange(kv.value);
      if (range && (range[0] > limit || range[1] > limit)) kind = 'ping';
    } else if (IPC_KEYS.test(key)) kind = 'ipc';
    if (!kind) continue;
    const [start, end] = kind === 'ping' ? valueSpan(kv) : keySpan(kv);
    found.push({ problem: { kind, key, value: kv.value, start, end }, kv });
  }

  // Every entry failing: delete the whole key, so no empty `sysctls:` is left behind. Only for a
  // `sysctls` written in this service (not merged in or aliased), so no other service changes.
  const failing = found.filter((f) => f.problem.kind !== 'ipc');
  const own = isMap(service.node) && service.node.items.some((p) => p.key === entry.keyNode && p.value === container);
  if (!failing.length || !own) return found.map((f) => f.problem);
  if (failing.length === entries.length) {
    const edit = deletePair(ctx.text, service.node, entry.keyNode);
    for (const f of failing) Object.assign(f.problem, { edit, wholeKey: true });
  } else if (!isMap(container) || !container.items.some((p) => isScalar(p.key) && p.key.value === '<<')) {
    for (const f of failing) {
      const node = f.kv.keyValue?.node;
      if (!node) continue;
      f.problem.edit = isMap(container) ? deletePair(ctx.text, container, node) : deleteItem(ctx.text, container, node);
    }
  }
  return found.map((f) => f.problem);
}

export function removeFix(p: SysctlProblem): Fix[] {
  if (!p.edit) return [];
  return [{ title: p.wholeKey ? 'Remove sysctls (every entry fails)' : `Remove the ${p.key} sysctl`, edits: [p.edit], preferred: true }];
}

export const sysctlNotPermitted: Rule = {
  id: 'sysctl-not-permitted',
  title: 'Sysctls that a rootless container cannot set',
  severity: 'error',
  docs: DOCS.troubleshoot,
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      for (const p of sysctlProblems(ctx, service)) {
        const where = `Sysctl ${p.key} of service "${service.name}"`;
        let message: string;
        let severity: 'error' | 'info' = 'error';
        switch (p.kind) {
          case 'domainname':
            continue; // domainname-unsupported reports it
          case 'hostnet':
            message =
              `${where} cannot be set with host networking: the container has no network namespace of its own, so the runtime refuses to start it ` +
              `with "sysctl "${p.key}" not allowed in host network namespace" (rootful too). Set it on the host instead, and remove it here.`;
            break;
          case 'somaxconn':
            message =
              `${where} cannot be set under rootless: the kernel hides net.core.somaxconn in network namespaces owned by a user namespace, so the container ` +
              `fails to start with "open /proc/sys/net/core/somaxconn: no such file or directory". Remove it; raise the host's value (sysctl -w net.core.somaxconn=…) if the service needs a longer backlog.`;
            break;
          case 'ping': {
            const limit = mappedGids(ctx);
            const why =
              ctx.facts.subuidRange === undefined
                ? `only GIDs 0 to ${limit} are mapped into a rootless container on a typical host (a ${limit}-wide /etc/subgid range)`
                : `only GIDs 0 to ${limit} are mapped into a rootless container on this host`;
            message =
              `${where} is set to "${p.value ?? ''}", but ${why}, and the kernel refuses a range whose ends are not mapped: the container fails to start with ` +
              `"write sysctl key net.ipv4.ping_group_range: write /proc/sys/net/ipv4/ping_group_range: invalid argument". Remove it, or keep the range within 0 ${limit}.`;
            break;
          }
          case 'ipc':
            severity = 'info';
            message =
              `${where} is untested under rootless: the IPC namespace belongs to the daemon's user namespace, and kernels that do not let such namespaces ` +
              `change IPC limits make the container fail to start with "permission denied". If it does, remove it and raise the limit on the host.`;
            break;
        }
        ctx.report({ start: p.start, end: p.end, severity, message, fixes: removeFix(p) });
      }
    }
  },
};
