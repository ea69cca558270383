// Builders for compose test cases, so each case shows only what matters.

/** A compose file with one service `web` whose extra lines are indented under it. */
export function service(...lines: string[]): string {
  return ['services:', '  web:', '    image: nginx', ...lines.map((l) => `    ${l}`), ''].join('\n');
}
