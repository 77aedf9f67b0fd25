import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

export interface FileFacts {
  sha256: string;
  sizeBytes: number;
  encoding: Encoding;
  /** A NUL byte: a binary file, not a CSV extract. */
  binary: boolean;
}

/** How many bytes at the end of buf start a UTF-8 sequence that continues in the next chunk. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * One streaming pass over the file: content hash (for idempotent re-ingest),
 * encoding (UTF-8 with or without BOM, else Windows-1252) and binary
 * detection. Memory stays at one chunk whatever the file size.
 */
export async function inspectFile(file: string, onBytes?: (bytes: number) => void): Promise<FileFacts> {
  const hash = createHash('sha256');
  let first = true;
  let bom = false;
  let utf8 = true;
  let binary = false;
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    onBytes?.(chunk.length);
    if (first) {
      bom = chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      first = false;
    }
    if (!binary && chunk.indexOf(0) !== -1) binary = true;
    if (utf8) {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const tail = incompleteTail(data);
      if (!isUtf8(data.subarray(0, data.length - tail))) utf8 = false;
      carry = Buffer.from(data.subarray(data.length - tail));
    }
  }
  if (carry.length) utf8 = false;
  return {
    sha256: hash.digest('hex'),
    sizeBytes: statSync(file).size,
    encoding: !utf8 ? 'windows-1252' : bom ? 'utf-8-bom' : 'utf-8',
    binary,
  };
}
