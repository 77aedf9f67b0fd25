import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coCsv, coRow, ingest, query, tempDir, writeFile } from './helpers.js';

const snapshot = (db: string) =>
  query(
    db,
    `
  SELECT (SELECT count(*) FROM co_comunicazioni)::INTEGER AS comunicazioni,
         (SELECT count(*) FROM batches)::INTEGER AS batches,
         (SELECT count(*) FROM rejects)::INTEGER AS rejects,
         (SELECT count(*) FROM co_ripetizioni)::INTEGER AS ripetizioni,
         (SELECT sum(hash(codice_comunicazione, lavoratore_id, qualifica, batch_id)) FROM co_comunicazioni)::VARCHAR AS checksum`,
  );

describe('ingest co: idempotence and repeats (R2)', () => {
  it('re-ingesting a file already loaded changes nothing and says so', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const file = writeFile(dir, 'a.csv', coCsv([coRow(), coRow({ codice_comunicazione: 'C0002', sesso: '' })]));
    const first = await ingest(db, [file]);
    const before = await snapshot(db);
    const again = await ingest(db, [file]);
    expect(again.code).toBe(0);
    expect(again.results[0]).toMatchObject({
      status: 'skipped',
      batch_id: first.results[0]!.batch_id,
      sha256: first.results[0]!.sha256,
    });
    expect(again.logs.some((l) => String(l.msg).includes('already loaded'))).toBe(true);
    expect(await snapshot(db)).toEqual(before);
  });

  it('leaves the row groups of an earlier file in place when a changed repeat replaces one of its rows', async () => {
    // The checkpoint of an ingest runs with DuckDB's vacuum off (withoutVacuum): a vacuum
    // would merge the earlier file's row group, which lost a row, with the new file's rows,
    // rewriting every column of both (at 10 million rows, seconds for each monthly file).
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const rows = (month: string, n: number) =>
      Array.from({ length: n }, (_, i) => coRow({ codice_comunicazione: `C${month}${i}` }));
    const january = writeFile(dir, 'co_2024-01.csv', coCsv(rows('01', 50)));
    const february = writeFile(
      dir,
      'co_2024-02.csv',
      coCsv([...rows('02', 50), coRow({ codice_comunicazione: 'C010', qualifica: '8.1.4.2.0.0' })]),
    );
    expect((await ingest(db, [january])).code).toBe(0);
    const replaced = await ingest(db, [february]);
    expect(replaced.results[0]).toMatchObject({ rows_loaded: 51, rows_conflicting: 1 });
    const [groups] = await query<{ n: number; rows: number }>(
      db,
      `SELECT count(DISTINCT row_group_id)::INTEGER AS n, (SELECT count(*) FROM co_comunicazioni)::INTEGER AS rows
       FROM pragma_storage_info('co_comunicazioni')`,
    );
    expect(groups).toEqual({ n: 2, rows: 100 });
  });

  it('keeps a communication repeated across overlapping extracts once; a changed repeat wins and is recorded', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const january = writeFile(
      dir,
      'co_2024-01.csv',
      coCsv([
        coRow({ codice_comunicazione: 'C1' }),
        // The code's birth date (8 April 91) is the row's, so the code raises no data-quality warning.
        coRow({ codice_comunicazione: 'C2', lavoratore_cf: 'MRTMTT91D08F205J', data_nascita: '1991-04-08' }),
      ]),
    );
    const february = writeFile(
      dir,
      'co_2024-02.csv',
      coCsv([
        coRow({ codice_comunicazione: 'C2', lavoratore_cf: 'MRTMTT91D08F205J', data_nascita: '1991-04-08' }), // identical repeat
        coRow({ codice_comunicazione: 'C3' }),
        coRow({ codice_comunicazione: 'C1', qualifica: '8.1.4.2.0.0' }), // same code, different content
      ]),
    );
    const run = await ingest(db, [january, february]);
    expect(run.results[1]).toMatchObject({
      rows_read: 3,
      rows_loaded: 3,
      rows_rejected: 0,
      rows_repeated: 1,
      rows_conflicting: 1,
    });
    expect(run.results[1]!.warnings).toEqual([expect.objectContaining({ code: 'conflicting_repeats', n: 1 })]);
    expect(
      await query(
        db,
        `SELECT codice_comunicazione AS c, batch_id, riga::INTEGER AS riga, qualifica
                            FROM co_comunicazioni ORDER BY 1`,
      ),
    ).toEqual([
      { c: 'C1', batch_id: 2, riga: 4, qualifica: '8.1.4.2.0.0' },
      { c: 'C2', batch_id: 1, riga: 3, qualifica: '5.2.2.1.0.0' },
      { c: 'C3', batch_id: 2, riga: 3, qualifica: '5.2.2.1.0.0' },
    ]);
    expect(
      await query(
        db,
        `SELECT codice_comunicazione AS c, batch_id, riga::INTEGER AS riga, batch_id_prec,
                                   riga_prec::INTEGER AS riga_prec, esito FROM co_ripetizioni ORDER BY 1`,
      ),
    ).toEqual([
      { c: 'C1', batch_id: 2, riga: 4, batch_id_prec: 1, riga_prec: 2, esito: 'diversa' },
      { c: 'C2', batch_id: 2, riga: 2, batch_id_prec: 1, riga_prec: 3, esito: 'identica' },
    ]);
  });

  it('keeps the later line when a file repeats a communication', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const file = writeFile(
      dir,
      'dup.csv',
      coCsv([
        coRow({ codice_comunicazione: 'C1', qualifica: 'prima' }),
        coRow({ codice_comunicazione: 'C1', qualifica: 'seconda' }),
      ]),
    );
    const run = await ingest(db, [file]);
    expect(run.results[0]).toMatchObject({ rows_read: 2, rows_loaded: 2, rows_conflicting: 1 });
    expect(await query(db, 'SELECT qualifica, riga::INTEGER AS riga FROM co_comunicazioni')).toEqual([
      { qualifica: 'seconda', riga: 3 },
    ]);
  });
});
