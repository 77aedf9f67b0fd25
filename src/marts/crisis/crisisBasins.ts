import type { Database, Row } from '../../db/Database.js';
import { readWithTests, runDataTests } from '../../db/dataTests.js';
import { fillTemplate, quoteIdent, readSql, usedParams } from '../../db/runScript.js';
import type { Logger } from '../../runtime/logger.js';
import { ensurePointInTime } from '../../transform/ensureBuilt.js';
import type { AreaLevel } from '../areaLevels.js';
import { flagList } from '../flagList.js';

export const basinsMart = readWithTests(new URL('./bacini_crisi.sql', import.meta.url));
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

/** Builds the point-in-time models on the date and returns the two queries with their values. */
async function prepare(db: Database, o: CrisisOptions) {
  await ensurePointInTime(db, o.asOf, o.logger);
  const params = {
    as_of: o.asOf,
    lookback_months: o.lookbackMonths,
    horizon_days: o.horizonDays ?? 90,
    job_seeking_months: o.jobSeekingMonths ?? 12,
    province: null,
    by: o.by ?? 'provincia',
  };
  const basins = fillTemplate(basinsMart.sql, { flags: flagList.sql, aree: areas });
  return {
    params,
    basins: { sql: basins, params: await usedParams(db, { name: 'bacini_crisi.sql', sql: basins }, params) },
    companies: {
      sql: companiesMart.sql,
      params: await usedParams(db, { name: 'crisi_aziendali.sql', sql: companiesMart.sql }, params),
    },
  };
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
 * Materializes the basins on a date into the temp table bacini_<suffix> and runs the
 * data tests of bacini_crisi.sql on it (a failure stops the command, exit 1).
 */
export async function materializeBasins(db: Database, o: CrisisOptions, suffix: string): Promise<void> {
  const { basins, params } = await prepare(db, o);
  const table = quoteIdent(`bacini_${suffix}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${basins.sql}`, basins.params);
  await runDataTests(db, `crisis basins on ${o.asOf} (bacini_crisi.sql)`, basinsMart.tests, { table }, nothingWritten, {
    as_of: params.as_of,
    by: params.by,
  });
}

/** Materializes the company crises on a date into the temp table crisi_<suffix>, with its data tests. */
export async function materializeCompanyCrises(db: Database, o: CrisisOptions, suffix: string): Promise<void> {
  const { companies } = await prepare(db, o);
  const table = quoteIdent(`crisi_${suffix}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${companies.sql}`, companies.params);
  await runDataTests(
    db,
    `company crises on ${o.asOf} (crisi_aziendali.sql)`,
    companiesMart.tests,
    { table },
    nothingWritten,
  );
}

const nothingWritten = 'No file was written; the data (or the query) needs a look.';
