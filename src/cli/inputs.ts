// Turns the command line's PATHs into the files to lint: named files, directories walked for compose
// files and Dockerfiles, and `-` for standard input. Also decodes what is read.
import * as path from 'node:path';
import { kindOfFileName } from '../lint/files';
import type { FileKind } from '../lint/types';
import type { FileStat, Io } from './io';

export interface Input {
  /** Absolute path; undefined for standard input. */
  file?: string;
  /** As shown to people: relative to the working directory when inside it; `<stdin>` for standard input. */
  display: string;
  /** Undefined when the kind must be guessed from the content. */
  kind?: FileKind;
  /** The size and type from the stat of a named file; undefined for files found by a walk. */
  stat?: FileStat;
}

export const STDIN_DISPLAY = '<stdin>';

const SKIP_DIRS = new Set(['node_modules', '.git']);
/** A directory walk stops this deep below the PATH given, and after seeing this many entries. */
export const WALK_MAX_DEPTH = 32;
export const WALK_MAX_ENTRIES = 100_000;

export interface Collected {
  inputs: Input[];
  /** One line each: inputs that could not be read. They make the exit code 2. */
  errors: string[];
  /** One line each: things worth saying that change nothing. */
  notes: string[];
}

/** The kind a directory walk gives a file by its name; `Dockerfile.dockerignore` is an ignore file, not a Dockerfile. */
export function kindOfName(name: string): FileKind | undefined {
  if (/\.dockerignore$/i.test(name)) return undefined;
  return kindOfFileName(name);
}

/** The kind of a named file: `--kind`, else its name, else `*.yml`/`*.yaml` is compose; undefined means guess. */
function kindOfNamedFile(file: string, kindFlag: FileKind | undefined): FileKind | undefined {
  if (kindFlag) return kindFlag;
  const name = path.basename(file);
  return kindOfName(name) ?? (/\.ya?ml$/i.test(name) ? 'compose' : undefined);
}

/** Dockerfile when the first instruction is FROM or ARG (after comments and parser directives); compose otherwise. */
export function guessKind(text: string): FileKind {
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1000)) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    return /^(FROM|ARG)\s/i.test(t) ? 'dockerfile' : 'compose';
  }
  return 'compose';
}

export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export async function collectInputs(paths: readonly string[], io: Io, kindFlag: FileKind | undefined): Promise<Collected> {
  const out: Collected = { inputs: [], errors: [], notes: [] };
  const seen = new Set<string>();
  const add = (file: string, kind: FileKind | undefined, stat?: FileStat) => {
    if (seen.has(file)) return;
    seen.add(file);
    out.inputs.push({ file, display: displayPath(io.cwd, file), kind, stat });
  };
  for (const arg of paths) {
    if (arg === '-') {
      if (!seen.has('-')) out.inputs.push({ display: STDIN_DISPLAY, kind: kindFlag });
      seen.add('-');
      continue;
    }
    const file = path.resolve(io.cwd, arg);
    let stat: FileStat;
    try {
      stat = await io.stat(file);
    } catch (err) {
      out.errors.push(`cannot read ${arg}: ${ioReason(err)}`);
      continue;
    }
    if (stat.type !== 'directory') {
      add(file, kindOfNamedFile(file, kindFlag), stat);
      continue;
    }
    const [inputsBefore, errorsBefore] = [out.inputs.length, out.errors.length];
    await walk(file, arg, io, out, add);
    if (out.inputs.length === inputsBefore && out.errors.length === errorsBefore) out.notes.push(`no compose files or Dockerfiles found in ${arg}`);
  }
  return out;
}

/** Breadth-first, sorted by name, bounded; never enters node_modules, .git or a symlinked directory. */
async function walk(root: string, arg: string, io: Io, out: Collected, add: (file: string, kind: FileKind) => void): Promise<void> {
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  let entries = 0;
  while (queue.length) {
    const { dir, depth } = queue.shift()!;
    let list;
    try {
      list = await io.readdir(dir);
    } catch (err) {
      out.errors.push(`cannot read the directory ${displayPath(io.cwd, dir)}: ${ioReason(err)}`);
      continue;
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of list) {
      if (++entries > WALK_MAX_ENTRIES) {
        out.notes.push(`stopped searching ${arg} after ${WALK_MAX_ENTRIES} entries; name a smaller directory to lint the rest`);
        return;
      }
      const full = path.join(dir, entry.name);
      if (entry.type === 'directory') {
        if (SKIP_DIRS.has(entry.name)) continue;
        if (depth + 1 > WALK_MAX_DEPTH) {
          out.notes.push(`not searching ${displayPath(io.cwd, full)}: more than ${WALK_MAX_DEPTH} levels below ${arg}`);
          continue;
        }
        queue.push({ dir: full, depth: depth + 1 });
        continue;
      }
      const kind = kindOfName(entry.name);
      if (!kind) continue;
      if (entry.type === 'symlink') {
        // A symlinked file is linted where it is named; a symlinked directory is never entered.
        const target = await io.stat(full).catch(() => undefined);
        if (target?.type !== 'file') continue;
      } else if (entry.type !== 'file') {
        continue;
      }
      add(full, kind);
    }
  }
}

/** Why a read failed, for people: "no such file or directory (ENOENT)". */
export function ioReason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const phrases: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    ELOOP: 'too many levels of symbolic links',
    EMFILE: 'too many open files',
    EFBIG: typeof e?.message === 'string' ? e.message : 'too large',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
  };
  if (code && phrases[code]) return `${phrases[code]} (${code})`;
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0] : String(err);
  return code ? `${message} (${code})` : message;
}

export interface Decoded {
  text: string;
  bom: boolean;
  /** Whether writing `text` back (with the BOM) gives the same bytes: false for invalid UTF-8. */
  exact: boolean;
}

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** UTF-8 without its byte order mark; the mark is remembered so `--fix` can write it back. */
export function decode(data: Buffer): Decoded {
  const bom = data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  const body = bom ? data.subarray(3) : data;
  const text = body.toString('utf8');
  return { text, bom, exact: Buffer.from(text, 'utf8').equals(body) };
}

export function encode(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([UTF8_BOM, body]) : body;
}
