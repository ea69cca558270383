// How long the containers view's model takes with 100 containers on the real rootless daemon of the test
// bed: a cold connect (details, event stream, listing, start-error inspects), a warm full re-list, and one
// container changing (the event-driven path: one filtered fetch instead of a re-list), plus the grouping
// the tree does on every render. Results: bench/RESULTS.md.
//
//   sudo scripts/testbed/rootless-daemon.sh start && sudo scripts/testbed/rootless-daemon.sh image
//   npx tsx bench/tree-refresh.ts [--containers 100] [--runs 15]
import * as fs from 'node:fs';
import Docker from 'dockerode';
import { DaemonClient } from '../src/docker/client';
import { groupByProject } from '../src/docker/containers';
import { findEndpoint } from '../src/docker/endpoint';
import { DaemonWatcher } from '../src/docker/watch';

const LABEL = 'io.rootless-docker.test.suite';
const SUITE = 'bench-tree-refresh';
const IMAGE = process.env.RDTEST_IMAGE ?? 'rdtest/busybox:latest';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && Number(process.argv[i + 1]) > 0 ? Number(process.argv[i + 1]) : fallback;
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, min ${s[0].toFixed(1)} ms (n=${s.length})`;
}

async function until(probe: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}

function socketPath(): string {
  const host = process.env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return host.slice(7);
  // The bed user's socket (scripts/testbed/rootless-daemon.sh env), by its uid.
  const user = process.env.RDTEST_USER ?? 'rdtest';
  const entry = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!entry) throw new Error(`no user ${user}: provision the test bed first`);
  return `/run/user/${entry.split(':')[2]}/docker.sock`;
}

async function cleanup(docker: Docker): Promise<void> {
  const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${SUITE}`] } });
  for (let i = 0; i < left.length; i += 10) {
    await Promise.all(left.slice(i, i + 10).map((c) => docker.getContainer(c.Id).remove({ force: true })));
  }
}

async function main(): Promise<void> {
  const count = arg('containers', 100);
  const runs = arg('runs', 15);
  const sock = socketPath();
  const docker = new Docker({ socketPath: sock });
  await cleanup(docker);
  const before = (await docker.listContainers({ all: true })).length;

  // Half running, half created (never started: those get their start error inspected), in 10 compose projects.
  const t0 = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, (_, k) =>
        docker.createContainer({
          Image: IMAGE,
          Cmd: ['sleep', '3600'],
          StopTimeout: 1,
          Labels: { [LABEL]: SUITE, 'com.docker.compose.project': `bench${(i + k) % 10}`, 'com.docker.compose.service': `svc${i + k}` },
        }),
      ),
    );
    ids.push(...batch.map((c) => c.id));
  }
  for (let i = 0; i < ids.length; i += 2 * 10) {
    await Promise.all(ids.slice(i, i + 20).filter((_, k) => k % 2 === 0).map((id) => docker.getContainer(id).start()));
  }
  console.log(`daemon: ${sock}; ${count} bench containers created in ${((Date.now() - t0) / 1000).toFixed(1)} s (${before} others present)`);

  try {
    const endpoint = findEndpoint({ env: { DOCKER_HOST: `unix://${sock}` } });

    // 1. Cold: a new watcher until its first model is complete (details + events + listing + inspects of created containers).
    const cold: number[] = [];
    for (let r = 0; r < Math.min(runs, 5); r++) {
      const w = new DaemonWatcher(new DaemonClient(endpoint), { pollMs: 3_600_000 });
      const s = performance.now();
      w.start();
      await until(() => w.snapshot().status === 'ok');
      cold.push(performance.now() - s);
      w.dispose();
    }

    const w = new DaemonWatcher(new DaemonClient(endpoint), { pollMs: 3_600_000 }); // the extension's default event debounce (0 ms)
    w.start();
    await until(() => w.snapshot().status === 'ok');
    const total = w.snapshot().containers.size;

    // 2. Warm full re-list (what the slow poll and the refresh button do).
    const warm: number[] = [];
    for (let r = 0; r < runs; r++) {
      const s = performance.now();
      await w.refresh();
      warm.push(performance.now() - s);
    }

    // 3. One container changes: from the action's start (and from its return) to the model showing it (event → one filtered fetch).
    const single: number[] = [];
    const lag: number[] = [];
    const lists0 = w.stats.lists;
    const running = ids.filter((_, k) => k % 2 === 0);
    for (let r = 0; r < runs; r++) {
      const id = running[r % running.length];
      const c = docker.getContainer(id);
      const target = r % 2 === 0 ? 'paused' : 'running';
      // pause needs cgroups; where the daemon has none, stop/start instead.
      const noCgroups = w.snapshot().details?.cgroupDriver === 'none';
      const wanted = noCgroups ? (w.snapshot().containers.get(id)?.state === 'running' ? 'exited' : 'running') : target;
      const s = performance.now();
      if (noCgroups) await (wanted === 'exited' ? c.stop({ t: 0 }) : c.start());
      else await (wanted === 'paused' ? c.pause() : c.unpause());
      const returned = performance.now();
      await until(() => w.snapshot().containers.get(id)?.state === wanted);
      single.push(performance.now() - s);
      lag.push(performance.now() - returned);
    }
    const relists = w.stats.lists - lists0;

    // 4. What the tree does on each render: group the model by compose project.
    const grouping: number[] = [];
    for (let r = 0; r < 200; r++) {
      const s = performance.now();
      groupByProject(w.snapshot().containers.values());
      grouping.push(performance.now() - s);
    }
    w.dispose();

    console.log(`model of ${total} containers (${count} bench, ${count / 2} of them never started)`);
    console.log(`cold connect to complete model: ${stats(cold)}`);
    console.log(`warm full re-list:              ${stats(warm)}`);
    console.log(`one container changed → model: ${stats(single)} from the action's start; ${stats(lag)} after it returned (full re-lists meanwhile: ${relists}, per-container fetches: ${w.stats.fetches})`);
    console.log(`grouping for one render:        ${stats(grouping)}`);
  } finally {
    await cleanup(docker);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
