import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coCsv, coRow, ingest, query, readText, runCli, tempDir, writeFile, type CoRow } from './helpers.js';

/** A file whose line 2 is a good row and line 3 the row under test; returns the database. */
async function ingestPair(bad: CoRow, extra: string[] = []) {
  const dir = tempDir();
  const db = path.join(dir, 'co.duckdb');
  const file = writeFile(dir, 'pair.csv', coCsv([coRow(), coRow({ codice_comunicazione: 'C0002', ...bad })]));
  const run = await ingest(db, [file], extra);
  return { db, dir, file, ...run };
}

const nonEu = { cittadinanza: '436', titolo_soggiorno: '1', motivo_permesso: 'LAVOR', scadenza_permesso: '2025-06-30' };

describe('ingest co: every row loaded or rejected with line, column and reason', () => {
  it.each([
    ['an impossible date', { data_nascita: '31/02/1985' }, 'data_nascita', 'invalid_date', '31/02/1985'],
    ['a value that is not a date', { data_evento: 'ieri' }, 'data_evento', 'invalid_date', 'ieri'],
    ['a malformed data_invio', { data_invio: '2024-13-01' }, 'data_invio', 'invalid_date', '2024-13-01'],
    ['a missing required field', { sesso: '' }, 'sesso', 'missing', null],
    ['a missing employer', { datore_cf: '' }, 'datore_cf', 'missing', null],
    ['data_fine before data_inizio', { data_fine: '2024-01-31' }, 'data_fine', 'end_before_start', '2024-01-31'],
    [
      'data_evento before data_inizio',
      { tipo_evento: 'CES', motivo_cessazione: 'DI', data_evento: '2024-03-01' },
      'data_evento',
      'event_before_start',
      '2024-03-01',
    ],
    [
      'a codice fiscale with a wrong check character',
      { lavoratore_cf: 'BNCGVN80A41F205X' },
      'lavoratore_cf',
      'invalid_codice_fiscale',
      '[codice fiscale oscurato, 16 caratteri]',
    ],
    [
      'an employer partita IVA with a wrong check digit',
      { datore_cf: '01234567890' },
      'datore_cf',
      'invalid_codice_fiscale',
      '[codice fiscale oscurato, 11 caratteri]',
    ],
    ['an unknown tipo_evento', { tipo_evento: 'XXX' }, 'tipo_evento', 'unknown_code', 'XXX'],
    ['an unknown tipo_comunicazione', { tipo_comunicazione: 'MOD' }, 'tipo_comunicazione', 'unknown_code', 'MOD'],
    ['an unknown titolo_soggiorno', { ...nonEu, titolo_soggiorno: '9' }, 'titolo_soggiorno', 'unknown_code', '9'],
    ['an unknown cittadinanza', { cittadinanza: '777' }, 'cittadinanza', 'unknown_code', '777'],
    ['an unknown sede_comune', { sede_comune: '999999' }, 'sede_comune', 'unknown_code', '999999'],
    ['a sex that is not M or F', { sesso: 'X' }, 'sesso', 'invalid_value', 'X'],
    ['a malformed ATECO code', { datore_ateco: 'ABC' }, 'datore_ateco', 'invalid_value', 'ABC'],
    [
      'a non-EU worker without titolo_soggiorno',
      { ...nonEu, titolo_soggiorno: '' },
      'titolo_soggiorno',
      'missing_for_non_eu',
      null,
    ],
    ['a proroga without data_fine', { tipo_evento: 'PRO', data_fine: '' }, 'data_fine', 'missing_for_fixed_term', null],
    [
      'a rettifica without the communication it corrects',
      { tipo_comunicazione: 'RET' },
      'codice_comunicazione_prec',
      'missing',
      null,
    ],
    ['a cessazione without motivo_cessazione', { tipo_evento: 'CES' }, 'motivo_cessazione', 'missing', null],
  ])('rejects %s', async (_name, bad, column, reason, value) => {
    const { db, results, code } = await ingestPair(bad);
    expect(code).toBe(0);
    expect(results[0]).toMatchObject({ status: 'loaded', rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
    expect(await query(db, 'SELECT line::INTEGER AS line, column_name, value, reason_code FROM rejects')).toEqual([
      { line: 3, column_name: column, value, reason_code: reason },
    ]);
    expect(await query(db, 'SELECT codice_comunicazione FROM co_comunicazioni')).toEqual([
      { codice_comunicazione: 'C0001' },
    ]);
  });

  it('reports every failing column of a row, and counts the row once', async () => {
    const { db, results } = await ingestPair({ sesso: '', data_inizio: '2024-02-30' });
    expect(results[0]).toMatchObject({ rows_rejected: 1, rows_loaded: 1 });
    expect(await query(db, 'SELECT column_name, reason_code FROM rejects ORDER BY column_name')).toEqual([
      { column_name: 'data_inizio', reason_code: 'invalid_date' },
      { column_name: 'sesso', reason_code: 'missing' },
    ]);
  });

  it.each([
    ['tipo_contratto', { tipo_contratto: 'Z.99.99' }, 'unknown_tipo_contratto'],
    ['motivo_cessazione', { tipo_evento: 'CES', motivo_cessazione: 'QQ' }, 'unknown_motivo_cessazione'],
    ['codice_trasformazione', { tipo_evento: 'TRS', codice_trasformazione: 'ZZ' }, 'unknown_codice_trasformazione'],
  ])('loads an unknown %s with a data-quality warning', async (column, bad, warning) => {
    const { db, results } = await ingestPair(bad);
    expect(results[0]).toMatchObject({ rows_loaded: 2, rows_rejected: 0 });
    expect(results[0]!.warnings).toEqual([expect.objectContaining({ code: warning, column, n: 1 })]);
    const status = await runCli(['--db', db, 'status']);
    expect(status.stdout).toContain(warning);
  });

  it('asks a residence document only of workers outside the EU on the event date', async () => {
    const croatian = { cittadinanza: '250', titolo_soggiorno: '' };
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const file = writeFile(
      dir,
      'eu.csv',
      coCsv([
        // Croatia joined the EU on 2013-07-01: a hire in March 2013 needs a permit, one in 2014 does not.
        coRow({
          ...croatian,
          codice_comunicazione: 'HR2013',
          data_invio: '2013-03-01',
          data_inizio: '2013-03-04',
          data_evento: '2013-03-04',
          data_fine: '2013-09-30',
        }),
        coRow({
          ...croatian,
          codice_comunicazione: 'HR2014',
          data_invio: '2014-03-01',
          data_inizio: '2014-03-04',
          data_evento: '2014-03-04',
          data_fine: '2014-09-30',
        }),
        // Switzerland is outside the EU but its citizens need no permit.
        coRow({ codice_comunicazione: 'CH', cittadinanza: '241' }),
        // The United Kingdom left on 2020-01-31.
        coRow({
          codice_comunicazione: 'UK2019',
          cittadinanza: '219',
          data_invio: '2019-03-01',
          data_inizio: '2019-03-04',
          data_evento: '2019-03-04',
          data_fine: '2019-09-30',
        }),
        coRow({
          codice_comunicazione: 'UK2021',
          cittadinanza: '219',
          data_invio: '2021-03-01',
          data_inizio: '2021-03-04',
          data_evento: '2021-03-04',
          data_fine: '2021-09-30',
        }),
      ]),
    );
    await ingest(db, [file]);
    expect(await query(db, 'SELECT codice_comunicazione AS c FROM co_comunicazioni ORDER BY 1')).toEqual([
      { c: 'CH' },
      { c: 'HR2014' },
      { c: 'UK2019' },
    ]);
    expect(await query(db, 'SELECT line::INTEGER AS line, reason_code FROM rejects ORDER BY line')).toEqual([
      { line: 2, reason_code: 'missing_for_non_eu' },
      { line: 6, reason_code: 'missing_for_non_eu' },
    ]);
  });

  it('reads CO and ISTAT codes for Italy, and old municipality codes, to the same province', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    await ingest(db, [
      writeFile(
        dir,
        'codes.csv',
        coCsv([
          coRow({ codice_comunicazione: 'A', cittadinanza: '000', sede_comune: 'F205' }),
          coRow({ codice_comunicazione: 'B', cittadinanza: '100', sede_comune: '15146' }),
          coRow({ codice_comunicazione: 'C', sede_comune: 'F704' }),
        ]),
      ),
    ]);
    expect(
      await query(
        db,
        'SELECT codice_comunicazione AS c, cittadinanza, sede_comune, provincia FROM co_comunicazioni ORDER BY 1',
      ),
    ).toEqual([
      { c: 'A', cittadinanza: '100', sede_comune: '015146', provincia: 'MI' },
      { c: 'B', cittadinanza: '100', sede_comune: '015146', provincia: 'MI' },
      { c: 'C', cittadinanza: '100', sede_comune: '108033', provincia: 'MB' },
    ]);
  });

  it('exports rejects with file, line, column, value and reason', async () => {
    const { db, dir } = await ingestPair({ data_inizio: '31/02/2024' });
    const out = path.join(dir, 'rejects.csv');
    const run = await runCli(['--db', db, 'rejects', '--out', out]);
    expect(run.code).toBe(0);
    const lines = readText(out).trim().split('\n');
    expect(lines[0]).toBe('batch_id,file,line,column,value,reason_code,reason');
    expect(lines[1]).toMatch(/^1,pair\.csv,3,data_inizio,31\/02\/2024,invalid_date,"?not a date/);
    expect(lines).toHaveLength(2);
    const missingBatch = await runCli(['--db', db, 'rejects', '--batch', '9', '--out', out]);
    expect(missingBatch.code).toBe(1);
    expect(missingBatch.stderr).toContain('no batch 9');
  });

  it('with --strict fails the whole file on one rejected row', async () => {
    const { db, results, code } = await ingestPair({ sesso: '' }, ['--strict']);
    expect(code).toBe(1);
    expect(results[0]).toMatchObject({ status: 'failed' });
    expect(results[0]!.error).toContain('--strict');
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM co_comunicazioni')).toEqual([{ n: 0 }]);
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM rejects')).toEqual([{ n: 0 }]);
  });
});
