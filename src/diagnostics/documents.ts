// Which open documents are linted, and as what.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { kindOfFileName } from '../lint/files';
import type { FileKind } from '../lint/types';

export const LANGUAGES = ['dockercompose', 'dockerfile', 'yaml'] as const;

/** The kind of a document, from its language, or from its file name for plain YAML. */
export function kindOf(doc: vscode.TextDocument): FileKind | undefined {
  if (doc.languageId === 'dockerfile') return 'dockerfile';
  if (doc.languageId === 'dockercompose') return 'compose';
  if (doc.languageId === 'yaml' && doc.uri.scheme !== 'output') return kindOfFileName(path.posix.basename(doc.uri.path)) === 'compose' ? 'compose' : undefined;
  return undefined;
}
