// The `.env` file beside a compose file, whose variables compose interpolates with (under the extension
// host's environment: the shell wins, as with docker compose). Its text is cached per folder and parsed in
// the lint thread, with the engine.
import * as vscode from 'vscode';

const MAX_ENV_FILE = 1024 * 1024;

export class EnvFiles implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<string | undefined>>();
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

  /** The text of the `.env` beside `doc`, if there is one (files on disk only). */
  async dotenvFor(doc: vscode.TextDocument): Promise<string | undefined> {
    return doc.uri.scheme === 'file' ? this.dotenv(vscode.Uri.joinPath(doc.uri, '..')) : undefined;
  }

  private dotenv(folder: vscode.Uri): Promise<string | undefined> {
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

async function readEnvFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_ENV_FILE) return undefined;
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return undefined;
  }
}
