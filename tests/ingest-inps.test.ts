import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { query, runCli, tempDir, writeFile } from './helpers.js';

const head = 'periodo;provincia;prestazione;cittadinanza;sesso;beneficiari;ore_autorizzate';

async function ingestInps(lines: string[], extra: string[] = []) {
  const dir = tempDir();
  const db = path.join(dir, 'co.duckdb');
  const file = writeFile(dir, 'inps.csv', `${[head, ...lines].join('\n')}\n`);
  const run = await runCli(['--db', db, 'ingest', 'inps', '--json', ...extra, file], {});
  return { db, dir, file, run, result: JSON.parse(run.stdout).files[0] as Record<string, any> };
}

describe('ingest inps', () => {
  it('reads every period form, province and citizenship form, and groups citizenship on the period end', async () => {
    const { db, result, run } = await ingestInps([
      '2013-H1;MI;NASPI;250;F;12;',
      '2025-03;015;CIGO;235;;40;1234,5',
      '2025;BG;FIS;NUE;M;7;',
      '2024-H2;16;NASPI;ITA;F;100;',
    ]);
    expect(run.code).toBe(0);
    expect(result).toMatchObject({ status: 'loaded', rows_read: 4, rows_loaded: 4, rows_rejected: 0 });
    expect(
      await query(
        db,
        `SELECT riga::INTEGER AS riga, periodo_tipo AS t, periodo_inizio::VARCHAR AS inizio,
                                   periodo_fine::VARCHAR AS fine, provincia, cittadinanza, gruppo_cittadinanza AS gruppo,
                                   sesso, beneficiari::INTEGER AS n, ore_autorizzate AS ore
                            FROM inps_beneficiari ORDER BY riga`,
      ),
    ).toEqual([
      // Croatia joined the EU on 2013-07-01, after the end of 2013-H1
      {
        riga: 2,
        t: 'S',
        inizio: '2013-01-01',
        fine: '2013-06-30',
        provincia: 'MI',
        cittadinanza: '250',
        gruppo: 'NUE',
        sesso: 'F',
        n: 12,
        ore: null,
      },
      {
        riga: 3,
        t: 'M',
        inizio: '2025-03-01',
        fine: '2025-03-31',
        provincia: 'MI',
        cittadinanza: '235',
        gruppo: 'UE',
        sesso: null,
        n: 40,
        ore: 1234.5,
      },
      {
        riga: 4,
        t: 'A',
        inizio: '2025-01-01',
        fine: '2025-12-31',
        provincia: 'BG',
        cittadinanza: null,
        gruppo: 'NUE',
        sesso: 'M',
        n: 7,
        ore: null,
      },
      {
        riga: 5,
        t: 'S',
        inizio: '2024-07-01',
        fine: '2024-12-31',
        provincia: 'BG',
        cittadinanza: null,
        gruppo: 'ITA',
        sesso: 'F',
        n: 100,
        ore: null,
      },
    ]);
  });

  it('rejects each bad value with line, column and reason, and keeps the good rows', async () => {
    const { db, result } = await ingestInps([
      '2025-H1;MI;NASPI;NUE;F;10;',
      '2025-H3;MI;NASPI;NUE;F;10;',
      '2025-13;MI;NASPI;NUE;F;10;',
      '2025-H1;XX;NASPI;NUE;F;10;',
      '2025-H1;MI;NASPI;777;F;10;',
      '2025-H1;MI;NASPI;NUE;X;10;',
      '2025-H1;MI;NASPI;NUE;F;-3;',
      '2025-H1;MI;NASPI;NUE;F;1.5;',
      '2025-H1;MI;;NUE;F;10;',
      '2025-H1;MI;CIGO;NUE;F;10;molte',
    ]);
    expect(result).toMatchObject({ rows_read: 10, rows_loaded: 1, rows_rejected: 9 });
    expect(
      await query(
        db,
        'SELECT line::INTEGER AS line, column_name AS col, value, reason_code AS reason FROM rejects ORDER BY line',
      ),
    ).toEqual([
      { line: 3, col: 'periodo', value: '2025-H3', reason: 'invalid_value' },
      { line: 4, col: 'periodo', value: '2025-13', reason: 'invalid_value' },
      { line: 5, col: 'provincia', value: 'XX', reason: 'unknown_code' },
      { line: 6, col: 'cittadinanza', value: '777', reason: 'unknown_code' },
      { line: 7, col: 'sesso', value: 'X', reason: 'invalid_value' },
      { line: 8, col: 'beneficiari', value: '-3', reason: 'not_a_number' },
      // 1.5 can only be read with a decimal point, so the file is read that way: 1.5 people is not a count
      { line: 9, col: 'beneficiari', value: '1.5', reason: 'not_whole' },
      { line: 10, col: 'prestazione', value: null, reason: 'missing' },
      { line: 11, col: 'ore_autorizzate', value: 'molte', reason: 'not_a_number' },
    ]);
  });

  it('keeps an unknown benefit code as written, with a warning', async () => {
    const { db, result } = await ingestInps(['2025-H1;MI;ALTRA;NUE;F;10;']);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'unknown_prestazione', n: 1 })]);
    expect(await query(db, 'SELECT prestazione FROM inps_beneficiari')).toEqual([{ prestazione: 'ALTRA' }]);
  });

  it('fails a file without a required column, and skips a file already loaded', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const bad = writeFile(dir, 'bad.csv', 'periodo;provincia;prestazione;beneficiari\n2025-H1;MI;NASPI;3\n');
    const run = await runCli(['--db', db, 'ingest', 'inps', bad], {});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('cittadinanza');
    const good = writeFile(dir, 'good.csv', `${head}\n2025-H1;MI;NASPI;NUE;F;3;\n`);
    await runCli(['--db', db, 'ingest', 'inps', good], {});
    const again = await runCli(['--db', db, 'ingest', 'inps', '--json', good], {});
    expect(JSON.parse(again.stdout).files[0]).toMatchObject({ status: 'skipped' });
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM inps_beneficiari')).toEqual([{ n: 1 }]);
  });
});
