// Conformance, resources: cgroup limits and the options around them, ulimits and storage options, as the
// rootless daemon of the bed (cgroup v1, Cgroup Driver none) treats them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { bed } from '../bed';
import { cgroupsOf, cleanup, create, daemonPid, failure, memoryLimitOf, probe, remove, started, startFailure, translated } from './observe';

const MiB = 1024 * 1024;

/** The hard limit of `name` ("Max open files") in a process's /proc/PID/limits. */
function hardLimit(pid: number, name: string): string {
  const line = fs.readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith(name));
  assert.ok(line, `${name} in /proc/${pid}/limits`);
  return line.slice(26).trim().split(/\s+/)[1];
}

describe('conformance: resources', () => {
  after(cleanup);

  before(async () => {
    const { docker } = await bed();
    const info = (await docker.info()) as { CgroupDriver?: string; CgroupVersion?: string };
    assert.deepEqual([info.CgroupVersion, info.CgroupDriver], ['1', 'none'], 'these observations are of a rootless daemon on cgroup v1 (Cgroup Driver none)');
  });

  it('cgroup-limits-ignored: memory, CPU and pids limits are accepted without a warning and never reach a cgroup', async () => {
    const limits = { Memory: 16 * MiB, MemorySwap: 16 * MiB, NanoCpus: 500_000_000, PidsLimit: 8, CpuShares: 512, CpusetCpus: '0' };
    const c = await started('cgroup-limits-ignored', { Cmd: ['sleep', '60'], HostConfig: limits });
    try {
      assert.deepEqual(c.warnings, [], 'the create call does not mention dropping them');
      assert.equal(c.inspect.HostConfig.Memory, 16 * MiB, 'the daemon records the limit');
      // The container's process stays in the daemon's own cgroups: no cgroup was made for it.
      const dockerd = await daemonPid();
      assert.deepEqual(cgroupsOf(c.inspect.State.Pid), cgroupsOf(dockerd));
      assert.notEqual(memoryLimitOf(c.inspect.State.Pid), 16 * MiB, 'the memory cgroup it is in has no 16 MiB limit');
    } finally {
      await remove(c.container);
    }
    // And the pids limit of 8 does not stop 20 processes.
    const r = await probe('cgroup-limits-ignored', {
      Cmd: ['sh', '-c', 'i=0; while [ $i -lt 20 ]; do sleep 2 & i=$((i+1)); done; echo "forked $i"; wait'],
      HostConfig: { PidsLimit: 8 },
    });
    assert.equal(r.exitCode, 0, r.output);
    assert.match(r.output, /forked 20/);
    assert.doesNotMatch(r.output, /can't fork/);
  });

  it('cgroup-limits-ignored: blkio weight is the one limit the create call warns about', async () => {
    const c = await create('cgroup-limits-ignored', { Cmd: ['true'], HostConfig: { BlkioWeight: 300 } });
    try {
      assert.deepEqual(c.warnings, ['Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.']);
      assert.equal((await c.container.inspect()).HostConfig.BlkioWeight, 0, 'and the weight is dropped from the container');
    } finally {
      await remove(c.container);
    }
  });

  it('cgroup-v2-unsupported-option: oom_kill_disable, mem_swappiness and cpu_rt_runtime are dropped without a warning on cgroup v1', async () => {
    const c = await started('cgroup-v2-unsupported-option', {
      Cmd: ['sleep', '60'],
      HostConfig: { Memory: 64 * MiB, OomKillDisable: true, MemorySwappiness: 10, CpuRealtimeRuntime: 1000 },
    });
    try {
      assert.deepEqual(c.warnings, []);
      assert.deepEqual(cgroupsOf(c.inspect.State.Pid), cgroupsOf(await daemonPid()), 'no cgroup of its own to apply them to');
    } finally {
      await remove(c.container);
    }
  });

  it("oom-score-adj-clamped: oom_score_adj -500 becomes the daemon's own score, already in inspect", async () => {
    const dockerd = Number(fs.readFileSync(`/proc/${await daemonPid()}/oom_score_adj`, 'utf8'));
    const score = ['sh', '-c', 'echo "score=$(cat /proc/self/oom_score_adj)"'];
    const r = await probe('oom-score-adj-clamped', { Cmd: score, HostConfig: { OomScoreAdj: -500 } });
    assert.equal(r.exitCode, 0, r.output);
    assert.equal(r.output.trim(), `score=${dockerd}`, `the container runs with the daemon's ${dockerd}, not -500`);
    assert.equal(r.inspect.HostConfig.OomScoreAdj, dockerd);
    assert.deepEqual(r.warnings, [], 'silently');
    // A positive value is honoured: only lowering it is refused.
    const positive = await probe('oom-score-adj-clamped', { Cmd: score, HostConfig: { OomScoreAdj: 300 } });
    assert.equal(positive.output.trim(), 'score=300');
  });

  it('device-cgroup-rules-ignored: the rules are kept in the config, but the container has no device cgroup', async () => {
    const c = await started('device-cgroup-rules-ignored', { Cmd: ['sleep', '60'], HostConfig: { DeviceCgroupRules: ['c 1:3 rwm', 'c 10:200 rwm'] } });
    try {
      assert.deepEqual(c.warnings, []);
      assert.deepEqual(c.inspect.HostConfig.DeviceCgroupRules, ['c 1:3 rwm', 'c 10:200 rwm']);
      assert.equal(cgroupsOf(c.inspect.State.Pid).get('devices'), cgroupsOf(await daemonPid()).get('devices'), "the daemon's devices cgroup, untouched");
    } finally {
      await remove(c.container);
    }
  });

  it('cgroup-parent: a cgroupfs-style parent is accepted and has no effect with Cgroup Driver none', async () => {
    const c = await started('cgroup-parent', { Cmd: ['sleep', '60'], HostConfig: { CgroupParent: '/conformance' } });
    try {
      assert.deepEqual(c.warnings, []);
      const own = cgroupsOf(c.inspect.State.Pid);
      assert.deepEqual(own, cgroupsOf(await daemonPid()));
      assert.ok(![...own.values()].some((p) => p.includes('conformance')), JSON.stringify([...own]));
    } finally {
      await remove(c.container);
    }
  });

  it("ulimit-above-hard-limit: memlock -1 and nofile above the daemon's hard limit fail at start; within it works", async () => {
    const memlock = await startFailure('ulimit-above-hard-limit', { Cmd: ['true'], HostConfig: { Ulimits: [{ Name: 'memlock', Soft: -1, Hard: -1 }] } });
    assert.match(memlock.message, /error setting rlimits for ready process: error setting rlimit type 8: operation not permitted/);
    await translated('ulimit-above-hard-limit', 'memlock', memlock.message, 'start with Ulimits memlock=-1:-1');

    const hard = Number(hardLimit(await daemonPid(), 'Max open files'));
    const above = await startFailure('ulimit-above-hard-limit', { Cmd: ['true'], HostConfig: { Ulimits: [{ Name: 'nofile', Soft: hard + 1, Hard: hard + 1 }] } });
    assert.match(above.message, /error setting rlimit type 7: operation not permitted/);
    await translated('ulimit-above-hard-limit', 'nofile', above.message, `start with Ulimits nofile=${hard + 1}`);

    const within = await probe('ulimit-above-hard-limit', { Cmd: ['sh', '-c', 'echo "hard=$(ulimit -Hn)"'], HostConfig: { Ulimits: [{ Name: 'nofile', Soft: hard, Hard: hard }] } });
    assert.equal(within.exitCode, 0, within.output);
    assert.equal(within.output.trim(), `hard=${hard}`);
  });

  it("storage-opt-unsupported: storage_opt size is refused at create by the daemon's overlay2", async () => {
    const { docker } = await bed();
    const { Driver } = (await docker.info()) as { Driver?: string };
    assert.equal(Driver, 'overlay2');
    const { message } = await failure(create('storage-opt-unsupported', { Cmd: ['true'], HostConfig: { StorageOpt: { size: '1G' } } }), 'creating with storage_opt size');
    assert.match(message, /--storage-opt is supported only for overlay over xfs with 'pquota' mount option/);
    await translated('storage-opt-unsupported', 'overlay2', message, 'create with StorageOpt size=1G');
  });
});
