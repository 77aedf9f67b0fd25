import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { query, readText, runCli, tempDir, writeFile } from './helpers.js';
import { comm, scenarioDb, worker } from './scenarios.js';

/**
 * ISTAT extracts in the shapes ISTAT exports them (fixtures/istat, see its README): each
 * flow recognised from DATAFLOW and DATA_TYPE and loaded into its own table; anything
 * else refused whole. Expected values read by hand from the fixture rows.
 */
const fixture = (name: string) => path.resolve('fixtures', 'istat', name);
const residents = fixture('stranieri_area_cittadinanza_lombardia_2023.csv');
const permits = fixture('permessi_soggiorno_lombardia_2023_2024.csv');
const labour = fixture('tasso_occupazione_stranieri_2022_2023.csv');

async function ingestIstat(db: string, file: string) {
  const run = await runCli(['--db', db, 'ingest', 'istat', '--json', file], {});
  return { run, result: JSON.parse(run.stdout).files[0] as Record<string, any> };
}
const num = (rows: Record<string, unknown>[]) =>
  rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === 'string' && /^\d+$/.test(v) && k !== 'codice_provincia' ? Number(v) : v,
      ]),
    ),
  );

describe('ISTAT flows as ISTAT exports them', () => {
  it('reads foreign residents by geopolitical area (POPSTRCIT1_24): non-EU = WORLD minus EU28 per province and sex, into the report', async () => {
    // One CO communication in 2023 so that the 2023-H1 report has data to stand on.
    const { dir, db } = await scenarioDb([
      comm(worker('A'), { data_inizio: '2023-02-01', data_fine: '2023-12-31', data_invio: '2023-01-31' }),
    ]);
    const { run, result } = await ingestIstat(db, residents);
    expect(run.code).toBe(0);
    expect(result).toMatchObject({ rows_read: 585, rows_loaded: 585, rows_rejected: 0 });
    // EU28 still holds the United Kingdom in 2023: said, not hidden.
    expect(result.warnings.map((w: { code: string }) => w.code)).toEqual(['ue28_con_regno_unito']);
    // Every row is a total except the stateless (999) of each province and sex: areas, EU28 and WORLD are
    // aggregates. 12 provinces x 2 sexes = 24, less Sondrio's two (ISTAT writes no 999 row for it): 22.
    expect(
      num(
        await query(
          db,
          `SELECT count(*) FILTER (WHERE NOT totale) AS parti, count(DISTINCT provincia) AS province
                                FROM istat_residenti`,
        ),
      ),
    ).toEqual([{ parti: 22, province: 12 }]);

    const out = path.join(dir, 'report');
    // one communication does not cover the semester: --allow-partial writes it all the same
    const report = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2023-H1', '--out', out, '--min-cell', '1', '--allow-partial'],
      {},
    );
    expect(report.code, report.stderr).toBe(0);
    const table = (await import('node:fs')).readFileSync(path.join(out, 'tables', 'istat_popolazione.csv'), 'utf8');
    const [head, ...lines] = table
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const at = (name: string) => head!.indexOf(name);
    const rows = lines.map((r) => ({
      p: r[at('provincia')],
      g: r[at('gruppo_cittadinanza')],
      s: r[at('sesso')],
      n: r[at('residenti')],
    }));
    const cell = (p: string, g: string, s: string) => rows.find((r) => r.p === p && r.g === g && r.s === s)?.n;
    // Monza (IT108): men WORLD 38009 - EU28 8505 = 29504; women 41898 - 10963 = 30935.
    expect([cell('MB', 'NUE', 'M'), cell('MB', 'NUE', 'F'), cell('MB', 'UE', 'M')]).toEqual(['29504', '30935', '8505']);
    // Milano (ITC45): men 235720 - 31369 = 204351; Como (ITC42): women 24890 - 5876 = 19014.
    expect([cell('MI', 'NUE', 'M'), cell('CO', 'NUE', 'F')]).toEqual(['204351', '19014']);
    // The twelve provinces add up to Lombardy's own row (ITC4): men 578536 - 98178 = 480358.
    const nueMen = rows.filter((r) => r.g === 'NUE' && r.s === 'M').reduce((sum, r) => sum + Number(r.n), 0);
    expect(nueMen).toBe(480358);
    // The report's residents: women 597633 - 127685 = 469948, so 950.306 non-EU residents in Lombardy.
    expect(readText(path.join(out, 'report.md'))).toContain('950.306');
  });

  it('reads single countries as ISTAT codes them: ISO alpha-2, UK for the United Kingdom, EL, X95 Kosovo, 999 stateless', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const row = (citizenship: string, n: number) =>
      `IT1:29_317_DF_DCIS_POPSTRCIT1_1(1.0),A,ITC45,FJAN,1,${citizenship},2024,${n},,,FILTER__ITC4,,,,,,`;
    const file = writeFile(
      dir,
      'paesi.csv',
      `${[
        readText(residents).split('\n')[0],
        row('UK', 700),
        row('EL', 300),
        row('X95', 50),
        row('999', 9),
        row('MA', 20000),
        row('WORLD', 21059),
      ].join('\n')}\n`,
    );
    const { run, result } = await ingestIstat(db, file);
    expect(run.code).toBe(0);
    expect(result).toMatchObject({ rows_loaded: 6, rows_rejected: 0 });
    // On 1 January 2024 the United Kingdom (219) is outside the EU, Greece (220) inside, Kosovo (272) outside.
    expect(
      await query(db, `SELECT cittadinanza, gruppo_cittadinanza AS g, totale FROM istat_residenti ORDER BY riga`),
    ).toEqual([
      { cittadinanza: '219', g: 'NUE', totale: false },
      { cittadinanza: '220', g: 'UE', totale: false },
      { cittadinanza: '272', g: 'NUE', totale: false },
      { cittadinanza: '999', g: 'NUE', totale: false },
      { cittadinanza: '436', g: 'NUE', totale: false },
      { cittadinanza: null, g: 'STRANIERI', totale: true },
    ]);
  });

  it('loads residence permits (PERMSOGG) into their own table, never as residents, totals apart', async () => {
    const db = path.join(tempDir(), 'co.duckdb');
    const { run, result } = await ingestIstat(db, permits);
    expect(run.code).toBe(0);
    expect(result).toMatchObject({ rows_loaded: 234, rows_rejected: 0 });
    // ISTAT's 2009 list of provinces: Milano (ITC45) includes Monza, which has no row.
    expect(result.warnings.map((w: { code: string }) => w.code)).toEqual(['milano_con_monza']);
    expect(num(await query(db, 'SELECT count(*) AS n FROM istat_residenti'))).toEqual([{ n: 0 }]);
    // Como, men, 1 January 2024: long-term 7387 + with expiry 9686 = 17073, the file's TOTAL row.
    expect(
      num(
        await query(
          db,
          `SELECT tipo_permesso, permessi, totale FROM istat_permessi
                                WHERE provincia = 'CO' AND sesso = 'M' AND anno = 2024 ORDER BY tipo_permesso`,
        ),
      ),
    ).toEqual([
      { tipo_permesso: 'CON_SCADENZA', permessi: 9686, totale: false },
      { tipo_permesso: 'LUNGO_PERIODO', permessi: 7387, totale: false },
      { tipo_permesso: 'TOTALE', permessi: 17073, totale: true },
    ]);
    // The parts, never the total added to them: 17073 permits, not 34146.
    expect(
      num(
        await query(
          db,
          `SELECT sum(permessi)::BIGINT AS n FROM istat_permessi
                                WHERE provincia = 'CO' AND sesso = 'M' AND anno = 2024 AND NOT totale`,
        ),
      ),
    ).toEqual([{ n: 17073 }]);
  });

  it('loads labour-force rates (DCCV_TAXOCCU) as rates in per cent, by year and quarter, never as residents', async () => {
    const db = path.join(tempDir(), 'co.duckdb');
    const { run, result } = await ingestIstat(db, labour);
    expect(run.code).toBe(0);
    expect(result).toMatchObject({ rows_loaded: 60, rows_rejected: 0 });
    expect(num(await query(db, 'SELECT count(*) AS n FROM istat_residenti'))).toEqual([{ n: 0 }]);
    expect(
      await query(
        db,
        `SELECT indicatore, periodo, trimestre, livello, sesso, eta, gruppo_cittadinanza AS citt, tasso::VARCHAR AS tasso
                            FROM istat_forze_lavoro WHERE sesso = 'M' AND livello = 'italia' AND periodo IN ('2022', '2022-Q1') ORDER BY periodo`,
      ),
    ).toEqual([
      {
        indicatore: 'EMP_R',
        periodo: '2022',
        trimestre: null,
        livello: 'italia',
        sesso: 'M',
        eta: 'Y15-64',
        citt: 'STRANIERI',
        tasso: '74.867006',
      },
      {
        indicatore: 'EMP_R',
        periodo: '2022-Q1',
        trimestre: 1,
        livello: 'italia',
        sesso: 'M',
        eta: 'Y15-64',
        citt: 'STRANIERI',
        tasso: '73.242472',
      },
    ]);
  });

  it("loads the provincial unemployment flow, whose DURATION_UNEMPLOYMENT is its total, with Lombardy's own rows apart", async () => {
    const db = path.join(tempDir(), 'co.duckdb');
    const { run, result } = await ingestIstat(db, fixture('tasso_disoccupazione_lombardia_2022_2023.csv'));
    expect(run.code).toBe(0);
    // Lombardy 3 sexes x 3 groups x 2 years = 18, the 12 provinces 3 groups x 2 years = 72
    expect(result).toMatchObject({ rows_loaded: 90, rows_rejected: 0 });
    expect(
      num(
        await query(
          db,
          `SELECT livello, gruppo_cittadinanza AS g, count(*) AS n, count(DISTINCT coalesce(provincia, codice_regione)) AS luoghi
           FROM istat_forze_lavoro WHERE eta = 'Y15-74' AND indicatore = 'UNEM_R' GROUP BY ALL ORDER BY ALL`,
        ),
      ),
    ).toEqual([
      { livello: 'provincia', g: 'ITA', n: 24, luoghi: 12 },
      { livello: 'provincia', g: 'STRANIERI', n: 24, luoghi: 12 },
      { livello: 'provincia', g: 'TOTALE', n: 24, luoghi: 12 },
      { livello: 'regione', g: 'ITA', n: 6, luoghi: 1 },
      { livello: 'regione', g: 'STRANIERI', n: 6, luoghi: 1 },
      { livello: 'regione', g: 'TOTALE', n: 6, luoghi: 1 },
    ]);
  });

  it('refuses a flow it does not read, a DATA_TYPE its flow does not hold, and a dimension it would add up', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    // The population balance of foreigners (real header and row of ISTAT's POPSTRBIL1 flow): not population.
    const balance = writeFile(
      dir,
      'bilancio.csv',
      'DATAFLOW,FREQ,REF_AREA,DATA_TYPE,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS,NOTE_DS,NOTE_REF_AREA,NOTE_DATA_TYPE,NOTE_SEX,BASE_PER,UNIT_MEAS,UNIT_MULT\n' +
        'IT1:29_316_DF_DCIS_POPSTRBIL1_1(1.0),A,IT,ACQCITIZ,1,2019,60111,,,,,,,,\n',
    );
    let { run, result } = await ingestIstat(db, balance);
    expect(run.code).toBe(1);
    expect(result.error).toContain(
      'ISTAT flow IT1:29_316_DF_DCIS_POPSTRBIL1_1(1.0) with DATA_TYPE ACQCITIZ is not one the pipeline reads',
    );
    expect(result.error).toContain('residence permits');
    // A residents flow holding deaths, not residents on 1 January.
    const deaths = writeFile(
      dir,
      'morti.csv',
      'DATAFLOW,FREQ,REF_AREA,DATA_TYPE,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE\n' +
        'IT1:29_317_DF_DCIS_POPSTRCIT1_24(1.0),A,ITC45,FJAN,1,WORLD,2023,235720\nIT1:29_317_DF_DCIS_POPSTRCIT1_24(1.0),A,ITC45,FDEATH,1,WORLD,2023,300\n',
    );
    ({ run, result } = await ingestIstat(db, deaths));
    expect(run.code).toBe(1);
    expect(result.error).toContain('holds DATA_TYPE FDEATH');
    // Permits by marital status: the table keeps no MARITAL_STATUS, so its values would be added up.
    const marital = writeFile(
      dir,
      'stato_civile.csv',
      `${readText(permits)
        .split('\n')
        .slice(0, 3)
        .map((l, i) => (i === 2 ? l.replace(',TOTAL,99,', ',TOTAL,1,') : l))
        .join('\n')}\n`,
    );
    ({ run, result } = await ingestIstat(db, marital));
    expect(run.code).toBe(1);
    expect(result.error).toContain('column MARITAL_STATUS holds 2 values (1, 99)');
    expect(
      num(
        await query(db, 'SELECT (SELECT count(*) FROM istat_residenti) + (SELECT count(*) FROM istat_permessi) AS n'),
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('warns when a region or macro-area total differs from its provinces', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    // Lombardy's long-term permits for men in 2024 said to be 278086 instead of 278085.
    const tampered = writeFile(
      dir,
      'permessi.csv',
      readText(permits).replace(
        ',ITC4,RESPER,1,WORLD,ALL,LONGT,TOTAL,99,2024,278085,',
        ',ITC4,RESPER,1,WORLD,ALL,LONGT,TOTAL,99,2024,278086,',
      ),
    );
    const { result } = await ingestIstat(db, tampered);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'totale_incoerente',
          n: 1,
          message: expect.stringContaining('(regione 03, 2024, M): 278086 vs 278085'),
        }),
      ]),
    );
  });
});
