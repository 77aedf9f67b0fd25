import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { createLogger } from '../src/runtime/logger.js';
import { orimTable, parseSemester } from '../src/marts/orimTables.js';
import { query, runCli, tempDir, writeFile } from './helpers.js';

const head = 'periodo;provincia;prestazione;cittadinanza;sesso;beneficiari;ore_autorizzate';

async function ingestInps(lines: string[]) {
  const dir = tempDir();
  const db = path.join(dir, 'co.duckdb');
  const file = writeFile(dir, 'inps.csv', `${[head, ...lines].join('\n')}\n`);
  const run = await runCli(['--db', db, 'ingest', 'inps', '--json', file], {});
  return { db, run, result: JSON.parse(run.stdout).files[0] as Record<string, any> };
}
const rejects = (db: string) =>
  query(
    db,
    'SELECT line::INTEGER AS line, column_name AS col, value, reason_code AS reason FROM rejects ORDER BY line, col',
  );

describe('INPS numbers written the Italian way', () => {
  it('reads . as thousands, , as decimals and - as zero; people must be whole', async () => {
    const { db, result } = await ingestInps([
      '2025-01;MI;CIGO;NUE;;1.234;12.500', // 1234 people, 12500 hours
      '2025-02;MI;CIGO;NUE;;1234;1.234,5', // plain digits still fine; 1234.5 hours
      '2025-03;MI;CIGO;NUE;;-;-', // INPS's dash: zero people, zero hours
      '2025-04;MI;CIGO;NUE;;1.234.567;0,5', // several groups: 1234567; half an hour
      '2025-05;MI;CIGO;NUE;;12,5;', // 12,5 people: not a count
      '2025-06;MI;CIGO;NUE;;1.2.3;', // dot groups not of three: not a number
      '2025-07;MI;CIGO;NUE;;1e3;', // not written the Italian way
      '2025-08;MI;CIGO;NUE;;7;12 ore', // hours: not a number
    ]);
    // (1.23 or 12.50 here would be a decimal point in a file with decimal commas: the file is refused, see below)
    expect(result).toMatchObject({ rows_read: 8, rows_loaded: 4, rows_rejected: 4 });
    expect(
      await query(
        db,
        'SELECT periodo, beneficiari::BIGINT::VARCHAR AS n, ore_autorizzate AS ore FROM inps_beneficiari ORDER BY periodo',
      ),
    ).toEqual([
      { periodo: '2025-01', n: '1234', ore: 12500 },
      { periodo: '2025-02', n: '1234', ore: 1234.5 },
      { periodo: '2025-03', n: '0', ore: 0 },
      { periodo: '2025-04', n: '1234567', ore: 0.5 },
    ]);
    expect(await rejects(db)).toEqual([
      { line: 6, col: 'beneficiari', value: '12,5', reason: 'not_whole' },
      { line: 7, col: 'beneficiari', value: '1.2.3', reason: 'not_a_number' },
      { line: 8, col: 'beneficiari', value: '1e3', reason: 'not_a_number' },
      { line: 9, col: 'ore_autorizzate', value: '12 ore', reason: 'not_a_number' },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('reads a file that writes decimals with a point (INPS open data: 15785.0), and rejects 1.234 there as ambiguous', async () => {
    const { db, result } = await ingestInps([
      '2025-01;MI;CIGO;NUE;;13.0;15785.0', // 13 people, 15785 hours
      '2025-02;MI;CIGO;NUE;;7;0.5', // half an hour
      '2025-03;MI;CIGO;NUE;;1.234;', // 1234 or 1.234? rejected
      '2025-04;MI;CIGO;NUE;;2.5;', // 2.5 people: not a count
      '2025-05;MI;CIGO;NUE;;1.23;', // 1.23 people: not a count either
    ]);
    expect(result).toMatchObject({ rows_loaded: 2, rows_rejected: 3 });
    expect(
      await query(
        db,
        'SELECT periodo, beneficiari::INTEGER AS n, ore_autorizzate AS ore FROM inps_beneficiari ORDER BY periodo',
      ),
    ).toEqual([
      { periodo: '2025-01', n: 13, ore: 15785 },
      { periodo: '2025-02', n: 7, ore: 0.5 },
    ]);
    expect(await rejects(db)).toEqual([
      { line: 4, col: 'beneficiari', value: '1.234', reason: 'ambiguous_number' },
      { line: 5, col: 'beneficiari', value: '2.5', reason: 'not_whole' },
      { line: 6, col: 'beneficiari', value: '1.23', reason: 'not_whole' },
    ]);
    // values only a decimal point reads: 13.0, 15785.0, 0.5, 2.5, 1.23 (1.234 fits both readings)
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'decimal_point', n: 5 })]);
  });

  it('refuses a file that writes numbers both ways, naming a value of each', async () => {
    const { db, run, result } = await ingestInps([
      '2025-01;MI;CIGO;NUE;;10;1.234,5',
      '2025-02;MI;CIGO;NUE;;10;15785.0',
    ]);
    expect(run.code).toBe(1);
    expect(result.status).toBe('failed');
    expect(result.error).toContain('line 2, column ore_autorizzate: 1.234,5');
    expect(result.error).toContain('line 3, column ore_autorizzate: 15785.0');
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM inps_beneficiari')).toEqual([{ n: 0 }]);
  });
});

describe('INPS provinces by name', () => {
  it('reads names in any case, short and bilingual forms, and keeps region rows apart', async () => {
    const { db, result } = await ingestInps([
      '2025-H1;Varese;NASPI;NUE;;1;',
      '2025-H1;VARESE;NASPI;NUE;;2;',
      '2025-H1;Monza e della Brianza;NASPI;NUE;;3;',
      '2025-H1;Monza e Brianza;NASPI;NUE;;4;',
      '2025-H1;Milano;NASPI;NUE;;5;',
      "2025-H1;Reggio nell'Emilia;NASPI;NUE;;6;",
      '2025-H1;Reggio Emilia;NASPI;NUE;;7;',
      '2025-H1;Bolzano/Bozen;NASPI;NUE;;8;',
      '2025-H1;Bozen;NASPI;NUE;;9;',
      '2025-H1;Forlì-Cesena;NASPI;NUE;;10;',
      '2025-H1;Lombardia;NASPI;NUE;;100;',
      '2025-H1;Varesotto;NASPI;NUE;;11;',
    ]);
    expect(result).toMatchObject({ rows_read: 12, rows_loaded: 11, rows_rejected: 1 });
    expect(
      await query(
        db,
        'SELECT provincia, codice_provincia AS codice, beneficiari::INTEGER AS n FROM inps_beneficiari ORDER BY n',
      ),
    ).toEqual([
      { provincia: 'VA', codice: '012', n: 1 },
      { provincia: 'VA', codice: '012', n: 2 },
      { provincia: 'MB', codice: '108', n: 3 },
      { provincia: 'MB', codice: '108', n: 4 },
      { provincia: 'MI', codice: '015', n: 5 },
      { provincia: 'RE', codice: '035', n: 6 },
      { provincia: 'RE', codice: '035', n: 7 },
      { provincia: 'BZ', codice: '021', n: 8 },
      { provincia: 'BZ', codice: '021', n: 9 },
      { provincia: 'FC', codice: '040', n: 10 },
    ]);
    // Lombardia (region 03) is a total: kept apart, not a province
    expect(await query(db, 'SELECT codice_regione, beneficiari::INTEGER AS n FROM inps_beneficiari_regioni')).toEqual([
      { codice_regione: '03', n: 100 },
    ]);
    expect(await rejects(db)).toEqual([{ line: 13, col: 'provincia', value: 'Varesotto', reason: 'unknown_code' }]);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'region_totals', n: 1 })]);
  });

  it('does not add region rows to the ORIM table of recipients', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const file = writeFile(
      dir,
      'inps.csv',
      `${[head, '2025-H1;Varese;NASPI;NUE;;40;', '2025-H1;Lombardia;NASPI;NUE;;900;'].join('\n')}\n`,
    );
    await runCli(['--db', db, 'ingest', 'inps', file], {});
    // the table of the semester holds Varese's 40, not 940 nor a row for the region
    const handle = await openPipelineDb(db);
    try {
      const rows = await orimTable(
        handle,
        'inps_beneficiari',
        parseSemester('2025-H1'),
        createLogger({ level: 'silent' }),
      );
      expect(rows.map((r) => ({ provincia: r.provincia, n: Number(r.beneficiari) }))).toEqual([
        { provincia: 'VA', n: 40 },
      ]);
    } finally {
      handle.close();
    }
  });
});
