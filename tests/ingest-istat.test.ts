import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { query, runCli, tempDir, writeFile } from './helpers.js';

async function ingestIstat(content: string) {
  const dir = tempDir();
  const db = path.join(dir, 'co.duckdb');
  const run = await runCli(['--db', db, 'ingest', 'istat', '--json', writeFile(dir, 'istat.csv', content)], {});
  return { db, run, result: JSON.parse(run.stdout).files[0] as Record<string, any> };
}

const sdmxHead = 'DATAFLOW,FREQ,ITTER107,SEXISTAT1,ETA1,CITTADINANZA,TIME_PERIOD,OBS_VALUE,OBS_STATUS';
const sdmx = (territory: string, sex: string, citizenship: string, value: number | string, age = 'TOTAL') =>
  `IT1:22_289_DF_DCIS_POPSTRCIT1(1.0),A,${territory},${sex},${age},${citizenship},2024,${value},`;

describe('ingest istat', () => {
  it('reads SDMX-CSV: territory, sex and citizenship codes mapped, totals kept apart', async () => {
    const { db, result, run } = await ingestIstat(
      [
        sdmxHead,
        sdmx('ITC4C', '1', 'MA', 30000), // Milano, men, Morocco
        sdmx('ITC46', '2', 'MA', 12000), // Bergamo, women
        sdmx('ITC4C', '9', 'RO', 50000), // sex total: a total, Romania EU on 2024-01-01
        sdmx('ITC4', '1', 'MA', 30000), // Lombardy: a total
        sdmx('ITC4C', '1', 'ZZ', 5), // unknown citizenship code
        sdmx('ITC4C', '1', 'MA', 7, 'Y_XX'), // unknown age code
        sdmx('ITC9Z', '1', 'MA', 7), // unknown territory
      ].join('\n'),
    );
    expect(run.code).toBe(0);
    expect(result).toMatchObject({ rows_read: 7, rows_loaded: 4, rows_rejected: 3 });
    expect(
      await query(
        db,
        `SELECT riga::INTEGER AS riga, anno, data_riferimento::VARCHAR AS al, livello, provincia,
                                   cittadinanza, gruppo_cittadinanza AS gruppo, sesso, residenti::INTEGER AS n, totale
                            FROM istat_residenti ORDER BY riga`,
      ),
    ).toEqual([
      {
        riga: 2,
        anno: 2024,
        al: '2024-01-01',
        livello: 'provincia',
        provincia: 'MI',
        cittadinanza: '436',
        gruppo: 'NUE',
        sesso: 'M',
        n: 30000,
        totale: false,
      },
      {
        riga: 3,
        anno: 2024,
        al: '2024-01-01',
        livello: 'provincia',
        provincia: 'BG',
        cittadinanza: '436',
        gruppo: 'NUE',
        sesso: 'F',
        n: 12000,
        totale: false,
      },
      {
        riga: 4,
        anno: 2024,
        al: '2024-01-01',
        livello: 'provincia',
        provincia: 'MI',
        cittadinanza: '235',
        gruppo: 'UE',
        sesso: 'T',
        n: 50000,
        totale: true,
      },
      {
        riga: 5,
        anno: 2024,
        al: '2024-01-01',
        livello: 'regione',
        provincia: null,
        cittadinanza: '436',
        gruppo: 'NUE',
        sesso: 'M',
        n: 30000,
        totale: true,
      },
    ]);
    expect(
      await query(
        db,
        'SELECT line::INTEGER AS line, column_name AS col, value, reason_code AS reason FROM rejects ORDER BY line',
      ),
    ).toEqual([
      { line: 6, col: 'cittadinanza', value: 'ZZ', reason: 'unknown_code' },
      { line: 7, col: 'eta', value: 'Y_XX', reason: 'unknown_code' },
      { line: 8, col: 'territorio', value: 'ITC9Z', reason: 'unknown_code' },
    ]);
    // The region row equals the sum of its provinces for men from Morocco (30,000 = 30,000 in Milano),
    // and SDMX attribute columns (FREQ, OBS_STATUS) are expected: no warning.
    expect(result.warnings).toEqual([]);
  });

  it("warns when a region's total differs from the sum of its provinces, and never adds totals to their parts", async () => {
    const { db, result } = await ingestIstat(
      [sdmxHead, sdmx('ITC4C', '1', 'MA', 30000), sdmx('ITC46', '1', 'MA', 12000), sdmx('ITC4', '1', 'MA', 42001)].join(
        '\n',
      ),
    );
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'totale_incoerente', message: expect.stringContaining('42001 vs 42000') }),
      ]),
    );
    expect(await query(db, 'SELECT sum(residenti)::INTEGER AS n FROM istat_residenti WHERE NOT totale')).toEqual([
      { n: 42000 },
    ]);
  });

  it('reads the long layout, with ISTAT codes or groups and an empty sex for both', async () => {
    const { db, result } = await ingestIstat(
      [
        'anno;provincia;cittadinanza;sesso;residenti',
        '2023;MI;436;M;31000',
        '2023;015;NUE;;250000',
        '2023;BG;100;F;500000',
        '2013;BG;250;M;90',
      ].join('\n'),
    );
    expect(result).toMatchObject({ rows_loaded: 4, rows_rejected: 0 });
    expect(
      await query(
        db,
        `SELECT provincia, cittadinanza, gruppo_cittadinanza AS gruppo, sesso, residenti::INTEGER AS n, totale
                            FROM istat_residenti ORDER BY riga`,
      ),
    ).toEqual([
      { provincia: 'MI', cittadinanza: '436', gruppo: 'NUE', sesso: 'M', n: 31000, totale: false },
      { provincia: 'MI', cittadinanza: null, gruppo: 'NUE', sesso: 'T', n: 250000, totale: true },
      { provincia: 'BG', cittadinanza: '100', gruppo: 'ITA', sesso: 'F', n: 500000, totale: false },
      // Croatia on 1 January 2013 was not yet in the EU
      { provincia: 'BG', cittadinanza: '250', gruppo: 'NUE', sesso: 'M', n: 90, totale: false },
    ]);
  });

  it('fails a file that is neither layout, naming what is missing', async () => {
    const { run, result } = await ingestIstat('territorio,valore\nMI,3\n');
    expect(run.code).toBe(1);
    expect(result.error).toContain('missing required column');
  });
});
