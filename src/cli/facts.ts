// The host facts a run lints against: `generic` (a typical rootless host) or `auto` (this machine's
// files and the Docker daemon found with no configuration).
import type { Endpoint } from '../docker/endpoint';
import { daemonError, type DaemonFacts } from '../docker/info';
import { GENERIC_HOST, type HostFacts } from '../lint/types';
import type { FactSources } from './io';

export type HostMode = 'generic' | 'auto';

/** Resolves the facts; `say` gets one line for each thing the user should know (which daemon, or why none). */
export async function resolveFacts(
  mode: HostMode,
  env: Readonly<Record<string, string | undefined>>,
  sources: FactSources,
  say: (line: string) => void,
): Promise<HostFacts> {
  if (mode === 'generic') return GENERIC_HOST;
  const host = sources.readHost();
  let endpoint: Endpoint | undefined;
  let daemon: DaemonFacts | undefined;
  try {
    endpoint = sources.findEndpoint(env);
  } catch (err) {
    say(`cannot tell which Docker daemon to ask (${err instanceof Error ? err.message : String(err)}); using this host's facts alone`);
  }
  if (endpoint) {
    for (const w of endpoint.warnings) say(w);
    if (!endpoint.socketPath) {
      say(`the Docker endpoint ${endpoint.host} (chosen because ${endpoint.reason}) is not a local socket and is not asked; using this host's facts alone`);
    } else {
      try {
        daemon = await sources.fetchDaemon(endpoint.socketPath);
      } catch (err) {
        say(`no Docker daemon answered at ${endpoint.host}: ${daemonError(err, endpoint.socketPath)}; using this host's facts alone (that endpoint was chosen because ${endpoint.reason})`);
      }
    }
  }
  if (endpoint && daemon) say(describeDaemon(endpoint, daemon));
  const read = Object.keys(host).length > 0;
  return { ...GENERIC_HOST, ...host, ...daemon, source: daemon ? 'daemon' : read ? 'host' : 'generic' };
}

function describeDaemon(endpoint: Endpoint, d: DaemonFacts): string {
  const kind = d.rootless === true ? 'rootless ' : d.rootless === false ? 'rootful ' : '';
  const version = d.daemonVersion ? ` ${d.daemonVersion}` : '';
  const root = d.rootless === false ? '; it runs as root, so rootless findings are reported as info' : '';
  return `using this host's facts and the ${kind}Docker daemon${version} at ${endpoint.host} (chosen because ${endpoint.reason})${root}`;
}
