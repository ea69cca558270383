// `npm run bench -- containers` (or `npx tsx bench/containers.ts`): the containers view on the real rootless
// dockerd of the test bed with 300 containers. Two goals, each a ratio against a baseline measured in the
// same run, in interleaved rounds:
//   1. a full listing into tree nodes (the model's refresh, then the tree provider's getChildren over every
//      expanded node, as VS Code asks for them) against one raw GET /containers/json?all=1 in this process
//      (goal ≤ 1.1×); `docker container ls --all` run as the bed user is the peer figure;
//   2. one container event (a start or a stop) until the model shows it, against that CLI listing (goal ≤ 0.1×),
//      from the event's arrival on /events and from the API call that caused it, with the 100 ms event
//      debounce and without it (two models watching the same daemon at once, so both see the same events).
// A burst (20 containers started at once) shows what the debounce is for. Containers are created through the
// API, labelled, and removed at the end. Writes its section of bench/RESULTS.md.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import Module from 'node:module';
import Docker from 'dockerode';
import { DaemonClient } from '../src/docker/client';
import { findEndpoint } from '../src/docker/endpoint';
import { toDockerEvent } from '../src/docker/events';
import { DaemonWatcher, type DaemonSnapshot } from '../src/docker/watch';
import { machine, median, ms, p95, writeSection } from './lib';
import { vscode } from './vscodeStub';

const COUNT = Number(process.env.BENCH_CONTAINERS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP = 5;
const LIST_GOAL = 1.1;
const EVENT_GOAL = 0.1;
const BED_USER = process.env.RDTEST_USER ?? 'rdtest';
const IMAGE = process.env.RDTEST_IMAGE ?? 'rdtest/busybox:latest';
const LABEL = 'io.rootless-docker.test.suite';
const SUITE = 'bench-containers';
const HEADING = 'Containers: listing 300 containers and one event';
const CLI_FORMAT = '{"ID":{{json .ID}},"Names":{{json .Names}},"Image":{{json .Image}},"State":{{json .State}},"Status":{{json .Status}},"Ports":{{json .Ports}},"Labels":{{json .Labels}},"CreatedAt":{{json .CreatedAt}}}';

// --- the view, without VS Code ----------------------------------------------------------------------------
// src/views builds real TreeItems through the `vscode` module: give it bench/vscodeStub's classes, with a
// MarkdownString whose appendText escapes the way VS Code's does (that escaping is most of a tooltip's cost).
class EscapingMarkdown {
  value = '';
  isTrusted = false;
  supportThemeIcons = false;
  constructor(value = '', supportThemeIcons = false) {
    this.value = value;
    this.supportThemeIcons = supportThemeIcons;
  }
  appendText(text: string): this {
    const escaped = (this.supportThemeIcons ? text.replace(/\$\(/g, '\\$(') : text).replace(/[\\`*_{}[\]()#+\-!~|<>]/g, '\\$&');
    this.value += escaped.replace(/^[ \t]+/gm, (s) => '&nbsp;'.repeat(s.length)).replace(/\n/g, '\n\n');
    return this;
  }
  appendMarkdown(md: string): this {
    this.value += md;
    return this;
  }
}
// The stub's TreeItem keeps its constructor arguments only; VS Code's sets the label and collapsible state.
class TreeItemLike {
  constructor(
    public label: unknown,
    public collapsibleState = 0,
  ) {}
}
Object.assign(vscode as object, { MarkdownString: EscapingMarkdown, TreeItem: TreeItemLike });
const resolve = (Module as unknown as { _resolveFilename: (r: string, ...rest: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: (r: string, ...rest: unknown[]) => string })._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode as unknown } as NodeJS.Module;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ContainersTree } = require('../src/views/tree') as typeof import('../src/views/tree');
type TreeNode = import('../src/views/nodes').Node;

/** What VS Code asks the provider for on a refresh: the roots, then the children of every expanded node. */
function render(tree: InstanceType<typeof ContainersTree>): number {
  let nodes = 0;
  const walk = (list: TreeNode[]) => {
    for (const n of list) {
      nodes++;
      if (Number(n.collapsibleState) === 2 /* Expanded */) walk(tree.getChildren(n));
    }
  };
  walk(tree.getChildren());
  return nodes;
}

function treeOf(w: DaemonWatcher): InstanceType<typeof ContainersTree> {
  const connection = { onDidChange: () => ({ dispose() {} }), snapshot: (): DaemonSnapshot => w.snapshot() };
  return new ContainersTree(connection as unknown as ConstructorParameters<typeof ContainersTree>[0]);
}

// --- the baselines --------------------------------------------------------------------------------------------

/** GET /containers/json?all=1 on its own connection, parsed: the least any client must do. */
function rawList(socketPath: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: '/containers/json?all=1', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown[]));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function cliList(uid: number, socketPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // Debian's docker 20.10 CLI has no `--format json` (added in 23.0), and its '{{json .}}' touches .Size, which makes
    // the CLI ask the daemon for every container's disk usage (30 s here for 300). So: the fields the view shows, as JSON.
    const args = ['-u', BED_USER, '--', '/usr/bin/env', '-i', `HOME=/home/${BED_USER}`, `XDG_RUNTIME_DIR=/run/user/${uid}`, `DOCKER_HOST=unix://${socketPath}`, '/usr/bin/docker', 'container', 'ls', '--all', '--no-trunc', '--format', CLI_FORMAT];
    execFile('runuser', args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => (err ? reject(new Error(err.message)) : resolve(stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown).length)));
  });
}

// --- helpers --------------------------------------------------------------------------------------------------

function uidOf(user: string): number {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no user ${user}: provision the bed (npm run testbed -- provision)`);
  return Number(line.split(':')[2]);
}

async function until(what: string, probe: () => boolean, limit = 60_000): Promise<void> {
  const deadline = Date.now() + limit;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function cleanup(docker: Docker): Promise<number> {
  const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${SUITE}`] } });
  await inBatches(left, 10, (c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined));
  return left.length;
}

interface Stat {
  median: number;
  p95: number;
  n: number;
}
const stat = (xs: number[]): Stat => ({ median: median(xs), p95: p95(xs), n: xs.length });
const row = (name: string, s: Stat, base?: Stat) => `| ${name} | ${ms(s.median)} ms | ${ms(s.p95)} ms | ${base ? `${(s.median / base.median).toFixed(2)}×` : '—'} |`;
const verdict = (ratio: number, goal: number) => (ratio <= goal ? `**met** (goal ≤ ${goal}×)` : `**missed** (goal ≤ ${goal}×)`);

/** Times an event-driven model: when each container's first event arrived, and when the model showed `want`. */
class Probe {
  /** When the first event of each kind arrived, by "id action". */
  readonly arrived = new Map<string, number>();
  listRequests = 0;
  private target: { id: string; want: string; at?: number } | undefined;

  constructor(readonly w: DaemonWatcher) {
    // The event's arrival: the watcher's own handler, wrapped (its stream is the one timed).
    const inner = w as unknown as { onEvent(raw: unknown): void };
    const onEvent = inner.onEvent.bind(w);
    inner.onEvent = (raw: unknown) => {
      const ev = toDockerEvent(raw);
      const key = `${ev?.containerId} ${ev?.action}`;
      if (ev?.containerId && !this.arrived.has(key)) this.arrived.set(key, performance.now());
      onEvent(raw);
    };
    const list = w.client.listContainers.bind(w.client);
    w.client.listContainers = (ids?: readonly string[]) => {
      this.listRequests++;
      return list(ids);
    };
    w.onDidChange(() => {
      const t = this.target;
      if (t && t.at === undefined && w.snapshot().containers.get(t.id)?.state === t.want) t.at = performance.now();
    });
  }

  expect(id: string, want: string): void {
    this.arrived.clear();
    this.target = { id, want };
  }

  get shownAt(): number | undefined {
    return this.target?.at;
  }
}

async function main(): Promise<void> {
  const uid = uidOf(BED_USER);
  const socketPath = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice(7) : `/run/user/${uid}/docker.sock`;
  const docker = new Docker({ socketPath, timeout: 120_000 });
  await docker.ping().catch((err: unknown) => {
    throw new Error(`the test bed does not answer on ${socketPath} (npm run testbed -- start): ${String(err)}`);
  });
  const removedBefore = await cleanup(docker);
  const others = (await docker.listContainers({ all: true })).length;

  // 300 containers: 24 compose projects of 10 and 60 loose ones; a fifth running, two fifths exited, the rest
  // created and never started (the model inspects those once for a start error, as it does for real).
  const t0 = Date.now();
  const ids: string[] = [];
  await inBatches([...Array(COUNT).keys()], 10, async (i) => {
    const project: Record<string, string> = i < COUNT * 0.8 ? { 'com.docker.compose.project': `bench${Math.floor(i / 10)}`, 'com.docker.compose.service': `svc${i % 10}` } : {};
    const kind = i % 5 === 0 ? 'running' : i % 5 <= 2 ? 'exited' : 'created';
    const c: Docker.Container = await docker.createContainer({
      name: `bench-c${i}-${process.pid}`,
      Image: IMAGE,
      Cmd: kind === 'running' ? ['sleep', '3600'] : ['true'],
      StopTimeout: 1,
      Labels: { [LABEL]: SUITE, 'bench.kind': kind, ...project },
    });
    ids[i] = c.id;
    if (kind !== 'created') await c.start();
  });
  const running = ids.filter((_, i) => i % 5 === 0);
  const spare = ids.filter((_, i) => i % 5 === 3); // created, never started: the burst starts 20 of them
  console.log(`${COUNT} containers created in ${((Date.now() - t0) / 1000).toFixed(1)} s (${others} others on the daemon, ${removedBefore} stale removed)`);

  const endpoint = () => findEndpoint({ env: { DOCKER_HOST: `unix://${socketPath}` } });
  const models: DaemonWatcher[] = [];
  try {
    // 1. Full listing into tree nodes vs the raw request vs the CLI, interleaved (order rotated each round).
    const w = new DaemonWatcher(new DaemonClient(endpoint()), { pollMs: 3_600_000 });
    models.push(w);
    w.start();
    await until('the model', () => w.snapshot().status === 'ok' && w.snapshot().live);
    await w.settled();
    const tree = treeOf(w);
    const total = w.snapshot().containers.size;
    let nodes = 0;
    const tasks: { name: string; run: () => Promise<unknown> }[] = [
      { name: 'raw', run: () => rawList(socketPath) },
      {
        name: 'model',
        run: async () => {
          await w.refresh();
          nodes = render(tree);
        },
      },
      { name: 'cli', run: () => cliList(uid, socketPath) },
    ];
    const samples: Record<string, number[]> = { raw: [], model: [], cli: [], render: [] };
    for (let r = 0; r < WARMUP + ROUNDS; r++) {
      for (let k = 0; k < tasks.length; k++) {
        const t = tasks[(k + r) % tasks.length];
        const s = performance.now();
        await t.run();
        if (r >= WARMUP) samples[t.name].push(performance.now() - s);
      }
      const s = performance.now();
      render(tree);
      if (r >= WARMUP) samples.render.push(performance.now() - s);
    }
    const paired = median(samples.model.map((m, i) => m / samples.raw[i]));
    const list = { raw: stat(samples.raw), model: stat(samples.model), cli: stat(samples.cli), render: stat(samples.render) };
    const listRatio = list.model.median / list.raw.median;
    console.log(`listing: model+render ${ms(list.model.median)} ms, raw ${ms(list.raw.median)} ms (${listRatio.toFixed(2)}×), cli ${ms(list.cli.median)} ms; render alone ${ms(list.render.median)} ms`);
    w.dispose();
    models.length = 0;

    // 2. One event until the model shows it: two models at once, with the 100 ms debounce and without.
    // 100 ms was the extension's default until this benchmark; 0 is the default now.
    const slow = new DaemonWatcher(new DaemonClient(endpoint()), { pollMs: 3_600_000, debounceMs: 100 });
    const fast = new DaemonWatcher(new DaemonClient(endpoint()), { pollMs: 3_600_000, debounceMs: 0 });
    models.push(slow, fast);
    const probes = { slow: new Probe(slow), fast: new Probe(fast) };
    for (const m of models) m.start();
    await until('both models', () => models.every((m) => m.snapshot().status === 'ok' && m.snapshot().live));
    await Promise.all(models.map((m) => m.settled()));
    const ev = { slowFromEvent: [] as number[], slowFromCall: [] as number[], fastFromEvent: [] as number[], fastFromCall: [] as number[], cli: [] as number[] };
    const states = new Map(running.map((id) => [id, 'running']));
    for (let r = 0; r < WARMUP + ROUNDS; r++) {
      const id = running[r % running.length];
      const want = states.get(id) === 'running' ? 'exited' : 'running';
      // The CLI listing, before or after the action (alternating), as the round's baseline.
      const cli = async () => {
        const s = performance.now();
        await cliList(uid, socketPath);
        if (r >= WARMUP) ev.cli.push(performance.now() - s);
      };
      if (r % 2 === 0) await cli();
      probes.slow.expect(id, want);
      probes.fast.expect(id, want);
      const called = performance.now();
      const c = docker.getContainer(id);
      await (want === 'exited' ? c.stop({ t: 0 }) : c.start());
      await until(`${id.slice(0, 12)} ${want} in both models`, () => probes.slow.shownAt !== undefined && probes.fast.shownAt !== undefined, 30_000);
      states.set(id, want);
      if (r >= WARMUP) {
        for (const [key, p] of [['slow', probes.slow], ['fast', probes.fast]] as const) {
          // The event that announces the new state: "die" for a stop, "start" for a start.
          const arrived = p.arrived.get(`${id} ${want === 'exited' ? 'die' : 'start'}`);
          if (arrived === undefined) throw new Error('the model was updated before the event that announces it');
          // A start can show before its own event arrives (the fetch caused by the network event before it): 0 then.
          ev[`${key}FromEvent`].push(Math.max(0, p.shownAt! - arrived));
          ev[`${key}FromCall`].push(p.shownAt! - called);
        }
      }
      await Promise.all(models.map((m) => m.settled()));
      if (r % 2 === 1) await cli();
    }
    const one = {
      cli: stat(ev.cli),
      slowFromEvent: stat(ev.slowFromEvent),
      slowFromCall: stat(ev.slowFromCall),
      fastFromEvent: stat(ev.fastFromEvent),
      fastFromCall: stat(ev.fastFromCall),
    };
    const slowRatio = one.slowFromEvent.median / one.cli.median;
    const fastRatio = one.fastFromEvent.median / one.cli.median;
    console.log(`one event: debounce 100 ms ${ms(one.slowFromEvent.median)} ms (${slowRatio.toFixed(2)}× the CLI), no debounce ${ms(one.fastFromEvent.median)} ms (${fastRatio.toFixed(3)}×); cli ${ms(one.cli.median)} ms`);

    // 3. A burst: 20 never-started containers started at once; requests each model made, and when it showed them all.
    const burst = spare.slice(0, 20);
    const before = { slow: probes.slow.listRequests, fast: probes.fast.listRequests };
    const bs = performance.now();
    await Promise.all(burst.map((id) => docker.getContainer(id).start()));
    const shown: Record<string, number> = {};
    await until('the burst in both models', () => {
      for (const [key, m] of [['slow', slow], ['fast', fast]] as const) {
        if (shown[key] === undefined && burst.every((id) => m.snapshot().containers.get(id)?.state !== 'created')) shown[key] = performance.now() - bs;
      }
      return shown.slow !== undefined && shown.fast !== undefined;
    });
    await Promise.all(models.map((m) => m.settled()));
    const burstFig = {
      slow: { requests: probes.slow.listRequests - before.slow, ms: shown.slow },
      fast: { requests: probes.fast.listRequests - before.fast, ms: shown.fast },
    };
    console.log(`burst of ${burst.length}: debounce 100 ms ${burstFig.slow.requests} requests, ${ms(burstFig.slow.ms)} ms; none ${burstFig.fast.requests} requests, ${ms(burstFig.fast.ms)} ms`);

    const debounce = (slow as unknown as { opts: { debounceMs: number } }).opts.debounceMs;
    writeSection(
      HEADING,
      `Command: \`npm run bench -- containers\` (${ROUNDS} measured rounds after ${WARMUP} warm-up rounds; BENCH_ROUNDS and BENCH_CONTAINERS change them). Needs the test bed: \`npm run testbed -- start\`.

${machine()}
- Daemon: the test bed's rootless dockerd (${socketPath}), ${total} containers in the model: ${COUNT} made for this run through the API (24 compose projects of 10 and 60 loose; a fifth running \`sleep\`, two fifths exited, the rest created and never started), ${others} others. All labelled \`${LABEL}=${SUITE}\` and removed at the end.
- The view without VS Code: src/views/tree.ts and nodes.ts with bench/vscodeStub.ts for \`vscode\`, and a MarkdownString that escapes text as VS Code's does. A render is what VS Code asks the provider for: the roots, then the children of every expanded node (${nodes} nodes: the daemon, the projects, the containers, their ports).
- The CLI: Debian's \`docker\` 20.10 run as the bed user through \`runuser\` (that costs a few ms of its figure): \`docker container ls --all --no-trunc --format\` with a template printing the view's fields (id, names, image, state, status, ports, labels, created) as one JSON object a line. 20.10 has no \`--format json\`, and its \`'{{json .}}'\` touches \`.Size\`, which makes the CLI ask for every container's disk usage: one such listing took 30.7 s here, against 0.16 s for the same listing without sizes.

### Full listing of ${total} containers into tree nodes

| Run | Median | p95 | × raw request |
|---|---:|---:|---:|
${row('raw `GET /containers/json?all=1` in this process, JSON parsed (baseline)', list.raw)}
${row("the model's refresh (the listing through dockerode, mapping, cached start errors) + a render of the tree", list.model, list.raw)}
${row('… of which the render alone', list.render, list.raw)}
${row('`docker container ls --all` (the CLI, a new process)', list.cli, list.raw)}

Ratio model + render / raw request: **${listRatio.toFixed(2)}×** of medians, ${paired.toFixed(2)}× as the median of per-round ratios; ${verdict(listRatio, LIST_GOAL)}.

### One container event until the model shows it

Each round stops (\`docker stop -t 0\`) or starts one running-set container through the API; both models follow the same daemon at once, one with a ${debounce} ms event debounce (the default before this benchmark), one without (\`debounceMs: 0\`: the first event is fetched on the next turn of the event loop, and events that arrive while a fetch is out are batched into the next one).

| Run | Median | p95 | × CLI listing |
|---|---:|---:|---:|
${row('`docker container ls --all` (baseline)', one.cli)}
${row(`event (\`die\` / \`start\`) arrived on /events → model shows the new state, debounce ${debounce} ms`, one.slowFromEvent, one.cli)}
${row(`API call made → model shows it, debounce ${debounce} ms`, one.slowFromCall, one.cli)}
${row('event arrived → model shows it, no debounce', one.fastFromEvent, one.cli)}
${row('API call made → model shows it, no debounce', one.fastFromCall, one.cli)}

Ratio event → model / CLI listing: with the debounce **${slowRatio.toFixed(3)}×**, ${verdict(slowRatio, EVENT_GOAL)}; without it **${fastRatio.toFixed(3)}×**, ${verdict(fastRatio, EVENT_GOAL)}.

### A burst: ${burst.length} containers started at once

| Model | Listing requests | Until the model showed all ${burst.length} |
|---|---:|---:|
| debounce ${debounce} ms | ${burstFig.slow.requests} | ${ms(burstFig.slow.ms)} ms |
| no debounce | ${burstFig.fast.requests} | ${ms(burstFig.fast.ms)} ms |

Decision: the extension's default is now no debounce (\`debounceMs: 0\` in src/docker/watch.ts). The debounce
delayed every change by its own length, while the fetch path already coalesces: one fetch at a time, and the events
that arrive while it is out go into the next one. In the burst above that cost ${burstFig.fast.requests} listing requests without the
debounce against ${burstFig.slow.requests} with it, one at a time. The view adds its own ≤ 50 ms coalescing of redraws (src/views/tree.ts),
not counted here.

How the model meets the event goal: it shows what a \`die\`, \`pause\` or \`unpause\` event says at once (\`die\`
carries the exit code), then fetches that one container to confirm it and fill in the rest (status text, health, a
start error). A \`start\` is shown from that fetch alone, sent the moment the event arrives: by then the daemon lists
the container as running, with the ports the event does not carry. The confirmation has to wait for the daemon: after \`die\` its own container list still says
\`running\` until the \`stop\` event, 55–75 ms later (measured on this bed, 2026-11-22, with a filtered
\`/containers/json\` sent the moment each event arrived), so within 2 s of a \`die\` the model takes a listing that
still says running for the daemon lagging, keeps the event's state and asks again 25 ms later
(src/docker/watch.ts; unit-tested against a fake daemon that lags the same way). The view never flips back to
running. A filtered listing of one container costs the daemon about 2 ms (against about 50 ms for all ${COUNT}).
`,
    );
  } finally {
    for (const m of models) m.dispose();
    const removed = await cleanup(docker);
    console.log(`removed ${removed} bench containers`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
