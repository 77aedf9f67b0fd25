import { isAscii, isUtf8 } from 'node:buffer';

/**
 * How the lines of a file are read: 'utf-8' (the whole file is valid UTF-8),
 * 'windows-1252' (the file is not: each line is read as UTF-8 when it is valid
 * UTF-8, else as Windows-1252, so a file that mixes the two keeps both right), or
 * forced by --encoding, where every line is read in the encoding given.
 */
export type LineEncoding = 'utf-8' | 'windows-1252' | 'forced-utf-8' | 'forced-windows-1252';

/**
 * One line in UTF-8, or why it cannot be read; `as`: the encoding it was read in,
 * when it had any non-ASCII byte; `both`: it also holds a whole UTF-8 sequence.
 */
export type DecodedLine = { bytes: Buffer; as?: 'utf-8' | 'windows-1252'; both?: boolean } | { error: string };

/**
 * The characters of Windows-1252's bytes 0x80-0x9F (the WHATWG table); every other
 * byte is the code point of the same number, as in Latin-1. Written out because
 * Node 20's TextDecoder('windows-1252') reads these bytes as Latin-1 outside
 * streaming mode (`decode(Uint8Array.of(0x92))` is not '’').
 */
const high = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
/** UTF-8 bytes of each Windows-1252 byte. */
const cp1252 = Array.from({ length: 256 }, (_, b) =>
  Buffer.from(String.fromCodePoint(b >= 0x80 && b <= 0x9f ? high[b - 0x80]! : b), 'utf8'),
);

function fromCp1252(line: Buffer): Buffer {
  let size = 0;
  for (let i = 0; i < line.length; i++) size += cp1252[line[i]!]!.length;
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (let i = 0; i < line.length; i++) {
    const b = line[i]!;
    if (b < 0x80) out[o++] = b;
    else o += cp1252[b]!.copy(out, o);
  }
  return out;
}

/**
 * Whether a line that is not valid UTF-8 still holds a whole UTF-8 sequence (a lead
 * byte followed by its continuation bytes): then it may mix the two encodings. It
 * is read as Windows-1252 all the same (an upper-case accented letter before a
 * symbol, `È»`, makes such a pair in honest Windows-1252 text), and named in the
 * file's warning.
 */
function holdsUtf8Sequence(line: Buffer): boolean {
  for (let i = 0; i < line.length; i++) {
    const b = line[i]!;
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= line.length) continue;
    let whole = true;
    for (let k = 1; k <= need && whole; k++) whole = (line[i + k]! & 0xc0) === 0x80;
    if (whole) return true;
  }
  return false;
}

/** Reads one physical line (without its line end) as UTF-8 bytes, in the way `encoding` says. */
export function decodeLine(line: Buffer, encoding: LineEncoding): DecodedLine {
  if (encoding === 'utf-8' || isAscii(line)) return { bytes: line };
  if (encoding === 'forced-windows-1252') return { bytes: fromCp1252(line), as: 'windows-1252' };
  if (isUtf8(line)) return { bytes: line, as: 'utf-8' };
  if (encoding === 'forced-utf-8') return { error: 'not valid UTF-8, and --encoding utf-8 was given' };
  return { bytes: fromCp1252(line), as: 'windows-1252', both: holdsUtf8Sequence(line) };
}
