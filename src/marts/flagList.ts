import { readWithTests, runDataTests } from '../db/dataTests.js';
import { fillTemplate, readSql } from '../db/runScript.js';
import type { Database } from '../db/Database.js';

/**
 * The state of the non-EU workers on a date (stato_lavoratori.sql), the rules of the
 * flags read: the `{{stato_lavoratori}}` slot of the flag list and of the crisis basins' workers.
 */
export const workerState = readSql(new URL('./stato_lavoratori.sql', import.meta.url));

const flags = readWithTests(new URL('./flags.sql', import.meta.url));
/**
 * The flag list (flags.sql) over the point-in-time models: its query, which other
 * marts take as their `{{flags}}` slot, and its data tests.
 */
export const flagList = { ...flags, sql: fillTemplate(flags.sql, { stato_lavoratori: workerState }) };

/** The values flags.sql binds. */
export interface FlagParams {
  as_of: string;
  horizon_days: number;
  job_seeking_months: number;
  province: string | null;
}

/**
 * Materializes the flag list into the temporary table `table` and runs its data
 * tests there, so a broken rule stops the command before anything is written.
 * The table keeps the query's order (DuckDB preserves insertion order).
 */
export async function materializeFlags(db: Database, table: string, params: FlagParams): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${flagList.sql}`, { ...params });
  await runDataTests(
    db,
    'flag list (flags.sql)',
    flagList.tests,
    { table },
    'No file was written; the data (or flags.sql) needs a look.',
    { as_of: params.as_of, horizon_days: params.horizon_days },
  );
}
