import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';

/**
 * Commands that read the data (status, build, flags, crisis-basins, report, rejects)
 * refuse a database path where there is none, instead of creating an empty database
 * there: a mistyped --db is the user's to fix (exit 2).
 */
export function requireDatabase(dbPath: string, command: string): void {
  if (dbPath === ':memory:' || existsSync(dbPath)) return;
  throw new UserError(`${command}: there is no database at ${dbPath}. Check --db (or CO_DB), or load extracts first with \`co-pipeline ingest co FILE...\`.`, 2);
}
