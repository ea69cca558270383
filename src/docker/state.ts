// Why the daemon cannot be reached, as a state with a cause and a fix, never a popup: each connection
// error code maps to one status (ENOENT, ECONNREFUSED, EACCES, a timeout, a bad answer, an ssh refusal).
import type { Endpoint } from './endpoint';
import { DaemonAnswerError, TimeoutError } from './info';

export type DaemonStatus =
  /** Not asked yet, or asking for the first time. */
  | 'connecting'
  | 'ok'
  /** The socket file does not exist: no daemon was started there. */
  | 'no-socket'
  /** The socket exists but nobody listens: the daemon stopped or crashed and left it behind. */
  | 'refused'
  | 'permission'
  /** The daemon accepted the connection but did not answer in time (hung, or overloaded). */
  | 'timeout'
  /** Something answered, but not the Engine API. */
  | 'bad-answer'
  /** The endpoint cannot be used at all (unsupported scheme, broken TLS files). */
  | 'bad-endpoint'
  /** ssh:// host key unknown, changed or revoked. */
  | 'ssh-host-key'
  | 'error';

export interface DaemonProblem {
  status: Exclude<DaemonStatus, 'ok' | 'connecting'>;
  /** One sentence naming the cause, with the socket or host. */
  message: string;
}

/** Raised when an ssh:// host key is refused; carries the sentence from the verifier. */
export class HostKeyError extends Error {
  override name = 'HostKeyError';
}

/** Raised when an answer is larger than any daemon would send; the connection was cut. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  constructor(readonly maxBytes: number) {
    const size = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / (1024 * 1024))} MiB` : `${Math.round(maxBytes / 1024)} KiB`;
    super(`the answer was larger than ${size}, so it was cut off`);
  }
}

/** Raised when an endpoint cannot be turned into a client. */
export class EndpointError extends Error {
  override name = 'EndpointError';
}

export interface ClassifyContext {
  endpoint: Endpoint;
  /** The owner of the socket, when known, for the permission message. */
  socketOwner?: string;
  /** The socket belongs to the user asking (then its mode, not its owner, refuses), and that mode. */
  ownedByYou?: boolean;
  socketMode?: number;
}

/** Maps a failed call to the daemon to a status and a sentence. */
export function classifyError(err: unknown, ctx: ClassifyContext): DaemonProblem {
  const where = ctx.endpoint.socketPath ?? ctx.endpoint.host;
  if (err instanceof HostKeyError) return { status: 'ssh-host-key', message: err.message };
  if (err instanceof EndpointError) return { status: 'bad-endpoint', message: err.message };
  if (err instanceof TimeoutError) return { status: 'timeout', message: `The daemon at ${where} is not responding: ${err.message}.` };
  if (err instanceof ResponseTooLargeError) return { status: 'bad-answer', message: `Something answers at ${where}, but not like a Docker daemon: ${err.message}.` };
  if (err instanceof DaemonAnswerError) return { status: 'bad-answer', message: `Something answers at ${where}, but not a Docker daemon: ${err.message}.` };
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown; level?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  switch (code) {
    case 'ENOENT':
      return { status: 'no-socket', message: `No Docker daemon is running: ${where} does not exist.` };
    case 'ECONNREFUSED':
      return ctx.endpoint.socketPath
        ? { status: 'refused', message: `The Docker daemon stopped: ${where} exists but nothing listens on it (it was left behind by a daemon that exited or crashed).` }
        : { status: 'refused', message: `Nothing listens at ${where}: the daemon is not running there, or a firewall refuses the connection.` };
    case 'EACCES':
    case 'EPERM':
      if (ctx.ownedByYou) {
        const mode = ctx.socketMode !== undefined ? `mode ${(ctx.socketMode & 0o777).toString(8).padStart(3, '0')}` : 'its mode';
        return {
          status: 'permission',
          message: `Permission denied on ${where} (it belongs to you${ctx.socketOwner ? `, ${ctx.socketOwner}` : ''}, but ${mode} does not let you open it): something changed its permissions; restarting the daemon recreates it.`,
        };
      }
      return {
        status: 'permission',
        message: `Permission denied on ${where}${ctx.socketOwner ? ` (it belongs to ${ctx.socketOwner})` : ''}: a rootless daemon's socket can only be opened by the user who runs the daemon.`,
      };
    case 'ENOTSOCK':
      return { status: 'bad-endpoint', message: `${where} is not a socket.` };
    case 'ECONNRESET':
      return { status: 'timeout', message: `The daemon at ${where} closed the connection without answering.` };
    case 'ETIMEDOUT':
      return { status: 'timeout', message: `Connecting to ${where} timed out.` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { status: 'bad-endpoint', message: `The host of ${ctx.endpoint.host} cannot be resolved.` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { status: 'refused', message: `${ctx.endpoint.host} cannot be reached from this machine.` };
  }
  if (typeof code === 'string' && code.startsWith('HPE_')) {
    return { status: 'bad-answer', message: `Something answers at ${where}, but not in HTTP: ${oneLine(typeof e?.message === 'string' ? e.message : code)} (${code}).` };
  }
  if (typeof code === 'string' && /^(ERR_TLS_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|CERT_)/.test(code)) {
    return { status: 'bad-endpoint', message: `The TLS connection to ${ctx.endpoint.host} failed (${code}): check DOCKER_CERT_PATH and DOCKER_TLS_VERIFY.` };
  }
  if (e?.level === 'client-authentication') {
    return { status: 'permission', message: `ssh refused the login to ${ctx.endpoint.host}: no key from the ssh agent or ~/.ssh was accepted.` };
  }
  if (typeof e?.statusCode === 'number') {
    return { status: 'bad-answer', message: `The daemon at ${where} answered with HTTP ${e.statusCode}${typeof e.message === 'string' ? `: ${oneLine(e.message)}` : ''}.` };
  }
  const text = typeof e?.message === 'string' && e.message ? oneLine(e.message) : String(err);
  return { status: 'error', message: `Cannot talk to the daemon at ${where}: ${text}` };
}

/** Daemon text may hold anything: one line, capped. */
export function oneLine(text: string, max = 400): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
