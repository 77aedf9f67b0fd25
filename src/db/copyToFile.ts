import { renameSync, rmSync, chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Database } from './Database.js';

export type FileFormat = 'csv' | 'parquet' | 'json';

const formatOptions: Record<FileFormat, string> = {
  csv: "(FORMAT csv, HEADER true, DELIMITER ',')",
  parquet: '(FORMAT parquet)',
  json: '(FORMAT json, ARRAY true)',
};

/**
 * Writes a query's rows to a file through DuckDB's COPY: first to a temporary
 * name beside the target, then renamed into place, so a reader never sees half a
 * file. ownerOnly sets mode 0600 before the rename (files that name individuals).
 */
export async function copyToFile(
  db: Database,
  query: string,
  params: Record<string, DuckDBValue>,
  out: string,
  options: { format?: FileFormat; ownerOnly?: boolean } = {},
): Promise<void> {
  const target = path.resolve(out);
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.tmp-${process.pid}`;
  try {
    await db.run(`COPY (${query}) TO $copy_target ${formatOptions[options.format ?? 'csv']}`, { ...params, copy_target: temporary });
    if (options.ownerOnly) chmodSync(temporary, 0o600);
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}
