// An in-memory Io for running main() without touching the disk: files, directories, symlinks and
// unreadable entries, with stdout/stderr captured and writes recorded.
import * as path from 'node:path';
import type { DirEntry, FactSources, FileStat, Io } from '../../../src/cli/io';

/** A file's text or bytes, a symlink, an empty directory, or an entry that fails with `error` (a directory with `dir`). */
export type Entry = string | Buffer | { symlink: string } | { error: string; dir?: boolean } | { dir: true };

export interface MemoryIo extends Io {
  out: string;
  err: string;
  /** Files written, by absolute path. */
  written: Map<string, Buffer>;
  /** Paths read with readFile, in order. */
  reads: string[];
  /** The current content of a file. */
  content(file: string): Buffer | undefined;
}

export interface MemoryOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdin?: string | Buffer;
  facts?: FactSources;
  /** Sizes reported by stat, overriding the content's length (to fake huge files). */
  sizes?: Record<string, number>;
  /** writeFile fails with this code. */
  writeError?: string;
}

function fail(code: string, file: string): Error {
  return Object.assign(new Error(`${code}: simulated failure, '${file}'`), { code });
}

/** `files` is keyed by paths relative to `cwd` (default /work) or absolute. */
export function memoryIo(files: Record<string, Entry>, options: MemoryOptions = {}): MemoryIo {
  const cwd = options.cwd ?? '/work';
  const entries = new Map<string, Entry>();
  for (const [p, e] of Object.entries(files)) entries.set(path.resolve(cwd, p), e);
  const sizes = new Map(Object.entries(options.sizes ?? {}).map(([p, n]) => [path.resolve(cwd, p), n]));

  const isDir = (p: string): boolean => {
    const e = entries.get(p);
    if (e && typeof e === 'object' && 'dir' in e) return e.dir === true;
    const prefix = p.endsWith('/') ? p : p + '/';
    return [...entries.keys()].some((k) => k.startsWith(prefix));
  };
  /** Follows symlinks (relative targets resolve against the link's directory). */
  const resolve = (p: string, depth = 0): string => {
    if (depth > 8) throw fail('ELOOP', p);
    const e = entries.get(p);
    if (e && typeof e === 'object' && 'symlink' in e) return resolve(path.resolve(path.dirname(p), e.symlink), depth + 1);
    return p;
  };

  const io: MemoryIo = {
    cwd,
    env: options.env ?? {},
    out: '',
    err: '',
    written: new Map(),
    reads: [],
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    content: (file) => {
      const e = entries.get(path.resolve(cwd, file));
      return typeof e === 'string' ? Buffer.from(e) : Buffer.isBuffer(e) ? e : undefined;
    },
    readFile: (file) => {
      io.reads.push(file);
      const real = resolve(file);
      const e = entries.get(real);
      if (e === undefined) return Promise.reject(fail(isDir(real) ? 'EISDIR' : 'ENOENT', file));
      if (typeof e === 'string') return Promise.resolve(Buffer.from(e));
      if (Buffer.isBuffer(e)) return Promise.resolve(e);
      if ('error' in e) return Promise.reject(fail(e.error, file));
      return Promise.reject(fail('EISDIR', file));
    },
    writeFile: (file, data) => {
      if (options.writeError) return Promise.reject(fail(options.writeError, file));
      io.written.set(file, data);
      entries.set(resolve(file), data);
      return Promise.resolve();
    },
    readStdin: () => Promise.resolve(Buffer.from(options.stdin ?? '')),
    stat: (file): Promise<FileStat> => {
      let real: string;
      try {
        real = resolve(file);
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      const e = entries.get(real);
      if (e !== undefined && !(typeof e === 'object' && 'dir' in e && e.dir)) {
        if (typeof e === 'object' && 'error' in e) return Promise.resolve({ type: 'file', size: 0 });
        return Promise.resolve({ type: 'file', size: sizes.get(real) ?? Buffer.byteLength(e as string | Buffer) });
      }
      if (isDir(real)) return Promise.resolve({ type: 'directory', size: 4096 });
      return Promise.reject(fail('ENOENT', file));
    },
    readdir: (dir): Promise<DirEntry[]> => {
      const e = entries.get(dir);
      if (e && typeof e === 'object' && 'error' in e) return Promise.reject(fail(e.error, dir));
      if (!isDir(dir)) return Promise.reject(fail('ENOENT', dir));
      const prefix = dir.endsWith('/') ? dir : dir + '/';
      const names = new Map<string, DirEntry['type']>();
      for (const [k, v] of entries) {
        if (!k.startsWith(prefix)) continue;
        const rest = k.slice(prefix.length);
        const name = rest.split('/')[0];
        if (rest.includes('/')) names.set(name, 'directory');
        else if (typeof v === 'object' && 'symlink' in v) names.set(name, 'symlink');
        else if (typeof v === 'object' && 'dir' in v) names.set(name, 'directory');
        else if (!names.has(name)) names.set(name, 'file');
      }
      return Promise.resolve([...names].map(([name, type]) => ({ name, type })));
    },
    facts: options.facts,
  };
  return io;
}
