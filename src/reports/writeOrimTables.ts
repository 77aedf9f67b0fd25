import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { copyToFile } from '../db/copyToFile.js';
import { quoteIdent } from '../db/runScript.js';
import type { Logger } from '../logger.js';
import { ORIM_SCHEMA_VERSION, orimTableNames, orimTableQuery, type OrimTableName, type Semester } from './orimTables.js';
import { suppressCells } from './suppressCells.js';

/** The counts of each table and the measures derived from them; the other columns are its grain. */
const measures: Record<OrimTableName, { counts: string[]; derived: string[] }> = {
  co_flussi: { counts: ['attivazioni', 'cessazioni_comunicate', 'cessazioni_a_termine', 'cessazioni', 'proroghe', 'trasformazioni_ti'], derived: ['saldo'] },
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
const notDimensions = new Set(['semestre', 'data', 'codice_provincia', 'nome']);
const SEP = '\u0001';

export interface TableWritten {
  name: string;
  rows: number;
  suppressed: number;
  audited: boolean;
  protectedTotals: string[];
}

const frictionlessType = (duckType: string) =>
  /INT/.test(duckType) ? 'integer' : duckType === 'DATE' ? 'date' : duckType === 'BOOLEAN' ? 'boolean'
    : /DOUBLE|DECIMAL|FLOAT/.test(duckType) ? 'number' : 'string';

/**
 * Writes the ORIM tables of a semester into dir: CSV and Parquet per table and
 * datapackage.json (Frictionless) with every table's schema and the schema
 * version, each file through a temporary name. Counts below minCell are
 * suppressed by whole rows (a row's measures are related: saldo = attivazioni -
 * cessazioni + trasformazioni_ti), with the secondary suppression and audit of
 * suppressCells; a suppressed row shows empty measures and `soppressa = true`.
 */
export async function writeOrimTables(
  db: Database, semester: Semester, dir: string, minCell: number, logger: Logger,
): Promise<TableWritten[]> {
  mkdirSync(dir, { recursive: true });
  const written: TableWritten[] = [];
  const resources: unknown[] = [];
  for (const name of orimTableNames) {
    const { counts, derived } = measures[name];
    const { sql, params } = await orimTableQuery(db, name, semester, logger);
    const full = quoteIdent(`orim_${name}`);
    await db.run(`CREATE OR REPLACE TEMP TABLE ${full} AS ${sql}`, params);
    const schema = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE ${full}`);
    const columns = schema.map((c) => c.column_name);
    const key = columns.filter((c) => !counts.includes(c) && !derived.includes(c));
    const dims = key.filter((c) => !notDimensions.has(c));
    const keyText = `concat_ws(chr(1), ${dims.map((d) => `coalesce(${quoteIdent(d)}::VARCHAR, '')`).join(', ') || "''"})`;
    const rows = await db.all(`SELECT ${keyText} AS k, ${counts.map(quoteIdent).join(', ')} FROM ${full}`);
    const suppression = suppressCells(rows.map((r) => {
      const values = counts.map((m) => Math.abs(Number(r[m] ?? 0)));
      return { key: String(r.k).split(SEP), value: values.reduce((a, b) => a + b, 0), sensitive: values.some((v) => v >= 1 && v < minCell) };
    }), dims, minCell);
    const hidden = rows.filter((_, i) => suppression.suppressed[i]).map((r) => String(r.k));
    const published = `SELECT ${key.map(quoteIdent).join(', ')},
        ${[...counts, ...derived].map((m) => `CASE WHEN soppressa THEN NULL ELSE ${quoteIdent(m)} END AS ${quoteIdent(m)}`).join(', ')},
        soppressa
      FROM (SELECT *, list_contains($hidden, ${keyText}) AS soppressa FROM ${full})
      ORDER BY ALL`;
    const bind = { hidden: listValue(hidden) };
    const base = path.join(dir, name);
    await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(`orim_${name}_pub`)} AS ${published}`, bind, { hidden: LIST(VARCHAR) });
    const source = `SELECT * FROM ${quoteIdent(`orim_${name}_pub`)} ORDER BY ALL`;
    await copyToFile(db, source, {}, `${base}.csv`, { format: 'csv' });
    await copyToFile(db, source, {}, `${base}.parquet`, { format: 'parquet' });
    const types = new Map(schema.map((c) => [c.column_name, c.column_type]));
    resources.push({
      name, path: `${name}.csv`, format: 'csv', mediatype: 'text/csv', encoding: 'utf-8',
      schema: {
        fields: [...key, ...counts, ...derived, 'soppressa'].map((c) => ({
          name: c, type: c === 'soppressa' ? 'boolean' : frictionlessType(types.get(c)!),
        })),
        primaryKey: key,
        missingValues: [''],
      },
      'x-parquet': `${name}.parquet`,
    });
    written.push({ name, rows: rows.length, suppressed: hidden.length, audited: suppression.audited,
      protectedTotals: suppression.protectedTotals });
    logger.info({ table: name, rows: rows.length, suppressed: hidden.length }, 'ORIM table written');
  }
  const datapackage = {
    profile: 'tabular-data-package', name: `orim-co-${semester.semestre.toLowerCase()}`,
    title: `Comunicazioni Obbligatorie, Lombardia, ${semester.semestre}: tavole ORIM`,
    version: ORIM_SCHEMA_VERSION, 'x-schema-version': ORIM_SCHEMA_VERSION, 'x-min-cell': minCell, resources,
  };
  const file = path.join(dir, 'datapackage.json');
  writeFileSync(`${file}.tmp-${process.pid}`, `${JSON.stringify(datapackage, null, 2)}\n`);
  renameSync(`${file}.tmp-${process.pid}`, file);
  return written;
}
