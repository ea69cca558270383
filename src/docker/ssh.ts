// ssh:// endpoints: the connection options for ssh2 (through dockerode), with the daemon host's key checked
// against known_hosts. ssh2 accepts any host key unless a verifier is set, and docker-modem sets none
// (../shared/reliability.md §0.7), so without this a spoofed host would get the connection.
import { createHmac } from 'node:crypto';
import * as path from 'node:path';
import type { EndpointFs } from './endpoint';

export interface SshTarget {
  host: string;
  port: number;
  username?: string;
}

/** Parses `ssh://[user@]host[:port]`; undefined when it is not one. */
export function parseSshHost(host: string): SshTarget | undefined {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'ssh:' || !url.hostname) return undefined;
  const port = url.port ? Number(url.port) : 22;
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host: hostname, port, ...(url.username ? { username: decodeURIComponent(url.username) } : {}) };
}

export type HostKeyVerdict =
  | { status: 'known'; file: string }
  | { status: 'unknown' }
  | { status: 'changed'; file: string; line: number }
  | { status: 'revoked'; file: string; line: number };

interface KnownHostLine {
  file: string;
  line: number;
  marker?: '@revoked' | '@cert-authority';
  patterns: string;
  key: Buffer;
}

/** How known_hosts writes a host: the bare name on port 22, `[name]:port` otherwise. */
function hostEntryName(target: SshTarget): string {
  return target.port === 22 ? target.host : `[${target.host}]:${target.port}`;
}

function parseKnownHosts(text: string, file: string): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostLine['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostLine['marker'];
    if (fields.length < 3) return;
    const [patterns, , b64] = fields;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return;
    out.push({ file, line: i + 1, marker, patterns, key: Buffer.from(b64, 'base64') });
  });
  return out;
}

/** OpenSSH's pattern syntax: `*` and `?` wildcards; `!` negates. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

function hostMatches(patterns: string, name: string): boolean {
  // A hashed entry: |1|base64(salt)|base64(HMAC-SHA1(salt, name)).
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) {
      matched = true;
    }
  }
  return matched;
}

/** Looks `key` (the raw public key blob ssh2 hands the verifier) up for `target` in the known_hosts files. */
export function verifyHostKey(target: SshTarget, key: Buffer, files: readonly string[], fs: Pick<EndpointFs, 'readFile' | 'exists'>): HostKeyVerdict {
  const name = hostEntryName(target);
  let changed: HostKeyVerdict | undefined;
  for (const file of files) {
    if (!fs.exists(file)) continue;
    let text: string;
    try {
      text = fs.readFile(file);
    } catch {
      continue;
    }
    for (const entry of parseKnownHosts(text, file)) {
      if (entry.marker === '@cert-authority') continue; // host certificates are not supported: only plain keys
      if (entry.marker === '@revoked') {
        if (entry.key.equals(key)) return { status: 'revoked', file, line: entry.line };
        continue;
      }
      if (!hostMatches(entry.patterns, name)) continue;
      if (entry.key.equals(key)) return { status: 'known', file };
      changed ??= { status: 'changed', file, line: entry.line };
    }
  }
  return changed ?? { status: 'unknown' };
}

/** A sentence for a verdict that refuses the host. */
export function describeVerdict(target: SshTarget, verdict: HostKeyVerdict): string {
  const name = hostEntryName(target);
  switch (verdict.status) {
    case 'known':
      return `the host key of ${name} matches ${verdict.file}`;
    case 'unknown':
      return `the host key of ${name} is not in known_hosts: connect once with \`ssh ${target.port === 22 ? '' : `-p ${target.port} `}${target.username ? `${target.username}@` : ''}${target.host}\` to check and record it`;
    case 'changed':
      return `the host key of ${name} does not match the one recorded in ${verdict.file} line ${verdict.line}: the host was reinstalled, or someone is intercepting the connection; the connection was refused`;
    case 'revoked':
      return `the host key of ${name} is marked @revoked in ${verdict.file} line ${verdict.line}; the connection was refused`;
  }
}

export interface SshOptions {
  env: Readonly<Record<string, string | undefined>>;
  home?: string;
  fs: Pick<EndpointFs, 'readFile' | 'exists'>;
}

/** The known_hosts files OpenSSH reads by default. */
export function knownHostsFiles(home: string | undefined): string[] {
  return [...(home ? [path.posix.join(home, '.ssh', 'known_hosts'), path.posix.join(home, '.ssh', 'known_hosts2')] : []), '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
}

/** ssh2 connect options for an ssh:// endpoint: agent (or a default identity file), and a known_hosts verifier. */
export function sshConnectOptions(target: SshTarget, options: SshOptions, onRefused: (reason: string) => void): Record<string, unknown> {
  const home = options.home ?? options.env.HOME;
  const files = knownHostsFiles(home);
  const out: Record<string, unknown> = {
    readyTimeout: 10_000,
    hostVerifier: (key: Buffer) => {
      const verdict = verifyHostKey(target, key, files, options.fs);
      if (verdict.status !== 'known') onRefused(describeVerdict(target, verdict));
      return verdict.status === 'known';
    },
  };
  const agent = options.env.SSH_AUTH_SOCK?.trim();
  if (agent) out.agent = agent;
  else if (home) {
    for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
      const file = path.posix.join(home, '.ssh', name);
      if (!options.fs.exists(file)) continue;
      try {
        out.privateKey = options.fs.readFile(file);
        break;
      } catch {
        // unreadable: try the next one
      }
    }
  }
  return out;
}
