import type { DuckDBValue } from '@duckdb/node-api';
import { fillTemplate, quoteIdent, readSql, runScript } from '../db/runScript.js';
import { count, type HeaderMatch, type LoadContext } from './ingestFile.js';

const scanRecords = readSql(new URL('./scanRecords.sql', import.meta.url));

export interface CheckedRowsSpec {
  /** The kind's columns; those missing from the header read as NULL. */
  columns: readonly string[];
  /** The checked-rows table macro (a .sql with {{missing_columns}}, {{line_expr}}, {{line_join}}). */
  checkedSql: string;
  /** Its name, for the rejects pass. */
  macro: string;
  /** The INSERT of the valid rows (binds $path, $delim, $columns, $batch_id). */
  loadSql: string;
  /** The table it loads, holding batch_id. */
  table: string;
  /** More fixed fragments for the checked-rows macro. */
  slots?: Record<string, string>;
  /** More bound values for the load. */
  params?: Record<string, DuckDBValue>;
}

/**
 * The load of an extract without codici fiscali (INPS, ISTAT): pass 1 over the
 * records, line numbers, the checked rows loaded in one statement, and the
 * rejects written only when rows were lost.
 */
export async function loadCheckedRows<M extends HeaderMatch & { present: Set<string> }>(
  ctx: LoadContext<M>, spec: CheckedRowsSpec,
): Promise<{ records: number; loaded: number }> {
  const { db, batchId, match, scan, newlines, timed, numberLines, writeRejects, recordSlots, lineSlots } = ctx;
  await timed('scan', () => runScript(db, fillTemplate(scanRecords, { newlines, ...recordSlots }), scan));
  const records = Number((await db.one<{ n: string }>('SELECT records::VARCHAR AS n FROM ingest_scan'))?.n ?? 0);
  const { malformed, shifted } = await numberLines();
  const missing = spec.columns.filter((c) => !match.present.has(c)).map((c) => `, NULL::VARCHAR AS ${quoteIdent(c)}`).join('');
  await runScript(db, fillTemplate(spec.checkedSql, { missing_columns: missing, ...lineSlots(shifted), ...spec.slots }));
  await timed('load', () => runScript(db, spec.loadSql, { ...scan, batch_id: batchId, ...spec.params }));
  const loaded = await count(db, `${quoteIdent(spec.table)} WHERE batch_id = $batch_id`, { batch_id: batchId });
  if (loaded < records || malformed > 0) await writeRejects(spec.macro);
  return { records, loaded };
}
