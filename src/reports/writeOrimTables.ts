import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/Database.js';
import { quoteIdent } from '../db/runScript.js';
import type { Logger } from '../logger.js';
import { columnDescriptions } from './orimDictionary.js';
import { ORIM_SCHEMA_VERSION, orimTableDefinitions, orimTableQuery, runTableTests, type OrimTableDefinition, type Semester } from './orimTables.js';
import { writeExcelWorkbook, writeItalianExcelCsv, type ExcelTable } from './writeExcelTables.js';
import { writeSuppressedTable } from './writeSuppressedTable.js';
import { writeFileAtomically } from './writeFileAtomically.js';

/**
 * Key columns that are not dimensions of a table's lines: the period (constant over
 * a table) and labels of another column (codice_provincia of provincia, nome of
 * cittadinanza), which would otherwise make one-cell "lines" of no real total.
 */
export const notDimensions: ReadonlySet<string> = new Set(['semestre', 'data', 'periodo', 'codice_provincia', 'nome']);

export interface TableWritten {
  name: string;
  rows: number;
  suppressed: number;
  audited: boolean;
  protectedTotals: string[];
}

/**
 * The Table Schema type of a DuckDB column. The SQL casts every measure to BIGINT or
 * DOUBLE, so that CSV, Parquet and Arrow carry the same type; a type the package
 * cannot state exactly is refused rather than written as a string.
 */
export function frictionlessType(duckType: string): 'integer' | 'number' | 'date' | 'boolean' | 'string' {
  if (['BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT'].includes(duckType)) return 'integer';
  if (duckType === 'DOUBLE') return 'number';
  if (duckType === 'DATE') return 'date';
  if (duckType === 'BOOLEAN') return 'boolean';
  if (duckType === 'VARCHAR') return 'string';
  throw new Error(`ORIM column of type ${duckType}: cast it in the table's SQL to BIGINT, DOUBLE, DATE, BOOLEAN or VARCHAR`);
}

/** The Italian description of a column of a table (orimDictionary.ts, or the table's own). */
function describe(table: OrimTableDefinition, column: string): string {
  const text = table.fields?.[column] ?? columnDescriptions[column];
  if (!text) throw new Error(`ORIM table ${table.name}: column ${column} has no description; add it to src/reports/orimDictionary.ts`);
  return text;
}

/**
 * Writes the ORIM tables of a semester into dir (schema version 2,
 * docs/orim-schema-2.md): CSV, Parquet and Arrow IPC per table and datapackage.json
 * (a Frictionless tabular data package: every resource a tabular-data-resource whose
 * Table Schema gives each field's type and Italian description and the primary key),
 * each file through a temporary name. Each table's data tests run on its exact figures
 * first. Counts below minCell are suppressed by whole rows, with the secondary
 * suppression and LP audit of disclosure/suppressLines.ts; a suppressed row shows empty counts and
 * `soppressa = true`; measures that are not counts (rates, hours, estimates) are
 * published as they are. With a province, the tables hold that province's rows only.
 * The exact figures stay in the temporary tables orim_<name> for the report, those
 * of the tables computed for the report only (published: false) too.
 */
export async function writeOrimTables(
  db: Database, semester: Semester, dir: string, minCell: number, logger: Logger, province?: string,
  tables: readonly OrimTableDefinition[] = orimTableDefinitions, options: { excel?: boolean } = {},
): Promise<TableWritten[]> {
  mkdirSync(dir, { recursive: true });
  const written: TableWritten[] = [];
  const resources: unknown[] = [];
  const excel: ExcelTable[] = [];
  for (const table of tables) {
    const { name, counts, derived, implied, exact } = table;
    const { sql, params } = await orimTableQuery(db, table, semester, logger, province);
    const source = `orim_${name}`;
    await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(source)} AS ${sql}`, params);
    await runTableTests(db, table, quoteIdent(source));
    if (table.published === false) continue;
    const published = await writeSuppressedTable(db, {
      source, counts, derived, ...(implied ? { implied } : {}), ...(exact ? { exact } : {}), notDimensions, minCell,
      base: path.join(dir, name), arrow: true,
    });
    const labels = new Set(table.labels ?? []);
    resources.push({
      profile: 'tabular-data-resource', name, title: table.title, path: `${name}.csv`, format: 'csv', mediatype: 'text/csv', encoding: 'utf-8',
      schema: {
        fields: published.columns.map((c) => ({ name: c.name, type: frictionlessType(c.type), description: describe(table, c.name) })),
        primaryKey: published.key.filter((k) => !labels.has(k)),
        missingValues: [''],
      },
      'x-parquet': `${name}.parquet`,
      'x-arrow': `${name}.arrow`,
    });
    excel.push({ name, title: table.title, source: published.published, measures: [...counts, ...derived],
      fields: published.columns.map((c) => ({ name: c.name, type: c.type, description: describe(table, c.name) })) });
    written.push({ name, rows: published.rows, suppressed: published.suppressed, audited: published.audited,
      protectedTotals: published.protectedTotals });
    logger.info({ table: name, rows: published.rows, suppressed: published.suppressed }, 'ORIM table written');
  }
  const datapackage = {
    profile: 'tabular-data-package', name: `orim-co-${semester.semestre.toLowerCase()}`,
    title: `Comunicazioni Obbligatorie, Lombardia, ${semester.semestre}: tavole ORIM`,
    version: ORIM_SCHEMA_VERSION, 'x-schema-version': ORIM_SCHEMA_VERSION, 'x-min-cell': minCell, resources,
  };
  writeFileAtomically(path.join(dir, 'datapackage.json'), `${JSON.stringify(datapackage, null, 2)}\n`);
  if (options.excel) {
    // For people who open the tables in Excel: the same published rows (docs/orim-schema-2.md, "Excel").
    for (const t of excel) await writeItalianExcelCsv(db, t, path.join(dir, 'excel', `${t.name}.csv`));
    await writeExcelWorkbook(db, excel, path.join(dir, 'tavole.xlsx'), datapackage.title);
  }
  return written;
}
