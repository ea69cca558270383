// Runs the doctor: every check against a probe, each one isolated (a check that throws becomes a "skip" that
// says so), and the real probe that reads this machine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiGet } from '../readiness';
import { createRunner, TRUSTED_DIRS, type Runner } from '../run';
import { DEFAULT_UNIT } from '../unit';
import { CHECKS, kernelVersion } from './checks';
import type { Check, CheckResult, CheckStatus, DaemonAnswer, DaemonInfo, DoctorProbe, DoctorReport, DoctorUser, FileInfo } from './types';

export async function runDoctor(probe: DoctorProbe, checks: ReadonlyArray<{ id: string; check: Check }> = CHECKS): Promise<DoctorReport> {
  const results = await Promise.all(
    checks.map(async ({ id, check }): Promise<CheckResult> => {
      try {
        return await check(probe);
      } catch (err) {
        return { id, title: id, status: 'skip', summary: `The check could not run: ${err instanceof Error ? err.message : String(err)}` };
      }
    }),
  );
  const summary: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) summary[r.status]++;
  const kernel = kernelVersion(probe)?.release;
  return { generatedAt: new Date().toISOString(), user: probe.user, ...(kernel ? { kernel } : {}), results, summary };
}

const MAX_FILE = 1024 * 1024;

/** Where the doctor looks for the rootless tools: system dirs, Debian's docker contrib dir, ~/bin, then $PATH. */
export function searchDirs(env: Readonly<Record<string, string | undefined>>, home: string | undefined): string[] {
  const dirs = [...TRUSTED_DIRS, '/usr/local/bin', '/usr/local/sbin', '/usr/share/docker.io/contrib', '/usr/libexec/docker/cli-plugins'];
  if (home) dirs.push(path.join(home, 'bin'), path.join(home, '.local/bin'));
  for (const d of (env.PATH ?? '').split(':')) if (path.isAbsolute(d)) dirs.push(d);
  return [...new Set(dirs)];
}

function currentUser(): DoctorUser {
  try {
    const info = os.userInfo();
    return { name: info.username, uid: info.uid >= 0 ? info.uid : undefined, gid: info.gid >= 0 ? info.gid : undefined, home: info.homedir };
  } catch {
    return { uid: process.getuid?.(), gid: process.getgid?.(), home: os.homedir() };
  }
}

/** The daemon's /info, reduced to what the checks read. */
export async function fetchDaemonInfo(socketPath: string, timeoutMs = 3000): Promise<DaemonAnswer> {
  try {
    const { status, body } = await apiGet(socketPath, '/info', timeoutMs);
    if (status !== 200) return { ok: false, error: `answered HTTP ${status}`, code: `HTTP${status}` };
    const o = JSON.parse(body) as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return { ok: false, error: 'answered /info with something other than a JSON object' };
    const str = (v: unknown) => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);
    const info: DaemonInfo = {};
    const set = <K extends keyof DaemonInfo>(k: K, v: DaemonInfo[K] | undefined) => {
      if (v !== undefined) info[k] = v;
    };
    set('serverVersion', str(o.ServerVersion));
    set('driver', str(o.Driver));
    set('cgroupDriver', str(o.CgroupDriver));
    set('cgroupVersion', str(o.CgroupVersion));
    set('kernelVersion', str(o.KernelVersion));
    if (Array.isArray(o.SecurityOptions)) {
      info.rootless = o.SecurityOptions.some((s) => typeof s === 'string' && s.split(',').includes('name=rootless'));
    }
    return { ok: true, info };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why: Record<string, string> = {
      ENOENT: 'the socket does not exist',
      ECONNREFUSED: 'nothing listens on the socket',
      EACCES: 'permission denied on the socket',
      ETIMEDOUT: `no answer within ${timeoutMs / 1000} s`,
    };
    return { ok: false, error: (e.code && why[e.code]) ?? e.message, ...(e.code ? { code: e.code } : {}) };
  }
}

export interface RealProbeOptions {
  env?: Readonly<Record<string, string | undefined>>;
  unit?: string;
  runner?: Runner;
}

/** The probe that reads this machine, as the current user. */
export function realProbe(options: RealProbeOptions = {}): DoctorProbe {
  const env = options.env ?? process.env;
  const user = currentUser();
  const runner = options.runner ?? createRunner({ env });
  const dirs = searchDirs(env, user.home);
  const which = new Map<string, string | undefined>();
  return {
    user,
    env,
    unit: options.unit ?? DEFAULT_UNIT,
    readFile: (file) => {
      try {
        const fd = fs.openSync(file, 'r');
        try {
          const buf = Buffer.alloc(MAX_FILE);
          const n = fs.readSync(fd, buf, 0, MAX_FILE, null);
          return buf.subarray(0, n).toString('utf8');
        } finally {
          fs.closeSync(fd);
        }
      } catch {
        return undefined;
      }
    },
    stat: (file): FileInfo | undefined => {
      try {
        const st = fs.statSync(file);
        const type = st.isFile() ? 'file' : st.isDirectory() ? 'directory' : st.isSocket() ? 'socket' : 'other';
        return { type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
      } catch {
        return undefined;
      }
    },
    which: (name) => {
      if (!which.has(name)) {
        const found = dirs.map((d) => path.join(d, name)).find((f) => {
          try {
            const st = fs.statSync(f);
            return st.isFile() && (st.mode & 0o111) !== 0;
          } catch {
            return false;
          }
        });
        which.set(name, found);
      }
      return which.get(name);
    },
    run: (tool, args, runOptions) => runner.run(tool, args, runOptions),
    daemon: (socketPath) => fetchDaemonInfo(socketPath),
  };
}
