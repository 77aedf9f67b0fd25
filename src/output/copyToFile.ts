import type { DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { writeBeside } from './writeBeside.js';
import { spreadsheetSafeQuery } from './spreadsheetSafeQuery.js';

export type FileFormat = 'csv' | 'parquet' | 'json';

// USE_TMP_FILE false: by default DuckDB writes over an existing file through its own
// tmp_<name> (created 0644) renamed onto it, which would drop the mode set below;
// without it DuckDB truncates the file in place and keeps its mode.
const formatOptions: Record<FileFormat, string> = {
  csv: "(FORMAT csv, HEADER true, DELIMITER ',', USE_TMP_FILE false)",
  parquet: '(FORMAT parquet, USE_TMP_FILE false)',
  json: '(FORMAT json, ARRAY true, USE_TMP_FILE false)',
};

/**
 * Writes a query's rows to a file through DuckDB's COPY, atomically (writeBeside: a
 * temporary file in a private folder beside the target, renamed into place). ownerOnly
 * (files that name individuals or hold row values) makes the file 0600 from its first
 * byte: it is created with that mode before DuckDB writes into it (USE_TMP_FILE false
 * keeps it), in a 0700 folder, so a kill at any moment leaves nothing others can read.
 * A CSV goes through spreadsheetSafeQuery (text that a spreadsheet would run as a
 * formula gets a leading apostrophe); Parquet and JSON keep the values as they are.
 */
export async function copyToFile(
  db: Database,
  query: string,
  params: Record<string, DuckDBValue>,
  out: string,
  options: { format?: FileFormat; ownerOnly?: boolean } = {},
): Promise<void> {
  const format = options.format ?? 'csv';
  const source = format === 'csv' ? await spreadsheetSafeQuery(db, query, params) : query;
  await writeBeside(
    out,
    (temporary) =>
      db.run(`COPY (${source}) TO $copy_target ${formatOptions[format]}`, { ...params, copy_target: temporary }),
    { ownerOnly: options.ownerOnly ?? false },
  );
}
