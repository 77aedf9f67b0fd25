import type { Database } from '../../db/Database.js';
import { loadReference } from '../../db/loadReference.js';
import { openDatabase, type OpenOptions } from '../../db/openDatabase.js';

/**
 * The database as commands use it: schema applied and reference tables loaded.
 * Every setting comes in as an argument (the CLI resolves option, environment and
 * config file), so nothing here reads the environment.
 */
export async function openPipelineDb(
  dbPath: string,
  referenceDir?: string,
  options: OpenOptions = {},
): Promise<Database> {
  const db = await openDatabase(dbPath, options);
  try {
    await loadReference(db, referenceDir);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
