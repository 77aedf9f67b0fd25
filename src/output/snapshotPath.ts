import path from 'node:path';
import { usageError } from '../runtime/errors.js';

/**
 * Where the analysts' read-only snapshot of the database goes: the --snapshot
 * path, or beside the database with `.snapshot.duckdb` in place of its `.duckdb`
 * (data/co.duckdb: data/co.snapshot.duckdb), so tools that pick DuckDB files by
 * their extension open it. None with --no-snapshot or for an in-memory database.
 * A snapshot path that is the database itself, or one of DuckDB's files beside it
 * (its WAL, its spill folder), would destroy it: a usage error, said before any work.
 */
export function snapshotPath(dbPath: string, option: string | false | undefined): string | undefined {
  if (option === false || dbPath === ':memory:') return undefined;
  const target = option ?? `${dbPath.replace(/\.duckdb$/i, '')}.snapshot.duckdb`;
  const db = path.resolve(dbPath);
  const resolved = path.resolve(target);
  if (
    resolved === db ||
    resolved === `${db}.wal` ||
    resolved === `${db}.tmp` ||
    resolved.startsWith(`${db}.tmp${path.sep}`)
  ) {
    throw usageError(
      `--snapshot ${target} is the database ${dbPath} or one of its files: choose another path for the analysts' snapshot.`,
    );
  }
  return target;
}
