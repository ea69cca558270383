// Property-based test of the linter (fast-check); the inputs, seed and count are in cases.ts, the properties in check.ts.
import { composeMutated as suite } from './cases';
import { fuzz, summary } from './harness';

describe('fuzz: ' + suite.name, function () {
  this.timeout(0);
  it(`${suite.runs} inputs, seed ${suite.seed}: lint never throws, findings and fixes stay in bounds, fixes are idempotent`, () => {
    console.log(`      ${summary(suite.name, fuzz(suite.arb, suite.seed, suite.runs))}`);
  });
});
