// Every rule, in the order of the catalogue in docs/rules.md.
import type { Rule } from '../rule';
import { notLinted } from './not-linted';
import { yamlSyntax } from './yaml-syntax';
import { apparmorIgnored } from './compose/apparmor-ignored';
import { bindRootOwnedPath } from './compose/bind-root-owned-path';
import { bindUidMapping } from './compose/bind-uid-mapping';
import { capAddIneffective } from './compose/cap-add-ineffective';
import { cgroupControllerNotDelegated } from './compose/cgroup-controller-not-delegated';
import { cgroupLimitsIgnored } from './compose/cgroup-limits-ignored';
import { cgroupParent } from './compose/cgroup-parent';
import { cgroupV2UnsupportedOption } from './compose/cgroup-v2-unsupported-option';
import { containerIpUnreachable } from './compose/container-ip-unreachable';
import { deviceCgroupRulesIgnored } from './compose/device-cgroup-rules-ignored';
import { deviceGroupAccess } from './compose/device-group-access';
import { dockerSocketPath } from './compose/docker-socket-path';
import { domainnameUnsupported } from './compose/domainname-unsupported';
import { gpuRequiresConfig } from './compose/gpu-requires-config';
import { hostLoopbackUnreachable } from './compose/host-loopback-unreachable';
import { hostNetwork } from './compose/host-network';
import { hostPidIpcLimited } from './compose/host-pid-ipc-limited';
import { interpolation } from './compose/interpolation';
import { ipv6Limited } from './compose/ipv6-limited';
import { macvlanIpvlanUnsupported } from './compose/macvlan-ipvlan-unsupported';
import { nfsVolumeMount } from './compose/nfs-volume-mount';
import { oomScoreAdjClamped } from './compose/oom-score-adj-clamped';
import { overlayNetworkUnsupported } from './compose/overlay-network-unsupported';
import { privilegedPort } from './compose/privileged-port';
import { privilegedUsernsOnly } from './compose/privileged-userns-only';
import { runtimeUnsupported } from './compose/runtime-unsupported';
import { sctpPort } from './compose/sctp-port';
import { sourceIpNotPreserved } from './compose/source-ip-not-preserved';
import { storageOptUnsupported } from './compose/storage-opt-unsupported';
import { swarmUnsupported } from './compose/swarm-unsupported';
import { sysctlNotPermitted } from './compose/sysctl-not-permitted';
import { ulimitAboveHardLimit } from './compose/ulimit-above-hard-limit';
import { usernsHostNoop } from './compose/userns-host-noop';
import { writableCgroups } from './compose/writable-cgroups';
import { buildNetworkHost } from './dockerfile/build-network-host';
import { buildSecurityInsecure } from './dockerfile/build-security-insecure';
import { escapeDirective } from './dockerfile/escape-directive';
import { pingRestricted } from './dockerfile/ping-restricted';
import { uidOutsideSubuidRange } from './dockerfile/uid-outside-subuid-range';

export const rules: readonly Rule[] = [
  privilegedPort, // 1
  sctpPort, // 2
  hostNetwork, // 3
  hostLoopbackUnreachable, // 4
  apparmorIgnored, // 5
  cgroupLimitsIgnored, // 6
  cgroupControllerNotDelegated, // 7
  cgroupV2UnsupportedOption, // 8
  oomScoreAdjClamped, // 9
  deviceCgroupRulesIgnored, // 10
  cgroupParent, // 11
  ulimitAboveHardLimit, // 12
  privilegedUsernsOnly, // 13
  capAddIneffective, // 14
  deviceGroupAccess, // 15
  gpuRequiresConfig, // 16
  overlayNetworkUnsupported, // 17
  macvlanIpvlanUnsupported, // 18
  swarmUnsupported, // 19
  usernsHostNoop, // 21
  hostPidIpcLimited, // 22
  sysctlNotPermitted, // 23
  domainnameUnsupported, // 24
  nfsVolumeMount, // 25
  dockerSocketPath, // 26
  bindUidMapping, // 27
  bindRootOwnedPath, // 28
  sourceIpNotPreserved, // 29
  containerIpUnreachable, // 30
  ipv6Limited, // 31
  pingRestricted, // 32
  runtimeUnsupported, // 33
  storageOptUnsupported, // 34
  writableCgroups, // 35
  uidOutsideSubuidRange, // 36
  buildNetworkHost, // 37
  buildSecurityInsecure, // 38
  escapeDirective, // Dockerfile parser directive
  interpolation, // compose variable syntax
];

/** Every rule id the engine can report, with metadata: the rules above plus the engine's own. */
export const allRules: readonly Rule[] = [...rules, yamlSyntax, notLinted];

const byId = new Map(allRules.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
