// Hostile Dockerfiles, generated at test time: 10,000-deep shell nesting, 10,000-line continuations and
// here-documents, a 10 MB file, huge lines, unbalanced quotes. Each is linted in a child process and must
// finish within a generous CPU guard; files the engine refuses get a clear not-linted finding.
import * as assert from 'node:assert/strict';
import { lintOk } from './isolated';

const dockerfile = (text: string, repeat?: number) => ({ kind: 'dockerfile' as const, text: `FROM alpine\n${text}`, repeat });

describe('hostile Dockerfiles', function () {
  this.timeout(120_000);

  it('10,000-deep nesting of shell constructs, 5 times in a row', () => {
    const n = 10_000;
    const results = lintOk([
      dockerfile(`RUN ${'sh -c "'.repeat(n / 2)}ping x${'"'.repeat(n / 2)}\n`, 5),
      dockerfile(`RUN echo ${'$('.repeat(n)}ping x${')'.repeat(n)}\n`, 5),
      dockerfile(`RUN ${'('.repeat(n)}ping x${')'.repeat(n)}\n`, 5),
      dockerfile(`RUN ${'{ '.repeat(n)}ping x;${' }'.repeat(n)}\n`, 5),
      dockerfile(`RUN ${'if true; then '.repeat(n / 2)}ping x; ${'fi; '.repeat(n / 2)}\n`, 5),
      dockerfile(`RUN ${'['.repeat(n)}${']'.repeat(n)}\n`, 5),
      dockerfile(`RUN ${'`'.repeat(n)}\n`, 5),
    ]);
    // Nested `sh -c` is followed a few levels only; the rest still sees the ping it can reach.
    for (const i of [1, 2, 3, 4]) assert.equal(results[i].byRule['ping-restricted'], 1, `case ${i}`);
  });

  it('10,000 continuation lines, here-document lines and instructions', () => {
    const results = lintOk([
      dockerfile(`RUN ping \\\n${'  -c1 \\\n'.repeat(10_000)}  x\n`),
      dockerfile(`# escape=\`\nRUN ping \`\n${'  -c1 `\n'.repeat(10_000)}  x\n`),
      dockerfile(`RUN <<EOF\n${'ping -c1 x\n'.repeat(10_000)}EOF\n`),
      dockerfile(`RUN <<EOF\n${'ping -c1 x\n'.repeat(10_000)}`),
      dockerfile('RUN useradd -u 100000 app && ping -c1 x\n'.repeat(10_000)),
      dockerfile(`RUN ${'<<A'.repeat(2_000)}\n${'A\n'.repeat(2_000)}`),
    ]);
    assert.equal(results[0].byRule['ping-restricted'], 1);
    assert.equal(results[4].byRule['uid-outside-subuid-range'], 10_000);
  });

  it('a 10 MB Dockerfile is refused with its size', () => {
    const [r] = lintOk([dockerfile('RUN echo hello world && ping -c1 localhost\n'.repeat(250_000))]);
    assert.deepEqual(r.byRule, { 'not-linted': 1 });
    assert.match(r.first[0].message, /^File is 10\.\d MB; files over 4\.0 MB are not linted\.$/);
  });

  it('huge lines, unbalanced quotes and odd parser directives', () => {
    lintOk([
      dockerfile(`RUN ${'ping '.repeat(200_000)}\n`),
      dockerfile(`RUN ${'"\''.repeat(50_000)}\n`),
      dockerfile(`RUN echo "${'\\'.repeat(100_000)}\n`),
      dockerfile(`USER ${'9'.repeat(100_000)}:${'9'.repeat(100_000)}\n`),
      { kind: 'dockerfile' as const, text: `${'# escape=`\n'.repeat(10_000)}FROM alpine\nRUN ping x\n` },
      { kind: 'dockerfile' as const, text: `# ${'x'.repeat(1 << 20)}=1\nFROM alpine\n` },
      dockerfile(`HEALTHCHECK ${'--interval=1s '.repeat(20_000)}CMD ping x\n`),
    ]);
  });

  // dockerfile-ast is quadratic in the flags of one instruction (80,000 take over a minute), so the engine
  // refuses an instruction with more than 1,000 flags before parsing.
  it('an instruction with 80,000 flags (1.2 MB) is refused within the guard, saying why', () => {
    const [r] = lintOk([dockerfile(`RUN ${'--network=host '.repeat(80_000)}ping x\n`)], 30_000);
    assert.deepEqual(r.byRule, { 'not-linted': 1 });
    assert.equal(r.first[0].message, 'File is not linted: the RUN instruction on line 2 has more than 1,000 flags, too many to parse safely.');
  });
});
