// Fake daemons on unix sockets in a temp directory, for the readiness and control tests.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

export interface FakeDaemon {
  socketPath: string;
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP server on a unix socket; `handler` answers (default: /_ping → OK, /containers/json → []). */
export function fakeDaemon(socketPath: string, handler?: http.RequestListener): Promise<FakeDaemon> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (handler) return handler(req, res);
    if (req.url === '/_ping') return res.end('OK');
    if (req.url?.startsWith('/containers/json')) return res.end('[]');
    res.statusCode = 404;
    res.end('{"message":"page not found"}');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () =>
      resolve({
        socketPath,
        requests,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      }),
    );
  });
}

/** A socket file with nothing listening (a daemon killed with SIGKILL leaves one): connections are refused. */
export function staleSocket(socketPath: string): void {
  const script = `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script], { timeout: 10_000 });
  if (!fs.existsSync(socketPath)) throw new Error(`no stale socket at ${socketPath}`);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
