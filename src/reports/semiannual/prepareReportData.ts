import type { Database, Row } from '../../db/Database.js';
import { fillScript, queryScript, readScript, usedParams } from '../../db/runScript.js';
import type { Logger } from '../../logger.js';
import { orimTableQuery, semesterSlots, type Semester } from '../orimTables.js';

/**
 * The figures the report compares across semesters: the flow tables of ORIM schema 2
 * (co_flussi_contratto, co_flussi_settore, co_flussi_anagrafica) and co_cittadinanze for
 * the semester and the ones it is compared with, in the temporary tables
 * rep_flussi_contratto, rep_flussi_settore, rep_flussi_anagrafica and rep_cittadinanze,
 * and the distinct workers of the same flows (flussi_lavoratori.sql) in
 * rep_flussi_lavoratori (the report's province only, when it has one).
 * The other ORIM tables of the semester are the temporary orim_<name> tables that
 * writeOrimTables leaves behind.
 */
export async function prepareReportData(
  db: Database, semesters: Semester[], logger: Logger, province?: string,
): Promise<void> {
  const compared = [
    ['co_flussi_contratto', 'rep_flussi_contratto'], ['co_flussi_settore', 'rep_flussi_settore'],
    ['co_flussi_anagrafica', 'rep_flussi_anagrafica'], ['co_cittadinanze', 'rep_cittadinanze'],
  ] as const;
  for (const [name, temp] of compared) {
    const parts = [];
    for (const s of semesters) parts.push(await orimTableQuery(db, name, s, logger, province));
    await db.run(`CREATE OR REPLACE TEMP TABLE ${temp} AS SELECT * FROM (${parts[0]!.sql}) LIMIT 0`, parts[0]!.params);
    for (const part of parts) await db.run(`INSERT INTO ${temp} ${part.sql}`, part.params);
  }
  const workers = fillScript(readScript(new URL('./flussi_lavoratori.sql', import.meta.url)), semesterSlots);
  for (const [i, s] of semesters.entries()) {
    const params = await usedParams(db, workers, { semestre: s.semestre, inizio: s.inizio, fine: s.fine, province: province ?? null });
    await db.run(i === 0 ? `CREATE OR REPLACE TEMP TABLE rep_flussi_lavoratori AS ${workers.sql}` : `INSERT INTO rep_flussi_lavoratori ${workers.sql}`, params);
  }
}

/**
 * Runs one of the report's figure queries (a .sql file of this folder) with the values
 * it uses; its slots (the flow events, the flag list) are those of the ORIM tables.
 */
export async function reportQuery<T extends Row = Row>(
  db: Database, file: string, params: Record<string, string | null>,
): Promise<T[]> {
  const query = fillScript(readScript(new URL(`./${file}.sql`, import.meta.url)), semesterSlots);
  return queryScript<T>(db, query, params);
}
