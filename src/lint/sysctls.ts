// A service's sysctls that fail (or may fail) under rootless, with the edits that remove them. Shared by
// sysctl-not-permitted and domainname-unsupported, which reports kernel.domainname.
import { isMap, type Node } from 'yaml';
import { subidRange } from './facts';
import { isMergeKey, type ComposeDocument, type Service } from './parse/compose';
import { removeEntry, removeItem, ownPair } from './parse/edits';
import { listOrDict, usesHostNetwork, type KeyValue } from './parse/fields';
import type { ComposeContext } from './rule';
import type { Fix, TextEdit } from './types';

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

function pingRange(value: string | undefined): [number, number] | undefined {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(value ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Where the key, or the value, of an entry stands in the source. */
function keySpan(kv: KeyValue): { start: number; end: number } {
  const v = kv.keyValue;
  if (!v) return { start: kv.start, end: kv.end };
  if (v !== kv.valueValue) return { start: v.start, end: v.end };
  return v.spanAt(v.text.indexOf(kv.key), kv.key.length);
}

function valueSpan(kv: KeyValue): { start: number; end: number } {
  const v = kv.valueValue;
  if (!v) return { start: kv.start, end: kv.end };
  if (v !== kv.keyValue || kv.value === undefined) return { start: v.start, end: v.end };
  return v.spanAt(kv.key.length + 1, kv.value.length);
}

/** The sysctls of a service that fail (or may fail) under rootless, with edits that remove the failing ones. */
export function sysctlProblems(ctx: ComposeContext, service: Service): SysctlProblem[] {
  // Two rules read these: work them out once per service of a document.
  let byService = memo.get(ctx.doc);
  if (!byService) memo.set(ctx.doc, (byService = new Map<Node, SysctlProblem[]>()));
  let problems = byService.get(service.node);
  if (!problems) byService.set(service.node, (problems = findSysctlProblems(ctx, service)));
  return problems;
}

const memo = new WeakMap<ComposeDocument, Map<Node, SysctlProblem[]>>();

function findSysctlProblems(ctx: ComposeContext, service: Service): SysctlProblem[] {
  const { doc } = ctx;
  const entry = doc.entry(service.node, 'sysctls');
  if (!entry?.value) return [];
  const container = entry.value;
  const entries = listOrDict(doc, container);
  let hostNet: boolean | undefined;
  const limit = subidRange(ctx.facts);
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
    found.push({ problem: { kind, key, value: kv.value, ...(kind === 'ping' ? valueSpan(kv) : keySpan(kv)) }, kv });
  }

  // Every entry failing: delete the whole key, so no empty `sysctls:` is left behind. Only for a
  // `sysctls` written in this service (not merged in or aliased), so no other service changes.
  const failing = found.filter((f) => f.problem.kind !== 'ipc');
  const own = ownPair(service.node, entry.keyNode)?.value === container;
  if (!failing.length || !own) return found.map((f) => f.problem);
  if (failing.length === entries.length) {
    const edit = removeEntry(ctx, entry.keyNode, service.node)?.edit;
    for (const f of failing) Object.assign(f.problem, { edit, wholeKey: true });
  } else if (!isMap(container) || !container.items.some(isMergeKey)) {
    for (const f of failing) {
      const node = f.kv.keyValue?.node;
      if (!node) continue;
      f.problem.edit = (isMap(container) ? removeEntry(ctx, node, service.node) : removeItem(ctx, node, service.node))?.edit;
    }
  }
  return found.map((f) => f.problem);
}

export function removeFix(p: SysctlProblem): Fix[] {
  if (!p.edit) return [];
  return [{ title: p.wholeKey ? 'Remove sysctls (every entry fails)' : `Remove the ${p.key} sysctl`, edits: [p.edit], preferred: true }];
}
