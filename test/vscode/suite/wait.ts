// Waiting helpers for tests in the extension host: wait on an event or poll a condition until a deadline, never a fixed sleep.
import * as vscode from 'vscode';

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The diagnostics of `uri` from `source` once `accept` holds for them: checked now and on every
 * `onDidChangeDiagnostics` for that document, failing after `timeoutMs`.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  source: string,
  what: string,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);
  return new Promise((resolve, reject) => {
    const check = () => {
      const ds = current();
      if (!accept(ds)) return false;
      done();
      resolve(ds);
      return true;
    };
    const timer = setTimeout(() => {
      done();
      const seen = current().map((d) => `${codeOf(d)} ${d.range.start.line}:${d.range.start.character}`);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${uri.toString(true)}; diagnostics now: [${seen.join(', ')}]`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

/** A diagnostic's rule id, whether its `code` is a plain value or `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}
