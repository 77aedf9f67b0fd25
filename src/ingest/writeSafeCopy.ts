import { isAscii } from 'node:buffer';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { looksLikeIdentifier, maskedValue } from './codiceFiscale.js';
import { decodeLine, type LineEncoding } from './decodeLine.js';
import type { IdentifierRule, PseudonymCache } from './pseudonymCache.js';
import { fieldText, HAS_QUOTE, QUOTED, Spans, splitRecord, type SplitResult } from './splitRecord.js';

/** Name of the column that carries each record's line in the copy (no contract column starts with _). */
export const LINE_COLUMN = '__riga__';

/**
 * Most physical lines one record may span. A CO value has no reason to hold a line
 * break; a quote left open would otherwise swallow the rest of the file into one
 * record. Past it, the record's first line is rejected and reading starts again on
 * the line after it.
 */
export const MAX_RECORD_LINES = 10;

/** What the copy does to each column of the file. */
export interface CopyRules {
  /** Names for the copy's header, one per column of the file, in file order. */
  readNames: string[];
  /** Columns holding raw codici fiscali, by position: replaced by their pseudonym (or masked). */
  identifiers: Map<number, IdentifierRule>;
  /** Columns whose values are never masked (communication codes, which may be long digit strings). */
  unmasked: Set<number>;
}

export interface SafeCopyOptions {
  delimiter: string;
  encoding: LineEncoding;
  rules: CopyRules;
  /** Needed when rules.identifiers is not empty. */
  pseudonyms?: PseudonymCache;
  onBytes?: (bytes: number) => void;
}

/** A line that is not a record: rejected whole, with its reason. */
export interface BadLine {
  line: number;
  reason: 'malformed_row' | 'invalid_encoding';
  detail: string;
}

export interface SafeCopy {
  /** Records written to the copy. */
  records: number;
  bad: BadLine[];
  /** Empty lines outside any record (skipped, as every CSV reader does). */
  blank: LineSample;
  /** Some value may start or end with a space, so the SQL trims (else it reads values as they are: faster). */
  padded: boolean;
  /** Lines with non-ASCII characters read as UTF-8 and as Windows-1252 (both: a mixed file). */
  readAs: { 'utf-8': LineSample; 'windows-1252': LineSample };
}

/** How many lines, and the first few of them (for a warning that names lines). */
export interface LineSample {
  n: number;
  first: number[];
}

const sample = (): LineSample => ({ n: 0, first: [] });
const note = (s: LineSample, line: number) => {
  if (s.n++ < 10) s.first.push(line);
};

interface Line {
  no: number;
  bytes?: Buffer;
  error?: string;
}

const NEWLINE = Buffer.from('\n');

/**
 * Writes the one copy of an extract that DuckDB reads: UTF-8, one record per
 * output record, each starting with the line where it starts in the file
 * (LINE_COLUMN, so DuckDB scans the copy in parallel), raw codici fiscali replaced
 * by their pseudonym and any other value shaped like one masked, so that no raw
 * identifier ever reaches DuckDB's memory, its temporary files or the database.
 * Malformed records (wrong number of fields, a quote that does not close within
 * MAX_RECORD_LINES lines or before the end of the file, text after a closing
 * quote) and lines that cannot be decoded are not copied: they come back in `bad`,
 * so every physical line is loaded, rejected, blank, or inside a record.
 */
export async function writeSafeCopy(source: string, target: string, options: SafeCopyOptions): Promise<SafeCopy> {
  const { rules, pseudonyms } = options;
  if (rules.identifiers.size > 0 && !pseudonyms) throw new Error('writeSafeCopy: identifier columns need a pseudonym cache');
  const delim = options.delimiter.charCodeAt(0);
  const width = rules.readNames.length;
  const result: SafeCopy = { records: 0, bad: [], blank: sample(), padded: false, readAs: { 'utf-8': sample(), 'windows-1252': sample() } };
  const spans = new Spans();
  const fd = openSync(target, 'wx', 0o600);
  let out = Buffer.allocUnsafe(1 << 20);
  let o = 0;
  const flush = () => {
    for (let w = 0; w < o;) w += writeSync(fd, out, w, o - w);
    o = 0;
  };
  const room = (bytes: number) => {
    if (o + bytes <= out.length) return;
    flush();
    if (bytes > out.length) out = Buffer.allocUnsafe(bytes);
  };
  const put = (text: string) => (o += out.write(text, o, 'utf8'));

  const writeRecord = (no: number, b: Buffer) => {
    room(24 + b.length * 2 + width * 48);
    o += out.write(String(no), o, 'latin1');
    out[o++] = delim;
    let copied = 0; // bytes of b before this position are in the output
    for (let k = 0; k < width; k++) {
      const start = spans.start[k]!;
      const end = spans.end[k]!;
      const kind = spans.kind[k]!;
      const inner = kind === QUOTED ? 1 : 0;
      if (!result.padded && end - start > 2 * inner && (b[start + inner] === 0x20 || b[end - 1 - inner] === 0x20)) result.padded = true;
      const rule = rules.identifiers.get(k);
      let replacement: string | undefined;
      if (rule) replacement = pseudonyms!.token(fieldText(b, spans, k).trim(), rule);
      else if (!rules.unmasked.has(k) && end - start >= 11) {
        const value = fieldText(b, spans, k).trim();
        if (looksLikeIdentifier(value)) replacement = maskedValue(value.length);
      }
      if (replacement === undefined && kind !== HAS_QUOTE) continue;
      o += b.copy(out, o, copied, start);
      if (replacement !== undefined) put(replacement.includes(options.delimiter) ? `"${replacement}"` : replacement);
      else put(`"${b.toString('utf8', start, end).replaceAll('"', '""')}"`);
      copied = end;
    }
    o += b.copy(out, o, copied, b.length);
    out[o++] = 0x0a;
    result.records++;
  };

  let pending: Line[] = [];
  const reject = (line: number, reason: BadLine['reason'], detail: string) => result.bad.push({ line, reason, detail });
  /** The pending record failed: its first line is rejected, and the lines after it are read again as new records. */
  const failPending = (detail: string) => {
    const [first, ...rest] = pending;
    pending = [];
    reject(first!.no, 'malformed_row', detail);
    for (const line of rest) take(line);
  };
  const quoteLine = (joined: Buffer) => pending[0]!.no + countNewlines(joined, spans.openAt);
  const finish = (status: SplitResult, b: Buffer, lines: number) => {
    const detail = status === 'text_after_quote' ? `text after the closing quote of field ${spans.count}`
      : status === 'too_many_fields' ? 'more fields than any extract has'
        : spans.count !== width ? `${spans.count} fields where the header has ${width}` : undefined;
    if (detail === undefined) {
      writeRecord(pending[0]!.no, b);
      pending = [];
    } else if (lines > 1) failPending(detail);
    else {
      reject(pending[0]!.no, 'malformed_row', detail);
      pending = [];
    }
  };
  /** Takes one physical line: a record, the start or the rest of one, blank, or undecodable. */
  function take(line: Line): void {
    if (line.error !== undefined) {
      while (pending.length) failPending(`unclosed quote: the quoted field opened on line ${pending[0]!.no} is cut by line ${line.no}`);
      reject(line.no, 'invalid_encoding', line.error);
      return;
    }
    if (pending.length === 0 && line.bytes!.length === 0) {
      note(result.blank, line.no);
      return;
    }
    pending.push(line);
    const joined = pending.length === 1 ? line.bytes! : Buffer.concat(pending.flatMap((l, i) => (i ? [NEWLINE, l.bytes!] : [l.bytes!])));
    const status = splitRecord(joined, delim, spans);
    if (status !== 'open') finish(status, joined, pending.length);
    else if (pending.length >= MAX_RECORD_LINES) {
      failPending(`unclosed quote: the quoted field opened on line ${quoteLine(joined)} does not close within ${MAX_RECORD_LINES} lines`);
    } else pending[pending.length - 1] = { no: line.no, bytes: Buffer.from(line.bytes!) }; // kept past its chunk
  }

  const physical = (bytes: Buffer, no: number) => {
    if (no === 1) {
      // The header was read and matched already (readHeader): the copy names the columns its own way.
      room(64 + width * 64);
      put([LINE_COLUMN, ...rules.readNames].join(options.delimiter));
      out[o++] = 0x0a;
      return;
    }
    const decoded = decodeLine(bytes, options.encoding);
    if ('error' in decoded) return take({ no, error: decoded.error });
    if (decoded.as) note(result.readAs[decoded.as], no);
    if (!result.padded && !isAscii(decoded.bytes)) result.padded = hasUnicodeSpace(decoded.bytes);
    take({ no, bytes: decoded.bytes });
  };

  try {
    await readLines(source, physical, options.onBytes);
    while (pending.length) {
      const joined = Buffer.concat(pending.flatMap((l, i) => (i ? [NEWLINE, l.bytes!] : [l.bytes!])));
      splitRecord(joined, delim, spans);
      failPending(`unclosed quote: the quoted field opened on line ${quoteLine(joined)} runs to the end of the file`);
    }
    flush();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code && !e.path) e.path = target; // a failed write names no file: say which
    throw error;
  } finally {
    closeSync(fd);
  }
  return result;
}

function countNewlines(b: Buffer, before: number): number {
  let n = 0;
  for (let i = b.indexOf(0x0a); i !== -1 && i < before; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * Whether a line holds one of the other Unicode spaces DuckDB's trim() removes
 * (U+00A0, U+1680, U+2000-U+200A, U+202F, U+205F, U+3000), found by their UTF-8
 * bytes (C2 A0, or a three-byte sequence led by E1, E2 or E3, which also catches ’
 * and €: such files keep trim(), only slower).
 */
function hasUnicodeSpace(b: Buffer): boolean {
  if (b.indexOf(0xe1) !== -1 || b.indexOf(0xe2) !== -1 || b.indexOf(0xe3) !== -1) return true;
  for (let i = b.indexOf(0xa0); i !== -1; i = b.indexOf(0xa0, i + 1)) if (i > 0 && b[i - 1] === 0xc2) return true;
  return false;
}

/**
 * Calls `line` for every physical line of a file, numbered as a text editor shows
 * them (the first is 1): line ends are LF, CRLF or a lone CR (old Mac files). A
 * UTF-8 byte order mark is dropped. Memory stays at one chunk and one line.
 */
async function readLines(file: string, line: (bytes: Buffer, no: number) => void, onBytes?: (bytes: number) => void): Promise<void> {
  let carry = Buffer.alloc(0);
  let no = 0;
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
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
        line(data.subarray(pos, nextCr), ++no);
        pos = nextCr + (data[nextCr + 1] === 0x0a ? 2 : 1);
      } else if (nextNl !== -1) {
        line(data.subarray(pos, nextNl), ++no);
        pos = nextNl + 1;
      } else break;
    }
    carry = Buffer.from(data.subarray(pos));
  }
  if (carry.length && carry[carry.length - 1] === 0x0d) carry = carry.subarray(0, carry.length - 1);
  if (carry.length) line(carry, ++no);
}
