import type { Database } from '../db/Database.js';
import { loadReference } from '../db/loadReference.js';
import { openDatabase } from '../db/openDatabase.js';

/** The database as commands use it: schema applied and reference tables loaded. */
export async function openPipelineDb(dbPath: string, referenceDir?: string): Promise<Database> {
  const db = await openDatabase(dbPath);
  try {
    await loadReference(db, referenceDir ?? process.env.CO_REFERENCE_DIR);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
