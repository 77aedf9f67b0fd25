import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/Database.js';
import { quoteIdent } from '../db/runScript.js';
import type { Logger } from '../logger.js';
import { ORIM_SCHEMA_VERSION, orimTableNames, orimTableQuery, type OrimTableName, type Semester } from './orimTables.js';
import { writeSuppressedTable } from './writeSuppressedTable.js';
import { writeFileAtomically } from './writeFileAtomically.js';

/**
 * The counts of each table and the measures derived from them; the other columns are
 * its grain. Implied: counts a row gives away through its derived measures (in
 * co_flussi, the transformations to open-ended leaving the row's contract group are
 * attivazioni - cessazioni + trasformazioni_ti - saldo), looked at as counts.
 */
const measures: Record<OrimTableName, { counts: string[]; derived: string[]; implied?: string[] }> = {
  co_flussi: { counts: ['attivazioni', 'cessazioni_comunicate', 'cessazioni_a_termine', 'cessazioni', 'proroghe', 'trasformazioni_ti'], derived: ['saldo'],
    implied: ['attivazioni - cessazioni + trasformazioni_ti - saldo'] },
  co_stock: { counts: ['rapporti_attivi', 'lavoratori_attivi'], derived: [] },
  co_cittadinanze: { counts: ['attivazioni', 'cessazioni'], derived: ['saldo'] },
  lavoratori_a_rischio: { counts: ['lavoratori'], derived: [] },
  bacini_crisi: { counts: ['lavoratori', 'di_cui_permesso_a_rischio'], derived: [] },
  inps_beneficiari: { counts: ['beneficiari'], derived: [] },
  istat_popolazione: { counts: ['residenti'], derived: [] },
};
/**
 * Key columns that are not dimensions of a table's lines: the period (constant over
 * a table) and labels of another column (codice_provincia of provincia, nome of
 * cittadinanza), which would otherwise make one-cell "lines" of no real total.
 */
export const notDimensions: ReadonlySet<string> = new Set(['semestre', 'data', 'codice_provincia', 'nome']);

export interface TableWritten {
  name: string;
  rows: number;
  suppressed: number;
  audited: boolean;
  protectedTotals: string[];
}

export const frictionlessType = (duckType: string) =>
  /INT/.test(duckType) ? 'integer' : duckType === 'DATE' ? 'date' : duckType === 'BOOLEAN' ? 'boolean'
    : /DOUBLE|DECIMAL|FLOAT/.test(duckType) ? 'number' : 'string';

/**
 * Writes the ORIM tables of a semester into dir: CSV and Parquet per table and
 * datapackage.json (Frictionless) with every table's schema and the schema
 * version, plus an Arrow IPC file per table, each file through a temporary name. Counts below minCell are
 * suppressed by whole rows (a row's measures are related: saldo = attivazioni -
 * cessazioni + trasformazioni_ti - the transformations leaving the row's group), with the secondary suppression and audit of
 * suppressCells; a suppressed row shows empty measures and `soppressa = true`.
 * With a province, the tables hold that province's rows only. The exact figures
 * stay in the temporary tables orim_<name> for the report to use.
 */
export async function writeOrimTables(
  db: Database, semester: Semester, dir: string, minCell: number, logger: Logger, province?: string,
): Promise<TableWritten[]> {
  mkdirSync(dir, { recursive: true });
  const written: TableWritten[] = [];
  const resources: unknown[] = [];
  for (const name of orimTableNames) {
    const { counts, derived, implied } = measures[name];
    const { sql, params } = await orimTableQuery(db, name, semester, logger, province);
    const source = `orim_${name}`;
    await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(source)} AS ${sql}`, params);
    const table = await writeSuppressedTable(db, {
      source, counts, derived, ...(implied ? { implied } : {}), notDimensions, minCell, base: path.join(dir, name), arrow: true,
    });
    resources.push({
      name, path: `${name}.csv`, format: 'csv', mediatype: 'text/csv', encoding: 'utf-8',
      schema: {
        fields: table.columns.map((c) => ({ name: c.name, type: frictionlessType(c.type) })),
        primaryKey: table.key,
        missingValues: [''],
      },
      'x-parquet': `${name}.parquet`,
      'x-arrow': `${name}.arrow`,
    });
    written.push({ name, rows: table.rows, suppressed: table.suppressed, audited: table.audited,
      protectedTotals: table.protectedTotals });
    logger.info({ table: name, rows: table.rows, suppressed: table.suppressed }, 'ORIM table written');
  }
  const datapackage = {
    profile: 'tabular-data-package', name: `orim-co-${semester.semestre.toLowerCase()}`,
    title: `Comunicazioni Obbligatorie, Lombardia, ${semester.semestre}: tavole ORIM`,
    version: ORIM_SCHEMA_VERSION, 'x-schema-version': ORIM_SCHEMA_VERSION, 'x-min-cell': minCell, resources,
  };
  writeFileAtomically(path.join(dir, 'datapackage.json'), `${JSON.stringify(datapackage, null, 2)}\n`);
  return written;
}
