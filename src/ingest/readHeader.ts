import { openSync, readSync, closeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { maskIdentifiers } from './codiceFiscale.js';
import type { Encoding } from './inspectFile.js';

export interface Header {
  delimiter: ';' | ',';
  /** Column names as written, trimmed. */
  names: string[];
}

/**
 * Reads the header line (the first 64 KiB are plenty), detects the delimiter
 * (';' or ',', whichever splits the header into more fields) and parses the
 * names. Returns undefined for an empty file.
 */
export function readHeader(file: string, encoding: Encoding): Header | undefined {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 16);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  // A byte order mark is dropped as bytes: a file with one may still be read as Windows-1252.
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const text = new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : 'utf-8').decode(buf.subarray(start, n), {
    stream: true,
  });
  const end = text.search(/[\r\n]/); // LF, CRLF or a lone CR ends the header
  const line = end === -1 ? text : text.slice(0, end);
  if (line.trim() === '') return undefined;
  const count = (d: string) =>
    (parse(line, { delimiter: d, relax_quotes: true })[0] as string[] | undefined)?.length ?? 0;
  const delimiter = count(';') >= count(',') ? ';' : ',';
  // A name shaped like a codice fiscale would reach warnings and logs: masked here, once.
  const names = (parse(line, { delimiter, relax_quotes: true })[0] as string[]).map((s) => maskIdentifiers(s.trim()));
  return { delimiter, names };
}
