import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/**
 * DuckDB reads UTF-8 (and Latin-1, which differs from Windows-1252 in the
 * 0x80-0x9F range: curly apostrophes, the euro sign). Regional systems export
 * Windows-1252, so such a file is transcoded in a stream to a temporary UTF-8
 * copy first. Line breaks are untouched, so line numbers stay those of the original.
 */
export async function transcodeToUtf8(from: string, to: string): Promise<void> {
  const decoder = new TextDecoder('windows-1252');
  const transcode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), transcode, createWriteStream(to, { mode: 0o600 }));
}
