import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { copyToFile } from '../db/copyToFile.js';
import { quoteIdent } from '../db/runScript.js';
import { suppressLines } from './disclosure/suppressLines.js';
import { writeArrowIpc } from './writeArrowIpc.js';

export interface SuppressedTableSpec {
  /** A temporary table holding the full, exact figures. */
  source: string;
  /** Count columns (primary suppression looks at them) and measures derived from them. */
  counts: string[];
  derived: string[];
  /**
   * Counts a row gives away without a column of their own (SQL expressions over its
   * columns): primary suppression looks at them as at the counts.
   */
  implied?: string[];
  /**
   * Measures that are not counts of our records (rates, hours, survey estimates):
   * published as computed, never looked at by the small-count rule nor blanked.
   */
  exact?: string[];
  /** Key columns that are not dimensions of lines (the period, labels of another column). */
  notDimensions: ReadonlySet<string>;
  minCell: number;
  /** Files to write, without extension (.csv and .parquet are added). */
  base: string;
  /** Also an Arrow IPC file (.arrow), for tools that read Arrow. */
  arrow?: boolean;
}

export interface SuppressedTable {
  columns: { name: string; type: string }[];
  key: string[];
  rows: number;
  suppressed: number;
  audited: boolean;
  protectedTotals: string[];
  /** A temporary table with the published rows (suppressed measures NULL, soppressa). */
  published: string;
}

/**
 * Publishes an aggregate table: small counts suppressed by whole rows (a row's
 * measures are related), secondary suppression and the LP audit of disclosure/suppressLines.ts, the
 * result written as CSV and Parquet (and Arrow IPC on request) through temporary names.
 */
export async function writeSuppressedTable(db: Database, spec: SuppressedTableSpec): Promise<SuppressedTable> {
  const full = quoteIdent(spec.source);
  const schema = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE ${full}`);
  const names = schema.map((c) => c.column_name);
  const hideable = [...spec.counts, ...spec.derived];
  const measures = [...hideable, ...(spec.exact ?? [])];
  const key = names.filter((c) => !measures.includes(c));
  const dims = key.filter((c) => !spec.notDimensions.has(c));
  const keyText = `concat_ws(chr(1), ${dims.map((d) => `coalesce(${quoteIdent(d)}::VARCHAR, '')`).join(', ') || "''"})`;
  const implied = spec.implied ?? [];
  const rows = await db.all(`SELECT ${keyText} AS k, ${[...spec.counts.map(quoteIdent), ...implied.map((e, i) => `(${e}) AS _implied_${i}`)].join(', ') || '0 AS _no_counts'} FROM ${full}`);
  // Audited by linear programming (disclosure/suppressLines.ts), each measure of a row on its own, never skipped.
  const suppression = suppressLines(rows.map((r) => {
    const values = [...spec.counts, ...implied.map((_, i) => `_implied_${i}`)].map((m) => Math.abs(Number(r[m] ?? 0)));
    return { key: String(r.k).split('\u0001'), value: values.reduce((a, b) => a + b, 0), measures: values,
      sensitive: values.some((v) => v >= 1 && v < spec.minCell) };
  }), dims, spec.minCell);
  const hidden = rows.filter((_, i) => suppression.suppressed[i]).map((r) => String(r.k));
  const published = `${spec.source}_pub`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(published)} AS
    SELECT ${key.map(quoteIdent).join(', ')},
           ${measures.map((m) => hideable.includes(m) ? `CASE WHEN soppressa THEN NULL ELSE ${quoteIdent(m)} END AS ${quoteIdent(m)}` : quoteIdent(m)).join(', ')},
           soppressa
    FROM (SELECT *, list_contains($hidden, ${keyText}) AS soppressa FROM ${full})
    ORDER BY ALL`, { hidden: listValue(hidden) }, { hidden: LIST(VARCHAR) });
  const source = `SELECT * FROM ${quoteIdent(published)} ORDER BY ALL`;
  await copyToFile(db, source, {}, `${spec.base}.csv`, { format: 'csv' });
  await copyToFile(db, source, {}, `${spec.base}.parquet`, { format: 'parquet' });
  if (spec.arrow) await writeArrowIpc(db, source, `${spec.base}.arrow`);
  const types = new Map(schema.map((c) => [c.column_name, c.column_type]));
  return {
    columns: [...key, ...measures].map((c) => ({ name: c, type: types.get(c)! })).concat({ name: 'soppressa', type: 'BOOLEAN' }),
    key, rows: rows.length, suppressed: hidden.length, audited: suppression.audited,
    protectedTotals: suppression.protectedTotals, published,
  };
}
