// Inline suppression comments, for YAML and Dockerfiles alike:
//   # rootless-docker-disable-next-line privileged-port, host-network
//   ports: ["80:80"]  # rootless-docker-disable-line privileged-port
// With no rule ids, every rule is silenced on that line.
import type { LineIndex } from './text';
import type { Finding, Fix } from './types';

export const DISABLE_LINE = 'rootless-docker-disable-line';
export const DISABLE_NEXT_LINE = 'rootless-docker-disable-next-line';

const MARKER = /(?:^|\s)#\s*rootless-docker-disable-(next-)?line\b([^#\r\n]*)/;

type Silenced = Map<number, Set<string> | 'all'>;

function silencedLines(lines: LineIndex): Silenced {
  const out: Silenced = new Map();
  for (let line = 0; line < lines.lineCount; line++) {
    const m = MARKER.exec(lines.lineText(line));
    if (!m) continue;
    const target = m[1] ? line + 1 : line;
    const ids = m[2].split(/[\s,]+/).filter(Boolean);
    const prev = out.get(target);
    if (!ids.length || prev === 'all') out.set(target, 'all');
    else out.set(target, new Set([...(prev ?? []), ...ids]));
  }
  return out;
}

export function removeSuppressed(findings: Finding[], lines: LineIndex): Finding[] {
  const silenced = silencedLines(lines);
  if (!silenced.size) return findings;
  return findings.filter((f) => {
    const s = silenced.get(f.start.line);
    return !(s === 'all' || s?.has(f.ruleId));
  });
}

/** An edit that adds a disable-next-line comment above the finding's line, with that line's indentation. */
export function suppressionFix(finding: Finding, lines: LineIndex, eol = '\n'): Fix {
  const line = finding.start.line;
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
  const above = line > 0 ? MARKER.exec(lines.lineText(line - 1)) : null;
  if (above?.[1] && above[2].trim()) {
    // Add the rule to the comment that is already there rather than stacking a second one.
    const idsEnd = lines.lineStart(line - 1) + above.index + above[0].length - (above[2].length - above[2].trimEnd().length);
    return { title: `Disable ${finding.ruleId} for this line`, edits: [{ offset: idsEnd, length: 0, text: `, ${finding.ruleId}` }] };
  }
  return {
    title: `Disable ${finding.ruleId} for this line`,
    edits: [{ offset: lines.lineStart(line), length: 0, text: `${indent}# ${DISABLE_NEXT_LINE} ${finding.ruleId}${eol}` }],
  };
}
