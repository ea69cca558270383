// Binary and non-UTF-8 input, decoded the way the CLI decodes files: through the engine (in a child
// process) and through the CLI's main() in memory. Binary files are refused with a clear finding; text
// with a few bad bytes is linted; nothing is ever written back that a fix did not touch.
import * as assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import { memoryIo } from '../cli/memoryIo';
import { lintOk } from './isolated';

/** Deterministic pseudo-random bytes (xorshift32), so every run sees the same "binary file". */
function randomBytes(n: number, seed = 0x2545f491): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const latin1Compose = Buffer.from('# Café, façade — Ürün\nservices:\n  web:\n    image: busybox # née\n    ports: ["80:80"]\n', 'latin1');
const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('services:\n  web:\n    ports: ["80:80"]\n', 'utf16le')]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(4096, 7)]);
const b64 = (b: Buffer) => b.toString('base64');

describe('hostile bytes', function () {
  this.timeout(60_000);

  it('binary, UTF-16 and random bytes are refused as not text; a few bad bytes are linted', () => {
    const [random, utf16r, pngr, dockerRandom, latin1, controls] = lintOk([
      { kind: 'compose', base64: b64(randomBytes(64 * 1024)) },
      { kind: 'compose', base64: b64(utf16) },
      { kind: 'compose', base64: b64(png) },
      { kind: 'dockerfile', base64: b64(Buffer.concat([Buffer.from('FROM alpine\n'), randomBytes(8192, 3)])) },
      { kind: 'compose', base64: b64(latin1Compose) },
      { kind: 'compose', base64: b64(Buffer.from('services:\n  web:\n    image: "\x01\x02\x1b[31m\x7f"\n    ports: ["80:80"]\n')) },
    ]);
    for (const r of [random, utf16r, pngr, dockerRandom]) {
      assert.deepEqual(Object.keys(r.byRule), ['not-linted'], JSON.stringify(r.first));
      assert.match(r.first[0].message, /looks binary and is not linted/);
    }
    assert.equal(latin1.byRule['privileged-port'], 1, 'a Latin-1 file with a few bad bytes is still linted');
    assert.equal(controls.byRule['privileged-port'], 1);
  });

  it('lone surrogates, BOMs and odd line breaks in text', () => {
    const results = lintOk([
      { kind: 'compose', text: '\ufeffservices:\n  web:\n    image: "\ud800\udc00\ud800"\n    command: "\udfff"\n    ports: ["80:80"]\n' },
      { kind: 'compose', text: 'services:\u2028  web:\u0085    ports: ["80:80"]\n' },
      { kind: 'compose', text: '\ufeff\ufeffservices:\r\r\n  web:\r    ports: ["80:80"]\r\n' },
      { kind: 'dockerfile', text: '\ufeffFROM alpine\r\nRUN echo \ud800 && ping -c1 x\r' },
    ]);
    assert.equal(results[0].byRule['privileged-port'], 1);
    assert.equal(results[3].byRule['ping-restricted'], 1);
  });

  it('the CLI reports binary input and non-UTF-8 files clearly, and never rewrites them', async () => {
    const io = memoryIo({ 'bin/compose.yaml': randomBytes(16 * 1024), 'latin/compose.yaml': latin1Compose, 'big/compose.yaml': 'services: {}\n' }, { sizes: { 'big/compose.yaml': 10 * 1024 * 1024 } });
    const code = await main(['lint', '--fix', '--format', 'json', 'bin', 'latin', 'big'], io);
    const out = JSON.parse(io.out) as { files: { path: string; findings: { ruleId: string; message: string }[] }[] };
    const byPath = Object.fromEntries(out.files.map((f) => [f.path, f.findings]));
    assert.match(byPath['bin/compose.yaml'][0].message, /looks binary and is not linted/);
    assert.match(byPath['big/compose.yaml'][0].message, /^File is 10\.0 MB; files over 4\.0 MB are not linted\.$/);
    assert.ok(byPath['latin/compose.yaml'].some((f) => f.ruleId === 'privileged-port'));
    assert.match(io.err, /not fixing latin\/compose\.yaml: it is not valid UTF-8/);
    assert.deepEqual([...io.written.keys()], [], 'nothing written back');
    assert.ok(!io.reads.some((f) => f.endsWith('big/compose.yaml')), 'the oversized file is not read');
    assert.equal(code, 1, 'the Latin-1 file still has its error-level finding');
  });

  it('the CLI survives random bytes on standard input', async () => {
    for (const kind of ['compose', 'dockerfile']) {
      const io = memoryIo({}, { stdin: randomBytes(256 * 1024, 11) });
      assert.equal(await main(['lint', '--kind', kind, '--format', 'json', '-'], io), 0);
      assert.match(io.out, /looks binary and is not linted/);
    }
  });
});
