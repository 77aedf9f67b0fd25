import { LIST, listValue, VARCHAR, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { copyToFile } from './copyToFile.js';
import { quoteIdent } from '../db/runScript.js';
import { rowKeyText } from '../disclosure/orimHypercubes.js';
import { writeArrowIpc } from './writeArrowIpc.js';

export interface PublishedTableSpec {
  /** A temporary table holding the full, exact figures of the region. */
  source: string;
  /** Measures disclosure control may withhold (counts and what is derived from them). */
  hideable: string[];
  /** Measures that are not counts of our records (rates, hours, estimates): published as computed. */
  exact: string[];
  /** The key columns (rowKeyText over them names a row). */
  keyColumns: string[];
  /** Per hideable measure, the keys of the rows where it is withheld. */
  withheld: Map<string, string[]>;
  /** Only this province's rows (a province edition publishes the region's figures of its province). */
  province?: string;
  /** Files to write, without extension (.csv and .parquet are added). */
  base: string;
  /** Also an Arrow IPC file (.arrow), for tools that read Arrow. */
  arrow?: boolean;
  /** Key columns the files name otherwise (an annual edition's period column: semestre as anno). */
  renames?: Record<string, string>;
}

export interface PublishedTable {
  columns: { name: string; type: string }[];
  key: string[];
  rows: number;
  /** Measure cells (rows x hideable measures) and how many are withheld. */
  cells: number;
  suppressed: number;
  /** A temporary table with the published rows (withheld measures NULL, soppressa when any is). */
  published: string;
}

/**
 * Writes an aggregate table as disclosure control decided it (disclosure/decidePublication.ts):
 * each withheld measure empty (NULL), `soppressa` true on a row with any withheld
 * measure, as CSV and Parquet (and Arrow IPC on request) through temporary names.
 */
export async function writePublishedTable(db: Database, spec: PublishedTableSpec): Promise<PublishedTable> {
  const full = quoteIdent(spec.source);
  const schema = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE ${full}`);
  const measures = [...spec.hideable, ...spec.exact];
  const key = spec.keyColumns;
  const renamed = (c: string) => spec.renames?.[c] ?? c;
  const published = `${spec.source}_pub`;
  const params: Record<string, DuckDBValue> = spec.province === undefined ? {} : { province: spec.province };
  const types: Record<string, DuckDBType> = {};
  const hiddenAt = (m: string, i: number) => {
    params[`w${i}`] = listValue(spec.withheld.get(m) ?? []);
    types[`w${i}`] = LIST(VARCHAR);
    return `list_contains($w${i}, "__key__")`;
  };
  const tests = spec.hideable.map((m, i) => [m, hiddenAt(m, i)] as const);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(published)} AS
    SELECT ${key.map((c) => (renamed(c) === c ? quoteIdent(c) : `${quoteIdent(c)} AS ${quoteIdent(renamed(c))}`)).join(', ')},
           ${measures
             .map((m) => {
               const t = tests.find(([x]) => x === m);
               return t ? `CASE WHEN ${t[1]} THEN NULL ELSE ${quoteIdent(m)} END AS ${quoteIdent(m)}` : quoteIdent(m);
             })
             .join(', ')},
           ${tests.length ? tests.map(([, t]) => t).join(' OR ') : 'false'} AS soppressa
    FROM (SELECT *, ${rowKeyText(key)} AS "__key__" FROM ${full})
    ${spec.province === undefined ? '' : 'WHERE provincia = $province::VARCHAR'}
    ORDER BY ALL`,
    params,
    types,
  );
  const counted = await db.one<{ rows: string; hidden: string }>(`SELECT count(*) AS rows,
      (${spec.hideable.map((m) => `count(*) FILTER (WHERE ${quoteIdent(m)} IS NULL)`).join(' + ') || '0'}) AS hidden
    FROM ${quoteIdent(published)}`);
  const source = `SELECT * FROM ${quoteIdent(published)} ORDER BY ALL`;
  await copyToFile(db, source, {}, `${spec.base}.csv`, { format: 'csv' });
  await copyToFile(db, source, {}, `${spec.base}.parquet`, { format: 'parquet' });
  if (spec.arrow) await writeArrowIpc(db, source, `${spec.base}.arrow`);
  const typeOf = new Map(schema.map((c) => [c.column_name, c.column_type]));
  const rows = Number(counted?.rows ?? 0);
  return {
    columns: [...key, ...measures]
      .map((c) => ({ name: renamed(c), type: typeOf.get(c)! }))
      .concat({ name: 'soppressa', type: 'BOOLEAN' }),
    key: key.map(renamed),
    rows,
    cells: rows * spec.hideable.length,
    suppressed: Number(counted?.hidden ?? 0),
    published,
  };
}
