import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';

/** Name of the column that carries each record's line in a numbered copy (no contract column starts with _). */
export const LINE_COLUMN = '__riga__';

/**
 * Writes a copy of a CSV file without quotes in which every line starts with its
 * line number (the header with LINE_COLUMN), so that DuckDB reads each record's
 * line as a column and can scan the file in parallel: WITH ORDINALITY, the only
 * other way to number records, serialises the scan. Blank lines stay blank (DuckDB
 * skips them as before); a UTF-8 byte order mark is dropped. Only for files with no
 * '"' at all, where a record is exactly one line. Returns false, leaving a partial
 * file for the caller to delete, when the file has a carriage return that does not
 * end a line (old Mac line ends), which this numbering does not follow.
 */
export async function writeNumberedCopy(source: string, target: string, delimiter: string): Promise<boolean> {
  const fd = openSync(target, 'w', 0o600);
  try {
    let line = 1;
    let atLineStart = true;
    let first = true;
    let pendingCr = false;
    for await (const data of createReadStream(source, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let chunk = data;
      if (first) {
        first = false;
        if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      if (pendingCr && chunk.length > 0 && chunk[0] !== 0x0a) return false;
      pendingCr = false;
      // every carriage return must end a line (CRLF)
      for (let cr = chunk.indexOf(0x0d); cr !== -1; cr = chunk.indexOf(0x0d, cr + 1)) {
        if (cr === chunk.length - 1) pendingCr = true;
        else if (chunk[cr + 1] !== 0x0a) return false;
      }
      const parts: Buffer[] = [];
      let pos = 0;
      while (pos < chunk.length) {
        if (atLineStart) {
          atLineStart = false;
          const b = chunk[pos];
          if (b !== 0x0a && b !== 0x0d) parts.push(Buffer.from(`${line === 1 ? LINE_COLUMN : line}${delimiter}`));
        }
        const nl = chunk.indexOf(0x0a, pos);
        if (nl === -1) {
          parts.push(chunk.subarray(pos));
          break;
        }
        parts.push(chunk.subarray(pos, nl + 1));
        pos = nl + 1;
        line++;
        atLineStart = true;
      }
      const out = Buffer.concat(parts);
      for (let written = 0; written < out.length;) written += writeSync(fd, out, written);
    }
    return true;
  } finally {
    closeSync(fd);
  }
}
