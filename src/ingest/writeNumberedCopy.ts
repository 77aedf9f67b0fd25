import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';

/** Name of the column that carries each record's line in a numbered copy (no contract column starts with _). */
export const LINE_COLUMN = '__riga__';

export interface NumberedCopy {
  /** False when the file has a carriage return that does not end a line: no copy to use. */
  written: boolean;
  /**
   * Whether some value may start or end with a space that DuckDB's trim() removes
   * (see hasEdgeSpace). When none does, the SQL reads values without trim(), which
   * costs a quarter of the typing pass; the result is the same.
   */
  padded: boolean;
}

/**
 * Writes a copy of a CSV file without quotes in which every line starts with its
 * line number (the header with LINE_COLUMN), so that DuckDB reads each record's
 * line as a column and can scan the file in parallel: WITH ORDINALITY, the only
 * other way to number records, serialises the scan. Blank lines stay blank (DuckDB
 * skips them as before); a UTF-8 byte order mark is dropped. Only for files with no
 * '"' at all, where a record is exactly one line. Returns written: false, leaving a
 * partial file for the caller to delete, when the file has a carriage return that
 * does not end a line (old Mac line ends), which this numbering does not follow.
 */
export async function writeNumberedCopy(source: string, target: string, delimiter: string): Promise<NumberedCopy> {
  const fd = openSync(target, 'w', 0o600);
  const delim = Buffer.from(delimiter);
  // A multi-byte delimiter is not looked for: values count as padded.
  let padded = delim.length !== 1;
  let previous = 0x0a; // the byte before the chunk: the file starts a line
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
      if (pendingCr && chunk.length > 0 && chunk[0] !== 0x0a) return { written: false, padded };
      pendingCr = false;
      // every carriage return must end a line (CRLF)
      for (let cr = chunk.indexOf(0x0d); cr !== -1; cr = chunk.indexOf(0x0d, cr + 1)) {
        if (cr === chunk.length - 1) pendingCr = true;
        else if (chunk[cr + 1] !== 0x0a) return { written: false, padded };
      }
      if (!padded) padded = hasEdgeSpace(chunk, previous, delim[0]!);
      if (chunk.length > 0) previous = chunk[chunk.length - 1]!;
      // One output buffer per chunk, sized for the worst case (a number on every line).
      let lines = 1;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, nl + 1)) lines++;
      const out = Buffer.allocUnsafe(chunk.length + lines * (String(line + lines).length + LINE_COLUMN.length + delim.length));
      let o = 0;
      let pos = 0;
      while (pos < chunk.length) {
        if (atLineStart) {
          atLineStart = false;
          const b = chunk[pos];
          if (b !== 0x0a && b !== 0x0d) {
            o += out.write(line === 1 ? LINE_COLUMN : String(line), o, 'latin1');
            o += delim.copy(out, o);
          }
        }
        const nl = chunk.indexOf(0x0a, pos);
        const end = nl === -1 ? chunk.length : nl + 1;
        o += chunk.copy(out, o, pos, end);
        pos = end;
        if (nl === -1) break;
        line++;
        atLineStart = true;
      }
      for (let written = 0; written < o;) written += writeSync(fd, out, written, o - written);
    }
    return { written: true, padded };
  } finally {
    closeSync(fd);
  }
}

const isBoundary = (b: number | undefined, delimiter: number) => b === delimiter || b === 0x0a || b === 0x0d;

/**
 * Whether a space in the chunk may start or end a value. An ASCII space counts when
 * it follows a delimiter or a line start, or precedes a delimiter or a line end (one
 * that ends the chunk counts, as the next byte is not known). DuckDB's trim() also
 * removes the other Unicode spaces (U+00A0, U+1680, U+2000-U+200A, U+202F, U+205F,
 * U+3000): any of them anywhere counts, found by their UTF-8 bytes (C2 A0, or a
 * three-byte sequence led by E1, E2 or E3, which also catches ’ and €: those files
 * keep trim(), only slower).
 */
function hasEdgeSpace(chunk: Buffer, previous: number, delimiter: number): boolean {
  if (chunk.indexOf(0xe1) !== -1 || chunk.indexOf(0xe2) !== -1 || chunk.indexOf(0xe3) !== -1) return true;
  for (let i = chunk.indexOf(0xa0); i !== -1; i = chunk.indexOf(0xa0, i + 1)) {
    if ((i === 0 ? previous : chunk[i - 1]) === 0xc2) return true;
  }
  for (let i = chunk.indexOf(0x20); i !== -1; i = chunk.indexOf(0x20, i + 1)) {
    const before = i === 0 ? previous : chunk[i - 1];
    if (isBoundary(before, delimiter) || i === chunk.length - 1 || isBoundary(chunk[i + 1], delimiter)) return true;
  }
  return false;
}
