// What one run of `rootless-docker lint` found: the data every output format renders.
import type { FileKind, Finding, HostFacts } from '../lint/types';
import packageJson from '../../package.json';

export const TOOL_NAME = 'rootless-docker';
export const TOOL_VERSION: string = packageJson.version;
/** The project's home page once package.json names one; the rootless-mode documentation until then. */
export const TOOL_URI: string =
  (packageJson as { homepage?: string }).homepage ?? 'https://docs.docker.com/engine/security/rootless/';

export interface FileReport {
  /** As shown to people: relative to the working directory when inside it; `<stdin>` for standard input. */
  path: string;
  /** Absolute path; undefined for standard input. */
  file?: string;
  kind: FileKind;
  /** Sorted by position, as the engine returns them. */
  findings: Finding[];
  /** How many findings `--fix` fixed in this file (0 without --fix). */
  fixed: number;
}

export interface RunReport {
  cwd: string;
  facts: HostFacts;
  files: FileReport[];
  /** Inputs that could not be read or written, one line each. */
  inputErrors: string[];
  /** Whether --fix was given. */
  fix: boolean;
}

export interface Summary {
  files: number;
  problems: number;
  errors: number;
  warnings: number;
  info: number;
  fixed: number;
  fixedFiles: number;
}

export function summarize(files: readonly FileReport[]): Summary {
  const s: Summary = { files: files.length, problems: 0, errors: 0, warnings: 0, info: 0, fixed: 0, fixedFiles: 0 };
  for (const f of files) {
    s.problems += f.findings.length;
    for (const x of f.findings) {
      if (x.severity === 'error') s.errors++;
      else if (x.severity === 'warning') s.warnings++;
      else s.info++;
    }
    s.fixed += f.fixed;
    if (f.fixed) s.fixedFiles++;
  }
  return s;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line, and no terminal control sequences from file names or file content. */
export function printable(s: string): string {
  let out = '';
  for (const c of s.replace(/\s*[\r\n]+\s*/g, ' ')) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}
