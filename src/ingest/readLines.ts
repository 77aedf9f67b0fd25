import { createReadStream } from 'node:fs';

/** How a line ended: LF, CRLF, a lone CR (old Mac files), or not at all (the file's last line). */
export type LineEnd = '\n' | '\r\n' | '\r' | '';

/**
 * Calls `line` for every physical line of a file, numbered as a text editor shows
 * them (the first is 1), without its line end. A UTF-8 byte order mark is dropped.
 * A line longer than `maxBytes` is not kept: `line` gets undefined for it, and
 * memory stays at one chunk and one line of at most `maxBytes`, in time linear in
 * the file's size.
 */
export async function readLines(
  file: string,
  line: (bytes: Buffer | undefined, no: number, end: LineEnd) => void,
  options: { maxBytes: number; onBytes?: (bytes: number) => void },
): Promise<void> {
  let carry: Buffer = Buffer.alloc(0);
  let tooLong = false; // the current line passed maxBytes: its bytes are dropped up to its end
  let no = 0;
  let first = true;
  const emit = (bytes: Buffer, end: LineEnd) => {
    line(tooLong ? undefined : bytes, ++no, end);
    tooLong = false;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    options.onBytes?.(chunk.length);
    let data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    if (first) {
      first = false;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    }
    let pos = 0;
    let nextCr = data.indexOf(0x0d);
    let nextNl = data.indexOf(0x0a);
    for (;;) {
      if (nextCr !== -1 && nextCr < pos) nextCr = data.indexOf(0x0d, pos);
      if (nextNl !== -1 && nextNl < pos) nextNl = data.indexOf(0x0a, pos);
      if (nextCr !== -1 && (nextNl === -1 || nextCr < nextNl)) {
        if (nextCr === data.length - 1) break; // perhaps a CRLF cut by the chunk: wait for the next byte
        const crlf = data[nextCr + 1] === 0x0a;
        emit(data.subarray(pos, nextCr), crlf ? '\r\n' : '\r');
        pos = nextCr + (crlf ? 2 : 1);
      } else if (nextNl !== -1) {
        emit(data.subarray(pos, nextNl), '\n');
        pos = nextNl + 1;
      } else break;
    }
    carry = Buffer.from(data.subarray(pos));
    if (carry.length > options.maxBytes + 1) {
      // No line end in sight: keep only the last byte (a CR may start a CRLF).
      tooLong = true;
      carry = carry.subarray(carry.length - 1);
    }
  }
  if (carry.length === 0 && !tooLong) return;
  const cr = carry[carry.length - 1] === 0x0d;
  emit(cr ? carry.subarray(0, carry.length - 1) : carry, cr ? '\r' : '');
}
