import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNumberedCopy } from '../src/ingest/writeNumberedCopy.js';
import { readText, tempDir, writeFile } from './helpers.js';

const CHUNK = 1 << 20; // the copy reads the file in chunks of 1 MiB

/**
 * A header of 11 bytes, then lines of 9 bytes ('aaaa;bbbb') and a line end, past the
 * first chunk, with `edit` applied to the text: byte CHUNK - 1 is a delimiter.
 */
function fileWith(dir: string, name: string, edit: (text: string) => string): string {
  const body = Array.from({ length: Math.ceil((CHUNK * 1.5) / 10) }, () => 'aaaa;bbbb').join('\n');
  return writeFile(dir, name, edit(`hhhh;hhhhh\n${body}\n`));
}

describe('writeNumberedCopy', () => {
  it('numbers every line, keeps blank lines blank and drops a byte order mark', async () => {
    const dir = tempDir();
    const source = writeFile(dir, 'a.csv', '\uFEFFh1;h2\r\na;b\r\n\r\nc;d\r\n');
    const copy = path.join(dir, 'copy.csv');
    expect(await writeNumberedCopy(source, copy, ';')).toEqual({ written: true, padded: false });
    expect(readText(copy)).toBe('__riga__;h1;h2\r\n2;a;b\r\n\r\n4;c;d\r\n');
  });

  it('tells whether a value starts or ends with a space, also across the chunks it reads', async () => {
    const dir = tempDir();
    const copy = path.join(dir, 'copy.csv');
    const at = (text: string, i: number, s: string) => text.slice(0, i) + s + text.slice(i + s.length);
    // Offsets into the text: line k (from 0 after the header) starts at 11 + 10k.
    const cases: [string, (t: string) => string, boolean][] = [
      ['clean', (t) => t, false],
      ['inner space', (t) => at(t, 11 + 10 * 3 + 1, ' '), false], // 'a aa;bbbb'
      ['before a delimiter', (t) => at(t, 11 + 10 * 3 + 3, ' '), true], // 'aaa ;bbbb'
      ['after a delimiter', (t) => at(t, 11 + 10 * 3 + 5, ' '), true], // 'aaaa; bbb'
      ['at a line start', (t) => at(t, 11 + 10 * 3, ' '), true],
      ['at a line end', (t) => at(t, 11 + 10 * 3 + 8, ' '), true],
      // the second chunk starts right after a delimiter with a space
      ['first byte of a chunk', (t) => at(t, CHUNK, ' '), true],
      // the first chunk ends with a space (the next byte is not known yet)
      ['last byte of a chunk', (t) => at(t, CHUNK - 1, ' '), true],
      // DuckDB's trim() also removes U+00A0 and the other Unicode spaces
      ['no-break space', (t) => at(t, 11 + 10 * 3 + 2, '\u00a0'), true], // 'aa\u00a0;bbbb' (two bytes: C2 A0)
      ['no-break space across chunks', (t) => at(t, CHUNK - 1, '\u00a0'), true], // C2 ends the first chunk, A0 starts the next
      ['ideographic space', (t) => at(t, 11 + 10 * 3 + 1, '\u3000'), true],
      ['accented letters', (t) => at(t, 11 + 10 * 3 + 1, 'àè'), false], // C3 A0 C3 A8: A0 not after C2
    ];
    for (const [name, edit, padded] of cases) {
      const source = fileWith(dir, `${name}.csv`, edit);
      if (name === 'first byte of a chunk') expect(readText(source)[CHUNK - 1]).toBe(';');
      if (name === 'last byte of a chunk') expect(readText(source)[CHUNK]).not.toBe(' ');
      if (name === 'no-break space across chunks') expect(readFileSync(source).subarray(CHUNK - 1, CHUNK + 1)).toEqual(Buffer.from([0xc2, 0xa0]));
      expect({ name, ...(await writeNumberedCopy(source, copy, ';')) }).toEqual({ name, written: true, padded });
    }
  });

  it('gives up on a carriage return that does not end a line', async () => {
    const dir = tempDir();
    const source = writeFile(dir, 'cr.csv', 'h1;h2\ra;b\r');
    expect((await writeNumberedCopy(source, path.join(dir, 'copy.csv'), ';')).written).toBe(false);
  });
});
