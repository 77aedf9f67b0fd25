import type { Database } from '../../db/Database.js';
import { quoteIdent, usedParams } from '../../db/runScript.js';
import { areaColumns, type AreaLevel } from '../areaLevels.js';
import { type Semester, semesterSlots } from '../orimTables.js';
import type { RiskOptions } from './riskOptions.js';

/**
 * The owner-only list of `risk-employers`: the employer units of a semester with at
 * least one pattern of risk (marts/risk/datori_rischio.sql, the definition the ORIM
 * table indicatori_rischio_datori counts), with their counts and patterns. It names
 * employers by datore_id only (the pseudonym of the codice fiscale, or the upstream
 * id), never workers. Ordered by province, then by the number of patterns and of events.
 * By CPI or ambito (`by`), a unit is an employer in one area and the list has the area's
 * code and name after the province (area `?`, "non mappato", for a municipality the
 * mapping does not have), ordered by area first; by province it has no area columns.
 */
/** The columns of the list after the unit's place, in their order. */
const listed = [
  'ateco_sezione',
  'ateco_divisione',
  'assunzioni',
  'rapporti_attivi',
  'cessazioni',
  'cessazioni_rapide',
  'rapporti_brevissimi',
  'molte_assunzioni',
  'uscite_rapide',
  'molti_brevissimi',
];

export async function employerListQuery(
  db: Database,
  semester: Semester,
  options: RiskOptions,
  province: string | null,
  by: AreaLevel,
) {
  const area = by === 'provincia' ? undefined : areaColumns(by);
  const columns = [
    'datore_id',
    'provincia',
    'codice_provincia',
    ...(area ? [`area AS ${quoteIdent(area.codice)}`, `area_nome AS ${quoteIdent(area.nome)}`] : []),
    ...listed,
  ].join(', ');
  const sql = `SELECT $semestre AS semestre, ${columns}
FROM (${semesterSlots.datori_rischio})
WHERE (molte_assunzioni OR uscite_rapide OR molti_brevissimi)
  AND ($province::VARCHAR IS NULL OR provincia = $province::VARCHAR)
ORDER BY ${area ? "area = '?', area, " : ''}provincia, molte_assunzioni::INTEGER + uscite_rapide::INTEGER + molti_brevissimi::INTEGER DESC,
         assunzioni + cessazioni DESC, datore_id`;
  const params = {
    semestre: semester.semestre,
    inizio: semester.inizio,
    fine: semester.fine,
    province,
    by,
    ...options,
  };
  return { sql, params: await usedParams(db, { name: 'risk-employers list', sql }, params) };
}
