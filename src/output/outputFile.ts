import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import type { FileFormat } from './copyToFile.js';
import type { Database } from '../db/Database.js';
import { usageError } from '../runtime/errors.js';
import { outputStat } from './outputStat.js';

const extensions: Record<string, FileFormat> = { '.csv': 'csv', '.parquet': 'parquet', '.json': 'json' };

/**
 * The format of an output file: the one given, else the one its extension names, else
 * CSV. A format that contradicts the extension (--format csv --out f.parquet) is refused:
 * a file that does not hold what its name says is read wrong by the next program.
 */
export function outputFormat(
  out: string,
  given: FileFormat | undefined,
  allowed: readonly FileFormat[] = ['csv', 'parquet', 'json'],
): FileFormat {
  const named = extensions[path.extname(out).toLowerCase()];
  if (given && named && given !== named) {
    throw usageError(
      `--out ${out} ends in ${path.extname(out)} but --format is ${given}. Name the file .${given}, or leave out --format.`,
    );
  }
  const format = given ?? named ?? 'csv';
  if (!allowed.includes(format)) {
    throw usageError(`--out ${out}: this command writes ${allowed.join(' or ')} only. Name the file .${allowed[0]}.`);
  }
  return format;
}

const readers: Record<FileFormat, string> = {
  csv: 'read_csv($file, header = true, all_varchar = true)',
  parquet: 'read_parquet($file)',
  json: "read_json($file, format = 'array')",
};

/**
 * Refuses (exit 2) an output file path that cannot be a file: a folder, a path through
 * a file, a link or device. Run before any work, so the user hears at once. True when
 * a file is there already (see checkReplaceable).
 */
export function checkOutputPath(out: string, command: string, format: FileFormat): boolean {
  const stat = outputStat(out, `--out ${out}`, 'Give a file path in a folder.');
  if (!stat) return false;
  if (stat.isDirectory())
    throw usageError(
      `--out ${out} is a folder; give a file name, e.g. --out ${path.join(out, `${command}.${format}`)}.`,
    );
  if (stat.isSymbolicLink() || !stat.isFile())
    throw usageError(`--out ${out} is not a regular file; give a new file name.`);
  return true;
}

/**
 * Refuses (exit 2) to replace an existing file the command did not write: one whose
 * columns are not the ones the query writes (or that cannot be read as the format).
 */
export async function checkReplaceable(
  db: Database,
  out: string,
  format: FileFormat,
  query: { sql: string; params: Record<string, DuckDBValue> },
  command: string,
): Promise<void> {
  if (!checkOutputPath(out, command, format)) return;
  const expected = await db.columns(`SELECT * FROM (${query.sql}) LIMIT 0`, query.params);
  const found =
    format === 'json' && readFileSync(out, 'utf8').trim() === '[]'
      ? expected
      : await db.columns(`SELECT * FROM ${readers[format]} LIMIT 0`, { file: out }).catch(() => undefined);
  if (!found || found.join('\u0000') !== expected.join('\u0000')) {
    throw usageError(
      `--out ${out} exists and is not a file that \`${command}\` wrote (its columns differ), so it is not replaced. ` +
        'Give a new file name, or move that file away.',
    );
  }
}
