import { isAscii } from 'node:buffer';
import { closeSync, openSync, writeSync } from 'node:fs';
import { holdsIdentifier, MASK_PREFIX, maskedValue } from './codiceFiscale.js';
import { decodeLine, type LineEncoding } from './decodeLine.js';
import type { IdentifierRule, PseudonymCache } from './pseudonymCache.js';
import { readLines, type LineEnd } from './readLines.js';
import { fieldText, HAS_QUOTE, QUOTED, Spans, splitRecord, type SplitResult } from './splitRecord.js';

/** Name of the column that carries each record's line in the copy (no contract column starts with _). */
export const LINE_COLUMN = '__riga__';

/**
 * Name of the copy's last column when the worker's code is checked (CopyRules.workerChecks):
 * what the code says against its row (PseudonymCache.workerFindings), never the code.
 */
export const FINDINGS_COLUMN = '__cf_esito__';

/**
 * Most physical lines one record may span. A CO value has no reason to hold a line
 * break; a quote left open would otherwise swallow the rest of the file into one
 * record. Past it, the record's first line is rejected and reading starts again on
 * the line after it.
 */
const MAX_RECORD_LINES = 10;

/**
 * Most bytes one record may have (a line, or the lines of a multi-line record): a
 * CO record is some hundred bytes. Past it the record is rejected, and memory stays
 * bounded whatever the file holds. The copy may double a value's quotes, so its
 * records stay under DuckDB's own limit (max_line_size, 2,000,000 bytes).
 */
const MAX_RECORD_BYTES = 500_000;

/** What the copy does to each column of the file. */
export interface CopyRules {
  /** Names for the copy's header, one per column of the file, in file order. */
  readNames: string[];
  /** Columns holding raw codici fiscali, by position: replaced by their pseudonym (or masked). */
  identifiers: Map<number, IdentifierRule>;
  /** Columns of digit codes (codici comunicazione): only a person's codice fiscale is masked there, not 11 digits. */
  digitCodes: Set<number>;
  /**
   * The row's sex and birth-date columns, by position: a valid code in the worker's
   * column (rule 'person') is checked against them, the findings in FINDINGS_COLUMN.
   */
  workerChecks?: { sex: number; birth: number };
}

export interface SafeCopyOptions {
  delimiter: string;
  encoding: LineEncoding;
  rules: CopyRules;
  /** Needed when rules.identifiers is not empty. */
  pseudonyms?: PseudonymCache;
  /** Where the lines that are not records go (BAD_LINE_COLUMNS, ';'-delimited, no header). */
  badPath: string;
  onBytes?: (bytes: number) => void;
}

/** The columns of the file of lines that are not records (for read_csv). */
export const BAD_LINE_COLUMNS = { line: 'BIGINT', reason_code: 'VARCHAR', detail: 'VARCHAR' } as const;

export interface SafeCopy {
  /** Records written to the copy. */
  records: number;
  /** Lines that are not records, written to badPath. */
  rejected: number;
  /** Empty lines outside any record (skipped, as every CSV reader does). */
  blank: LineSample;
  /** Some value may start or end with a space, so the SQL trims (else it reads values as they are: faster). */
  padded: boolean;
  /**
   * In a file that is not valid UTF-8: lines with non-ASCII characters read as UTF-8
   * and as Windows-1252 (both: a mixed file), and lines that hold both (read as Windows-1252).
   */
  readAs: { 'utf-8': LineSample; 'windows-1252': LineSample; both: LineSample };
}

/** How many lines, and the first few of them (for a warning that names lines). */
interface LineSample {
  n: number;
  first: number[];
}

const sample = (): LineSample => ({ n: 0, first: [] });
const note = (s: LineSample, line: number) => {
  if (s.n++ < 10) s.first.push(line);
};

interface Line {
  no: number;
  /** The line's bytes, as UTF-8; undefined: the line could not be read (error says why). */
  bytes?: Buffer;
  end: LineEnd;
  error?: { reason: 'malformed_row' | 'invalid_encoding'; detail: string };
}

/**
 * Writes the one copy of an extract that DuckDB reads: UTF-8, one record per
 * output record, each starting with the line where it starts in the file
 * (LINE_COLUMN, so DuckDB scans the copy in parallel), raw codici fiscali replaced
 * by their pseudonym and any other value holding the shape of one masked, so that
 * no raw identifier ever reaches DuckDB's memory, its temporary files or the
 * database. Malformed records (wrong number of fields, a quote that does not close
 * within MAX_RECORD_LINES lines or before the end of the file, text after a closing
 * quote, more than MAX_RECORD_BYTES) and lines that cannot be decoded are not
 * copied: they go to badPath, so every physical line is loaded, rejected, blank, or
 * inside a record.
 */
export async function writeSafeCopy(source: string, target: string, options: SafeCopyOptions): Promise<SafeCopy> {
  const { rules, pseudonyms } = options;
  if (rules.identifiers.size > 0 && !pseudonyms)
    throw new Error('writeSafeCopy: identifier columns need a pseudonym cache');
  const delim = options.delimiter.charCodeAt(0);
  const width = rules.readNames.length;
  const result: SafeCopy = {
    records: 0,
    rejected: 0,
    blank: sample(),
    padded: false,
    readAs: { 'utf-8': sample(), 'windows-1252': sample(), both: sample() },
  };
  const spans = new Spans();
  const ruleAt = rules.readNames.map((_, k) => rules.identifiers.get(k));
  const digitAt = rules.readNames.map((_, k) => rules.digitCodes.has(k));
  const copy = new OutputFile(target);
  const bad = new OutputFile(options.badPath);
  const checks = rules.workerChecks;

  const writeRecord = (no: number, b: Buffer) => {
    const out = copy.room(24 + b.length * 2 + width * 48 + (checks ? 128 : 0));
    let findings = '';
    let o = copy.at;
    o += out.write(String(no), o, 'latin1');
    out[o++] = delim;
    let copied = 0; // bytes of b before this position are in the output
    for (let k = 0; k < width; k++) {
      const start = spans.start[k]!;
      const end = spans.end[k]!;
      const kind = spans.kind[k]!;
      const inner = kind === QUOTED ? 1 : 0;
      if (!result.padded && end - start > 2 * inner && (b[start + inner] === 0x20 || b[end - 1 - inner] === 0x20))
        result.padded = true;
      const rule = ruleAt[k];
      let replacement: string | undefined;
      if (rule) {
        const raw = fieldText(b, spans, k).trim();
        replacement = pseudonyms!.token(raw, rule);
        if (checks && rule === 'person' && replacement !== '' && !replacement.startsWith(MASK_PREFIX)) {
          findings = pseudonyms!.workerFindings(
            raw,
            fieldText(b, spans, checks.sex),
            fieldText(b, spans, checks.birth),
          );
        }
      } else if (end - start >= 11 && mayHoldIdentifier(b, start, end, digitAt[k]!)) {
        const value = fieldText(b, spans, k).trim();
        if (holdsIdentifier(value, digitAt[k])) replacement = maskedValue(value.length);
      }
      // A field read as it is needs no rewriting; one with a quote inside, or spaces around its quotes, does.
      if (replacement === undefined && kind !== HAS_QUOTE && spans.from[k] === start && spans.to[k] === end) continue;
      o += b.copy(out, o, copied, spans.from[k]!);
      if (replacement !== undefined)
        o += out.write(replacement.includes(options.delimiter) ? `"${replacement}"` : replacement, o, 'utf8');
      else if (kind === HAS_QUOTE)
        o += out.write(`"${b.toString('utf8', start, end).replaceAll('"', '""')}"`, o, 'utf8');
      else o += b.copy(out, o, start, end);
      copied = spans.to[k]!;
    }
    o += b.copy(out, o, copied, b.length);
    if (checks) {
      out[o++] = delim;
      o += out.write(findings, o, 'latin1'); // lower-case letters, '_' and spaces only
    }
    out[o++] = 0x0a;
    copy.at = o;
    result.records++;
  };

  let pending: Line[] = [];
  const reject = (line: number, reason: 'malformed_row' | 'invalid_encoding', detail: string) => {
    result.rejected++;
    const text = `${line};${reason};"${detail.replaceAll('"', '""')}"\n`;
    const out = bad.room(Buffer.byteLength(text));
    bad.at += out.write(text, bad.at, 'utf8');
  };
  /** The pending record failed: its first line is rejected, and the lines after it are read again as new records. */
  const failPending = (detail: string) => {
    const [first, ...rest] = pending;
    pending = [];
    reject(first!.no, 'malformed_row', detail);
    for (const line of rest) take(line);
  };
  const joinPending = () =>
    pending.length === 1
      ? pending[0]!.bytes!
      : Buffer.concat(
          pending.flatMap((l, i) => (i < pending.length - 1 ? [l.bytes!, Buffer.from(l.end)] : [l.bytes!])),
        );
  const quoteLine = () => pending[0]!.no + lineOffset(spans.openAt, pending);
  const finish = (status: SplitResult, b: Buffer) => {
    const detail =
      status === 'text_after_quote'
        ? `text after the closing quote of field ${spans.count}`
        : status === 'too_many_fields'
          ? 'more fields than any extract has'
          : spans.count !== width
            ? `${spans.count} fields where the header has ${width}`
            : undefined;
    if (detail !== undefined) return failPending(detail);
    writeRecord(pending[0]!.no, b);
    pending = [];
  };
  /** Takes one physical line: a record, the start or the rest of one, blank, or unreadable. */
  function take(line: Line): void {
    if (line.error !== undefined) {
      while (pending.length)
        failPending(`unclosed quote: the quoted field opened on line ${pending[0]!.no} is cut by line ${line.no}`);
      reject(line.no, line.error.reason, line.error.detail);
      return;
    }
    if (pending.length === 0 && line.bytes!.length === 0) {
      note(result.blank, line.no);
      return;
    }
    pending.push(line);
    const joined = joinPending();
    if (joined.length > MAX_RECORD_BYTES) {
      failPending(`the record is longer than ${MAX_RECORD_BYTES} bytes`);
      return;
    }
    const status = splitRecord(joined, delim, spans);
    if (status !== 'open') finish(status, joined);
    else if (pending.length >= MAX_RECORD_LINES) {
      failPending(
        `unclosed quote: the quoted field opened on line ${quoteLine()} does not close within ${MAX_RECORD_LINES} lines`,
      );
    } else pending[pending.length - 1] = { ...line, bytes: Buffer.from(line.bytes!) }; // kept past its chunk
  }

  const physical = (bytes: Buffer | undefined, no: number, end: LineEnd) => {
    if (no === 1) {
      // The header was read and matched already (readHeader): the copy names the columns its own way.
      const out = copy.room(64 + width * 64);
      const names = [LINE_COLUMN, ...rules.readNames, ...(checks ? [FINDINGS_COLUMN] : [])];
      copy.at += out.write(`${names.join(options.delimiter)}\n`, copy.at, 'utf8');
      return;
    }
    if (bytes === undefined) {
      return take({
        no,
        end,
        error: { reason: 'malformed_row', detail: `the line is longer than ${MAX_RECORD_BYTES} bytes` },
      });
    }
    const decoded = decodeLine(bytes, options.encoding);
    if ('error' in decoded) return take({ no, end, error: { reason: 'invalid_encoding', detail: decoded.error } });
    if (decoded.as) note(result.readAs[decoded.as], no);
    if (decoded.both) note(result.readAs.both, no);
    if (!result.padded && !isAscii(decoded.bytes)) result.padded = hasUnicodeSpace(decoded.bytes);
    take({ no, end, bytes: decoded.bytes });
  };

  try {
    await readLines(source, physical, { maxBytes: MAX_RECORD_BYTES, onBytes: options.onBytes });
    while (pending.length) {
      const joined = joinPending();
      splitRecord(joined, delim, spans);
      failPending(`unclosed quote: the quoted field opened on line ${quoteLine()} runs to the end of the file`);
    }
    copy.flush();
    bad.flush();
  } finally {
    copy.close();
    bad.close();
  }
  return result;
}

/**
 * A file written through one growing buffer, owner-only from its first byte. A
 * failed write names its file (Node's write errors name none), so a full disk is
 * reported with the path.
 */
class OutputFile {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(1 << 20);
  /** Bytes of the buffer in use. */
  at = 0;

  constructor(private readonly path: string) {
    this.fd = openSync(path, 'wx', 0o600);
  }

  /** The buffer, with room for `bytes` more after `at`. */
  room(bytes: number): Buffer {
    if (this.at + bytes > this.buffer.length) {
      this.flush();
      if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
    }
    return this.buffer;
  }

  flush(): void {
    try {
      for (let w = 0; w < this.at; ) w += writeSync(this.fd, this.buffer, w, this.at - w);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code && !e.path) e.path = this.path;
      throw error;
    }
    this.at = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * A quick look at a field's bytes before holdsIdentifier: a codice fiscale starts
 * with six letters, a partita IVA is eleven digits in a row (not counted where
 * digits are allowed). A field with any non-ASCII byte (a zero-width space inside a
 * code) is always looked at closely. Most fields of an extract are ruled out here,
 * without making a string of them.
 */
function mayHoldIdentifier(b: Buffer, start: number, end: number, digitsAllowed: boolean): boolean {
  let letters = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]! | 0x20; // lower-cases letters; digits stay digits
    if (c >= 0x61 && c <= 0x7a) {
      if (++letters >= 6) return true;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits >= 11 && !digitsAllowed) return true;
      letters = 0;
    } else if (b[i]! >= 0x80) return true;
    else letters = digits = 0;
  }
  return false;
}

/** The line, counted from the record's first (0), that holds byte `at` of the lines joined. */
function lineOffset(at: number, lines: Line[]): number {
  let n = 0;
  let end = 0;
  for (const l of lines) {
    end += l.bytes!.length + l.end.length;
    if (end > at) break;
    n++;
  }
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
