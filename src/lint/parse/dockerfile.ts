// Dockerfiles through dockerfile-ast, with its LSP ranges turned into offsets of the original text.
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import type { LineIndex } from '../text';

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export function parseDockerfile(text: string): Dockerfile {
  return DockerfileParser.parse(text);
}

export function offsets(lines: LineIndex, range: LspRange): { start: number; end: number } {
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}
