import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coCsv, coRow, header, ingest, query, runCli, tempDir, writeFile } from './helpers.js';

/** Data lines of a CO file: row i is communication R<i> (line i + 1 of the file). */
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => coCsv([coRow({ codice_comunicazione: `R${i + 1}` })]).split('\n')[1]!);
const csv = (lines: string[]) => `${[header.join(';'), ...lines].join('\n')}\n`;
const setQualifica = (line: string, value: string) => line.replace('5.2.2.1.0.0', value);

describe('ingest co: every physical line loaded, rejected, blank or inside a record', () => {
  it('rejects the line of a quote that never closes and reads every line after it', async () => {
    const dir = tempDir();
    const data = rows(300);
    data[9] = setQualifica(data[9]!, '"5.2.2'); // line 11: a quote opened, never closed
    data[296] = setQualifica(data[296]!, '"5.2.2'); // line 298: the same, three lines before the end
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, [writeFile(dir, 'open.csv', csv(data))]);
    expect(run.code).toBe(0);
    expect(run.results[0]).toMatchObject({ status: 'loaded', rows_read: 300, rows_loaded: 298, rows_rejected: 2 });
    expect(await query(db, 'SELECT line::INTEGER AS line, reason_code, reason FROM rejects ORDER BY line')).toEqual([
      {
        line: 11,
        reason_code: 'malformed_row',
        reason: expect.stringContaining(
          'unclosed quote: the quoted field opened on line 11 does not close within 10 lines',
        ),
      },
      {
        line: 298,
        reason_code: 'malformed_row',
        reason: expect.stringContaining(
          'unclosed quote: the quoted field opened on line 298 runs to the end of the file',
        ),
      },
    ]);
    expect(
      await query(
        db,
        'SELECT min(riga)::INTEGER AS first, max(riga)::INTEGER AS last, count(*)::INTEGER AS n FROM co_comunicazioni',
      ),
    ).toEqual([{ first: 2, last: 301, n: 298 }]);
  });

  it('does not let a quote swallow the lines up to a stray quote far below', async () => {
    const dir = tempDir();
    const data = rows(300);
    data[9] = setQualifica(data[9]!, '"5.2.2'); // line 11 opens a quote...
    data[199] = setQualifica(data[199]!, '"'); // ...which line 201 would close
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, [writeFile(dir, 'stray.csv', csv(data))]);
    expect(run.results[0]).toMatchObject({ rows_read: 300, rows_loaded: 298, rows_rejected: 2 });
    expect(await query(db, 'SELECT line::INTEGER AS line, reason FROM rejects ORDER BY line')).toEqual([
      {
        line: 11,
        reason: expect.stringContaining('the quoted field opened on line 11 does not close within 10 lines'),
      },
      {
        line: 201,
        reason: expect.stringContaining('the quoted field opened on line 201 does not close within 10 lines'),
      },
    ]);
  });

  it('keeps a record whose quoted value spans a few lines, and a quote inside a value', async () => {
    const dir = tempDir();
    const data = rows(5);
    data[1] = setQualifica(data[1]!, '"5.2\n2.1"'); // lines 3-4: one record
    data[3] = setQualifica(data[3]!, 'D"ANGELO'); // a quote that does not open a field is a character
    data[4] = setQualifica(data[4]!, '"5.2"x'); // text after a closing quote: not a record
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, [writeFile(dir, 'multi.csv', csv(data))]);
    expect(run.results[0]).toMatchObject({ rows_read: 5, rows_loaded: 4, rows_rejected: 1 });
    expect(await query(db, 'SELECT riga::INTEGER AS riga, qualifica FROM co_comunicazioni ORDER BY riga')).toEqual([
      { riga: 2, qualifica: '5.2.2.1.0.0' },
      { riga: 3, qualifica: '5.2\n2.1' },
      { riga: 5, qualifica: '5.2.2.1.0.0' },
      { riga: 6, qualifica: 'D"ANGELO' },
    ]);
    expect(await query(db, 'SELECT line::INTEGER AS line, reason FROM rejects')).toEqual([
      { line: 7, reason: expect.stringContaining('text after the closing quote of field 23') },
    ]);
  });

  it('reads quotes with spaces around them as a CSV reader does, and keeps the line ends inside a quoted value', async () => {
    const dir = tempDir();
    const data = rows(3);
    data[0] = data[0]!.replace('RSSMRA85T10A562S', ' "RSSMRA85T10A562S" '); // spaces around the quotes: the same code
    data[1] = setQualifica(data[1]!, '"a\r\nb"');
    data[2] = setQualifica(data[2]!, '"c\rd"');
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, [writeFile(dir, 'spaces.csv', csv(data))]);
    expect(run.results[0]).toMatchObject({ rows_read: 3, rows_loaded: 3, rows_rejected: 0 });
    expect(
      await query(
        db,
        'SELECT riga::INTEGER AS riga, qualifica, lavoratore_id = (SELECT lavoratore_id FROM co_comunicazioni WHERE riga = 3) AS same FROM co_comunicazioni ORDER BY riga',
      ),
    ).toEqual([
      { riga: 2, qualifica: '5.2.2.1.0.0', same: true },
      { riga: 3, qualifica: 'a\r\nb', same: true },
      { riga: 5, qualifica: 'c\rd', same: true },
    ]);
  });

  it('counts the lines of a file with CR-only line ends, a short line among them, and a last blank line ended by CR', async () => {
    const dir = tempDir();
    const text = `${[header.join(';'), ...rows(3).slice(0, 1), 'a;b', ...rows(3).slice(1)].join('\r')}\r\r\r`;
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, [writeFile(dir, 'cr.csv', text)]);
    expect(run.results[0]).toMatchObject({ status: 'loaded', rows_read: 4, rows_loaded: 3, rows_rejected: 1 });
    expect(run.results[0]!.warnings).toContainEqual(
      expect.objectContaining({ code: 'blank_lines', message: '2 blank lines skipped (6, 7)' }),
    );
    expect(await query(db, 'SELECT line::INTEGER AS line, reason FROM rejects')).toEqual([
      { line: 3, reason: expect.stringContaining('2 fields where the header has 23') },
    ]);
    expect(run.logText).not.toContain('RSSMRA85T10A562S');
  });

  it('rejects a line longer than the record limit, in time and memory that do not grow with it, and reads the rest', async () => {
    const dir = tempDir();
    const data = rows(3);
    data[1] = setQualifica(data[1]!, 'X'.repeat(3_000_000));
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, [writeFile(dir, 'long.csv', csv(data))]);
    expect(run.results[0]).toMatchObject({ rows_read: 3, rows_loaded: 2, rows_rejected: 1 });
    expect(await query(db, 'SELECT line::INTEGER AS line, reason FROM rejects')).toEqual([
      { line: 3, reason: expect.stringContaining('the line is longer than 500000 bytes') },
    ]);
  });

  it('reads a file with a byte order mark that is not valid UTF-8, line by line', async () => {
    const dir = tempDir();
    const columns = header.map((c) => (c === 'lavoratore_cf' ? 'lavoratore_id' : c));
    const text = `\ufeff${coCsv([coRow({ lavoratore_id: 'CAFFÈ' }), coRow({ codice_comunicazione: 'C2', lavoratore_id: 'CAFF#' })], { columns })}`;
    const bytes = Buffer.from(text, 'utf8');
    bytes[bytes.indexOf('#')] = 0xc8; // È in Windows-1252
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, [writeFile(dir, 'bom.csv', bytes)]);
    expect(run.results[0]).toMatchObject({ status: 'loaded', rows_loaded: 2 });
    expect(await query(db, 'SELECT DISTINCT lavoratore_id FROM co_comunicazioni')).toEqual([
      { lavoratore_id: 'CAFFÈ' },
    ]);
  });

  it('reads each line of a file that mixes UTF-8 and Windows-1252 in its own encoding, and names the lines', async () => {
    const dir = tempDir();
    const columns = header.map((c) => (c === 'lavoratore_cf' ? 'lavoratore_id' : c));
    const line = (id: string, name: string) =>
      coCsv([coRow({ codice_comunicazione: id, lavoratore_id: name })], { columns }).split('\n')[1]!;
    const text = [
      columns.join(';'),
      line('A', 'CITTÀ'),
      line('B', 'CITT#'),
      line('C', 'ROSSI'),
      line('D', 'CITTÀ CITT#'),
      '',
    ].join('\n');
    const bytes = Buffer.from(text, 'utf8'); // À as UTF-8 (C3 80) in lines 2 and 5
    for (let i = bytes.indexOf('#'); i !== -1; i = bytes.indexOf('#', i + 1)) bytes[i] = 0xc0; // À as Windows-1252
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, [writeFile(dir, 'mixed.csv', bytes)]);
    expect(run.results[0]).toMatchObject({ status: 'loaded', rows_loaded: 4, rows_rejected: 0 });
    expect(await query(db, 'SELECT codice_comunicazione AS c, lavoratore_id FROM co_comunicazioni ORDER BY 1')).toEqual(
      [
        { c: 'A', lavoratore_id: 'CITTÀ' },
        { c: 'B', lavoratore_id: 'CITTÀ' },
        { c: 'C', lavoratore_id: 'ROSSI' },
        { c: 'D', lavoratore_id: 'CITTÃ€ CITTÀ' }, // both in one line: no decoding reads it right; the warning names it
      ],
    );
    expect(run.results[0]!.warnings).toContainEqual(
      expect.objectContaining({
        code: 'mixed_encoding',
        message: expect.stringContaining(
          '1 lines read as UTF-8 (2) and 2 as Windows-1252 (3, 5), each line in its own; 1 lines hold both and were read as Windows-1252 (5)',
        ),
      }),
    );
  });

  it('fails a file whose rows are all rejected (exit 1), keeping its rejects, and still loads the other files', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const bad = writeFile(
      dir,
      'bad.csv',
      coCsv([coRow({ sesso: 'X' }), coRow({ codice_comunicazione: 'C2', sede_comune: '999999' })]),
    );
    const good = writeFile(dir, 'good.csv', coCsv([coRow({ codice_comunicazione: 'G1' })]));
    const run = await ingest(db, [bad, good]);
    expect(run.code).toBe(1);
    expect(run.results[0]).toMatchObject({
      status: 'failed',
      rows_read: 2,
      rows_loaded: 0,
      rows_rejected: 2,
      error: expect.stringContaining('all 2 rows were rejected'),
    });
    expect(run.results[0]!.error).toContain(`co-pipeline rejects --batch ${run.results[0]!.batch_id}`);
    expect(run.results[1]).toMatchObject({ status: 'loaded', rows_loaded: 1 });
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM rejects')).toEqual([{ n: 2 }]);
    const inbox = path.join(dir, 'inbox');
    writeFile(inbox, 'x.csv', coCsv([coRow({ codice_comunicazione: 'X1', sesso: 'X' })]));
    const job = await runCli([
      '--db',
      path.join(dir, 'job.duckdb'),
      'run',
      '--inbox',
      inbox,
      '--out',
      path.join(dir, 'out'),
    ]);
    expect(job.code).toBe(1);
  });
});
