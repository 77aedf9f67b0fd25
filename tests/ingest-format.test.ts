import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coCsv, coRow, header, ingest, query, tempDir, writeFile } from './helpers.js';

describe('ingest co: file format detection', () => {
  it('reads a comma-delimited file with BOM, CRLF, upper-case headers in reversed order', async () => {
    const dir = tempDir();
    const columns = [...header].reverse().map((c) => c.toUpperCase());
    const csv = coCsv([coRow(), coRow({ codice_comunicazione: 'C0002', lavoratore_cf: 'MRTMTT91D08F205J' })], {
      columns,
      delimiter: ',',
      eol: '\r\n',
    });
    const file = writeFile(dir, 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]));
    const db = path.join(dir, 'co.duckdb');
    const { code, results } = await ingest(db, [file]);
    expect(code).toBe(0);
    expect(results[0]).toMatchObject({ status: 'loaded', rows_read: 2, rows_loaded: 2, rows_rejected: 0 });
    const rows = await query(
      db,
      `SELECT codice_comunicazione, data_inizio::VARCHAR AS inizio, provincia, qualifica
                                  FROM co_comunicazioni ORDER BY 1`,
    );
    expect(rows).toEqual([
      { codice_comunicazione: 'C0001', inizio: '2024-03-04', provincia: 'MI', qualifica: '5.2.2.1.0.0' },
      { codice_comunicazione: 'C0002', inizio: '2024-03-04', provincia: 'MI', qualifica: '5.2.2.1.0.0' },
    ]);
    const [batch] = await query(db, 'SELECT encoding, delimiter FROM batches');
    expect(batch).toEqual({ encoding: 'utf-8-bom', delimiter: ',' });
  });

  it('reads Windows-1252: accented names and curly apostrophes survive', async () => {
    const dir = tempDir();
    const columns = header.map((c) => (c === 'lavoratore_cf' ? 'lavoratore_id' : c));
    // 0x92 is the right single quote in Windows-1252 (a control character in Latin-1), 0xC0 is À.
    const text = coCsv([coRow({ lavoratore_id: 'D@ANGELO CITT#' })], { columns });
    const bytes = Buffer.from(text, 'latin1');
    bytes[bytes.indexOf('@')] = 0x92;
    bytes[bytes.indexOf('#')] = 0xc0;
    const db = path.join(dir, 'co.duckdb');
    const { results } = await ingest(db, [writeFile(dir, 'cp1252.csv', bytes)]);
    expect(results[0]).toMatchObject({ status: 'loaded', rows_loaded: 1 });
    expect(await query(db, 'SELECT lavoratore_id FROM co_comunicazioni')).toEqual([
      { lavoratore_id: 'D\u2019ANGELO CITT\u00c0' },
    ]);
    expect(await query(db, 'SELECT encoding FROM batches')).toEqual([{ encoding: 'windows-1252' }]);
  });

  it('keeps quoted delimiters and line breaks, and reports lines as an editor shows them', async () => {
    const dir = tempDir();
    const good = coCsv([coRow()]).split('\n')[1]!;
    const lines = [
      header.join(';'),
      // line 2: a quoted field holding the delimiter
      good.replace('C0001', 'A').replace('5.2.2.1.0.0', '"5.2;x"'),
      // lines 3-4: a quoted field holding a line break
      good.replace('C0001', 'B').replace('5.2.2.1.0.0', '"riga1\nriga2"'),
      // line 5: one field too many
      `${good.replace('C0001', 'C')};EXTRA`,
      // line 6: an impossible date
      good.replace('C0001', 'D').replace(';2024-03-04;2024-09-30;', ';31/02/2024;2024-09-30;'),
      // line 7: fine
      good.replace('C0001', 'E'),
    ];
    const file = writeFile(dir, 'quoted.csv', `${lines.join('\n')}\n`);
    const db = path.join(dir, 'co.duckdb');
    const { results } = await ingest(db, [file]);
    expect(results[0]).toMatchObject({ status: 'loaded', rows_read: 5, rows_loaded: 3, rows_rejected: 2 });
    expect(
      await query(
        db,
        'SELECT codice_comunicazione AS c, riga::INTEGER AS riga, qualifica FROM co_comunicazioni ORDER BY riga',
      ),
    ).toEqual([
      { c: 'A', riga: 2, qualifica: '5.2;x' },
      { c: 'B', riga: 3, qualifica: 'riga1\nriga2' },
      { c: 'E', riga: 7, qualifica: '5.2.2.1.0.0' },
    ]);
    expect(
      await query(db, 'SELECT line::INTEGER AS line, column_name, value, reason_code FROM rejects ORDER BY line'),
    ).toEqual([
      { line: 5, column_name: null, value: null, reason_code: 'malformed_row' },
      { line: 6, column_name: 'data_inizio', value: '31/02/2024', reason_code: 'invalid_date' },
    ]);
  });

  it('numbers the lines of a file without quotes as an editor shows them, blank and malformed lines included', async () => {
    const dir = tempDir();
    const good = coCsv([coRow()]).split('\n')[1]!;
    const lines = [
      header.join(';'),
      good.replace('C0001', 'A'), // line 2
      '', // line 3: blank
      'C0002;ORD', // line 4: too few fields
      good.replace('C0001', 'B').replace(';2024-03-04;2024-09-30;', ';31/02/2024;2024-09-30;'), // line 5: impossible date
      good.replace('C0001', 'C'), // line 6
    ];
    for (const [name, eol] of [
      ['lf.csv', '\n'],
      ['crlf.csv', '\r\n'],
    ] as const) {
      const file = writeFile(dir, name, `${lines.join(eol)}${eol}`);
      const db = path.join(dir, `${name}.duckdb`);
      const { results } = await ingest(db, [file]);
      expect(results[0]).toMatchObject({ status: 'loaded', rows_loaded: 2, rows_rejected: 2 });
      expect(results[0]!.warnings).toContainEqual(
        expect.objectContaining({ code: 'blank_lines', message: '1 blank lines skipped (3)' }),
      );
      expect(
        await query(db, 'SELECT codice_comunicazione AS c, riga::INTEGER AS riga FROM co_comunicazioni ORDER BY riga'),
      ).toEqual([
        { c: 'A', riga: 2 },
        { c: 'C', riga: 6 },
      ]);
      expect(
        await query(db, 'SELECT line::INTEGER AS line, column_name, reason_code FROM rejects ORDER BY line'),
      ).toEqual([
        { line: 4, column_name: null, reason_code: 'malformed_row' }, // 2 fields where the header has 23
        { line: 5, column_name: 'data_inizio', reason_code: 'invalid_date' },
      ]);
    }
  });

  it('trims values padded with spaces, and reads the same values without trim when none is padded', async () => {
    const dir = tempDir();
    const padded = coRow({
      codice_comunicazione: ' C0001',
      tipo_evento: 'ass ',
      lavoratore_cf: ' rssmra85t10a562s ',
      sesso: ' m',
      datore_cf: '01234567897 ',
      sede_comune: ' 015146',
      data_inizio: ' 2024-03-04',
      qualifica: '5.2.2.1.0.0 ',
    });
    const clean = coRow({ tipo_evento: 'ass', lavoratore_cf: 'rssmra85t10a562s', sesso: 'm' });
    const values = `SELECT codice_comunicazione, tipo_evento, lavoratore_id, sesso, datore_id, sede_comune, provincia,
                            data_inizio::VARCHAR AS data_inizio, qualifica FROM co_comunicazioni`;
    const loaded = [];
    const nbsp = coRow({ codice_comunicazione: 'C0001\u00a0', sesso: '\u00a0m', qualifica: '5.2.2.1.0.0' });
    for (const [name, row, crlf] of [
      ['padded.csv', padded, false],
      ['padded-crlf.csv', coRow({ qualifica: '5.2.2.1.0.0 ' }), true],
      ['nbsp.csv', nbsp, false],
      ['clean.csv', clean, false],
    ] as const) {
      const file = writeFile(dir, name, coCsv([row], crlf ? { eol: '\r\n' } : {}));
      const db = path.join(dir, `${name}.duckdb`);
      const { results, logs } = await ingest(db, [file]);
      expect(logs.find((l) => l.msg === 'header accepted')).toMatchObject({ padded: name !== 'clean.csv' });
      expect(results[0]).toMatchObject({ status: 'loaded', rows_loaded: 1, rows_rejected: 0 });
      loaded.push(await query(db, values));
    }
    expect(loaded[0]).toEqual([
      expect.objectContaining({
        codice_comunicazione: 'C0001',
        tipo_evento: 'ASS',
        sesso: 'M',
        sede_comune: '015146',
        provincia: 'MI',
        data_inizio: '2024-03-04',
        qualifica: '5.2.2.1.0.0',
      }),
    ]);
    expect(loaded[1]).toEqual([expect.objectContaining({ qualifica: '5.2.2.1.0.0' })]);
    // no-break spaces are removed as DuckDB's trim() removes them
    expect(loaded[2]).toEqual([expect.objectContaining({ codice_comunicazione: 'C0001', sesso: 'M' })]);
    // the same worker and employer as the clean file: the padded codici fiscali were trimmed before hashing
    expect(loaded[0]).toEqual(loaded[3]);
  });

  it('reads a file with old Mac line ends (CR only)', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'cr.csv', coCsv([coRow(), coRow({ codice_comunicazione: 'C0002' })], { eol: '\r' }));
    const db = path.join(dir, 'co.duckdb');
    const { results } = await ingest(db, [file]);
    expect(results[0]).toMatchObject({ status: 'loaded', rows_loaded: 2, rows_rejected: 0 });
    expect(
      await query(db, 'SELECT codice_comunicazione AS c, riga::INTEGER AS riga FROM co_comunicazioni ORDER BY riga'),
    ).toEqual([
      { c: 'C0001', riga: 2 },
      { c: 'C0002', riga: 3 },
    ]);
  });

  it('reads Italian dates and a data_invio with a time', async () => {
    const dir = tempDir();
    const file = writeFile(
      dir,
      'it.csv',
      coCsv([
        coRow({
          data_invio: '01/03/2024 09:15:00',
          data_nascita: '10/12/1985',
          data_inizio: '04/03/2024',
          data_fine: '30/09/2024',
          data_evento: '04/03/2024',
        }),
      ]),
    );
    const db = path.join(dir, 'co.duckdb');
    await ingest(db, [file]);
    expect(
      await query(
        db,
        `SELECT data_invio::VARCHAR AS invio, data_nascita::VARCHAR AS nascita,
                                   data_fine::VARCHAR AS fine FROM co_comunicazioni`,
      ),
    ).toEqual([{ invio: '2024-03-01 09:15:00', nascita: '1985-12-10', fine: '2024-09-30' }]);
  });

  it('ignores an extra column with one warning naming it', async () => {
    const dir = tempDir();
    const file = writeFile(
      dir,
      'extra.csv',
      coCsv([coRow({ note_operatore: 'x' })], { columns: [...header, 'note_operatore'] }),
    );
    const { results } = await ingest(path.join(dir, 'co.duckdb'), [file]);
    expect(results[0]).toMatchObject({ status: 'loaded', rows_loaded: 1 });
    expect(results[0]!.warnings).toEqual([
      expect.objectContaining({ code: 'extra_columns', message: expect.stringContaining('note_operatore') }),
    ]);
  });

  it('fails a file with a missing required column before loading any row, and goes on with the others', async () => {
    const dir = tempDir();
    const bad = writeFile(dir, 'bad.csv', coCsv([coRow()], { columns: header.filter((c) => c !== 'data_evento') }));
    const good = writeFile(dir, 'good.csv', coCsv([coRow()]));
    const db = path.join(dir, 'co.duckdb');
    const { code, results } = await ingest(db, [bad, good]);
    expect(code).toBe(1);
    expect(results[0]).toMatchObject({ status: 'failed', rows_loaded: 0 });
    expect(results[0]!.error).toContain('bad.csv');
    expect(results[0]!.error).toContain('data_evento');
    expect(results[1]).toMatchObject({ status: 'loaded', rows_loaded: 1 });
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM co_comunicazioni')).toEqual([{ n: 1 }]);
  });

  it('loads a header-only file as zero rows with a warning', async () => {
    const dir = tempDir();
    const { code, results } = await ingest(path.join(dir, 'co.duckdb'), [writeFile(dir, 'h.csv', coCsv([]))]);
    expect(code).toBe(0);
    expect(results[0]).toMatchObject({ status: 'loaded', rows_read: 0, rows_loaded: 0 });
    expect(results[0]!.warnings.map((w: { code: string }) => w.code)).toEqual(['no_rows']);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'empty'],
    ['a binary file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0xff, 0xfe]), 'binary'],
    ['a file that is not a CO extract', Buffer.from('nome,cognome\nMario,Rossi\n'), 'missing required column'],
  ])('fails %s with a message naming the file', async (_name, content, message) => {
    const dir = tempDir();
    const file = writeFile(dir, 'x.csv', content);
    const { code, results, stderr } = await ingest(path.join(dir, 'co.duckdb'), [file]);
    expect(code).toBe(1);
    expect(results[0]).toMatchObject({ status: 'failed' });
    expect(results[0]!.error).toContain('x.csv');
    expect(results[0]!.error).toContain(message);
    expect(stderr).toBe('');
  });
});
