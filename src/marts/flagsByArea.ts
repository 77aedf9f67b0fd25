import { readWithTests, runDataTests } from '../db/dataTests.js';
import type { Database } from '../db/Database.js';
import { fillTemplate, quoteIdent, readSql } from '../db/runScript.js';
import { type AreaBelowProvince, areaColumns } from './areaLevels.js';

const byArea = readWithTests(new URL('./flags_per_area.sql', import.meta.url));
const areas = readSql(new URL('./aree.sql', import.meta.url));

/**
 * Materializes the flag list by CPI or ambito (flags_per_area.sql) into the temporary
 * table `table`, from the flag list already in the temporary table `flags`
 * (materializeFlags), and runs its data tests there.
 */
export async function materializeFlagsByArea(
  db: Database,
  flags: string,
  table: string,
  by: AreaBelowProvince,
): Promise<void> {
  const columns = areaColumns(by);
  const slots = {
    flags: quoteIdent(flags),
    aree: areas,
    codice: quoteIdent(columns.codice),
    nome: quoteIdent(columns.nome),
  };
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS ${fillTemplate(byArea.sql, slots)}`, { by });
  await runDataTests(
    db,
    'flag list by area (flags_per_area.sql)',
    byArea.tests,
    { ...slots, table: quoteIdent(table) },
    'No file was written; the data (or flags_per_area.sql) needs a look.',
  );
}
