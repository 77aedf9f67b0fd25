import type { Database } from '../../db/Database.js';
import { fillTemplate, quoteIdent, readSql } from '../../db/runScript.js';
import type { Logger } from '../../runtime/logger.js';
import type { AreaLevel } from '../areaLevels.js';
import { materializeBasins } from './crisisBasins.js';

/**
 * A row of bacini_celle.sql for one date (BIGINT as exact strings). `area` is the
 * province, or by CPI or ambito the area's code ('?' for the municipalities not mapped);
 * `dimensione` 'provincia' is the area's total.
 */
export interface BasinCell {
  periodo: string;
  dimensione: string;
  area: string;
  codice_provincia: string | null;
  area_nome: string | null;
  valore: string;
  nome: string | null;
  lavoratori: string;
  di_cui_permesso_a_rischio: string;
}

const sql = readSql(new URL('./bacini_celle.sql', import.meta.url));

/**
 * The crisis basins on a date (bacini_crisi.sql on the state known that day, left in
 * the temporary table bacini_<periodo>) and their cells by area (the province unless
 * `by` says the CPI or the ambito) and one breakdown (bacini_celle.sql), the figures every basin output of that date
 * publishes.
 */
export async function basinCells(
  db: Database,
  o: { asOf: string; lookbackMonths: number; by?: AreaLevel; logger: Logger },
  periodo: string,
): Promise<BasinCell[]> {
  await materializeBasins(db, o, periodo);
  return db.all<BasinCell & Record<string, string>>(fillTemplate(sql, { bacini: quoteIdent(`bacini_${periodo}`) }), {
    periodo,
    by: o.by ?? 'provincia',
  });
}
