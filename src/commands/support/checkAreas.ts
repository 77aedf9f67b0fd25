import type { Database } from '../../db/Database.js';
import type { AreaLevel } from '../../marts/areaLevels.js';
import { UserError } from '../../runtime/errors.js';

/**
 * Refuses --by cpi or ambito when no municipality is mapped (a usage error, exit 2):
 * the project ships aree_comuni.csv with its header only, the region supplies the rows.
 * Nothing for --by provincia, which the CO give.
 */
export async function checkAreas(db: Database, command: string, by: AreaLevel): Promise<void> {
  if (by === 'provincia' || (await db.one('SELECT 1 AS ok FROM main.ref_aree_comuni LIMIT 1'))) return;
  throw new UserError(
    `${command} --by ${by}: no municipality is mapped to a ${by === 'cpi' ? 'CPI' : 'ambito territoriale'}. ` +
      'Put aree_comuni.csv (codice_istat, denominazione, provincia, cpi_codice, cpi_nome, ambito_codice, ambito_nome, fonte) ' +
      'in the folder given as --reference-dir; samples/reference/aree_comuni.csv is an example of its layout.',
    2,
  );
}
