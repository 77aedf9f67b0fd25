import type { Database } from '../../db/Database.js';
import type { Deps, GlobalOptions } from './context.js';
import { openWithWait } from './openWithWait.js';

export interface WithDbMode {
  /** The commands that only read refuse a missing database instead of creating one. */
  mustExist?: boolean;
  /** Wait this long for a database another process holds (run's --wait-seconds). */
  waitSeconds?: number;
}

/**
 * Opens the command's database through deps.openDb (so the CLI's settings and a
 * test's replacement apply), does the work and closes the database, whatever the
 * work does.
 */
export async function withDb<T>(
  deps: Deps,
  options: GlobalOptions,
  mode: WithDbMode,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  const open = () => deps.openDb(options.db, options.referenceDir, mode.mustExist ? { mustExist: true } : undefined);
  const db =
    mode.waitSeconds === undefined ? await open() : await openWithWait(open, options.db, mode.waitSeconds, deps.logger);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}
