// The lint engine: lint(text, kind, options) -> findings. Pure: no I/O, no vscode.
import { parseCompose } from './parse/compose';
import { parseDockerfile, refuseDockerfile } from './parse/dockerfile';
import { yamlDepth } from './parse/yamlDepth';
import type { Context, Report, Rule } from './rule';
import { ruleById, rules } from './rules';
import { notLinted } from './rules/not-linted';
import { yamlSyntax } from './rules/yaml-syntax';
import { removeSuppressed } from './suppress';
import { LineIndex, parserText, refuseText } from './text';
import { GENERIC_HOST, type FileKind, type Finding, type HostFacts, type LintOptions, type Severity } from './types';

export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** Deeper YAML is refused before parsing; real compose files stay well under 20 levels. */
export const MAX_YAML_DEPTH = 64;

export function lint(text: string, kind: FileKind, options: LintOptions = {}): Finding[] {
  const lines = new LineIndex(text);
  const facts = options.facts ?? GENERIC_HOST;
  const found: Finding[] = [];
  const add = (rule: Rule, r: Report) => found.push(toFinding(rule, r, lines, facts, text.length));

  const refused = refuseText(text, options.maxBytes ?? DEFAULT_MAX_BYTES) ?? (kind === 'compose' ? tooDeep(text) : refuseDockerfile(text));
  if (refused) {
    add(notLinted, { start: 0, end: 0, message: refused });
    return finish(found, lines, options);
  }
  // Same-length rewrites for the parsers, so offsets still point into `text`: a lone CR is a line
  // break to VS Code but not to the parsers, and dockerfile-ast does not skip a byte order mark.
  const normalized = parserText(text);

  if (kind === 'compose') {
    const { docs, problems } = parseCompose(normalized, options.env ?? {});
    for (const p of problems) add(yamlSyntax, { start: p.offset, end: p.offset + p.length, message: p.message });
    for (const doc of docs) {
      const services = doc.services();
      for (const rule of options.rules ?? rules) {
        if (rule.compose) run(rule, text, facts, add, (ctx) => rule.compose!({ ...ctx, doc, services }));
      }
    }
  } else {
    const dockerfile = parseDockerfile(normalized.replace(/^\uFEFF/, ' '));
    for (const rule of options.rules ?? rules) {
      if (rule.dockerfile) run(rule, text, facts, add, (ctx) => rule.dockerfile!({ ...ctx, dockerfile, lines }));
    }
  }
  return finish(found, lines, options);
}

function tooDeep(text: string): string | undefined {
  const depth = yamlDepth(text, MAX_YAML_DEPTH);
  return depth > MAX_YAML_DEPTH ? `YAML is nested more than ${MAX_YAML_DEPTH} levels deep; it is not parsed, to keep the editor safe.` : undefined;
}

function run(rule: Rule, text: string, facts: HostFacts, add: (rule: Rule, r: Report) => void, check: (ctx: Context) => void): void {
  const ctx: Context = { facts, text, report: (r) => add(rule, r) };
  try {
    check(ctx);
  } catch (err) {
    add(rule, { start: 0, end: 0, severity: 'info', message: `Rule ${rule.id} could not check this file: ${err instanceof Error ? err.message : String(err)}` });
  }
}

function toFinding(rule: Rule, r: Report, lines: LineIndex, facts: HostFacts, length: number): Finding {
  const start = Math.max(0, Math.min(r.start, length));
  const end = Math.max(start, Math.min(r.end, length));
  let severity: Severity = r.severity ?? rule.severity;
  if (facts.rootless === false && !rule.syntax) severity = 'info';
  return {
    ruleId: rule.id,
    severity,
    message: r.message,
    offset: start,
    length: end - start,
    start: lines.positionAt(start),
    end: lines.positionAt(end),
    docs: rule.docs,
    fixes: r.fixes ?? [],
  };
}

function finish(found: Finding[], lines: LineIndex, options: LintOptions): Finding[] {
  const overrides = options.severities ?? {};
  const out: Finding[] = [];
  for (const f of removeSuppressed(found, lines)) {
    const o = Object.prototype.hasOwnProperty.call(overrides, f.ruleId) ? overrides[f.ruleId] : undefined;
    if (o === 'off') continue;
    out.push(o ? { ...f, severity: o } : f);
  }
  return out.sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
}

export { ruleById, rules };
