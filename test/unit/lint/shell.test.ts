// src/lint/parse/shell.ts on Dockerfiles: the commands of RUN and HEALTHCHECK, read once per parse, with
// flags skipped as Docker skips them and here-documents read from the text.
import * as assert from 'node:assert/strict';
import { lint } from '../../../src/lint/engine';
import { parseDockerfile } from '../../../src/lint/parse/dockerfile';
import { dockerfileCommands } from '../../../src/lint/parse/shell';
import { LineIndex } from '../../../src/lint/text';

/** Each finding as `ruleId: the text it covers`. */
const found = (text: string) => lint(text, 'dockerfile').map((f) => `${f.ruleId}: ${text.slice(f.offset, f.offset + f.length)}`);
const crashed = (text: string) => lint(text, 'dockerfile').filter((f) => /could not check/.test(f.message));

function commands(text: string) {
  const dockerfile = parseDockerfile(text);
  return dockerfileCommands({ dockerfile, text, lines: new LineIndex(text) });
}

describe('Dockerfile commands', () => {
  describe('here-documents dockerfile-ast throws on', () => {
    // dockerfile-ast's Run.getHeredocs() throws "reading 'getRange'" on both; the rules gave up on the whole file.
    it("a name mixing quotes (<<'\"EOF'): the rest of the file is linted", () => {
      const text = 'FROM alpine\nUSER 70000\nRUN <<\'"EOF\'\nping -c1 x\nEOF\n';
      assert.deepEqual(crashed(text), []);
      // The delimiter is `"EOF`, so the body runs to the end of the file, as in Docker.
      assert.deepEqual(found(text), ['uid-outside-subuid-range: 70000', 'ping-restricted: ping']);
    });

    it('a body line holding only the escape character before a tab-indented terminator', () => {
      const text = 'FROM alpine\nUSER 70000\nRUN ping -c1 a\nRUN <<EOF bash\n\\\n\tEOF\n';
      assert.deepEqual(crashed(text), []);
      assert.deepEqual(found(text), ['uid-outside-subuid-range: 70000', 'ping-restricted: ping']);
      assert.deepEqual(crashed('FROM alpine\nRUN <<-EOF\n\\\n\tEOF\nRUN ping x\n'), []);
    });
  });

  it('reads several here-documents in order, <<- with tabs, CRLF line ends, and the instructions after them', () => {
    assert.deepEqual(found('FROM alpine\nRUN <<A <<B\nping a\nA\nuseradd -u 70000 b\nB\nRUN ping c\n'), [
      'ping-restricted: ping',
      'uid-outside-subuid-range: 70000',
      'ping-restricted: ping',
    ]);
    assert.deepEqual(found('FROM alpine\r\nRUN <<-EOF\r\n\tping a\r\n\tEOF\r\nRUN useradd -u 70000 x\r\n'), ['ping-restricted: ping', 'uid-outside-subuid-range: 70000']);
    // Not a script: a here-document fed to python, or a shebang naming another interpreter.
    assert.deepEqual(found('FROM alpine\nRUN <<EOF python3\nping = 1\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nping()\nEOF\n'), []);
  });

  it('skips flags as Docker does: quoted values with blanks, continuation lines, and `--` ending them', () => {
    assert.deepEqual(found('FROM alpine\nRUN --mount=type=secret,id="a b" ping x\n'), ['ping-restricted: ping']);
    assert.deepEqual(found('FROM alpine\nRUN -- ping x\n'), ['ping-restricted: ping']);
    assert.deepEqual(found('FROM alpine\nRUN --network=host \\\n  # comment\n\n  ping x\n'), ['build-network-host: --network=host', 'ping-restricted: ping']);
    assert.deepEqual(found('FROM alpine\nHEALTHCHECK --interval=5s \\\n  CMD ping x\n'), ['ping-restricted: ping']);
    assert.deepEqual(found('FROM alpine\nHEALTHCHECK --interval=5s NONE\nRUN --network=none ["ping", "-c1", "x"]\n'), ['ping-restricted: ping']);
  });

  it('does not take command names for the names of built-in object properties', () => {
    // `toString` once found Object.prototype.toString in the account-tool table and crashed the rule.
    const text = 'FROM alpine\nRUN toString -x 5 && constructor -u 1 && __proto__ -g 2 && hasOwnProperty -u 70000\n';
    assert.deepEqual(crashed(text), []);
    assert.deepEqual(found(text), []);
  });

  it('splits each instruction once per parse and shares the result', () => {
    const text = 'FROM alpine\nRUN ping a && useradd -u 70000 b\nHEALTHCHECK CMD ping c\nONBUILD RUN ping d\nRUN\n';
    const dockerfile = parseDockerfile(text);
    const src = { dockerfile, text, lines: new LineIndex(text) };
    const first = dockerfileCommands(src);
    assert.equal(dockerfileCommands(src), first);
    assert.deepEqual(
      first.map((c) => `${c.keyword} ${c.commands.map((cmd) => cmd.name.text).join(',')}`),
      ['RUN ping,useradd', 'RUN ping', 'HEALTHCHECK ping'],
    );
    assert.deepEqual(commands('FROM alpine\n'), []);
  });
});
