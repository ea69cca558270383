// The daemon side of the extension as it loads it on first use (dist/docker.js): the client, the watcher,
// endpoint discovery, error classification and translation, and the helpers the tree and terminals render
// with, all from one copy of src/docker so that `instanceof` checks on its errors hold. Adapters import
// src/docker for types only and get everything else from here (src/lazy.ts). dockerode itself comes from
// dist/dockerode.js.
export { DaemonClient } from '../docker/client';
export { formatDuration, groupByProject, isPrivilegedPort, portUrl, projectState } from '../docker/containers';
export { findEndpoint, isObject, rootlessSocketCandidates } from '../docker/endpoint';
export { Demuxer, toTerminalText } from '../docker/logs';
export { classifyError, oneLine } from '../docker/state';
export { daemonMessage, translateDaemonError } from '../docker/translate';
export { DaemonWatcher } from '../docker/watch';
