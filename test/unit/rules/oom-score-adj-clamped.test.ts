import { oomScoreAdjClamped } from '../../../src/lint/rules/compose/oom-score-adj-clamped';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service.
ruleTester(oomScoreAdjClamped, 'compose', {
  valid: [
    { code: service('oom_score_adj: 0') },
    { code: service('oom_score_adj: 500'), name: 'more killable is always allowed' },
    { code: service('oom_score_adj: "100"'), name: 'string' },
    { code: service('oom_score_adj: -0'), name: 'negative zero' },
    { code: service('oom_score_adj: ${OOM_ADJ:-0}'), name: 'interpolated default 0' },
    { code: service('oom_score_adj: "${OOM_ADJ}"'), name: 'unset variable' },
    { code: service('oom_score_adj: !reset null'), name: 'reset' },
    { code: service('oom_kill_disable: true'), name: 'another OOM option' },
    { code: service('environment:', '  oom_score_adj: "-500"'), name: 'an environment variable of that name' },
    { code: 'x-c: &c\n  oom_score_adj: -500\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: service('oom_score_adj: -500x'), name: 'not a number' },
  ],
  invalid: [
    {
      code: service('oom_score_adj: -500'),
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 24, severity: 'info', message: 'oom_score_adj: -500 of service "web" asks to protect the container from the OOM killer' }],
      output: null,
    },
    {
      name: 'quoted minimum',
      code: service('oom_score_adj: "-1000"', 'init: true'),
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 27, message: 'raises the value to the daemon\'s' }],
      output: null,
    },
    {
      name: 'interpolated default',
      code: service('oom_score_adj: ${OOM_ADJ:--200}'),
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 36, message: 'oom_score_adj: -200' }],
      output: null,
    },
    {
      name: 'from the environment',
      code: service('oom_score_adj: $OOM_ADJ'),
      env: { OOM_ADJ: '-1' },
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 28, message: 'oom_score_adj: -1 ' }],
      output: null,
    },
    {
      name: 'through a merge key',
      code: 'x-c: &c\n  oom_score_adj: -900\nservices:\n  db:\n    <<: *c\n    image: postgres\n',
      errors: [{ line: 2, column: 18, endLine: 2, endColumn: 22, message: 'service "db"' }],
      output: null,
    },
  ],
});
