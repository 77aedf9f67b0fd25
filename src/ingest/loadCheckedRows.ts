import type { DuckDBValue } from '@duckdb/node-api';
import { fillScript, quoteIdent, runScript, type Script } from '../db/runScript.js';
import { count, type HeaderMatch, type LoadContext } from './ingestFile.js';

export interface CheckedRowsSpec {
  /** The kind's columns; those missing from the header read as NULL. */
  columns: readonly string[];
  /** The checked-rows table macro (a .sql with {{missing_columns}}). */
  checkedSql: Script;
  /** Its name, for the rejects pass. */
  macro: string;
  /** The INSERT of the valid rows (binds $path, $delim, $columns, $batch_id). */
  loadSql: Script;
  /** The table it loads, holding batch_id. */
  table: string;
  /** Other tables the same load writes (rows kept apart, e.g. region totals). */
  alsoTables?: readonly string[];
  /** More fixed fragments for the checked-rows macro. */
  slots?: Record<string, string>;
  /** More bound values for the load. */
  params?: Record<string, DuckDBValue>;
}

/**
 * The load of an extract without codici fiscali (INPS, ISTAT): the checked rows of
 * the safe copy loaded in one statement, and the rejects written only when rows
 * were rejected.
 */
export async function loadCheckedRows<M extends HeaderMatch & { present: Set<string> }>(
  ctx: LoadContext<M>,
  spec: CheckedRowsSpec,
): Promise<{ records: number; loaded: number }> {
  const { db, batchId, match, scan, copy, timed, writeRejects } = ctx;
  const missing = spec.columns
    .filter((c) => !match.present.has(c))
    .map((c) => `, NULL::VARCHAR AS ${quoteIdent(c)}`)
    .join('');
  await runScript(db, fillScript(spec.checkedSql, { missing_columns: missing, ...spec.slots }));
  await timed('load', () => runScript(db, spec.loadSql, { ...scan, batch_id: batchId, ...spec.params }));
  let loaded = 0;
  for (const table of [spec.table, ...(spec.alsoTables ?? [])]) {
    loaded += await count(db, `${quoteIdent(table)} WHERE batch_id = $batch_id`, { batch_id: batchId });
  }
  const failed = loaded < copy.records ? await writeRejects(spec.macro) : 0;
  const records = loaded + failed;
  return { records, loaded };
}
