import type { Database, Row } from '../../db/Database.js';
import { type DataTest, readWithTests, runDataTests } from '../../db/dataTests.js';
import { fillTemplate, quoteIdent, readSql, usedParams } from '../../db/runScript.js';
import type { Logger } from '../../runtime/logger.js';
import { ensurePointInTime } from '../../transform/ensureBuilt.js';
import type { AreaLevel } from '../areaLevels.js';
import { workerState } from '../flagList.js';

export const basinsMart = readWithTests(new URL('./bacini_crisi.sql', import.meta.url));
export const basinWorkersMart = readWithTests(new URL('./bacino_lavoratori.sql', import.meta.url));
/** bacino_lavoratori.sql over the workers' state, the slot the flag list reads too. */
const basinWorkers = {
  ...basinWorkersMart,
  sql: fillTemplate(basinWorkersMart.sql, { stato_lavoratori: workerState }),
};
export const companiesMart = readWithTests(new URL('./crisi_aziendali.sql', import.meta.url));
const areas = readSql(new URL('../aree.sql', import.meta.url));

export interface CrisisOptions {
  asOf: string;
  lookbackMonths: number;
  /** The flag rules' parameters, for the permit-at-risk count (spec defaults 90 and 12). */
  horizonDays?: number;
  jobSeekingMonths?: number;
  /** The area the basins are by (default the province). */
  by?: AreaLevel;
  logger: Logger;
}

/** The values the crisis marts name, from the options. */
const valuesOf = (o: CrisisOptions) => ({
  as_of: o.asOf,
  lookback_months: o.lookbackMonths,
  horizon_days: o.horizonDays ?? 90,
  job_seeking_months: o.jobSeekingMonths ?? 12,
  by: o.by ?? 'provincia',
});

/**
 * Runs a mart into the temp table `table` (replaced) with the values it names, then its
 * data tests, which name it "<what> on <date> (<file>)".
 */
async function materialize(
  db: Database,
  table: string,
  mart: { sql: string; tests: DataTest[] },
  what: { name: string; file: string },
  o: CrisisOptions,
) {
  const values = valuesOf(o);
  const params = await usedParams(db, { name: what.file, sql: mart.sql }, values);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${mart.sql}`, params);
  await runDataTests(db, `${what.name} on ${o.asOf} (${what.file})`, mart.tests, { table }, nothingWritten, {
    as_of: values.as_of,
    by: values.by,
  });
}

/** The crisis basins and company crises on a date, from the state known on that date. */
export async function crisisBasins(db: Database, o: CrisisOptions): Promise<{ basins: Row[]; companies: Row[] }> {
  await materializeBasins(db, o, 'query');
  await materializeCompanyCrises(db, o, 'query');
  return {
    basins: await db.all('SELECT * FROM bacini_query'),
    companies: await db.all('SELECT * FROM crisi_query'),
  };
}

/**
 * Materializes the workers in the crisis basins on a date (bacino_lavoratori.sql, on the
 * state known that day) into the temp table bacino_lavoratori_<suffix>, with its data
 * tests, and returns the table's quoted name: the costly part of the basins (the
 * workers' state on the date, which the flag list reads too), which materializeBasins
 * counts by each area level.
 */
export async function materializeBasinWorkers(db: Database, o: CrisisOptions, suffix: string): Promise<string> {
  await ensurePointInTime(db, o.asOf, o.logger);
  const table = quoteIdent(`bacino_lavoratori_${suffix}`);
  await materialize(db, table, basinWorkers, { name: 'crisis-basin workers', file: 'bacino_lavoratori.sql' }, o);
  o.logger.debug({ as_of: o.asOf, table }, 'crisis basins: the workers in them materialized');
  return table;
}

/**
 * Materializes the basins on a date by `o.by` into the temp table bacini_<suffix> and
 * runs the data tests of bacini_crisi.sql on it (a failure stops the command, exit 1),
 * from `workers` (materializeBasinWorkers on the same date; materialized here when not given).
 */
export async function materializeBasins(
  db: Database,
  o: CrisisOptions,
  suffix: string,
  workers?: string,
): Promise<void> {
  const lavoratori = workers ?? (await materializeBasinWorkers(db, o, suffix));
  const mart = { ...basinsMart, sql: fillTemplate(basinsMart.sql, { lavoratori, aree: areas }) };
  await materialize(db, quoteIdent(`bacini_${suffix}`), mart, { name: 'crisis basins', file: 'bacini_crisi.sql' }, o);
}

/** Materializes the company crises on a date into the temp table crisi_<suffix>, with its data tests. */
export async function materializeCompanyCrises(db: Database, o: CrisisOptions, suffix: string): Promise<void> {
  await ensurePointInTime(db, o.asOf, o.logger);
  await materialize(
    db,
    quoteIdent(`crisi_${suffix}`),
    companiesMart,
    { name: 'company crises', file: 'crisi_aziendali.sql' },
    o,
  );
}

const nothingWritten = 'No file was written; the data (or the query) needs a look.';
