import { UserError } from '../runtime/errors.js';
import { describeSystemError } from '../runtime/systemError.js';
import type { Database } from './Database.js';

/**
 * Checkpoints after commits that are already durable in the log. A full disk here is
 * described (which place, what to do) and says that `kept` (what was committed, e.g.
 * "The files loaded") stays in the log, written into the database when it is next opened.
 */
export async function checkpointKept(db: Database, kept: string): Promise<void> {
  try {
    await db.run('CHECKPOINT');
  } catch (error) {
    const described = describeSystemError(error, { database: db.path });
    if (!described) throw error;
    throw new UserError(
      `${described.message}. ${kept} are kept in ${db.path}.wal and written into the database when it is next opened.`,
      1,
      { cause: error },
    );
  }
}
