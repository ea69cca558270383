// journalctl --output=json lines → readable lines; "no logs" told apart from success.
import * as assert from 'node:assert/strict';
import { cleanMessage, formatEntry, formatTime, noLogs, parseJournalLine, readJournal } from '../../../src/service/journal';
import { ran } from './results';

// Trimmed from a real entry of the systemd test bed.
const DOCKERD = JSON.stringify({
  __REALTIME_TIMESTAMP: '1795381640072013',
  PRIORITY: '6',
  SYSLOG_IDENTIFIER: 'dockerd-rootless.sh',
  _PID: '305',
  _COMM: 'dockerd-rootles',
  MESSAGE: 'time="2026-11-22T21:07:20Z" level=warning msg="Running in rootless mode."',
});

describe('service: journal', () => {
  it('parses an entry: time (µs → ms), priority, identifier, pid, message', () => {
    const e = parseJournalLine(DOCKERD);
    assert.deepEqual(e, {
      time: 1795381640072,
      priority: 6,
      identifier: 'dockerd-rootless.sh',
      pid: 305,
      message: 'time="2026-11-22T21:07:20Z" level=warning msg="Running in rootless mode."',
    });
  });

  it('binary fields arrive as byte arrays; invalid UTF-8 becomes U+FFFD', () => {
    const e = parseJournalLine(JSON.stringify({ MESSAGE: [104, 105, 0xff, 33], _COMM: 'x' }));
    assert.equal(e?.message, 'hi\ufffd!');
  });

  it('a field too large to export is null: said so, not "null"', () => {
    assert.equal(parseJournalLine(JSON.stringify({ MESSAGE: null }))?.message, '[message too large to show]');
  });

  it('a field set several times (array of values) uses the first', () => {
    assert.equal(parseJournalLine(JSON.stringify({ MESSAGE: ['first', 'second'] }))?.message, 'first');
  });

  it('not JSON, or not an object: no entry', () => {
    for (const line of ['-- No entries --', '[1,2]', 'null', '"x"', '{broken']) assert.equal(parseJournalLine(line), undefined, line);
  });

  it('missing fields stay missing; odd values are ignored', () => {
    const e = parseJournalLine(JSON.stringify({ MESSAGE: 'm', PRIORITY: '9', _PID: 'abc', __REALTIME_TIMESTAMP: 'soon' }));
    assert.deepEqual(e, { message: 'm' });
  });

  it('messages lose terminal escapes and control characters; newlines are marked; length capped', () => {
    assert.equal(cleanMessage('\x1b[104m\x1b[97m[INFO]\x1b[49m\x1b[39m ok\x07'), '[INFO] ok');
    assert.equal(cleanMessage('a\nb\tc'), 'a ⏎ b\tc');
    assert.match(cleanMessage('x'.repeat(9000)), /… \[808 more characters\]$/);
  });

  it('formats TIME IDENT[PID]: MESSAGE, with <warning>/<err> for systemd priorities 4 and worse', () => {
    const t = Date.UTC(2026, 10, 22, 21, 7, 6, 123);
    assert.equal(formatEntry({ time: t, identifier: 'systemd', pid: 111, priority: 4, message: "docker.service: Failed with result 'exit-code'." }), `${formatTime(t)} systemd[111]: <warning> docker.service: Failed with result 'exit-code'.`);
    assert.equal(formatEntry({ priority: 6, message: 'plain' }), '- ?: plain');
    assert.match(formatTime(t), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.123$/);
  });

  it('"No journal files were found." (rc 0, measured) is no logs, not success', () => {
    const r = readJournal(ran({ tool: 'journalctl', stderr: 'No journal files were found.\n', stdout: '-- No entries --\n' }));
    assert.equal(r.entries.length, 0);
    assert.equal(r.none?.reason, 'no-journal-files');
    assert.equal(r.error, undefined);
  });

  it('JSON output with no entries is empty (measured): "no entries yet"', () => {
    assert.equal(readJournal(ran({ tool: 'journalctl' })).none?.reason, 'no-entries');
    assert.equal(noLogs('-- No entries --')?.reason, 'no-entries');
  });

  it('lines are read, and junk between them is skipped', () => {
    const r = readJournal(ran({ tool: 'journalctl', stdout: `${DOCKERD}\nnot json\n${DOCKERD}\n` }));
    assert.equal(r.entries.length, 2);
    assert.equal(r.none, undefined);
  });

  it('a failed journalctl is an error; a timeout keeps what was read', () => {
    assert.match(readJournal(ran({ tool: 'journalctl', code: 1, stderr: 'Failed to open journal\n' })).error ?? '', /Failed to open journal/);
    const r = readJournal(ran({ tool: 'journalctl', code: null, failure: 'timeout', failureMessage: 'journalctl did not finish', stdout: `${DOCKERD}\n` }));
    assert.equal(r.entries.length, 1);
    assert.equal(r.error, 'journalctl did not finish');
  });

  it('no access to other users\' entries is said so', () => {
    assert.equal(noLogs('Hint: You are currently not seeing messages from other users and the system.')?.reason, 'no-access');
  });
});
