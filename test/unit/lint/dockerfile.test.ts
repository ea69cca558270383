// src/lint/parse/dockerfile.ts: the refusal of instructions with too many flags (checked before parsing),
// logical lines, and the per-parse lists the rules share.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint } from '../../../src/lint/engine';
import { allInstructions, instructionsNamed, logicalLine, MAX_FLAGS, parseDockerfile, refuseDockerfile } from '../../../src/lint/parse/dockerfile';
import type { Script } from '../../../src/lint/text';
import { lintOk } from '../hostile/isolated';

const byRule = (text: string) => {
  const out: Record<string, number> = {};
  for (const f of lint(text, 'dockerfile')) out[f.ruleId] = (out[f.ruleId] ?? 0) + 1;
  return out;
};
const flags = (n: number, flag = '--a') => `${flag} `.repeat(n);

describe('Dockerfile: instructions with too many flags', function () {
  this.timeout(60_000);

  it('refuses a 100,000-flag RUN line promptly, with a not-linted finding naming the line', () => {
    // In a child process with a CPU guard (isolated.ts): dockerfile-ast alone would take minutes on it.
    const [r] = lintOk([{ kind: 'dockerfile', text: `FROM alpine\nRUN ${flags(100_000)}ping x\n` }]);
    assert.deepEqual(r.byRule, { 'not-linted': 1 });
    assert.equal(r.first[0].message, 'File is not linted: the RUN instruction on line 2 has more than 1,000 flags, too many to parse safely.');
    assert.equal(r.first[0].severity, 'info');
  });

  it('lints an instruction with exactly the limit, refuses one more', () => {
    assert.equal(MAX_FLAGS, 1000);
    assert.deepEqual(byRule(`FROM alpine\nRUN ${flags(1000, '--network=host')}ping x\n`), { 'build-network-host': 1000, 'ping-restricted': 1 });
    assert.deepEqual(byRule(`FROM alpine\nRUN ${flags(1001, '--network=host')}ping x\n`), { 'not-linted': 1 });
  });

  it('counts flags as dockerfile-ast finds them: COPY, ADD, FROM, HEALTHCHECK before CMD, ONBUILD triggers', () => {
    for (const [text, line, keyword] of [
      [`COPY ${flags(1001, '--chown=1:1')}a b`, 2, 'COPY'],
      [`ADD ${flags(1001)}a b`, 2, 'ADD'],
      [`FROM ${flags(1001, '--platform=x')}alpine`, 2, 'FROM'],
      [`HEALTHCHECK x ${flags(1001, '--interval=1s')}CMD true`, 2, 'HEALTHCHECK'],
      [`# comment\nONBUILD RUN ${flags(1001)}true`, 3, 'RUN'],
    ] as const) {
      assert.equal(
        refuseDockerfile(`FROM alpine\n${text}\n`),
        `File is not linted: the ${keyword} instruction on line ${line} has more than 1,000 flags, too many to parse safely.`,
        text.slice(0, 30),
      );
    }
  });

  it('follows continuation lines, with blank and comment lines between them, and the escape directive', () => {
    const continued = (escape: string) => `RUN ${`--a ${escape}\n\n  # note\n`.repeat(1001)}  true\n`;
    assert.match(refuseDockerfile(`FROM alpine\n${continued('\\')}`) ?? '', /RUN instruction on line 2 /);
    assert.match(refuseDockerfile(`# escape=\`\nFROM alpine\n${continued('`')}`) ?? '', /RUN instruction on line 3 /);
    assert.match(refuseDockerfile(`FROM alpine\r\nUSER app\r${continued('\\').replace(/\n/g, '\r\n')}`) ?? '', /RUN instruction on line 3 /);
  });

  it('leaves alone `--` words that are not flags, and many flags spread over instructions', () => {
    assert.equal(refuseDockerfile(`FROM alpine\nRUN echo ${flags(5000)}\nCMD ${flags(5000)}\n`), undefined);
    assert.equal(refuseDockerfile(`FROM alpine\n${`RUN ${flags(500)}true\n`.repeat(10)}`), undefined);
    assert.equal(refuseDockerfile(`FROM alpine\nHEALTHCHECK CMD ${flags(5000)}\n`), undefined);
    assert.deepEqual(byRule(`FROM alpine\nRUN ping x ${flags(5000)}\n`), { 'ping-restricted': 1 });
  });
});

/** The logical line as a plain character-by-character reading (the definition logicalLine must keep). */
function referenceLine(text: string, from: number, escape: string): Script {
  const parts: string[] = [];
  const map: number[] = [];
  const n = text.length;
  const after = (i: number) => (text.indexOf('\n', i) < 0 ? n : text.indexOf('\n', i) + 1);
  let i = from;
  while (i < n) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) break;
    if (c === escape) {
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      if (j >= n) break;
      if (text[j] === '\n' || (text[j] === '\r' && text[j + 1] === '\n')) {
        i = after(j);
        for (;;) {
          let k = i;
          while (k < n && (text[k] === ' ' || text[k] === '\t')) k++;
          if (k < n && (text[k] === '#' || text[k] === '\n' || text[k] === '\r')) i = after(k);
          else break;
        }
        continue;
      }
    }
    parts.push(c);
    map.push(i);
    i++;
  }
  return { text: parts.join(''), at: (k) => map[k] };
}

describe('Dockerfile: logical lines', () => {
  it('joins continuation lines and maps every character back to the source', () => {
    const text = 'RUN a \\\n  # c\n\n  b\\\r\n c\nRUN d';
    const line = logicalLine(text, 3, '\\');
    assert.equal(line.text, ' a   b c');
    assert.equal(text[line.at(5)!], 'b');
    assert.equal(text[line.at(7)!], 'c');
    assert.equal(line.at(8), undefined);
    assert.equal(text.slice(line.end, line.end + 5), '\nRUN ');
  });

  it('agrees with a character-by-character reading on any text', () => {
    const char = fc.constantFrom('a', 'b', ' ', '\t', '\\', '`', '\n', '\r\n', '\r', '#');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 60 }), fc.nat(60), fc.constantFrom('\\', '`'), (chars, at, escape) => {
        const text = chars.join('');
        const from = Math.min(at, text.length);
        const got = logicalLine(text, from, escape);
        const want = referenceLine(text, from, escape);
        assert.equal(got.text, want.text);
        for (let k = -1; k <= want.text.length; k++) assert.equal(got.at(k), want.at(k), `at(${k})`);
      }),
      { numRuns: 3000, seed: 0x10c1 },
    );
  });
});

describe('Dockerfile: instructions shared by the rules', () => {
  it('lists ONBUILD triggers as the same objects on every call, and instructions by keyword', () => {
    const d = parseDockerfile('FROM alpine\nONBUILD RUN ping x\nRUN true\nrun false\n');
    const all = allInstructions(d);
    assert.deepEqual(all.map((i) => i.getKeyword()), ['FROM', 'ONBUILD', 'RUN', 'RUN', 'RUN']);
    assert.equal(allInstructions(d)[2], all[2]);
    assert.deepEqual(instructionsNamed(d, 'RUN'), [all[2], all[3], all[4]]);
    assert.deepEqual(instructionsNamed(d, 'USER'), []);
  });
});
