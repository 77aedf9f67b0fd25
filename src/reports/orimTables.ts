import { readFileSync } from 'node:fs';
import type { Database, Row } from '../db/Database.js';
import { fillTemplate, usedParams } from '../db/runScript.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ensureBuilt, ensurePointInTime } from '../transform/ensureBuilt.js';
import { loadTransformMacros } from '../transform/runModels.js';

/** The ORIM tables computed so far (schema version 1, spec reports.md). */
export const orimTableNames = ['co_flussi', 'co_stock', 'co_cittadinanze', 'lavoratori_a_rischio', 'bacini_crisi', 'inps_beneficiari', 'istat_popolazione'] as const;
/** Tables computed from the state known on the semester's last day (point in time). */
const pointInTime = new Set<string>(['lavoratori_a_rischio', 'bacini_crisi']);
export type OrimTableName = (typeof orimTableNames)[number];
export const ORIM_SCHEMA_VERSION = '1';

const read = (url: URL) => readFileSync(url, 'utf8');
const tableSql = Object.fromEntries(orimTableNames.map((name) => [name, name === 'bacini_crisi'
  ? read(new URL('../transform/crisisBasins.sql', import.meta.url))
  : read(new URL(`./tables/${name}.sql`, import.meta.url))])) as Record<OrimTableName, string>;
const flagsSql = read(new URL('../transform/flags.sql', import.meta.url));
/** The flow events of a semester (co_flussi, co_cittadinanze and the report's worker counts read the same). */
const flowEventsSql = read(new URL('./tables/eventi_flussi.sql', import.meta.url));
/** The SQL slots of the semester queries: the flag list and the flow events, each written once. */
export const semesterSlots = { flags: flagsSql, eventi_flussi: flowEventsSql };

/** Flags and basins on the semester's last day use the spec's defaults: 90 days, 12 months, 12 months. */
export const reportFlagOptions = { horizon_days: 90, job_seeking_months: 12, lookback_months: 12 };

export interface Semester {
  semestre: string;
  inizio: string;
  fine: string;
}

/** `2025-H1` is 1 January to 30 June, `2025-H2` 1 July to 31 December. */
export function parseSemester(text: string): Semester {
  const match = /^(\d{4})-H([12])$/.exec(text);
  if (!match) throw new UserError(`not a semester: ${text}. Write it as YYYY-H1 or YYYY-H2 (e.g. 2025-H1).`, 2);
  const year = match[1]!;
  return match[2] === '1'
    ? { semestre: text, inizio: `${year}-01-01`, fine: `${year}-06-30` }
    : { semestre: text, inizio: `${year}-07-01`, fine: `${year}-12-31` };
}

/** One ORIM table for a semester, over the built models (built first when the data changed). */
export async function orimTable(db: Database, name: OrimTableName, semester: Semester, logger: Logger, province?: string): Promise<Row[]> {
  const { sql, params } = await orimTableQuery(db, name, semester, logger, province);
  return db.all(sql, params);
}

/**
 * The query of one ORIM table for a semester and its bound values, ready to run or
 * materialize; with a province (2-letter code), only that province's rows.
 */
export async function orimTableQuery(db: Database, name: OrimTableName, semester: Semester, logger: Logger, province?: string) {
  await ensureBuilt(db, logger);
  await loadTransformMacros(db);
  const params = { semestre: semester.semestre, inizio: semester.inizio, fine: semester.fine, province: province ?? null };
  const inProvince = (sql: string) => `SELECT * FROM (\n${sql}\n) WHERE $province::VARCHAR IS NULL OR provincia = $province::VARCHAR`;
  if (pointInTime.has(name)) {
    // the state known on the semester's last day (point in time), as the flags command computes it
    await ensurePointInTime(db, semester.fine, logger);
    const sql = inProvince(fillTemplate(tableSql[name], semesterSlots));
    return { sql, params: usedParams(sql, { ...params, as_of: semester.fine, ...reportFlagOptions }) };
  }
  const sql = inProvince(fillTemplate(tableSql[name], semesterSlots));
  return { sql, params: usedParams(sql, params) };
}
