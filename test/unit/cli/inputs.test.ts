// Kinds, decoding and error phrasing of the CLI's inputs.
import * as assert from 'node:assert/strict';
import { decode, displayPath, encode, guessKind, ioReason, kindOfName } from '../../../src/cli/inputs';

describe('cli inputs', () => {
  it('knows compose files and Dockerfiles by name, not ignore files', () => {
    const names: [string, string | undefined][] = [
      ['compose.yaml', 'compose'],
      ['compose.yml', 'compose'],
      ['compose.override.yaml', 'compose'],
      ['docker-compose.yml', 'compose'],
      ['docker-compose.prod.yaml', 'compose'],
      ['Dockerfile', 'dockerfile'],
      ['Dockerfile.dev', 'dockerfile'],
      ['api.Dockerfile', 'dockerfile'],
      ['Dockerfile.dockerignore', undefined],
      ['values.yaml', undefined],
      ['README.md', undefined],
    ];
    for (const [name, kind] of names) assert.equal(kindOfName(name), kind, name);
  });

  it('guesses the kind from the first instruction', () => {
    assert.equal(guessKind('FROM alpine\n'), 'dockerfile');
    assert.equal(guessKind('\uFEFF# syntax=docker/dockerfile:1\n\n  arg V=1\nFROM x\n'), 'dockerfile');
    assert.equal(guessKind('services:\n  a: {}\n'), 'compose');
    assert.equal(guessKind('FROM: not a dockerfile\n'), 'compose');
    assert.equal(guessKind(''), 'compose');
  });

  it('decodes UTF-8, remembering a byte order mark and whether the bytes round-trip', () => {
    assert.deepEqual(decode(Buffer.from('\uFEFFa: 1\n')), { text: 'a: 1\n', bom: true, exact: true });
    assert.deepEqual(decode(Buffer.from('a: é\n')), { text: 'a: é\n', bom: false, exact: true });
    assert.equal(decode(Buffer.from([0x61, 0xe9, 0x0a])).exact, false);
    assert.deepEqual(encode('a', true), Buffer.from([0xef, 0xbb, 0xbf, 0x61]));
    assert.deepEqual(encode('a', false), Buffer.from('a'));
  });

  it('shows paths relative to the working directory when inside it', () => {
    assert.equal(displayPath('/w', '/w/a/compose.yaml'), 'a/compose.yaml');
    assert.equal(displayPath('/w', '/wx/compose.yaml'), '/wx/compose.yaml');
    assert.equal(displayPath('/w/sub', '/w/compose.yaml'), '/w/compose.yaml');
  });

  it('phrases read errors for people', () => {
    assert.equal(ioReason(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })), 'no such file or directory (ENOENT)');
    assert.equal(ioReason(Object.assign(new Error('EACCES'), { code: 'EACCES' })), 'permission denied (EACCES)');
    assert.equal(ioReason(Object.assign(new Error('odd failure\nstack'), { code: 'EODD' })), 'odd failure (EODD)');
    assert.equal(ioReason('plain'), 'plain');
  });
});
