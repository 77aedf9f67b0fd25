import type { Database } from '../../db/Database.js';
import { fillTemplate, quoteIdent, readSql } from '../../db/runScript.js';
import type { Logger } from '../../runtime/logger.js';
import { type AreaLevel, mappedAreaLevels } from '../areaLevels.js';
import { materializeBasins, materializeBasinWorkers } from './crisisBasins.js';

/**
 * A row of bacini_celle.sql for one date (BIGINT as exact strings). `area` is the
 * province, or by CPI or ambito the area's code ('?' for the municipalities not mapped),
 * one row for each province it has workers in; `dimensione` 'provincia' is the area's total.
 */
export interface BasinCell {
  periodo: string;
  dimensione: string;
  /** The province of the workers' last rapporto: by province the area; by CPI or ambito the province the area's cell is in. */
  provincia: string;
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
 * the temporary table bacini_<suffix>) and their cells by area (the province unless
 * `by` says the CPI or the ambito) and one breakdown (bacini_celle.sql), the figures every basin output of that date
 * publishes. `workers`: the basins' workers on that date (materializeBasinWorkers), when
 * already materialized.
 */
export async function basinCells(
  db: Database,
  o: { asOf: string; lookbackMonths: number; by?: AreaLevel; logger: Logger },
  periodo: string,
  suffix = periodo,
  workers?: string,
): Promise<BasinCell[]> {
  await materializeBasins(db, o, suffix, workers);
  return db.all<BasinCell & Record<string, string>>(fillTemplate(sql, { bacini: quoteIdent(`bacini_${suffix}`) }), {
    periodo,
    by: o.by ?? 'provincia',
  });
}

/** The basin cells of a date by one area level. */
export interface BasinLevel {
  by: AreaLevel;
  cells: BasinCell[];
}

/**
 * The basin cells of a date by every level the data have: the province always, the CPI
 * and the ambito when the region's mapping has rows. Every output of a date's basins is
 * decided on all of them at once (decideBasins), whichever level it publishes, so that
 * the tables by province, by CPI and by ambito of one date give nothing away together.
 * The basins' workers are materialized once for the date (bacino_lavoratori_<periodo>);
 * the level `by` (the one the output publishes) is left in bacini_<periodo>, the others
 * in bacini_<periodo>_<level>.
 */
export async function basinLevels(
  db: Database,
  o: { asOf: string; lookbackMonths: number; by?: AreaLevel; logger: Logger },
  periodo: string,
): Promise<BasinLevel[]> {
  const shown = o.by ?? 'provincia';
  const levels: AreaLevel[] = ['provincia', ...(await mappedAreaLevels(db))];
  if (!levels.includes(shown)) levels.push(shown); // (a command refuses --by cpi without a mapping first: checkAreas)
  // the workers once for the date: every level counts the same ones
  const workers = await materializeBasinWorkers(db, o, periodo);
  const out: BasinLevel[] = [];
  for (const by of levels) {
    const suffix = by === shown ? periodo : `${periodo}_${by}`;
    out.push({ by, cells: await basinCells(db, { ...o, by }, periodo, suffix, workers) });
  }
  return out;
}
