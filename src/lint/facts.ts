// What host facts imply, for the rules that read the same fact: daemon versions and subordinate ID ranges.
import type { HostFacts } from './types';

/**
 * Whether the daemon is at least `major.minor`: true or false when `daemonVersion` says so, undefined when it
 * is unknown or unreadable. A leading `v` is allowed, a missing minor counts as 0, and pre-release suffixes
 * ("29.5.0-rc.1") count as their release.
 */
export function daemonAtLeast(facts: HostFacts, major: number, minor: number): boolean | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?/.exec(facts.daemonVersion?.trim() ?? '');
  if (!m) return undefined;
  const [maj, min] = [Number(m[1]), Number(m[2] ?? 0)];
  return maj !== major ? maj > major : min >= minor;
}

/**
 * Whether host networking is the real host's: from Docker 29.5 the rootless daemon detaches RootlessKit's
 * network namespace (DOCKERD_ROOTLESS_ROOTLESSKIT_DETACH_NETNS); before, "host" is RootlessKit's namespace.
 * Undefined when the daemon version is unknown.
 */
export function hostNetnsDetached(facts: HostFacts): boolean | undefined {
  return daemonAtLeast(facts, 29, 5);
}

/** Subordinate ID ranges in /etc/subuid and /etc/subgid are this wide unless the host says otherwise. */
export const DEFAULT_SUBID_RANGE = 65536;

/** How many IDs the rootless user namespace maps: IDs at or above this do not exist in it. */
export function subidRange(facts: HostFacts): number {
  return facts.subuidRange ?? DEFAULT_SUBID_RANGE;
}
