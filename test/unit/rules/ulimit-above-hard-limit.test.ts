import * as assert from 'node:assert/strict';
import { lint } from '../../../src/lint/engine';
import { ulimitAboveHardLimit } from '../../../src/lint/rules/compose/ulimit-above-hard-limit';
import { applyEdits } from '../../../src/lint/text';
import { GENERIC_HOST } from '../../../src/lint/types';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is `ulimits:`, line 5 its first entry.
ruleTester(ulimitAboveHardLimit, 'compose', {
  valid: [
    { code: service('ulimits:', '  nproc: 65535'), name: 'nproc: no hard limit is assumed' },
    { code: service('ulimits:', '  nofile:', '    soft: 20000', '    hard: 40000'), name: 'nofile within the usual hard limit' },
    { code: service('ulimits:', '  nofile: 524288'), name: 'exactly the assumed hard limit' },
    { code: service('ulimits:', '  memlock: 8388608'), name: 'memlock at the kernel default' },
    { code: service('ulimits:', '  core: -1', '  stack: -1', '  fsize: -1'), name: 'limits whose hard limit is unlimited by default' },
    { code: service('ulimits:', '  rtprio: 0', '  nice: 0'), name: 'zero real-time priority' },
    { code: service('ulimits: !reset null'), name: 'reset' },
    { code: service('ulimits:', '  memlock: !reset null', '  nofile: 1024'), name: 'reset entry' },
    { code: service('ulimits:', '  nofile: "${NOFILE:-65536}"'), name: 'interpolated default' },
    { code: service('ulimits:', '  nofile: "${NOFILE}"'), env: { NOFILE: '4096' }, name: 'from the environment' },
    { code: service('ulimits:', '  nofile:', '    soft: -1'), name: 'no hard value' },
    { code: service('ulimits:', '  memlocked: -1'), name: 'not a limit name' },
    { code: service('environment:', '  memlock: "-1"'), name: 'an environment variable of that name' },
    { code: 'x-u: &u\n  ulimits:\n    memlock: -1\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: service('sysctls:', '  fs.nr_open: 1048576'), name: 'a sysctl, not a ulimit' },
  ],
  invalid: [
    {
      name: 'memlock -1: removal offered, not preferred',
      code: service('ulimits:', '  memlock: -1', '  nofile: 65536'),
      errors: [{ line: 5, column: 16, endLine: 5, endColumn: 18, severity: 'warning', message: 'ulimits.memlock: -1 of service "web" asks for an unlimited hard memlock limit. A rootless daemon cannot raise a hard limit above its own' }],
      output: null,
    },
    {
      name: 'memlock soft and hard unlimited: reported on hard',
      code: service('ulimits:', '  memlock:', '    soft: -1', '    hard: -1'),
      errors: [{ line: 7, column: 15, endLine: 7, endColumn: 17, message: 'error setting rlimit type 8: operation not permitted' }],
      output: null,
    },
    {
      name: 'memlock above 8 MiB, with the Elasticsearch hint',
      code: service('ulimits:', '  memlock: 16777216'),
      errors: [{ line: 5, column: 16, endLine: 5, endColumn: 24, message: /above the 8388608 bytes \(8 MiB\) a user session usually has.*bootstrap\.memory_lock=false/ }],
      output: null,
    },
    {
      name: 'nofile above the systemd default',
      code: service('ulimits:', '  nofile: 1048576'),
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 22, message: 'unless "ulimit -Hn" shows at least 1048576 for that user, the container fails to start with "error setting rlimit type 7' }],
      output: null,
    },
    {
      name: 'nofile hard above, flow map',
      code: service('ulimits:', '  nofile: {soft: 65536, hard: 1048576}'),
      errors: [{ line: 5, column: 35, endLine: 5, endColumn: 42, message: 'ulimits.nofile.hard: 1048576' }],
      output: null,
    },
    {
      name: 'nproc unlimited, quoted',
      code: service('ulimits:', '  nproc: "-1"'),
      errors: [{ line: 5, column: 14, endLine: 5, endColumn: 18, message: 'rlimit type 6' }],
      output: null,
    },
    {
      name: 'real-time priority',
      code: service('ulimits:', '  rtprio: 99'),
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 17, message: 'above the 0 a user session usually has' }],
      output: null,
    },
    {
      name: 'interpolated default',
      code: service('ulimits:', '  memlock: ${MEMLOCK:--1}'),
      errors: [{ line: 5, column: 16, endLine: 5, endColumn: 30, message: 'ulimits.memlock: -1' }],
      output: null,
    },
    {
      name: 'through a merge key',
      code: 'x-es: &es\n  ulimits:\n    memlock: -1\nservices:\n  es:\n    <<: *es\n    image: elasticsearch:8.15.0\n',
      errors: [{ line: 3, column: 14, endLine: 3, endColumn: 16, message: 'service "es"' }],
      output: null,
    },
  ],
});

describe('ulimit-above-hard-limit removal fixes (offered, not preferred)', () => {
  const fixed = (code: string) => {
    const found = lint(code, 'compose', { facts: GENERIC_HOST, rules: [ulimitAboveHardLimit] });
    assert.equal(found.length, 1);
    const [fix] = found[0].fixes;
    return fix && { title: fix.title, preferred: fix.preferred ?? false, text: applyEdits(code, fix.edits) };
  };
  it('removes one entry of several', () => {
    assert.deepEqual(fixed(service('ulimits:', '  memlock: -1  # for ES', '  nofile: 65536')), {
      title: 'Remove the memlock ulimit',
      preferred: false,
      text: service('ulimits:', '  nofile: 65536'),
    });
  });
  it('removes a multi-line entry', () => {
    assert.equal(fixed(service('ulimits:', '  nofile: 1024', '  memlock:', '    soft: -1', '    hard: -1 # x', 'init: true'))?.text, service('ulimits:', '  nofile: 1024', 'init: true'));
  });
  it('removes ulimits when the entry is its only one', () => {
    assert.deepEqual(fixed(service('ulimits:', '  memlock:', '    soft: -1', '    hard: -1', 'init: true')), {
      title: 'Remove ulimits',
      preferred: false,
      text: service('init: true'),
    });
  });
  it('offers nothing inside a flow map', () => {
    assert.equal(fixed(service('ulimits: {memlock: -1, nofile: 1024}')), undefined);
  });
  it('offers nothing when the value holds an anchor used elsewhere', () => {
    assert.equal(fixed(service('ulimits:', '  memlock: &unlimited -1', '  nofile: 1024', 'labels:', '  memlock: *unlimited')), undefined);
  });
});
