/** How a field was written: as is, between quotes (kept with them), or as is but holding a quote. */
const PLAIN = 0;
export const QUOTED = 1;
export const HAS_QUOTE = 2;

/** Most fields a record may have: more is a malformed record, not a reason to grow without bound. */
const MAX_FIELDS = 4096;

/**
 * The fields of one record, as byte ranges of its buffer (reused from record to
 * record): start-end the value (with its quotes), from-to the whole field, which
 * also holds the spaces around a quoted value.
 */
export class Spans {
  readonly start = new Int32Array(MAX_FIELDS);
  readonly end = new Int32Array(MAX_FIELDS);
  readonly from = new Int32Array(MAX_FIELDS);
  readonly to = new Int32Array(MAX_FIELDS);
  readonly kind = new Uint8Array(MAX_FIELDS);
  count = 0;
  /** With 'open': where the quote that does not close starts. */
  openAt = 0;
}

export type SplitResult = 'ok' | 'open' | 'text_after_quote' | 'too_many_fields';

const QUOTE = 0x22;
const SPACE = 0x20;

/**
 * Splits one record (RFC 4180, `"` quotes with `""` inside) into field ranges. A
 * quote opens a quoted field only at the field's start, after any spaces (as
 * DuckDB's reader has it); elsewhere it is a character of the value (HAS_QUOTE:
 * the copy re-quotes such a field). 'open' means a quoted field has not closed by
 * the end of the buffer: the record may go on on the next line. A quoted field
 * must end, after any spaces, at a delimiter or at the end of the record.
 */
export function splitRecord(b: Buffer, delimiter: number, spans: Spans): SplitResult {
  const len = b.length;
  let n = 0;
  let i = 0;
  for (;;) {
    if (n === MAX_FIELDS) return 'too_many_fields';
    const from = i;
    while (i < len && b[i] === SPACE) i++;
    if (i < len && b[i] === QUOTE) {
      let j = i + 1;
      for (;;) {
        j = b.indexOf(QUOTE, j);
        if (j === -1) {
          spans.count = n;
          spans.openAt = i;
          return 'open';
        }
        if (b[j + 1] === QUOTE) j += 2;
        else break;
      }
      spans.from[n] = from;
      spans.start[n] = i;
      spans.end[n] = j + 1;
      spans.kind[n] = QUOTED;
      i = j + 1;
      while (i < len && b[i] === SPACE) i++;
      spans.to[n++] = i;
      if (i === len) break;
      if (b[i] !== delimiter) {
        spans.count = n;
        return 'text_after_quote';
      }
      i++; // at the end of the record: one more (empty) field follows the delimiter
    } else {
      i = from;
      let j = i;
      let quote = false;
      while (j < len) {
        const c = b[j]!;
        if (c === delimiter) break;
        if (c === QUOTE) quote = true;
        j++;
      }
      spans.from[n] = i;
      spans.start[n] = i;
      spans.end[n] = j;
      spans.to[n] = j;
      spans.kind[n++] = quote ? HAS_QUOTE : PLAIN;
      if (j === len) break;
      i = j + 1;
    }
  }
  spans.count = n;
  return 'ok';
}

/** The value of a field as text: quotes removed and `""` read as `"` for a quoted one. */
export function fieldText(b: Buffer, spans: Spans, k: number): string {
  const start = spans.start[k]!;
  const end = spans.end[k]!;
  if (spans.kind[k] !== QUOTED) return b.toString('utf8', start, end);
  return b.toString('utf8', start + 1, end - 1).replaceAll('""', '"');
}
