import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/Database.js';
import { type DataTest, readWithTests, runDataTests, splitDataTests } from '../src/db/dataTests.js';
import { openDatabase } from '../src/db/openDatabase.js';
import { basinsMart, basinWorkersMart, companiesMart } from '../src/marts/crisis/crisisBasins.js';
import { flagList } from '../src/marts/flagList.js';
import { orimTableDefinition, reportFlagOptions, riskCounts, withTestSlots } from '../src/marts/orimTables.js';
import { reportQuery } from '../src/reports/semiannual/prepareReportData.js';
import { createLogger } from '../src/runtime/logger.js';
import { ensurePointInTime } from '../src/transform/ensureBuilt.js';
import { loadTransformMacros } from '../src/transform/runModels.js';
import { tempDir } from './helpers.js';
import { comm, flagsFor, worker } from './scenarios.js';

// The data tests of the published queries outside the ORIM tables (flags.sql,
// bacino_lavoratori.sql, bacini_crisi.sql, crisi_aziendali.sql, the report's queries in src/marts/report):
// each passes on rows that keep its rule and fails, by name, on a row that breaks it.

const reportTests = (file: string) => readWithTests(new URL(`../src/marts/report/${file}.sql`, import.meta.url)).tests;

let db: Database;
beforeAll(async () => {
  db = await openDatabase(path.join(tempDir(), 'marts.duckdb'));
});
afterAll(() => db.close());

/** The names of the tests that fail on the rows of a table with these typed columns. */
async function failing(
  tests: DataTest[],
  columns: string,
  rows: string[],
  params: Record<string, string | number | null>,
) {
  await db.run(`CREATE OR REPLACE TEMP TABLE t (${columns})`);
  await db.run(`INSERT INTO t VALUES ${rows.join(', ')}`);
  const names: string[] = [];
  for (const test of tests) {
    await runDataTests(db, 'x', [test], { table: 't' }, '', params).catch((e: Error) => {
      if (!e.message.startsWith('data test failed')) throw e;
      names.push(test.name);
    });
  }
  return names;
}

describe('splitDataTests', () => {
  it('splits a file into the query and its named tests, without the trailing semicolons', () => {
    const split = splitDataTests(
      'SELECT 1 AS a\n-- a comment\n\n-- test: first\nSELECT 2;\n-- test: second one\nSELECT 3\n',
    );
    expect(split.sql).toBe('SELECT 1 AS a\n-- a comment');
    expect(split.tests).toEqual([
      { name: 'first', sql: 'SELECT 2' },
      { name: 'second one', sql: 'SELECT 3' },
    ]);
  });

  it('names what was tested, the test and sample rows when a test fails', async () => {
    await expect(
      runDataTests(db, 'flag list', [{ name: 'no rows', sql: 'SELECT 42 AS n' }], {}, 'Nothing written.'),
    ).rejects.toThrow('data test failed: flag list, test "no rows"; sample rows: [{"n":42}]. Nothing written.');
  });
});

describe('flags.sql data tests', () => {
  const columns =
    'lavoratore_id VARCHAR, flag VARCHAR, reason VARCHAR, provincia VARCHAR, cittadinanza VARCHAR, fine_rapporto DATE, scadenza_permesso DATE, datore_ateco VARCHAR';
  const params = { as_of: '2025-06-30', horizon_days: 90 };
  // A = 2025-06-30, window end 2025-09-28
  const ending = "('w1', 'CONTRACT_ENDING', NULL, 'MI', '404', DATE '2025-09-28', NULL, 'C')";
  const expired = "('w1', 'PERMIT_AT_RISK', 'EXPIRED', 'MI', '404', NULL, DATE '2025-06-29', 'C')";
  const expiring =
    "('w2', 'PERMIT_AT_RISK', 'EXPIRING_UNEMPLOYED', 'BG', '404', DATE '2025-01-31', DATE '2025-06-30', 'F')";

  it('pass on a list that keeps the rules', async () => {
    expect(await failing(flagList.tests, columns, [ending, expired, expiring], params)).toEqual([]);
  });

  it('fail on each broken rule', async () => {
    expect(await failing(flagList.tests, columns, [ending, ending], params)).toEqual(['one row per worker and flag']);
    expect(
      await failing(
        flagList.tests,
        columns,
        ["(NULL, 'CONTRACT_ENDING', NULL, 'MI', '404', DATE '2025-07-01', NULL, 'C')"],
        params,
      ),
    ).toEqual(['a worker and a flag on every row']);
    expect(
      await failing(
        flagList.tests,
        columns,
        ["('w1', 'CONTRACT_ENDING', 'EXPIRED', 'MI', '404', DATE '2025-07-01', DATE '2025-06-01', 'C')"],
        params,
      ),
    ).toEqual(['a reason exactly for PERMIT_AT_RISK, one of the four']);
    expect(
      await failing(
        flagList.tests,
        columns,
        ["('w1', 'CONTRACT_ENDING', NULL, 'MI', '404', DATE '2025-09-29', NULL, 'C')"],
        params,
      ),
    ).toEqual(['a contract ending ends inside the window [A, A + horizon]']);
    expect(
      await failing(
        flagList.tests,
        columns,
        ["('w1', 'PERMIT_AT_RISK', 'EXPIRED', 'MI', '404', NULL, DATE '2025-06-30', 'C')"],
        params,
      ),
    ).toEqual(['an expired permit expired before A, an expiring one expires inside the window']);
    expect(
      await failing(
        flagList.tests,
        columns,
        ["('w1', 'PERMIT_AT_RISK', 'EXPIRING_CONTRACT_ENDING', 'MI', '404', NULL, DATE '2025-09-29', 'C')"],
        params,
      ),
    ).toEqual(['an expired permit expired before A, an expiring one expires inside the window']);
  });
});

describe('the risk indicators: a part is at most its whole (risk/parti_rischio.sql, in each of their tables)', () => {
  const columns = riskCounts.map((m) => `${m} BIGINT`).join(', ');
  // 10 cessations, 4 within 3 days, 2 within a day; 10 hires, 6 of women, 3 of them part-time, 2 of men part-time
  const good = {
    cessazioni: 10,
    cessazioni_entro_1_giorno: 2,
    cessazioni_entro_3_giorni: 4,
    attivazioni: 10,
    attivazioni_intermittenti: 1,
    attivazioni_domestiche: 1,
    attivazioni_agricole_stagionali: 1,
    attivazioni_permesso_stagionale: 1,
    attivazioni_donne: 6,
    part_time_uomini: 2,
    part_time_donne: 3,
  };
  const row = (r: Record<string, number>) => `(${riskCounts.map((m) => r[m] ?? 0).join(', ')})`;
  const broken = [
    { cessazioni_entro_1_giorno: 5 },
    { cessazioni_entro_3_giorni: 11 },
    { attivazioni_domestiche: 11 },
    { attivazioni_donne: 11 },
    { part_time_donne: 7 },
    { part_time_uomini: 5 },
  ];
  const tables = {
    indicatori_rischio: orimTableDefinition('indicatori_rischio').tests,
    indicatori_rischio_cittadinanze: orimTableDefinition('indicatori_rischio_cittadinanze').tests,
    indicatori_rischio_aree: withTestSlots(
      readWithTests(new URL('../src/marts/risk/indicatori_rischio_aree.sql', import.meta.url)).tests,
    ),
  };

  it('passes on counts whose parts fit, and fails on each part larger than its whole', async () => {
    for (const [table, tests] of Object.entries(tables)) {
      const rule = tests.filter((t) => t.name === 'a part is at most its whole');
      expect(rule, table).toHaveLength(1);
      expect(await failing(rule, columns, [row(good)], {}), table).toEqual([]);
      for (const change of broken) {
        expect(await failing(rule, columns, [row({ ...good, ...change })], {}), JSON.stringify(change)).toEqual([
          'a part is at most its whole',
        ]);
      }
    }
  });
});

describe('bacino_lavoratori.sql data tests', () => {
  const columns =
    'lavoratore_id VARCHAR, cittadinanza VARCHAR, sesso VARCHAR, provincia VARCHAR, codice_provincia VARCHAR, ' +
    'ateco_sezione VARCHAR, sede_comune VARCHAR, permesso_a_rischio BOOLEAN';
  const row = (id: string | null) =>
    `(${id === null ? 'NULL' : `'${id}'`}, '404', 'F', 'MI', '015', 'C', '015146', false)`;

  it('pass on one row per worker, and fail on a worker twice or none', async () => {
    expect(await failing(basinWorkersMart.tests, columns, [row('w1'), row('w2')], {})).toEqual([]);
    expect(await failing(basinWorkersMart.tests, columns, [row('w1'), row('w1')], {})).toEqual(['one row per worker']);
    expect(await failing(basinWorkersMart.tests, columns, [row(null)], {})).toEqual(['one row per worker']);
  });
});

describe('bacini_crisi.sql data tests', () => {
  const columns =
    'data DATE, provincia VARCHAR, codice_provincia VARCHAR, area VARCHAR, area_nome VARCHAR, comune_non_mappato VARCHAR, ' +
    'ateco_sezione VARCHAR, cittadinanza VARCHAR, sesso VARCHAR, lavoratori BIGINT, di_cui_permesso_a_rischio BIGINT';
  const params = { as_of: '2025-06-30', by: 'provincia' };
  const row = (data: string, lavoratori: number, aRischio: number, sesso = 'F') =>
    `(DATE '${data}', 'MI', '015', 'MI', NULL, NULL, 'C', '404', '${sesso}', ${lavoratori}, ${aRischio})`;
  /** A row by CPI: its area, and the municipality when the area is '?'. */
  const cpiRow = (area: string, comune: string | null) =>
    `(DATE '2025-06-30', 'MI', '015', '${area}', 'x', ${comune === null ? 'NULL' : `'${comune}'`}, 'C', '404', 'F', 1, 0)`;

  it('pass on basins that keep the rules', async () => {
    expect(
      await failing(basinsMart.tests, columns, [row('2025-06-30', 3, 3), row('2025-06-30', 1, 0, 'M')], params),
    ).toEqual([]);
  });

  it('fail on each broken rule', async () => {
    expect(
      await failing(basinsMart.tests, columns, [row('2025-06-30', 3, 1), row('2025-06-30', 2, 0)], params),
    ).toEqual(['one row per date, province, area, unmapped municipality, section, citizenship and sex']);
    expect(await failing(basinsMart.tests, columns, [row('2025-06-29', 3, 1)], params)).toEqual([
      'every row is of the date and counts someone',
    ]);
    expect(await failing(basinsMart.tests, columns, [row('2025-06-30', 0, 0)], params)).toEqual([
      'every row is of the date and counts someone',
    ]);
    expect(await failing(basinsMart.tests, columns, [row('2025-06-30', 2, 3)], params)).toEqual([
      "the workers with a permit at risk are some of the row's workers",
    ]);
    const area = "by province the area is the province; by CPI or ambito a '?' row names its municipality";
    expect(await failing(basinsMart.tests, columns, [cpiRow('C1', null)], params)).toEqual([area]);
    const byCpi = { ...params, by: 'cpi' };
    expect(await failing(basinsMart.tests, columns, [cpiRow('C1', null), cpiRow('?', '015999')], byCpi)).toEqual([]);
    expect(await failing(basinsMart.tests, columns, [cpiRow('?', null)], byCpi)).toEqual([area]);
    expect(await failing(basinsMart.tests, columns, [cpiRow('C1', '015146')], byCpi)).toEqual([area]);
  });
});

describe('crisi_aziendali.sql data tests', () => {
  const columns =
    'datore_id VARCHAR, licenziamenti BIGINT, massimo_120_giorni BIGINT, di_cui_non_ue BIGINT, province VARCHAR';
  const row = (id: string, n: number, max: number, nonUe: number) => `('${id}', ${n}, ${max}, ${nonUe}, 'MI')`;

  it('pass on crises that keep the rules', async () => {
    expect(await failing(companiesMart.tests, columns, [row('d1', 6, 5, 2), row('d2', 5, 5, 5)], {})).toEqual([]);
  });

  it('fail on each broken rule', async () => {
    expect(await failing(companiesMart.tests, columns, [row('d1', 6, 5, 2), row('d1', 5, 5, 0)], {})).toEqual([
      'one row per employer',
    ]);
    expect(await failing(companiesMart.tests, columns, [row('d1', 4, 4, 0)], {})).toEqual([
      'an employer in crisis had at least 5 dismissals in one 120-day span',
    ]);
    expect(await failing(companiesMart.tests, columns, [row('d1', 5, 5, 6)], {})).toEqual([
      'the non-EU dismissed are some of the dismissals',
    ]);
  });
});

describe('flussi_dimensioni.sql data tests', () => {
  const tests = reportTests('flussi_dimensioni');
  const columns =
    'semestre VARCHAR, gruppo VARCHAR, dimensione VARCHAR, valore VARCHAR, attivazioni BIGINT, lavoratori_attivati BIGINT, cessazioni_comunicate BIGINT, cessazioni_a_termine BIGINT, cessazioni BIGINT, lavoratori_cessati BIGINT, trasformazioni_ti BIGINT, trasformazioni_nette BIGINT, proroghe BIGINT, saldo BIGINT';
  interface Flow {
    a?: number;
    la?: number;
    cc?: number;
    ct?: number;
    lc?: number;
    ti?: number;
    nette?: number;
    p?: number;
    /** Written as given, to break an identity; else cc + ct and a - c + nette. */
    c?: number;
    saldo?: number;
  }
  const row = (gruppo: string, dimensione: string, valore: string | null, f: Flow) => {
    const [a, cc, ct, nette] = [f.a ?? 0, f.cc ?? 0, f.ct ?? 0, f.nette ?? 0];
    const c = f.c ?? cc + ct;
    const v = valore === null ? 'NULL' : `'${valore}'`;
    return `('2025-H1', '${gruppo}', '${dimensione}', ${v}, ${a}, ${f.la ?? 0}, ${cc}, ${ct}, ${c}, ${f.lc ?? 0}, ${f.ti ?? 0}, ${nette}, ${f.p ?? 0}, ${f.saldo ?? a - c + nette})`;
  };
  // NUE: 3 hired on TD, 1 on TI, one TD turned TI; ITA: 2 hired on TD. The TOTALE rows add
  // the events of both groups; its workers are at least those of each group.
  const keeping = [
    row('NUE', 'totale', '', { a: 4, la: 3, cc: 1, ct: 1, lc: 2, ti: 1, p: 1 }),
    row('NUE', 'gruppo_contratto', 'TD', { a: 3, la: 2, cc: 1, ct: 1, lc: 2, nette: -1, p: 1 }),
    row('NUE', 'gruppo_contratto', 'TI', { a: 1, la: 1, ti: 1, nette: 1 }),
    row('ITA', 'totale', '', { a: 2, la: 2, ct: 1, lc: 1 }),
    row('ITA', 'gruppo_contratto', 'TD', { a: 2, la: 2, ct: 1, lc: 1 }),
    row('TOTALE', 'totale', '', { a: 6, la: 5, cc: 1, ct: 2, lc: 3, ti: 1, p: 1 }),
    row('TOTALE', 'gruppo_contratto', 'TD', { a: 5, la: 4, cc: 1, ct: 2, lc: 3, nette: -1, p: 1 }),
    row('TOTALE', 'gruppo_contratto', 'TI', { a: 1, la: 1, ti: 1, nette: 1 }),
  ];
  const nue = row('NUE', 'totale', '', { a: 2, la: 2, ct: 1, lc: 1 });

  it('pass on flows that keep the rules', async () => {
    expect(await failing(tests, columns, keeping, {})).toEqual([]);
    // the builder derives cessazioni and saldo: the TOTALE row is 6 - 3 + 0 = 3
    expect(keeping[5]).toContain("'TOTALE', 'totale', '', 6, 5, 1, 2, 3, 3, 1, 0, 1, 3)");
  });

  it('fail on each broken rule', async () => {
    // a value without events, twice (NULL values are one value)
    const empty = row('NUE', 'gruppo_contratto', null, {});
    expect(await failing(tests, columns, [...keeping, empty, empty], {})).toEqual([
      'one row per semester, group, dimension and value',
    ]);
    // the NUE totale row again, under a dimension the report does not have
    expect(
      await failing(
        tests,
        columns,
        [...keeping, row('NUE', 'regione', 'LOM', { a: 4, la: 3, cc: 1, ct: 1, lc: 2, ti: 1, p: 1 })],
        {},
      ),
    ).toEqual(['one of the six dimensions']);
    expect(await failing(tests, columns, [row('NUE', 'totale', '', { a: 2, la: 1, cc: 1, ct: 1, c: 3 })], {})).toEqual([
      'cessazioni = cessazioni_comunicate + cessazioni_a_termine',
    ]);
    const saldo =
      'saldo = attivazioni - cessazioni + trasformazioni_nette, and trasformazioni_nette is 0 outside the contract groups';
    expect(await failing(tests, columns, [row('NUE', 'totale', '', { a: 2, la: 1, ct: 1, saldo: 5 })], {})).toEqual([
      saldo,
    ]);
    expect(await failing(tests, columns, [row('NUE', 'totale', '', { a: 2, la: 1, ct: 1, nette: 1 })], {})).toEqual([
      saldo,
    ]);
    // a contract group with fewer activations than the group's total
    expect(
      await failing(tests, columns, [nue, row('NUE', 'gruppo_contratto', 'TD', { a: 1, la: 1, ct: 1, lc: 1 })], {}),
    ).toEqual(['the events of each dimension add up to the totale row of the semester and group']);
    expect(
      await failing(tests, columns, [nue, row('TOTALE', 'totale', '', { a: 3, la: 2, ct: 1, lc: 1 })], {}),
    ).toEqual(['the events of the citizenship groups add up to the TOTALE row of the same breakdown']);
    expect(await failing(tests, columns, [row('NUE', 'totale', '', { a: 2, la: 3 })], {})).toEqual([
      'distinct workers are at most the events they had',
    ]);
    // as many events in TD as in all the group, but more workers
    expect(
      await failing(
        tests,
        columns,
        [row('NUE', 'totale', '', { a: 2, la: 1 }), row('NUE', 'gruppo_contratto', 'TD', { a: 2, la: 2 })],
        {},
      ),
    ).toEqual(['the workers of a value are some of those of the totale row, of a group some of those of TOTALE']);
  });
});

describe('stock_dimensioni.sql data tests', () => {
  const tests = reportTests('stock_dimensioni');
  const columns =
    'gruppo VARCHAR, dimensione VARCHAR, valore VARCHAR, rapporti_attivi BIGINT, lavoratori_attivi BIGINT';
  const row = (gruppo: string, dimensione: string, valore: string | null, rapporti: number, lavoratori: number) =>
    `('${gruppo}', '${dimensione}', ${valore === null ? 'NULL' : `'${valore}'`}, ${rapporti}, ${lavoratori})`;
  const keeping = [
    row('NUE', 'totale', '', 3, 2),
    row('NUE', 'sesso', 'M', 2, 2),
    row('NUE', 'sesso', 'F', 1, 1),
    row('ITA', 'totale', '', 2, 2),
    row('ITA', 'sesso', 'M', 1, 1),
    row('ITA', 'sesso', 'F', 1, 1),
    row('TOTALE', 'totale', '', 5, 4),
    row('TOTALE', 'sesso', 'M', 3, 3),
    row('TOTALE', 'sesso', 'F', 2, 2),
  ];
  const nue = row('NUE', 'totale', '', 3, 2);

  it('pass on a stock that keeps the rules, and on the total of a day without rapporti', async () => {
    expect(await failing(tests, columns, keeping, {})).toEqual([]);
    expect(await failing(tests, columns, [row('TOTALE', 'totale', '', 0, 0)], {})).toEqual([]);
  });

  it('fail on each broken rule', async () => {
    const empty = row('NUE', 'sesso', null, 0, 0);
    expect(await failing(tests, columns, [...keeping, empty, empty], {})).toEqual([
      'one row per group, dimension and value',
    ]);
    expect(await failing(tests, columns, [nue, row('NUE', 'regione', 'LOM', 3, 2)], {})).toEqual([
      'one of the five dimensions',
    ]);
    const workers = 'workers are at most the rapporti they hold, and at least one when there is a rapporto';
    expect(await failing(tests, columns, [row('NUE', 'totale', '', 1, 2)], {})).toEqual([workers]);
    expect(await failing(tests, columns, [row('NUE', 'totale', '', 1, 0)], {})).toEqual([workers]);
    expect(await failing(tests, columns, [nue, row('NUE', 'sesso', 'M', 2, 2)], {})).toEqual([
      'the rapporti of each dimension add up to the totale row of the group',
    ]);
    expect(await failing(tests, columns, [nue, row('TOTALE', 'totale', '', 4, 3)], {})).toEqual([
      'the rapporti of the citizenship groups add up to the TOTALE row of the same breakdown',
    ]);
    expect(await failing(tests, columns, [nue, row('NUE', 'sesso', 'M', 3, 3)], {})).toEqual([
      'the workers of a value are some of those of the totale row, of a group some of those of TOTALE',
    ]);
  });
});

describe('cittadinanze_principali.sql data tests', () => {
  const tests = reportTests('cittadinanze_principali');
  const columns =
    'cittadinanza VARCHAR, nome VARCHAR, attivazioni BIGINT, cessazioni BIGINT, saldo BIGINT, attivazioni_prec BIGINT, attivazioni_anno_prec BIGINT';
  const row = (code: number, attivazioni: number, cessazioni: number, saldo = attivazioni - cessazioni) =>
    `('${code}', 'Paese ${code}', ${attivazioni}, ${cessazioni}, ${saldo}, NULL, 3)`;

  it('pass on ten citizenships that keep the rules', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => row(400 + i, 20 - i, 5));
    expect(await failing(tests, columns, ten, {})).toEqual([]);
  });

  it('fail on each broken rule', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => row(400 + i, 20 - i, 5));
    expect(await failing(tests, columns, eleven, {})).toEqual(['ten citizenships at most']);
    expect(await failing(tests, columns, [row(404, 5, 1), row(404, 3, 1)], {})).toEqual(['one row per citizenship']);
    expect(await failing(tests, columns, [row(404, 0, 2)], {})).toEqual([
      'every citizenship has activations in the semester',
    ]);
    expect(await failing(tests, columns, [row(404, 5, 1, 6)], {})).toEqual(['saldo = attivazioni - cessazioni']);
  });
});

describe('reimpiego.sql data tests', () => {
  const tests = reportTests('reimpiego');
  const columns = 'provincia VARCHAR, cessati BIGINT, rioccupati BIGINT';
  const row = (provincia: string | null, cessati: number, rioccupati: number) =>
    `(${provincia === null ? 'NULL' : `'${provincia}'`}, ${cessati}, ${rioccupati})`;

  it('pass on provinces and their regional row, and on the regional row of a semester without ends', async () => {
    expect(await failing(tests, columns, [row('MI', 10, 4), row('BG', 5, 5), row(null, 15, 9)], {})).toEqual([]);
    expect(await failing(tests, columns, [row(null, 0, 0)], {})).toEqual([]);
  });

  it('fail on each broken rule', async () => {
    const unique = 'one row per province and one regional row';
    expect(await failing(tests, columns, [row('MI', 10, 4), row('MI', 0, 0), row(null, 10, 4)], {})).toEqual([unique]);
    expect(await failing(tests, columns, [row('MI', 10, 4), row(null, 10, 4), row(null, 10, 4)], {})).toEqual([unique]);
    expect(await failing(tests, columns, [row('MI', 10, 4)], {})).toEqual([unique]);
    expect(await failing(tests, columns, [row('MI', 3, 4), row(null, 3, 4)], {})).toEqual([
      'the re-employed are some of the workers whose rapporto ended',
    ]);
    expect(await failing(tests, columns, [row('MI', 10, 4), row(null, 11, 4)], {})).toEqual([
      'the regional row is the sum of the provinces (each worker in one province)',
    ]);
  });
});

describe('rischio_lavoratori.sql data tests', () => {
  const tests = reportTests('rischio_lavoratori');
  const columns = 'provincia VARCHAR, lavoratori BIGINT, con_due_segnalazioni BIGINT';
  const row = (provincia: string | null, lavoratori: number, due: number) =>
    `(${provincia === null ? 'NULL' : `'${provincia}'`}, ${lavoratori}, ${due})`;

  it("pass on provinces and the report's row (which counts a flag with no province too)", async () => {
    expect(await failing(tests, columns, [row('MI', 3, 1), row('BG', 2, 0), row(null, 6, 1)], {})).toEqual([]);
  });

  it('fail on each broken rule', async () => {
    expect(await failing(tests, columns, [row('MI', 3, 1), row(null, 3, 1), row(null, 4, 1)], {})).toEqual([
      "one row per province and one report's row",
    ]);
    expect(await failing(tests, columns, [row(null, 1, 2)], {})).toEqual([
      'the workers with two flags are some of the workers flagged',
    ]);
    expect(await failing(tests, columns, [row('MI', 5, 1), row(null, 4, 1)], {})).toEqual([
      "the workers of a province are some of the report's",
    ]);
  });
});

describe('copertura_mesi.sql data tests', () => {
  const tests = reportTests('copertura_mesi');
  const columns = 'mese VARCHAR, comunicazioni BIGINT, soglia DOUBLE, stato VARCHAR';
  const params = { inizio: '2025-01-01', fine: '2025-06-30' };
  const row = (mese: string, n: number, soglia: number | null, stato: string) =>
    `('${mese}', ${n}, ${soglia ?? 'NULL'}, '${stato}')`;
  const semester = [
    row('2025-01', 100, 50, 'normale'),
    row('2025-02', 49, 50, 'scarso'),
    row('2025-03', 0, 50, 'mancante'),
    row('2025-04', 50, 50, 'normale'),
    row('2025-05', 80, 50, 'normale'),
  ];
  const june = row('2025-06', 60, 50, 'normale');

  it('pass on the six months of the semester, and on six missing months of data without communications', async () => {
    expect(await failing(tests, columns, [...semester, june], params)).toEqual([]);
    const none = ['01', '02', '03', '04', '05', '06'].map((m) => row(`2025-${m}`, 0, null, 'mancante'));
    expect(await failing(tests, columns, none, params)).toEqual([]);
  });

  it('fail on each broken rule', async () => {
    const six = 'the six months of the semester, each once';
    expect(await failing(tests, columns, semester, params)).toEqual([six]);
    expect(await failing(tests, columns, [...semester, row('2025-07', 60, 50, 'normale')], params)).toEqual([six]);
    expect(await failing(tests, columns, [...semester, row('2025-05', 60, 50, 'normale')], params)).toEqual([six]);
    expect(await failing(tests, columns, [...semester, row('2025-06', 60, 40, 'normale')], params)).toEqual([
      'one bar for every month',
    ]);
    expect(await failing(tests, columns, [...semester, row('2025-06', 0, 50, 'scarso')], params)).toEqual([
      'a month is mancante exactly when it has no communication',
    ]);
    expect(await failing(tests, columns, [...semester, row('2025-06', 49, 50, 'normale')], params)).toEqual([
      'a month with communications is normale exactly when it reaches the bar',
    ]);
  });
});

describe('ore_cig.sql data tests', () => {
  const tests = reportTests('ore_cig');
  const columns = 'gestione VARCHAR, livello VARCHAR, ore DOUBLE';
  const rows = ["('CIGO', 'provincia', 1200.5)", "('CIGO', 'regione', 1500)", "('FIS', 'provincia', 300)"];

  it("pass on the region's report with the region's total beside the provinces", async () => {
    expect(await failing(tests, columns, rows, { province: null })).toEqual([]);
  });

  it('fail on each broken rule', async () => {
    const levels = "the provinces' level, and the region's total only in the region's report";
    expect(await failing(tests, columns, rows, { province: 'MI' })).toEqual([levels]);
    expect(await failing(tests, columns, ["('CIGO', 'comune', 10)"], { province: null })).toEqual([levels]);
    expect(await failing(tests, columns, [...rows, "('FIS', 'provincia', 10)"], { province: null })).toEqual([
      'one row per management and level',
    ]);
  });
});

describe('reportQuery', () => {
  const params = { semestre: '2025-H1', semestre_prec: '2024-H2', semestre_anno_prec: '2024-H1' };
  const staged = async (rows: string[]) => {
    await db.run(
      'CREATE OR REPLACE TEMP TABLE cittadinanze_staged (semestre VARCHAR, cittadinanza VARCHAR, nome VARCHAR, attivazioni BIGINT, cessazioni BIGINT, saldo BIGINT)',
    );
    await db.run(`INSERT INTO cittadinanze_staged VALUES ${rows.join(', ')}`);
    return { rep_cittadinanze: 'cittadinanze_staged' };
  };

  it("returns the query's rows in its order once its data tests pass", async () => {
    const tables = await staged([
      "('2025-H1', '404', 'Kenya', 3, 1, 2)",
      "('2025-H1', '232', 'Cina', 7, 2, 5)",
      "('2024-H2', '232', 'Cina', 4, 0, 4)",
    ]);
    expect(await reportQuery(db, 'cittadinanze_principali', params, tables)).toEqual([
      {
        cittadinanza: '232',
        nome: 'Cina',
        attivazioni: '7',
        cessazioni: '2',
        saldo: '5',
        attivazioni_prec: '4',
        attivazioni_anno_prec: null,
      },
      {
        cittadinanza: '404',
        nome: 'Kenya',
        attivazioni: '3',
        cessazioni: '1',
        saldo: '2',
        attivazioni_prec: null,
        attivazioni_anno_prec: null,
      },
    ]);
  });

  it('stops, naming the file and the test, when a data test fails on its result', async () => {
    const tables = await staged(["('2025-H1', '404', 'Kenya', 3, 1, 5)"]);
    await expect(reportQuery(db, 'cittadinanze_principali', params, tables)).rejects.toThrow(
      'data test failed: report query cittadinanze_principali.sql, test "saldo = attivazioni - cessazioni"',
    );
    await expect(reportQuery(db, 'cittadinanze_principali', params, tables)).rejects.toThrow('No report was written');
  });
});

describe('rischio_lavoratori.sql', () => {
  it("counts a flag with no province in the report's row only, so that row is the one with provincia NULL", async () => {
    // A = 2025-03-31. W1: permit expired on 2025-03-01, hired from 2025-04-15 (sent on
    // 2025-03-20): no rapporto active on A and none ended before it, so the flag has no
    // province. W2: a fixed-term contract in Milano ending within 90 days.
    const A = '2025-03-31';
    const rows = [
      comm(worker('W1', { scadenza_permesso: '2025-03-01' }), {
        data_inizio: '2025-04-15',
        data_invio: '2025-03-20',
        data_fine: '2025-12-31',
      }),
      comm(worker('W2'), { data_fine: '2025-05-31' }),
    ];
    const { db: file, flags } = await flagsFor(rows, A);
    expect(flags.map((f) => [f.lavoratore_id, f.flag, f.reason, f.provincia])).toEqual([
      ['W2', 'CONTRACT_ENDING', '', 'MI'],
      ['W1', 'PERMIT_AT_RISK', 'EXPIRED', ''],
    ]);
    const scenario = await openDatabase(file);
    try {
      await loadTransformMacros(scenario);
      await ensurePointInTime(scenario, A, createLogger({ level: 'silent' }));
      const people = await reportQuery(
        scenario,
        'rischio_lavoratori',
        {
          province: null,
          as_of: A,
          horizon_days: String(reportFlagOptions.horizon_days),
          job_seeking_months: String(reportFlagOptions.job_seeking_months),
        },
        {},
      );
      expect(people).toEqual([
        { provincia: 'MI', lavoratori: '1', con_due_segnalazioni: '0' },
        { provincia: null, lavoratori: '2', con_due_segnalazioni: '0' },
      ]);
    } finally {
      scenario.close();
    }
  });
});
