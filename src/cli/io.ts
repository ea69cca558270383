// Everything the CLI touches outside itself, behind one interface: tests run main() in memory, the real
// entry passes nodeIo(). Paths given to these functions are absolute.
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import { findEndpoint, type Endpoint } from '../docker/endpoint';
import { fetchDaemonFacts, type DaemonFacts } from '../docker/info';
import { readHost, type HostReading } from '../lint/host/readHost';

export interface FileStat {
  /** Following symbolic links. */
  type: 'file' | 'directory' | 'other';
  size: number;
}

export interface DirEntry {
  name: string;
  /** Not following symbolic links. */
  type: 'file' | 'directory' | 'symlink' | 'other';
}

/** Where `--host auto` gets its facts. */
export interface FactSources {
  readHost(): HostReading;
  findEndpoint(env: Readonly<Record<string, string | undefined>>): Endpoint;
  fetchDaemon(socketPath: string): Promise<DaemonFacts>;
}

export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Rejects with a Node-style error (`code` ENOENT, EACCES, EISDIR, …) when the file cannot be read. */
  readFile(file: string): Promise<Buffer>;
  writeFile(file: string, data: Buffer): Promise<void>;
  readStdin(): Promise<Buffer>;
  stat(file: string): Promise<FileStat>;
  readdir(dir: string): Promise<DirEntry[]>;
  /** Defaults to this machine's host files and Docker daemon. */
  facts?: FactSources;
}

/** Inputs that are not regular files (pipes, devices) are read up to this size. */
export const MAX_READ = 64 * 1024 * 1024;
const DAEMON_TIMEOUT_MS = 2000;

function tooLarge(): Error {
  return Object.assign(new Error(`larger than ${MAX_READ / (1024 * 1024)} MB`), { code: 'EFBIG' });
}

async function readCapped(file: string): Promise<Buffer> {
  const handle = await fsp.open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(256 * 1024);
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_READ) throw tooLarge();
      chunks.push(buf.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks);
  } finally {
    await handle.close();
  }
}

function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    stream.on('data', (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += b.length;
      if (total > MAX_READ) {
        stream.removeAllListeners('data');
        reject(tooLarge());
        return;
      }
      chunks.push(b);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export function defaultFactSources(): FactSources {
  return {
    readHost: () => readHost(),
    findEndpoint: (env) =>
      findEndpoint({ env, uid: typeof process.getuid === 'function' ? process.getuid() : undefined, home: env.HOME ?? os.homedir() }),
    fetchDaemon: (socketPath) => fetchDaemonFacts(socketPath, { timeoutMs: DAEMON_TIMEOUT_MS }),
  };
}

/** The real thing: this process's streams, environment and file system. */
export function nodeIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readFile: readCapped,
    writeFile: (file, data) => fsp.writeFile(file, data),
    readStdin: () => readStream(process.stdin),
    stat: async (file) => {
      const s = await fsp.stat(file);
      return { type: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size };
    },
    readdir: async (dir) =>
      (await fsp.readdir(dir, { withFileTypes: true })).map((d) => ({
        name: d.name,
        type: d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : 'other',
      })),
    facts: defaultFactSources(),
  };
}
