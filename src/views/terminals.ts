// Terminals backed by the Engine API rather than the docker CLI, so they reach the same daemon as the
// sidebar even when a VS Code started from a desktop icon has no DOCKER_HOST: a container's followed
// logs, and an interactive shell through a hijacked exec.
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import * as vscode from 'vscode';
import type { DaemonClient } from '../docker/client';
import { loadDocker as docker } from '../lazy';

const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** A terminal that follows a container's output until the container stops or the terminal closes. */
export function openLogsTerminal(client: DaemonClient, id: string, name: string): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const abort = new AbortController();
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    open: () => {
      void (async () => {
        let stream: Readable;
        try {
          const inspect = await client.inspectContainer(id);
          const { isObject, Demuxer, toTerminalText } = docker();
          const tty = isObject(inspect) && isObject(inspect.Config) && inspect.Config.Tty === true;
          stream = await client.logs(id, abort.signal);
          const decoder = new StringDecoder('utf8');
          const demux = new Demuxer((text, kind) => write.fire(kind === 'stderr' ? `${RED}${toTerminalText(text)}${RESET}` : toTerminalText(text)));
          stream.on('data', (chunk: Buffer) => (tty ? write.fire(toTerminalText(decoder.write(chunk))) : demux.push(chunk)));
          stream.on('end', () => write.fire(`\r\n${DIM}[the container stopped; the log ends here]${RESET}\r\n`));
          stream.on('error', (err: Error) => {
            if (!abort.signal.aborted) write.fire(`\r\n${RED}[log stream lost: ${err.message}]${RESET}\r\n`);
          });
        } catch (err) {
          write.fire(`${RED}Cannot read the logs of ${name}: ${docker().daemonMessage(err)}${RESET}\r\n`);
        }
      })();
    },
    close: () => {
      abort.abort();
      write.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `Logs: ${name}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}

/** A shell in a running container (bash when it has one, else sh). */
export function openShellTerminal(client: DaemonClient, id: string, name: string): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const closed = new vscode.EventEmitter<number | void>();
  let session: Awaited<ReturnType<DaemonClient['exec']>> | undefined;
  let size: vscode.TerminalDimensions | undefined;
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: closed.event,
    open: (dimensions) => {
      size = dimensions;
      void (async () => {
        try {
          session = await client.exec(id, ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'], size && { rows: size.rows, columns: size.columns });
          const decoder = new StringDecoder('utf8');
          session.stream.on('data', (chunk: Buffer) => write.fire(decoder.write(chunk)));
          session.stream.on('end', () => closed.fire(0));
          session.stream.on('close', () => closed.fire(0));
          session.stream.on('error', (err: Error) => write.fire(`\r\n${RED}[${err.message}]${RESET}\r\n`));
        } catch (err) {
          write.fire(`${RED}Cannot start a shell in ${name}: ${docker().daemonMessage(err)}${RESET}\r\n`);
        }
      })();
    },
    handleInput: (data) => {
      session?.stream.write(data);
    },
    setDimensions: (dimensions) => {
      size = dimensions;
      void session?.resize(dimensions.rows, dimensions.columns).catch(() => undefined);
    },
    close: () => {
      session?.stream.end();
      session?.stream.destroy();
      write.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `Shell: ${name}`, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  return terminal;
}
