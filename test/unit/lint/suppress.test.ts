import * as assert from 'node:assert/strict';
import { lint } from '../../../src/lint/engine';
import { suppressionFix } from '../../../src/lint/suppress';
import { applyEdits, LineIndex } from '../../../src/lint/text';

const ids = (text: string) => lint(text, 'compose').map((f) => `${f.start.line + 1}:${f.ruleId}`);

describe('suppression comments', () => {
  const ports = (comment: string, port = '"80:80"') => `services:\n  web:\n    ports:\n${comment}      - ${port}\n`;

  it('disable-next-line silences the named rule on the next line only', () => {
    assert.deepEqual(ids(ports('')), ['4:privileged-port']);
    assert.deepEqual(ids(ports('      # rootless-docker-disable-next-line privileged-port\n')), []);
    assert.deepEqual(ids(ports('      # rootless-docker-disable-next-line host-network\n')), ['5:privileged-port']);
    assert.deepEqual(ids(ports('      # rootless-docker-disable-next-line\n')), [], 'no ids silences every rule');
    assert.deepEqual(ids(ports('      # rootless-docker-disable-next-line host-network, privileged-port\n')), []);
    assert.deepEqual(ids(`services:\n  web:\n    # rootless-docker-disable-next-line privileged-port\n\n    ports: ["80:80"]\n`), ['5:privileged-port'], 'a blank line breaks it');
  });

  it('disable-line silences findings that start on the same line', () => {
    assert.deepEqual(ids(ports('', '"80:80" # rootless-docker-disable-line privileged-port')), []);
    assert.deepEqual(ids(ports('', '"80:80" # rootless-docker-disable-line other-rule')), ['4:privileged-port']);
  });

  it('a marker inside a quoted string is text, but the next line is still silenced only by a comment', () => {
    assert.deepEqual(ids('services:\n  web:\n    labels: ["x#rootless-docker-disable-next-line"]\n    ports: ["80:80"]\n'), ['4:privileged-port']);
  });

  it('the suppression fix inserts an indented comment that silences the finding', () => {
    const text = ports('');
    const [finding] = lint(text, 'compose');
    const fixed = applyEdits(text, suppressionFix(finding, new LineIndex(text)).edits);
    assert.equal(fixed, ports('      # rootless-docker-disable-next-line privileged-port\n'));
    assert.deepEqual(ids(fixed), []);
  });

  it('the suppression fix extends an existing comment and keeps CRLF', () => {
    const text = 'services:\r\n  web:\r\n    # rootless-docker-disable-next-line host-network \r\n    ports: ["80:80"]\r\n';
    const [finding] = lint(text, 'compose');
    const fix = suppressionFix(finding, new LineIndex(text), '\r\n');
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, 'services:\r\n  web:\r\n    # rootless-docker-disable-next-line host-network, privileged-port \r\n    ports: ["80:80"]\r\n');
    assert.deepEqual(ids(fixed), []);
  });
});
