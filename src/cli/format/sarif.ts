// SARIF 2.1.0 output, for code-scanning services: one run, every rule the engine can report in
// tool.driver.rules, one result per finding with its region and its fixes.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Fix as SarifFix, Log, ReportingDescriptor, Result } from 'sarif';
import { allRules } from '../../lint/rules';
import type { Finding, Severity } from '../../lint/types';
import { TOOL_NAME, TOOL_URI, TOOL_VERSION, type FileReport, type RunReport } from '../report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

export function sarifLevel(severity: Severity): Result.level {
  return severity === 'info' ? 'note' : severity;
}

/** `privileged-port` → `PrivilegedPort`: SARIF's `name` is an identifier-like form of the id. */
function ruleName(id: string): string {
  return id.replace(/(^|[-_])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());
}

function descriptor(rule: { id: string; title: string; severity: Severity; docs: string }): ReportingDescriptor {
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title}. Default severity: ${rule.severity}.` },
    helpUri: rule.docs,
    help: { text: `${rule.title}. See ${rule.docs}` },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
  };
}

/** Where a file is: relative to %SRCROOT% (the working directory) when inside it, else an absolute file URI. */
function location(cwd: string, file: FileReport): ArtifactLocation {
  if (!file.file) return { description: { text: 'standard input' } };
  const rel = path.relative(cwd, file.file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(file.file).href };
}

export function formatSarif(report: RunReport): string {
  const rules = allRules.map(descriptor);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const ruleIndex = (f: Finding): number => {
    let i = index.get(f.ruleId);
    if (i === undefined) {
      // Not in the registry (should not happen): describe it from the finding so ruleIndex stays valid.
      i = rules.push(descriptor({ id: f.ruleId, title: f.ruleId, severity: f.severity, docs: f.docs })) - 1;
      index.set(f.ruleId, i);
    }
    return i;
  };

  const results: Result[] = [];
  for (const file of report.files) {
    const artifactLocation = location(report.cwd, file);
    for (const f of file.findings) {
      const fixes: SarifFix[] = f.fixes.map((x) => ({
        description: { text: x.title },
        artifactChanges: [
          {
            artifactLocation,
            replacements: x.edits.map((e) => ({
              deletedRegion: { charOffset: e.offset, charLength: e.length },
              ...(e.text ? { insertedContent: { text: e.text } } : {}),
            })),
          },
        ],
      }));
      results.push({
        ruleId: f.ruleId,
        ruleIndex: ruleIndex(f),
        level: sarifLevel(f.severity),
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation,
              region: {
                startLine: f.start.line + 1,
                startColumn: f.start.character + 1,
                endLine: f.end.line + 1,
                endColumn: f.end.character + 1,
                charOffset: f.offset,
                charLength: f.length,
              },
            },
          },
        ],
        ...(fixes.length ? { fixes } : {}),
      });
    }
  }

  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, informationUri: TOOL_URI, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd.endsWith(path.sep) ? report.cwd : report.cwd + path.sep).href } },
        invocations: [
          {
            executionSuccessful: report.inputErrors.length === 0,
            toolExecutionNotifications: report.inputErrors.map((text) => ({ level: 'error' as const, message: { text } })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
