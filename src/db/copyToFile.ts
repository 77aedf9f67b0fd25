import { closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Database } from './Database.js';
import { staleSiblings } from '../output/staleSiblings.js';
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
 * Writes a query's rows to a file through DuckDB's COPY: into a temporary file
 * in a private directory beside the target, then renamed into place, so a reader
 * never sees half a file. ownerOnly (files that name individuals or hold row
 * values) makes the file 0600 from its first byte: it is created here with that
 * mode before DuckDB writes into it, and the directory around it is 0700
 * (mkdtemp), so a kill at any moment leaves nothing others can read. A CSV goes
 * through spreadsheetSafeQuery (text that a spreadsheet would run as a formula
 * gets a leading apostrophe); Parquet and JSON keep the values as they are.
 */
export async function copyToFile(
  db: Database,
  query: string,
  params: Record<string, DuckDBValue>,
  out: string,
  options: { format?: FileFormat; ownerOnly?: boolean } = {},
): Promise<void> {
  const format = options.format ?? 'csv';
  const target = path.resolve(out);
  mkdirSync(path.dirname(target), { recursive: true });
  // what a killed run left beside this file (its private folder may hold the rows)
  for (const stale of staleSiblings(target)) rmSync(stale.path, { recursive: true, force: true });
  // Beside the target, on the same file system, so that the rename is atomic.
  const privateDir = mkdtempSync(`${target}.tmp-${process.pid}-`);
  const temporary = path.join(privateDir, path.basename(target));
  try {
    // 0666 lets the umask decide, as for any file the program writes.
    closeSync(openSync(temporary, 'wx', options.ownerOnly ? 0o600 : 0o666));
    const source = format === 'csv' ? await spreadsheetSafeQuery(db, query, params) : query;
    await db.run(`COPY (${source}) TO $copy_target ${formatOptions[format]}`, { ...params, copy_target: temporary });
    renameSync(temporary, target);
  } finally {
    rmSync(privateDir, { recursive: true, force: true });
  }
}
