// What a rule is: metadata (id, default severity, docs) and a check per file kind.
import type { Dockerfile } from 'dockerfile-ast';
import type { ComposeDocument, Service, Value } from './parse/compose';
import type { LineIndex } from './text';
import type { Fix, HostFacts, Severity } from './types';

export interface RuleMeta {
  id: string;
  /** One line: what the rule finds. */
  title: string;
  /** Default severity on a typical rootless host; a check may lower or raise it from host facts. */
  severity: Severity;
  docs: string;
  /** A problem with the file itself, not with rootless: its severity does not drop on a rootful daemon. */
  syntax?: boolean;
  /** What the conformance suite (test/integration/conformance) saw on a real rootless daemon, or why it cannot. */
  observed?: Observed;
}

/**
 * A rule's effect as seen on a real rootless daemon. `verified: true`: the suite reproduces the effect (the
 * tests named after the rule id), described in `effect` with the daemon's own words. `verified: false`: it
 * cannot be seen on the test bed, for the reason in `why`; `effect` then tells what was seen instead, if anything.
 */
export type Observed =
  | { verified: true; engine: string; cgroup: string; effect: string }
  | { verified: false; why: string; engine?: string; cgroup?: string; effect?: string };

/** The daemon of the test bed (scripts/testbed/rootless-daemon.sh on Debian 12), where the observations were made. */
export const TEST_BED = { engine: '20.10.24', cgroup: 'v1, driver none' } as const;

export interface Report {
  start: number;
  end: number;
  message: string;
  severity?: Severity;
  fixes?: Fix[];
}

export interface Context {
  facts: HostFacts;
  text: string;
  report(r: Report): void;
}

export interface ComposeContext extends Context {
  doc: ComposeDocument;
  services: Service[];
}

export interface DockerfileContext extends Context {
  dockerfile: Dockerfile;
  lines: LineIndex;
}

export interface Rule extends RuleMeta {
  compose?(ctx: ComposeContext): void;
  dockerfile?(ctx: DockerfileContext): void;
}

/** Reports a finding over a whole scalar value. */
export function reportValue(ctx: Context, v: Value, message: string, extra: Omit<Report, 'start' | 'end' | 'message'> = {}): void {
  ctx.report({ start: v.start, end: v.end, message, ...extra });
}

/** Reports a finding over a map key (for findings about a whole entry, such as a service or a section). */
export function reportKey(ctx: Context, node: { range?: [number, number, number] | null }, message: string, extra: Omit<Report, 'start' | 'end' | 'message'> = {}): void {
  const [start, end] = node.range ?? [0, 0];
  ctx.report({ start, end, message, ...extra });
}

export const DOCS = {
  troubleshoot: 'https://docs.docker.com/engine/security/rootless/troubleshoot/',
  limitations: 'https://docs.docker.com/engine/security/rootless/troubleshoot/#known-limitations',
  tips: 'https://docs.docker.com/engine/security/rootless/tips/',
  ports: 'https://docs.docker.com/engine/security/rootless/tips/#exposing-privileged-ports',
  resources: 'https://docs.docker.com/engine/security/rootless/tips/#limiting-resources',
  loopback: 'https://docs.docker.com/engine/security/rootless/tips/#accessing-the-host-loopback-interface',
  ping: 'https://docs.docker.com/engine/security/rootless/tips/#routing-ping-packets',
  uidMapping: 'https://docs.docker.com/engine/security/rootless/uid-gid-mapping/',
  networking: 'https://docs.docker.com/engine/security/rootless/troubleshoot/#networking-errors',
  composeSpec: 'https://docs.docker.com/reference/compose-file/services/',
  interpolation: 'https://docs.docker.com/reference/compose-file/interpolation/',
  dockerfile: 'https://docs.docker.com/reference/dockerfile/',
  cgroup2: 'https://rootlesscontaine.rs/getting-started/common/cgroup2/',
  sysctl: 'https://rootlesscontaine.rs/getting-started/common/sysctl/',
  caveats: 'https://rootlesscontaine.rs/caveats/',
  subuid: 'https://docs.docker.com/engine/security/rootless/#prerequisites',
} as const;
