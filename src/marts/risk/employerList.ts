import type { Database } from '../../db/Database.js';
import { usedParams } from '../../db/runScript.js';
import { type Semester, semesterSlots } from '../orimTables.js';
import type { RiskOptions } from './riskOptions.js';

/**
 * The owner-only list of `risk-employers`: the employer units of a semester with at
 * least one pattern of risk (marts/risk/datori_rischio.sql, the definition the ORIM
 * table indicatori_rischio_datori counts), with their counts and patterns. It names
 * employers by datore_id only (the pseudonym of the codice fiscale, or the upstream
 * id), never workers. Ordered by province, then by the number of patterns and of events.
 */
export async function employerListQuery(
  db: Database,
  semester: Semester,
  options: RiskOptions,
  province: string | null,
) {
  const sql = `SELECT $semestre AS semestre, d.*
FROM (${semesterSlots.datori_rischio}) d
WHERE (molte_assunzioni OR uscite_rapide OR molti_brevissimi)
  AND ($province::VARCHAR IS NULL OR provincia = $province::VARCHAR)
ORDER BY provincia, molte_assunzioni::INTEGER + uscite_rapide::INTEGER + molti_brevissimi::INTEGER DESC,
         assunzioni + cessazioni DESC, datore_id`;
  const params = { semestre: semester.semestre, inizio: semester.inizio, fine: semester.fine, province, ...options };
  return { sql, params: await usedParams(db, { name: 'risk-employers list', sql }, params) };
}
