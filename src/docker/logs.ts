// Container output as text: the Engine API multiplexes stdout and stderr into frames (8-byte header: stream,
// three zero bytes, big-endian length) unless the container has a TTY, in which case the bytes are raw.
import { StringDecoder } from 'node:string_decoder';

export type OutputStream = 'stdout' | 'stderr';

/** Turns frames into text per stream; handles frames split across chunks and UTF-8 split across frames. */
export class Demuxer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  constructor(private readonly onText: (text: string, stream: OutputStream) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const kind = this.pending[0];
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const payload = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      const stream: OutputStream = kind === 2 ? 'stderr' : 'stdout';
      const text = this.decoders[stream].write(payload);
      if (text) this.onText(text, stream);
    }
  }
}

/** Bare line feeds become CR LF, as a terminal needs. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
