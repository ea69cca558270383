// The rootless-docker command line: `rootless-docker lint [options] PATH...`. main() takes its I/O as a
// parameter, so tests run it in memory; the bundle (dist/cli.js) runs it with this process's I/O.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_BYTES, lint } from '../lint/engine';
import { notLinted } from '../lint/rules/not-linted';
import { formatBytes } from '../lint/text';
import { GENERIC_HOST, type FileKind, type Finding, type HostFacts } from '../lint/types';
import { doctorCommand, DOCTOR_USAGE } from '../service/doctor/cli';
import type { DoctorProbe } from '../service/doctor/types';
import { ComposeEnv } from './composeEnv';
import { resolveFacts, type HostMode } from './facts';
import { fixText } from '../lint/fixes';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { collectInputs, decode, encode, guessKind, ioReason, type Input } from './inputs';
import { defaultFactSources, nodeIo, type Io } from './io';
import { printable, TOOL_NAME, TOOL_VERSION, summarize, type FileReport, type RunReport } from './report';

export type { Io } from './io';

export const USAGE = `Usage: rootless-docker lint [options] [PATH...]

Finds compose-file and Dockerfile settings that break or silently degrade under rootless Docker.

PATH is a file, a directory, or - for standard input (default: the current directory).
Directories are searched for compose*.y*ml, docker-compose*.y*ml, Dockerfile, Dockerfile.*,
*.Dockerfile and Containerfile; node_modules, .git and symlinked directories are skipped.
A named file is a compose file or a Dockerfile by --kind, else by its name (*.yml and *.yaml
are compose), else by its content.

Options:
  --format text|json|sarif   output format (default: text)
  --fix                      apply every finding's preferred fix to the files, then report what
                             remains; files are written only when they change (not with -)
  --host generic|auto        generic (default): judge for a typical rootless host;
                             auto: read this machine's sysctl, cgroups and /etc/subuid, and ask
                             the Docker daemon found via DOCKER_HOST, the docker context,
                             $XDG_RUNTIME_DIR or /run/user/UID
  --kind compose|dockerfile  the kind of standard input and of named files (default: guessed)
  -h, --help                 show this help
  --version                  show the version

Compose files are interpolated with the environment over the .env file beside them (the
environment wins; for standard input, the .env of the current directory).

Exit status: 0 no error-level finding, 1 at least one, 2 a usage error or an input that
cannot be read.

Also: rootless-docker doctor [--format text|json]   check this host for rootless Docker
      (see rootless-docker doctor --help)
`;

const FORMATS = { text: formatText, json: formatJson, sarif: formatSarif } as const;
type Format = keyof typeof FORMATS;
const HOST_MODES: readonly HostMode[] = ['generic', 'auto'];
const KINDS: readonly FileKind[] = ['compose', 'dockerfile'];

const OPTIONS = {
  format: { type: 'string' },
  fix: { type: 'boolean' },
  host: { type: 'string' },
  kind: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** What tests replace: the doctor's view of the host. */
export interface MainDeps {
  doctorProbe?: DoctorProbe;
}

export async function main(argv: string[], io: Io, deps: MainDeps = {}): Promise<number> {
  const say = (line: string) => io.stderr(`${TOOL_NAME}: ${printable(line)}\n`);
  const usageError = (line: string) => {
    say(`${line} (see ${TOOL_NAME} --help)`);
    return 2;
  };

  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return usageError(parseError(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(positionals[0] === 'doctor' ? DOCTOR_USAGE : USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`${TOOL_VERSION}\n`);
    return 0;
  }

  const [command, ...paths] = positionals;
  if (command === undefined) return usageError('no command given; use "rootless-docker lint PATH..."');
  if (command === 'doctor') return doctor(paths, values, io, usageError, deps);
  if (command !== 'lint') return usageError(`unknown command "${command}"; the commands are "lint" and "doctor"`);
  const format = values.format ?? 'text';
  if (!isOneOf(format, Object.keys(FORMATS) as Format[])) return usageError(`unknown format "${format}"; use text, json or sarif`);
  const hostMode = values.host ?? 'generic';
  if (!isOneOf(hostMode, HOST_MODES)) return usageError(`unknown host "${hostMode}"; use generic or auto`);
  const kind = values.kind;
  if (kind !== undefined && !isOneOf(kind, KINDS)) return usageError(`unknown kind "${kind}"; use compose or dockerfile`);
  const fix = values.fix === true;
  if (fix && paths.includes('-')) return usageError('--fix cannot change standard input (-); name the file instead');

  const collected = await collectInputs(paths.length ? paths : ['.'], io, kind);
  for (const note of collected.notes) say(note);
  for (const error of collected.errors) say(error);
  const inputErrors = [...collected.errors];
  if (!collected.inputs.length) {
    if (!inputErrors.length) say('nothing to lint: no compose files or Dockerfiles were found');
    // Machine formats still get a document to read; people already have the message.
    if (format !== 'text') io.stdout(FORMATS[format]({ cwd: io.cwd, facts: GENERIC_HOST, files: [], inputErrors, fix }));
    return 2;
  }

  const facts = await resolveFacts(hostMode, io.env, io.facts ?? defaultFactSources(), say);
  const envs = new ComposeEnv(io, (line) => {
    say(line);
    inputErrors.push(line);
  });
  const files: FileReport[] = [];
  for (const input of collected.inputs) {
    const report = await lintInput(input, { io, facts, envs, fix, say });
    if (typeof report === 'string') {
      say(report);
      inputErrors.push(report);
    } else {
      files.push(report);
    }
  }

  const run: RunReport = { cwd: io.cwd, facts, files, inputErrors, fix };
  io.stdout(FORMATS[format](run));
  if (inputErrors.length) return 2;
  return summarize(files).errors > 0 ? 1 : 0;
}

/** `doctor`: takes --format text|json only, and no operands. */
function doctor(
  operands: string[],
  values: { format?: string; fix?: boolean; host?: string; kind?: string },
  io: Io,
  usageError: (line: string) => number,
  deps: MainDeps,
): Promise<number> {
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return Promise.resolve(usageError(`unknown format "${format}" for doctor; use text or json`));
  const stray = values.fix ? '--fix' : values.host !== undefined ? '--host' : values.kind !== undefined ? '--kind' : undefined;
  if (stray) return Promise.resolve(usageError(`${stray} is a lint option; doctor takes only --format`));
  if (operands.length) return Promise.resolve(usageError(`doctor takes no operands (got "${operands[0]}")`));
  return doctorCommand(format, { env: io.env, stdout: (text) => io.stdout(text) }, { name: TOOL_NAME, version: TOOL_VERSION }, deps.doctorProbe);
}

interface LintContext {
  io: Io;
  facts: HostFacts;
  envs: ComposeEnv;
  fix: boolean;
  say: (line: string) => void;
}

/** Lints (and with --fix, fixes) one input; a string is why it could not be read or written. */
async function lintInput(input: Input, ctx: LintContext): Promise<FileReport | string> {
  const { io } = ctx;
  let data: Buffer;
  try {
    if (input.file) {
      const stat = input.stat ?? (await io.stat(input.file));
      // Too large to lint: say so without reading it.
      if (stat.type === 'file' && stat.size > DEFAULT_MAX_BYTES) {
        return { path: input.display, file: input.file, kind: input.kind ?? 'compose', findings: [tooLarge(stat.size)], fixed: 0 };
      }
      data = await io.readFile(input.file);
    } else {
      data = await io.readStdin();
    }
  } catch (err) {
    return `cannot read ${input.file ? input.display : 'standard input'}: ${ioReason(err)}`;
  }

  const decoded = decode(data);
  const kind = input.kind ?? guessKind(decoded.text);
  let env: Readonly<Record<string, string | undefined>> = {};
  if (kind === 'compose') {
    env = await ctx.envs.forDir(input.file ? path.dirname(input.file) : io.cwd);
  }
  const lintText = (text: string) => lint(text, kind, { facts: ctx.facts, env });
  const base = { path: input.display, file: input.file, kind };

  if (!ctx.fix || !input.file) return { ...base, findings: lintText(decoded.text), fixed: 0 };
  if (!decoded.exact) {
    ctx.say(`not fixing ${input.display}: it is not valid UTF-8, and writing it back would change bytes no fix touches`);
    return { ...base, findings: lintText(decoded.text), fixed: 0 };
  }
  const result = fixText(decoded.text, lintText);
  if (result.text !== decoded.text) {
    try {
      await io.writeFile(input.file, encode(result.text, decoded.bom));
    } catch (err) {
      return `cannot write the fixes to ${input.display}: ${ioReason(err)}`;
    }
  }
  return { ...base, findings: result.findings, fixed: result.text !== decoded.text ? result.applied : 0 };
}

/** The engine's own "not linted" finding, for a file too large to read. */
function tooLarge(size: number): Finding {
  return {
    ruleId: notLinted.id,
    severity: notLinted.severity,
    message: `File is ${formatBytes(size)}; files over ${formatBytes(DEFAULT_MAX_BYTES)} are not linted.`,
    offset: 0,
    length: 0,
    start: { line: 0, character: 0 },
    end: { line: 0, character: 0 },
    docs: notLinted.docs,
    fixes: [],
  };
}

function isOneOf<T extends string>(v: string, list: readonly T[]): v is T {
  return (list as readonly string[]).includes(v);
}

/** node:util's parse errors, rephrased in one line. */
function parseError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const option = /'([^']+)'/.exec(message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `option ${option.replace(/ <value>$/, '')} ${/missing/.test(message) ? 'needs a value' : 'takes no value'}` : message;
    default:
      return message.split('\n')[0];
  }
}

// The bundle's entry: run with this process's I/O when executed as dist/cli.js.
if (require.main === module) {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // The reader went away (`| head`): stop quietly.
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), nodeIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${TOOL_NAME}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
