// The integration test bed: a real rootless Docker daemon started by scripts/testbed/rootless-daemon.sh.
// This module finds its socket, and its root hook fails the whole run, loudly, when the daemon does not
// answer: a suite about a real component never skips itself into a green result.
import Docker from 'dockerode';
import * as fs from 'node:fs';
import * as net from 'node:net';

export const BED_USER = process.env.RDTEST_USER ?? 'rdtest';
export const BED_IMAGE = process.env.RDTEST_IMAGE ?? 'rdtest/busybox:latest';

/** Every container the suite creates carries these labels, so cleanup finds them whatever happened. */
export const LABEL_SUITE = 'io.rootless-docker.test.suite';
export const LABEL_RUN = 'io.rootless-docker.test.run';
export const SUITE = 'integration';
// Kept in the environment so that every copy of this module in the process (mocha `require` and the specs' imports)
// labels and cleans up the same run.
export const RUN_ID = (process.env.RDTEST_RUN_ID ??= `${process.pid}-${Date.now().toString(36)}`);

const SCRIPT = 'scripts/testbed/rootless-daemon.sh';
const HOW_TO_START = [
  'Start the test bed (as root, from the repository root):',
  `  ${SCRIPT} provision   # once per machine`,
  `  ${SCRIPT} start`,
  `  ${SCRIPT} image`,
  `  export "$(${SCRIPT} env)"   # optional: the suite also finds the ${BED_USER} user's socket by itself`,
  'These tests never skip: they exist to exercise a real daemon.',
].join('\n');

export interface BedLocation {
  socketPath: string;
  /** Where the socket path came from, for messages. */
  source: string;
}

export interface Bed extends BedLocation {
  docker: Docker;
}

export class BedUnavailableError extends Error {
  constructor(detail: string) {
    super(`The rootless Docker test bed is not usable: ${detail}\n\n${HOW_TO_START}`);
    this.name = 'BedUnavailableError';
  }
}

/** The uid of a local user, read from /etc/passwd; undefined when there is no such user. */
export function uidOf(user: string, passwd = '/etc/passwd'): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(passwd, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === user && fields.length >= 3 && /^\d+$/.test(fields[2])) return Number(fields[2]);
  }
  return undefined;
}

/** DOCKER_HOST (unix:// only) when set, else the bed user's /run/user/UID/docker.sock. */
export function locateBed(env: NodeJS.ProcessEnv = process.env): BedLocation {
  const host = env.DOCKER_HOST;
  if (host !== undefined && host !== '') {
    if (!host.startsWith('unix://')) {
      throw new BedUnavailableError(`DOCKER_HOST=${host} is not a unix socket; the bed listens on a unix socket.`);
    }
    return { socketPath: host.slice('unix://'.length), source: 'DOCKER_HOST' };
  }
  const uid = uidOf(BED_USER);
  if (uid === undefined) {
    throw new BedUnavailableError(`DOCKER_HOST is unset and the user '${BED_USER}' does not exist (not provisioned).`);
  }
  return { socketPath: `/run/user/${uid}/docker.sock`, source: `the ${BED_USER} user's runtime dir` };
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== undefined && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

let connected: Promise<Bed> | undefined;

/** Connects once per process: pings the daemon and checks the bed's image is there, or throws BedUnavailableError. */
export function bed(): Promise<Bed> {
  connected ??= Promise.resolve().then(() => connectTo(locateBed()));
  return connected;
}

/** Pings the daemon at `where` and checks the bed's image is there; throws BedUnavailableError otherwise. */
export async function connectTo(where: BedLocation): Promise<Bed> {
  const at = `unix://${where.socketPath} (from ${where.source})`;
  const docker = new Docker({ socketPath: where.socketPath, timeout: 15_000 });
  let pong: unknown;
  try {
    pong = await docker.ping();
  } catch (err) {
    throw new BedUnavailableError(`no answer from ${at}: ${describeError(err)}.`);
  }
  const text = Buffer.isBuffer(pong) ? pong.toString('utf8') : String(pong);
  if (text !== 'OK') throw new BedUnavailableError(`${at} answered /_ping with ${JSON.stringify(text)}, not "OK".`);
  try {
    await docker.getImage(BED_IMAGE).inspect();
  } catch (err) {
    throw new BedUnavailableError(`the daemon at ${at} answers, but the image ${BED_IMAGE} is missing (${describeError(err)}).`);
  }
  return { ...where, docker };
}

/**
 * Starts a container; when the daemon fails the way a bed with a lost RootlessKit state dir does (it answers every
 * call but cannot publish ports: ../shared/test-env.md section 4), says so and how to repair it.
 */
export async function startContainer(container: Docker.Container): Promise<void> {
  try {
    await container.start();
  } catch (err) {
    if (err instanceof Error && /RootlessKit API socket/.test(err.message)) {
      err.message += `\n(The daemon lost its RootlessKit API socket: '${SCRIPT} status' says "degraded"; '${SCRIPT} start' restarts it.)`;
    }
    throw err;
  }
}

/** Labels for a container created by this run. */
export function suiteLabels(extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [LABEL_SUITE]: SUITE, [LABEL_RUN]: RUN_ID };
}

/** Force-removes every container the suite ever created on this daemon (this run's and earlier runs'), returns the count. */
export async function removeSuiteContainers(docker: Docker, runOnly = false): Promise<number> {
  const label = runOnly ? `${LABEL_RUN}=${RUN_ID}` : `${LABEL_SUITE}=${SUITE}`;
  const found = await docker.listContainers({ all: true, filters: { label: [label] } });
  for (const c of found) {
    try {
      await docker.getContainer(c.Id).remove({ force: true, v: true });
    } catch (err) {
      // Already gone (a test removed it meanwhile) is fine; anything else is a real failure.
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  }
  return found.length;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the kernel's pick, so ≥ 1024). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error(`unexpected server address ${String(address)}`));
      });
    });
  });
}

/** The host's cgroup version as Docker reports it: "2" for the unified hierarchy, else "1". */
export function hostCgroupVersion(): string {
  return fs.existsSync('/sys/fs/cgroup/cgroup.controllers') ? '2' : '1';
}

/**
 * Root hooks (loaded through `require` in .mocharc.integration.json): before anything runs, the bed must answer;
 * leftovers of earlier runs are removed first, and every container of this run afterwards.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(30_000);
    const { docker, socketPath, source } = await bed();
    const stale = await removeSuiteContainers(docker);
    const note = stale > 0 ? `, removed ${stale} container(s) left by an earlier run` : '';
    console.log(`  test bed: unix://${socketPath} (from ${source}), image ${BED_IMAGE}, run ${RUN_ID}${note}`);
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    if (connected === undefined) return;
    let docker: Docker;
    try {
      ({ docker } = await connected);
    } catch {
      return; // beforeAll already failed with the reason
    }
    await removeSuiteContainers(docker, true);
    const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL_RUN}=${RUN_ID}`] } });
    if (left.length > 0) {
      throw new Error(`containers of this run survived cleanup: ${left.map((c) => c.Id.slice(0, 12)).join(', ')}`);
    }
  },
};
