// Which files the linter reads, by name: the patterns docker compose and docker build look for.
import type { FileKind } from './types';

const COMPOSE = /^(docker-)?compose([.-][^/\\]*)?\.ya?ml$/i;
const DOCKERFILE = /^(Dockerfile|Containerfile)([.-][^/\\]*)?$|\.(Dockerfile|Containerfile)$/i;

/** The kind of a file from its base name, or undefined when it is neither. */
export function kindOfFileName(baseName: string): FileKind | undefined {
  if (COMPOSE.test(baseName)) return 'compose';
  if (DOCKERFILE.test(baseName)) return 'dockerfile';
  return undefined;
}
