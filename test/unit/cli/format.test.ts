// The text and JSON formats, on reports built by hand.
import * as assert from 'node:assert/strict';
import { formatJson, JSON_SCHEMA_VERSION } from '../../../src/cli/format/json';
import { formatText } from '../../../src/cli/format/text';
import type { FileReport, RunReport } from '../../../src/cli/report';
import packageJson from '../../../package.json';
import { GENERIC_HOST, type Finding, type Severity } from '../../../src/lint/types';

function finding(line: number, character: number, severity: Severity, message = `a ${severity}`): Finding {
  return {
    ruleId: 'privileged-port',
    severity,
    message,
    offset: 10 * line + character,
    length: 2,
    start: { line, character },
    end: { line, character: character + 2 },
    docs: 'https://docs.docker.com/engine/security/rootless/tips/',
    fixes: severity === 'error' ? [{ title: 'Publish on 8080', edits: [{ offset: 10 * line + character, length: 2, text: '8080' }], preferred: true }, { title: 'other', edits: [] }] : [],
  };
}
const file = (p: string, findings: Finding[], fixed = 0): FileReport => ({ path: p, file: `/w/${p}`, kind: 'compose', findings, fixed });
const report = (files: FileReport[], extra: Partial<RunReport> = {}): RunReport => ({ cwd: '/w', facts: GENERIC_HOST, files, inputErrors: [], fix: false, ...extra });

describe('cli formats', () => {
  describe('text', () => {
    it('prints path:line:col  severity  rule-id  message, then the summary', () => {
      const out = formatText(report([file('compose.yaml', [finding(4, 9, 'error'), finding(6, 0, 'warning')]), file('b/Dockerfile', [finding(0, 0, 'info')]), file('c.yaml', [])]));
      assert.equal(
        out,
        [
          'compose.yaml:5:10  error  privileged-port  a error',
          'compose.yaml:7:1  warning  privileged-port  a warning',
          'b/Dockerfile:1:1  info  privileged-port  a info',
          '',
          '3 problems (1 error, 1 warning, 1 info) in 3 files',
          '',
        ].join('\n'),
      );
    });

    it('keeps each finding on one line', () => {
      const out = formatText(report([file('x.yaml', [finding(0, 0, 'error', 'first line\n  second line')])]));
      assert.equal(out.split('\n')[0], 'x.yaml:1:1  error  privileged-port  first line second line');
    });

    it('prints control characters from names and messages as escapes', () => {
      const out = formatText(report([file('a\u001b[31m.yaml', [finding(0, 0, 'error', 'service "\u001b]0;x\u0007web"\ttab')])]));
      assert.equal(out.split('\n')[0], 'a\\u001b[31m.yaml:1:1  error  privileged-port  service "\\u001b]0;x\\u0007web"\\u0009tab');
    });

    it('with nothing found prints only the summary', () => {
      assert.equal(formatText(report([file('x.yaml', [])])), '0 problems (0 errors, 0 warnings, 0 info) in 1 file\n');
    });

    it('with --fix says how much was fixed', () => {
      const out = formatText(report([file('x.yaml', [], 3), file('y.yaml', [], 0)], { fix: true }));
      assert.equal(out, 'Fixed 3 problems in 1 file.\n0 problems (0 errors, 0 warnings, 0 info) in 2 files\n');
    });
  });

  describe('json', () => {
    it('has the documented, stable shape', () => {
      const json = JSON.parse(formatJson(report([file('compose.yaml', [finding(4, 9, 'error')], 1)], { inputErrors: ['cannot read x: gone'] }))) as unknown;
      assert.deepEqual(json, {
        schemaVersion: JSON_SCHEMA_VERSION,
        tool: { name: 'rootless-docker', version: packageJson.version },
        host: { source: 'generic', unprivilegedPortStart: 1024 },
        files: [
          {
            path: 'compose.yaml',
            kind: 'compose',
            fixed: 1,
            findings: [
              {
                ruleId: 'privileged-port',
                severity: 'error',
                message: 'a error',
                line: 5,
                column: 10,
                endLine: 5,
                endColumn: 12,
                offset: 49,
                length: 2,
                docs: 'https://docs.docker.com/engine/security/rootless/tips/',
                fixes: [
                  { title: 'Publish on 8080', preferred: true, edits: [{ offset: 49, length: 2, text: '8080' }] },
                  { title: 'other', preferred: false, edits: [] },
                ],
              },
            ],
          },
        ],
        summary: { files: 1, problems: 1, errors: 1, warnings: 0, info: 0, fixed: 1 },
        errors: ['cannot read x: gone'],
      });
    });
  });
});
