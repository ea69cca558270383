// The variables compose interpolates with: the process environment over the `.env` file beside the
// compose file (the shell wins, as with docker compose). Values are never printed.
import * as path from 'node:path';
import { parse } from 'dotenv';
import { displayPath, ioReason } from './inputs';
import type { Io } from './io';

export type Env = Readonly<Record<string, string | undefined>>;

/** A `.env` larger than this is not a real one; it is reported and not used. */
const MAX_ENV_FILE = 1024 * 1024;

export class ComposeEnv {
  private readonly byDir = new Map<string, Promise<Env>>();

  /** `onError` hears once about each `.env` that exists but cannot be used. */
  constructor(
    private readonly io: Io,
    private readonly onError: (line: string) => void,
  ) {}

  /** The environment for a compose file in `dir` (the working directory for standard input). */
  forDir(dir: string): Promise<Env> {
    let entry = this.byDir.get(dir);
    if (!entry) {
      entry = this.load(dir);
      this.byDir.set(dir, entry);
    }
    return entry;
  }

  private async load(dir: string): Promise<Env> {
    const file = path.join(dir, '.env');
    const shown = displayPath(this.io.cwd, file);
    try {
      const stat = await this.io.stat(file);
      if (stat.type === 'directory') return this.io.env;
      if (stat.size > MAX_ENV_FILE) {
        this.onError(`${shown} is over 1 MB; it is not used for interpolation`);
        return this.io.env;
      }
      return { ...parse(await this.io.readFile(file)), ...this.io.env };
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ENOENT') this.onError(`cannot read ${shown}: ${ioReason(err)}; interpolating without it`);
      return this.io.env;
    }
  }
}
