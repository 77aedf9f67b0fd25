import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/Database.js';
import { type DataTest, runDataTests, splitDataTests } from '../src/db/dataTests.js';
import { openDatabase } from '../src/db/openDatabase.js';
import { basinsMart, companiesMart } from '../src/marts/crisis/crisisBasins.js';
import { flagList } from '../src/marts/flagList.js';
import { tempDir } from './helpers.js';

// The data tests of the published queries outside the ORIM tables (flags.sql,
// bacini_crisi.sql, crisi_aziendali.sql): each passes on rows that keep its rule and
// fails, by name, on a row that breaks it.

let db: Database;
beforeAll(async () => {
  db = await openDatabase(path.join(tempDir(), 'marts.duckdb'));
});
afterAll(() => db.close());

/** The names of the tests that fail on the rows of a table with these typed columns. */
async function failing(tests: DataTest[], columns: string, rows: string[], params: Record<string, string | number>) {
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

describe('bacini_crisi.sql data tests', () => {
  const columns =
    'data DATE, provincia VARCHAR, codice_provincia VARCHAR, ateco_sezione VARCHAR, cittadinanza VARCHAR, sesso VARCHAR, lavoratori BIGINT, di_cui_permesso_a_rischio BIGINT';
  const params = { as_of: '2025-06-30' };
  const row = (data: string, lavoratori: number, aRischio: number, sesso = 'F') =>
    `(DATE '${data}', 'MI', '015', 'C', '404', '${sesso}', ${lavoratori}, ${aRischio})`;

  it('pass on basins that keep the rules', async () => {
    expect(
      await failing(basinsMart.tests, columns, [row('2025-06-30', 3, 3), row('2025-06-30', 1, 0, 'M')], params),
    ).toEqual([]);
  });

  it('fail on each broken rule', async () => {
    expect(
      await failing(basinsMart.tests, columns, [row('2025-06-30', 3, 1), row('2025-06-30', 2, 0)], params),
    ).toEqual(['one row per date, province, section, citizenship and sex']);
    expect(await failing(basinsMart.tests, columns, [row('2025-06-29', 3, 1)], params)).toEqual([
      'every row is of the date and counts someone',
    ]);
    expect(await failing(basinsMart.tests, columns, [row('2025-06-30', 0, 0)], params)).toEqual([
      'every row is of the date and counts someone',
    ]);
    expect(await failing(basinsMart.tests, columns, [row('2025-06-30', 2, 3)], params)).toEqual([
      "the workers with a permit at risk are some of the row's workers",
    ]);
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
