import * as assert from 'node:assert/strict';
import { daemonAtLeast, hostNetnsDetached, subidRange } from '../../../src/lint/facts';
import { GENERIC_HOST } from '../../../src/lint/types';

describe('facts: what host facts imply', () => {
  const v = (daemonVersion?: string) => ({ ...GENERIC_HOST, daemonVersion });

  it('compares daemon versions, unknown when unreadable', () => {
    assert.equal(daemonAtLeast(v('29.5.0'), 29, 5), true);
    assert.equal(daemonAtLeast(v('v30.0.1-rc.1'), 29, 5), true);
    assert.equal(daemonAtLeast(v(' 29.4.9 '), 29, 5), false);
    assert.equal(daemonAtLeast(v('29'), 29, 5), false);
    assert.equal(daemonAtLeast(v('28.9'), 26, 0), true);
    assert.equal(daemonAtLeast(v('dev'), 29, 5), undefined);
    assert.equal(daemonAtLeast(v(undefined), 29, 5), undefined);
    assert.equal(hostNetnsDetached(v('29.5.1')), true);
  });

  it('assumes a 65536-wide subordinate ID range unless the host says otherwise', () => {
    assert.equal(subidRange(GENERIC_HOST), 65536);
    assert.equal(subidRange({ ...GENERIC_HOST, subuidRange: 200000 }), 200000);
  });
});
