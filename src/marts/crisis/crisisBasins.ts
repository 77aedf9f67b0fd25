import { readFileSync } from 'node:fs';
import type { Database, Row } from '../../db/Database.js';
import { fillTemplate, usedParams } from '../../db/runScript.js';
import type { Logger } from '../../runtime/logger.js';
import { ensurePointInTime } from '../../transform/ensureBuilt.js';

const read = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
const sql = {
  flags: read('../flags.sql'),
  basins: read('./bacini_crisi.sql'),
  companies: read('./crisi_aziendali.sql'),
};

export interface CrisisOptions {
  asOf: string;
  lookbackMonths: number;
  /** The flag rules' parameters, for the permit-at-risk count (spec defaults 90 and 12). */
  horizonDays?: number;
  jobSeekingMonths?: number;
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
  };
  const basins = fillTemplate(sql.basins, { flags: sql.flags });
  return {
    basins: { sql: basins, params: await usedParams(db, { name: 'bacini_crisi.sql', sql: basins }, params) },
    companies: {
      sql: sql.companies,
      params: await usedParams(db, { name: 'crisi_aziendali.sql', sql: sql.companies }, params),
    },
  };
}

/** The crisis basins and company crises on a date, from the state known on that date. */
export async function crisisBasins(db: Database, o: CrisisOptions): Promise<{ basins: Row[]; companies: Row[] }> {
  const q = await prepare(db, o);
  return {
    basins: await db.all(q.basins.sql, q.basins.params),
    companies: await db.all(q.companies.sql, q.companies.params),
  };
}

/** Materializes the basins on a date into the temp table bacini_<suffix>. */
export async function materializeBasins(db: Database, o: CrisisOptions, suffix: string): Promise<void> {
  const { basins } = await prepare(db, o);
  await db.run(`CREATE OR REPLACE TEMP TABLE "bacini_${suffix}" AS ${basins.sql}`, basins.params);
}

/** Materializes the company crises on a date into the temp table crisi_<suffix>. */
export async function materializeCompanyCrises(db: Database, o: CrisisOptions, suffix: string): Promise<void> {
  const { companies } = await prepare(db, o);
  await db.run(`CREATE OR REPLACE TEMP TABLE "crisi_${suffix}" AS ${companies.sql}`, companies.params);
}
