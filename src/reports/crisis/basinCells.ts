import type { Database } from '../../db/Database.js';
import { fillTemplate, quoteIdent, readSql } from '../../db/runScript.js';
import type { Logger } from '../../logger.js';
import { materializeBasins } from '../../transform/crisisBasins.js';
import type { BasinCell } from './basinDecision.js';

const sql = readSql(new URL('./bacini_celle.sql', import.meta.url));

/**
 * The crisis basins on a date (crisisBasins.sql on the state known that day, left in
 * the temporary table bacini_<periodo>) and their cells by province
 * and one breakdown (bacini_celle.sql), the figures every basin output of that date
 * publishes.
 */
export async function basinCells(
  db: Database,
  o: { asOf: string; lookbackMonths: number; logger: Logger },
  periodo: string,
): Promise<BasinCell[]> {
  await materializeBasins(db, o, periodo);
  return db.all<BasinCell & Record<string, string>>(fillTemplate(sql, { bacini: quoteIdent(`bacini_${periodo}`) }), {
    periodo,
  });
}
