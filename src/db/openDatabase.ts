import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { UserError } from '../errors.js';
import { Database } from './Database.js';

export interface OpenOptions {
  /** DuckDB memory_limit, e.g. "2GB"; env CO_MEMORY_LIMIT. */
  memoryLimit?: string;
  threads?: number;
}

const schemaSql = () => readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');

/**
 * Opens (creating when missing) the pipeline database, in UTC, with the schema
 * applied. DuckDB allows one writing process: a database held by another process
 * is a UserError that says so.
 */
export async function openDatabase(dbPath: string, options: OpenOptions = {}): Promise<Database> {
  if (dbPath !== ':memory:') mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const config: Record<string, string> = {};
  const memoryLimit = options.memoryLimit ?? process.env.CO_MEMORY_LIMIT;
  if (memoryLimit) config.memory_limit = memoryLimit;
  if (options.threads) config.threads = String(options.threads);
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
    throw new UserError(`Cannot open the database ${dbPath}: ${message}`);
  }
  const connection = await instance.connect();
  const db = new Database(dbPath, instance, connection);
  await db.run("SET TimeZone = 'UTC'");
  await db.run(schemaSql());
  return db;
}
