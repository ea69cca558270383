// Which open documents are linted, and as what.
//
// VS Code 1.100 with only its built-in extensions (checked in code-server by test/vscode/suite/linter.test.ts):
//   compose.yaml, compose.*.yml, docker-compose.yml, *docker*compose*.yml  -> dockercompose
//   Dockerfile, Dockerfile.*, Containerfile, *.dockerfile                   -> dockerfile
//   other compose names docker compose accepts, e.g. compose-dev.yaml       -> yaml (matched by file name here)
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { kindOfFileName } from '../lint/files';
import type { FileKind } from '../lint/types';

export const LANGUAGES = ['dockercompose', 'dockerfile', 'yaml'] as const;
/** Files on disk and unsaved editors; not git/diff views or other virtual copies of a file (their findings would be duplicates). */
export const SCHEMES = ['file', 'untitled'] as const;

export const SELECTOR: vscode.DocumentFilter[] = LANGUAGES.flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme })));

/** The kind of a document, from its language, or from its file name for plain YAML. */
export function kindOf(doc: vscode.TextDocument): FileKind | undefined {
  if (!(SCHEMES as readonly string[]).includes(doc.uri.scheme)) return undefined;
  if (doc.languageId === 'dockerfile') return 'dockerfile';
  if (doc.languageId === 'dockercompose') return 'compose';
  if (doc.languageId === 'yaml') return kindOfFileName(path.posix.basename(doc.uri.path)) === 'compose' ? 'compose' : undefined;
  return undefined;
}
