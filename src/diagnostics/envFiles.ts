// The variables compose interpolates with: the `.env` file beside the compose file under the
// extension host's environment (the shell wins, as with docker compose). Cached per folder.
import { parse } from 'dotenv';
import * as vscode from 'vscode';

const MAX_ENV_FILE = 1024 * 1024;

export class EnvFiles implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<Record<string, string>>>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/.env');
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the folder whose `.env` was created, changed or deleted. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    const drop = (uri: vscode.Uri) => {
      const folder = vscode.Uri.joinPath(uri, '..');
      this.cache.delete(folder.toString());
      this.emitter.fire(folder);
    };
    this.watcher.onDidChange(drop);
    this.watcher.onDidCreate(drop);
    this.watcher.onDidDelete(drop);
  }

  /** The environment for interpolating `doc`; `.env` values never leave this object. */
  async envFor(doc: vscode.TextDocument): Promise<Record<string, string | undefined>> {
    const fromFile = doc.uri.scheme === 'file' ? await this.dotenv(vscode.Uri.joinPath(doc.uri, '..')) : {};
    return { ...fromFile, ...process.env };
  }

  private dotenv(folder: vscode.Uri): Promise<Record<string, string>> {
    const key = folder.toString();
    let entry = this.cache.get(key);
    if (!entry) {
      entry = readEnvFile(vscode.Uri.joinPath(folder, '.env'));
      this.cache.set(key, entry);
    }
    return entry;
  }

  dispose(): void {
    this.watcher.dispose();
    this.emitter.dispose();
    this.cache.clear();
  }
}

async function readEnvFile(uri: vscode.Uri): Promise<Record<string, string>> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_ENV_FILE) return {};
    return parse(Buffer.from(await vscode.workspace.fs.readFile(uri)));
  } catch {
    return {};
  }
}
