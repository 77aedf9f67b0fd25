import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { UserError } from '../runtime/errors.js';
import { Database } from './Database.js';
import { defaultMemoryLimit } from './defaultMemoryLimit.js';

export interface OpenOptions {
  /** DuckDB memory_limit, e.g. "2GB" (checked by memoryLimit); default defaultMemoryLimit(). */
  memoryLimit?: string;
  threads?: number;
  /**
   * Refuse a path where there is no database (exit 2) instead of creating one: the
   * commands that only read the data must not leave an empty database at a mistyped --db.
   */
  mustExist?: boolean;
}

const schemaSql = () => readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');

/**
 * DuckDB's temporary directory, where it spills when memory runs short: the rows
 * it spills are the database's rows, and DuckDB creates the directory 0755 and
 * its files 0644. So it is made here, 0700, before DuckDB starts (an existing one,
 * e.g. left by a killed run, is tightened to 0700): the files inside are then
 * reachable by the owner only, whatever their own mode. An in-memory database
 * gets none (''): it never spills to disk.
 */
function privateTempDirectory(dbPath: string): string {
  if (dbPath === ':memory:') return '';
  const dir = `${path.resolve(dbPath)}.tmp`;
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new UserError(`Cannot create DuckDB's temporary directory ${dir}: ${String(error)}`, 1, { cause: error });
  }
  // lstat: a symbolic link put there would send the spill files elsewhere.
  if (!lstatSync(dir).isDirectory())
    throw new UserError(
      `${dir} exists and is not a directory: DuckDB's temporary files go there. Move it away and run again.`,
    );
  try {
    // Also when just made: mkdir's mode passes through the umask, and may come out narrower than 0700.
    chmodSync(dir, 0o700);
  } catch (error) {
    throw new UserError(`Cannot make DuckDB's temporary directory ${dir} owner-only (0700): ${String(error)}`, 1, {
      cause: error,
    });
  }
  return dir;
}

/**
 * Opens (creating when missing) the pipeline database, in UTC, with the schema
 * applied, a memory limit (the one given, else defaultMemoryLimit) and a private
 * temporary directory to spill to beyond it (privateTempDirectory). DuckDB allows
 * one writing process: a database held by another process is a UserError that
 * says so.
 */
export async function openDatabase(dbPath: string, options: OpenOptions = {}): Promise<Database> {
  if (options.mustExist && dbPath !== ':memory:' && !existsSync(dbPath)) {
    throw new UserError(
      `there is no database at ${dbPath}. Check --db (or CO_DB), or load extracts first with \`co-pipeline ingest co FILE...\`.`,
      2,
    );
  }
  if (dbPath !== ':memory:') mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const config: Record<string, string> = {};
  config.memory_limit = options.memoryLimit ?? defaultMemoryLimit();
  if (options.threads) config.threads = String(options.threads);
  config.temp_directory = privateTempDirectory(dbPath);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(dbPath, config);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/lock/i.test(message)) {
      const holder = /PID (\d+)/.exec(message)?.[1];
      throw new UserError(
        `The database ${dbPath} is in use by another process${holder ? ` (PID ${holder})` : ''}. ` +
          'DuckDB allows one writer at a time: close the other session (or wait for it to finish) and run again.',
      );
    }
    throw new UserError(`Cannot open the database ${dbPath}: ${message}`, 1, { cause: error });
  }
  const connection = await instance.connect();
  const db = new Database(dbPath, instance, connection);
  await db.run("SET TimeZone = 'UTC'");
  await db.run(schemaSql());
  return db;
}
