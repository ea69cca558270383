// A fake Engine API on a unix socket, for the error branches and the event logic of the docker core:
// it serves /info, /version, /containers/json (with id filters), inspect and /events, records every
// request, and can be told to hang or to answer garbage. The real daemon is tested in test/integration.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOTLESS_INFO = {
  ID: 'x',
  Name: 'fake',
  Driver: 'overlay2',
  CgroupDriver: 'none',
  CgroupVersion: '1',
  ServerVersion: '20.10.24',
  SecurityOptions: ['name=seccomp,profile=default', 'name=rootless'],
  Warnings: ['WARNING: Running in rootless-mode without cgroups.'],
  Containers: 1,
  ContainersRunning: 1,
  ContainersPaused: 0,
  ContainersStopped: 0,
};

export function fakeId(n: number): string {
  return n.toString(16).padStart(64, 'a');
}

export function summary(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Id: fakeId(n),
    Names: [`/c${n}`],
    Image: 'busybox',
    Created: 1_700_000_000,
    State: 'running',
    Status: 'Up 5 minutes',
    Ports: [],
    Labels: {},
    ...extra,
  };
}

export class FakeDaemon {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-fake-'));
  readonly socket = path.join(this.dir, 'docker.sock');
  readonly requests: string[] = [];
  containers = new Map<string, Record<string, unknown>>();
  inspect = new Map<string, Record<string, unknown>>();
  /** When set, requests to paths matching it never get an answer. */
  hang: RegExp | undefined;
  /** When set, /events answers and ends at once (a stream that keeps closing). */
  closeEvents = false;
  /** When set, answers every request with this body and status. */
  garbage: { status: number; body: string } | undefined;
  private server: http.Server | undefined;
  private readonly eventStreams = new Set<http.ServerResponse>();

  async listen(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.socket, resolve));
  }

  /** Pushes one event to every open /events stream. */
  event(e: Record<string, unknown>): void {
    for (const s of this.eventStreams) s.write(`${JSON.stringify(e)}\n`);
  }

  get openStreams(): number {
    return this.eventStreams.size;
  }

  count(re: RegExp): number {
    return this.requests.filter((r) => re.test(r)).length;
  }

  /** Stops listening and drops every connection (the daemon "dies"); the socket file goes too. */
  async close(): Promise<void> {
    if (!this.server) return;
    for (const s of this.eventStreams) s.destroy();
    this.eventStreams.clear();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
    this.server = undefined;
  }

  async dispose(): Promise<void> {
    await this.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://docker');
    const p = url.pathname.replace(/^\/v[\d.]+/, '');
    this.requests.push(`${req.method} ${p}${url.search}`);
    if (this.hang?.test(p)) return;
    if (this.garbage) {
      res.writeHead(this.garbage.status, { 'content-type': 'application/json' });
      res.end(this.garbage.body);
      return;
    }
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (p === '/_ping') {
      res.end('OK');
    } else if (p === '/info') {
      json(200, ROOTLESS_INFO);
    } else if (p === '/version') {
      json(200, { Version: '20.10.24', ApiVersion: '1.41' });
    } else if (p === '/containers/json') {
      const filters = url.searchParams.get('filters');
      const ids = filters ? ((JSON.parse(filters) as { id?: string[] }).id ?? undefined) : undefined;
      json(200, [...this.containers.values()].filter((c) => !ids || ids.some((id) => (c.Id as string).startsWith(id))));
    } else if (/^\/containers\/[0-9a-f]+\/json$/.test(p)) {
      const id = p.split('/')[2];
      const body = this.inspect.get(id);
      if (body) json(200, body);
      else json(404, { message: `No such container: ${id}` });
    } else if (p === '/events') {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (this.closeEvents) {
        res.end();
        return;
      }
      res.flushHeaders();
      this.eventStreams.add(res);
      res.on('close', () => this.eventStreams.delete(res));
    } else {
      json(404, { message: 'page not found' });
    }
  }
}
