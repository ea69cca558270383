// A minimal `vscode` module for running activate() outside VS Code (the activation benchmark, and the test
// that activation loads nothing heavy): the classes the extension constructs or extends, events whose
// listeners are kept so a test can fire them, configuration that answers with defaults, and a permissive
// stand-in for everything else. It counts the API calls made and keeps their arguments.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access */

export const calls: Record<string, number> = {};
/** The arguments of every call, by the stand-in's name (e.g. `commands.registerCommand`). */
export const callArgs: Record<string, unknown[][]> = {};
/** Listeners added to each event, by name (e.g. `workspace.onDidOpenTextDocument`). */
export const listeners: Record<string, ((e: unknown) => unknown)[]> = {};

/** Calls the listeners of an event. */
export function fire(event: string, e: unknown): void {
  for (const l of listeners[event] ?? []) l(e);
}

const disposable = () => ({ dispose() {} });

/** Anything: callable, constructible, every property another stand-in; never a thenable. */
function anything(name: string): any {
  const fn = function () {} as any;
  return new Proxy(fn, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => '';
      if (key === Symbol.iterator) return function* () {};
      if (key === 'dispose') return () => undefined;
      if (typeof key === 'symbol') return undefined;
      if (['textDocuments', 'all', 'visibleTextEditors', 'workspaceFolders', 'tabGroups.all'].includes(key)) return [];
      if (key === 'get') return (_k: string, d?: unknown) => d;
      if (key === 'isTrusted') return true;
      if (key === 'visible') return false; // no view is shown at activation
      if (key.startsWith('onDid') || key.startsWith('onWill')) {
        return (listener: (e: unknown) => unknown) => {
          (listeners[`${name}.${key}`] ??= []).push(listener);
          return disposable();
        };
      }
      return anything(`${name}.${key}`);
    },
    apply(_t, _this, args: unknown[]) {
      calls[name] = (calls[name] ?? 0) + 1;
      (callArgs[name] ??= []).push(args);
      return anything(`${name}()`);
    },
    construct() {
      calls[`new ${name}`] = (calls[`new ${name}`] ?? 0) + 1;
      return anything(`new ${name}`);
    },
    set() {
      return true;
    },
  });
}

class Disposable {
  static from(...items: { dispose(): unknown }[]) {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
  constructor(private readonly fn: () => unknown = () => undefined) {}
  dispose() {
    this.fn();
  }
}

class EventEmitter<T> {
  private listeners: ((e: T) => unknown)[] = [];
  event = (listener: (e: T) => unknown) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T) {
    this.listeners.forEach((l) => l(e));
  }
  dispose() {
    this.listeners = [];
  }
}

class Uri {
  static file(p: string) {
    return new Uri('file', p);
  }
  static parse(s: string) {
    return new Uri(s.split(':')[0], s.replace(/^[a-z]+:(\/\/)?/, '/'));
  }
  static joinPath(u: Uri, ...parts: string[]) {
    return new Uri(u.scheme, [u.path, ...parts].join('/'));
  }
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath() {
    return this.path;
  }
  with() {
    return this;
  }
  toString() {
    return `${this.scheme}://${this.path}`;
  }
}

class Plain {
  constructor(...args: unknown[]) {
    Object.assign(this, { args });
  }
}

class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Source = new CodeActionKind('source');
  static readonly SourceFixAll = new CodeActionKind('source.fixAll');
  constructor(readonly value: string) {}
  append(part: string) {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind) {
    return other.value.startsWith(this.value);
  }
}

const enums = {
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  EndOfLine: { LF: 1, CRLF: 2 },
  DiagnosticTag: { Unnecessary: 1, Deprecated: 2 },
};

const classes = {
  Disposable,
  EventEmitter,
  Uri,
  CodeActionKind,
  TreeItem: Plain,
  ThemeIcon: Plain,
  ThemeColor: Plain,
  MarkdownString: class extends Plain {
    value = '';
    appendText(t: string) {
      this.value += t;
      return this;
    }
    appendMarkdown(t: string) {
      this.value += t;
      return this;
    }
    appendCodeblock(t: string) {
      this.value += t;
      return this;
    }
  },
  Range: Plain,
  Position: Plain,
  Selection: Plain,
  Diagnostic: Plain,
  CodeAction: Plain,
  WorkspaceEdit: class extends Plain {
    replace() {}
    delete() {}
    insert() {}
  },
  RelativePattern: Plain,
  TabInputText: Plain,
  TabInputTextDiff: Plain,
};

// Namespaces are own properties: a bundle's `import * as vscode` copies only those.
const namespaces = ['window', 'workspace', 'commands', 'languages', 'env', 'extensions', 'debug', 'tasks', 'scm', 'tests', 'authentication', 'notebooks', 'comments', 'l10n', 'chat', 'lm'];

/** The `vscode` module: real classes and enums, stand-ins for namespaces. */
export const vscode: any = new Proxy(
  { ...enums, ...classes, ...Object.fromEntries(namespaces.map((n) => [n, anything(n)])), version: '1.100.0' },
  {
    get(target: any, key) {
      if (typeof key === 'symbol' || key === 'then') return undefined;
      if (key in target) return target[key];
      return (target[key] = anything(key));
    },
  },
);

/** An ExtensionContext for an extension installed at `dir`. */
export function context(dir: string, version: string): any {
  const memento = { get: (_k: string, d?: unknown) => d, update: () => Promise.resolve(), keys: () => [] as string[], setKeysForSync() {} };
  return {
    subscriptions: [] as { dispose(): unknown }[],
    extension: { id: 'rootless-docker.rootless-docker', packageJSON: { version }, extensionUri: Uri.file(dir), extensionPath: dir },
    extensionUri: Uri.file(dir),
    extensionPath: dir,
    globalState: memento,
    workspaceState: memento,
    secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: () => disposable() },
    storageUri: undefined,
    globalStorageUri: Uri.file(`${dir}/.global`),
    logUri: Uri.file(`${dir}/.log`),
    extensionMode: 1,
    asAbsolutePath: (p: string) => `${dir}/${p}`,
    environmentVariableCollection: anything('environmentVariableCollection'),
  };
}
