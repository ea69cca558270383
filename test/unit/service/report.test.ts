// The doctor's report: text for terminals, JSON for tools, HTML for the webview (escaped, with a strict CSP).
import * as assert from 'node:assert/strict';
import { byStatus, escapeHtml, formatDoctorJson, formatDoctorText, renderDoctorHtml, summaryLine } from '../../../src/service/doctor/report';
import type { CheckResult, DoctorReport } from '../../../src/service/doctor/types';

const results: CheckResult[] = [
  { id: 'kernel', title: 'Kernel version', status: 'pass', summary: 'Kernel 6.8 supports rootless Docker with overlay2.', details: ['release 6.8.0'] },
  {
    id: 'linger',
    title: 'Linger',
    status: 'warn',
    summary: 'Lingering is off for alice.',
    fix: { text: 'Enable it with `loginctl`.', commands: ['sudo loginctl enable-linger alice'], docs: 'https://rootlesscontaine.rs/getting-started/common/login/' },
  },
  { id: 'subuid', title: '/etc/subuid range', status: 'fail', summary: 'No range.', details: ['none'], fix: { text: 'Add one.', commands: ['sudo usermod --add-subuids 100000-165535 alice'] } },
  { id: 'storage-driver', title: 'Storage driver', status: 'skip', summary: 'The daemon did not answer.' },
];
const report: DoctorReport = {
  generatedAt: '2026-11-22T21:00:00.000Z',
  user: { name: 'alice', uid: 1000 },
  kernel: '6.8.0',
  results,
  summary: { pass: 1, warn: 1, fail: 1, skip: 1 },
};

describe('doctor: report', () => {
  it('orders problems first: fail, warn, pass, skip', () => {
    assert.deepEqual(byStatus(results).map((r) => r.id), ['subuid', 'linger', 'kernel', 'storage-driver']);
  });

  it('text: one line per check, details and fix under problems, a summary', () => {
    const text = formatDoctorText(report);
    const lines = text.split('\n');
    assert.equal(lines[0], 'Rootless Docker doctor: alice (uid 1000), kernel 6.8.0');
    assert.equal(lines[2], '✖ FAIL  /etc/subuid range: No range.');
    assert.equal(lines[3], '          none');
    assert.equal(lines[4], '          fix: Add one.');
    assert.equal(lines[5], '            $ sudo usermod --add-subuids 100000-165535 alice');
    assert.ok(text.includes('⚠ warn  Linger: Lingering is off for alice.'));
    assert.ok(text.includes('          see https://rootlesscontaine.rs/getting-started/common/login/'));
    assert.ok(text.includes('✔ pass  Kernel version: Kernel 6.8 supports rootless Docker with overlay2.'));
    assert.ok(!text.includes('release 6.8.0'), 'details of passing checks stay out of the text');
    assert.ok(text.endsWith('4 checks: 1 passed, 1 warning, 1 failed, 1 skipped\n'));
    assert.equal(summaryLine(report), '4 checks: 1 passed, 1 warning, 1 failed, 1 skipped');
  });

  it('text: control characters from the host never reach the terminal', () => {
    const hostile: DoctorReport = { ...report, results: [{ id: 'x', title: 't', status: 'fail', summary: 'a\x1b]0;pwned\x07b', fix: { text: 'c\x1b[2Jd' } }] };
    const text = formatDoctorText(hostile);
    assert.ok(!text.includes('\x1b') && !text.includes('\x07'), JSON.stringify(text));
  });

  it('json: schema version, tool, summary and every check', () => {
    const json = JSON.parse(formatDoctorJson(report, { name: 'rootless-docker', version: '1.2.3' })) as Record<string, unknown>;
    assert.equal(json.schemaVersion, 1);
    assert.deepEqual(json.tool, { name: 'rootless-docker', version: '1.2.3' });
    assert.deepEqual(json.summary, report.summary);
    assert.deepEqual(json.checks, results);
  });

  it('html: a strict CSP with the nonce, no remote or inline code without it', () => {
    const html = renderDoctorHtml(report, { cspSource: 'vscode-webview://abc', nonce: 'N0NCE' });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src vscode-webview:\/\/abc 'nonce-N0NCE'; script-src 'nonce-N0NCE';">/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="N0NCE">']);
    assert.ok(!/ on[a-z]+=/i.test(html), 'no inline event handlers');
  });

  it('html: the fix sits next to each problem, commands with Copy and Paste buttons that carry only ids', () => {
    const html = renderDoctorHtml(report, { cspSource: 'x', nonce: 'n' });
    const subuid = html.slice(html.indexOf('id="check-subuid"'), html.indexOf('</section>', html.indexOf('id="check-subuid"')));
    assert.match(subuid, /<strong>Fix:<\/strong> Add one\./);
    assert.match(subuid, /<code>sudo usermod --add-subuids 100000-165535 alice<\/code>/);
    assert.match(subuid, /data-action="copy" data-check="subuid" data-index="0"/);
    assert.match(subuid, /data-action="terminal" data-check="subuid" data-index="0"/);
    assert.match(html, /<code>loginctl<\/code>/, 'backticks become code spans');
    assert.match(html, /<h1>1 problem to fix, 1 warning<\/h1>/);
    assert.ok(html.indexOf('check-subuid') < html.indexOf('check-linger') && html.indexOf('check-linger') < html.indexOf('check-kernel'));
  });

  it('html: host and daemon text is escaped; links only to https', () => {
    const hostile: DoctorReport = {
      ...report,
      user: { name: '<img src=x onerror=alert(1)>' },
      kernel: '"><script>alert(1)</script>',
      results: [
        {
          id: 'x"><b>',
          title: '<b>title</b>',
          status: 'fail',
          summary: 'name `<script>` & "quotes"',
          details: ['<iframe>'],
          fix: { text: '[click](command:workbench.action.terminal.new)', commands: ['echo "</code><script>"'], docs: 'javascript:alert(1)' },
        },
      ],
    };
    const html = renderDoctorHtml(hostile, { cspSource: 'x', nonce: 'n' });
    for (const bad of ['<img', '<script>alert', '<b>', '<iframe>', '</code><script>', 'javascript:', 'x"><b>']) {
      assert.ok(!html.includes(bad), `${bad} leaked`);
    }
    assert.ok(html.includes('<code>&#60;script&#62;</code>'));
    assert.ok(html.includes('[click](command:workbench.action.terminal.new)'), 'markdown-looking text stays text');
    assert.equal(escapeHtml(`<>&"'\``), '&#60;&#62;&#38;&#34;&#39;&#96;');
  });

  it('html: an all-clear headline when nothing fails or warns', () => {
    const ok: DoctorReport = { ...report, results: [results[0]], summary: { pass: 1, warn: 0, fail: 0, skip: 0 } };
    assert.match(renderDoctorHtml(ok, { cspSource: 'x', nonce: 'n' }), /<h1>Everything rootless Docker needs is in place<\/h1>/);
  });
});
