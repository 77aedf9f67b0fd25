import type { Database } from './Database.js';
import { withoutVacuum } from './withoutVacuum.js';

/**
 * The write-ahead log size at which DuckDB checkpoints during a many-file ingest,
 * instead of its default of 16 MB. Each checkpoint rewrites metadata and partly
 * filled row groups, at a cost that grows with the database (measured on 1 million
 * rows in 30 files: 8 s of commits at 16 MB, 1.7 s at 256 MB, where one checkpoint at
 * the end does it all); above a few hundred MB the log of uncheckpointed rows costs
 * memory (120 MB more for 1 million rows held until the end), so the log is bounded
 * rather than left to grow with the extracts.
 */
const INGEST_CHECKPOINT_THRESHOLD = '256MB';

/**
 * Runs `work` (a sequence of committed transactions) with DuckDB checkpointing only
 * every INGEST_CHECKPOINT_THRESHOLD of log, then checkpoints once, so that the
 * command leaves the database file complete and the log empty. A committed file is
 * as durable in the log as in the file: DuckDB replays the log when it next opens.
 * The checkpoints run with vacuum off (withoutVacuum): the rows an R2 repeat replaces
 * are deleted from row groups of earlier files, which a vacuum would rewrite (a month
 * at 10 million rows: 26.5 s with it, 13.9 s without, docs/ingest.md). The final
 * checkpoint is outside every file's transaction, so a full disk there is described
 * (checkpointKept: which place, what to do), saying that the files loaded are kept.
 */
export async function withFewerCheckpoints<T>(db: Database, work: () => Promise<T>): Promise<T> {
  await db.run(`SET checkpoint_threshold = '${INGEST_CHECKPOINT_THRESHOLD}'`);
  try {
    return await withoutVacuum(db, 'The files loaded', work);
  } finally {
    await db.run('RESET checkpoint_threshold');
  }
}
