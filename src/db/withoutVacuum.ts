import { checkpointKept } from './checkpointKept.js';
import type { Database } from './Database.js';

/**
 * Runs `work` (committed transactions that replace a few rows of large tables) with
 * DuckDB's vacuum off, and checkpoints before turning it back on. A checkpoint
 * otherwise merges the row groups that hold deleted rows with the rows appended
 * after them, rewriting every column of them: on the bench's million rows, 2 s for
 * the 29,000 rows a month brings to one table (0.26 s without the merge), and the
 * table-wide merges as deletions add up cost more than the work. The rows replaced
 * stay in the file as deleted (a build's tables until they are written anew by
 * `build --force`; the communications an R2 repeat replaced, one in a thousand of a
 * month's, for good). `kept` names what the log keeps if that checkpoint fails
 * (checkpointKept).
 */
export async function withoutVacuum<T>(db: Database, kept: string, work: () => Promise<T>): Promise<T> {
  await db.run('SET max_vacuum_tasks = 0');
  try {
    const result = await work();
    // while vacuum is off: else the checkpoint at the snapshot or at close would merge
    await checkpointKept(db, kept);
    return result;
  } finally {
    await db.run('RESET max_vacuum_tasks');
  }
}
