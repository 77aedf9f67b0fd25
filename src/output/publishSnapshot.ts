import {
  chmodSync,
  chownSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  lstatSync,
  openSync,
  readSync,
  statSync,
  type Stats,
} from 'node:fs';
import type { Database } from '../db/Database.js';
import { quoteIdent, quoteLiteral } from '../db/runScript.js';
import type { Logger } from '../runtime/logger.js';
import { describeSystemError } from '../runtime/systemError.js';
import { writeBeside } from './writeBeside.js';

export type SnapshotResult =
  | { status: 'published'; path: string; bytes: number; ms: number }
  | { status: 'not published'; path: string; reason: string; ms: number };

/** The alias the temporary snapshot is attached under while DuckDB writes it. */
const ALIAS = 'co_pipeline_snapshot';

/** Whether the file is a DuckDB database (its magic bytes "DUCK" at offset 8), i.e. a snapshot it may replace. */
function isDuckDbFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(12);
    return readSync(fd, head, 0, 12, 0) === 12 && head.toString('latin1', 8, 12) === 'DUCK';
  } finally {
    closeSync(fd);
  }
}

/** Why an existing path may not be replaced by the snapshot, or undefined when it may (missing, or a DuckDB file). */
function refusal(target: string): string | undefined {
  let stat: Stats;
  try {
    stat = lstatSync(target);
  } catch {
    return undefined;
  }
  if (stat.isFile() && isDuckDbFile(target)) return undefined;
  return `${target} exists and is not a DuckDB database: it is left as it is. Move it away, or choose another path with --snapshot`;
}

/**
 * Publishes a read-only copy of the database for analysts, who can open it while
 * the next job holds the database (DuckDB allows one writer per file, and a reader
 * of the database itself would stop the job). It is the atomic write of any output
 * file (writeBeside): the checkpointed database file is copied (copyDatabase) into a
 * private folder (0700) beside the target, so the half-written file is the owner's
 * only; it is given the database's mode (read bits only) and group, and renamed
 * into place. A reader opens
 * the old snapshot or the new one, never half of one, and a reader holding the old
 * one open keeps reading it (on Linux the rename leaves its inode alone). A kill
 * leaves the old snapshot and a `.tmp-PID-` folder, which the next publication
 * removes (staleSiblings), saying so in the log.
 *
 * Never fails the job: a snapshot that cannot be written or renamed (a full disk,
 * a system that refuses to replace an open file, a path held by something else)
 * is a warning, the previous snapshot stays, and the result says why. Anything
 * else is a bug, and thrown.
 */
export async function publishSnapshot(
  db: Database,
  target: string,
  logger: Logger,
  options: { rename?: (from: string, to: string) => void } = {},
): Promise<SnapshotResult> {
  const started = Date.now();
  const notPublished = (reason: string): SnapshotResult => {
    logger.warn({ snapshot: target }, `snapshot not published: ${reason}`);
    return { status: 'not published', path: target, reason, ms: Date.now() - started };
  };
  const refused = refusal(target);
  if (refused) return notPublished(refused);
  // checked above: what is at the target, if anything, is an earlier snapshot
  const kept = () => (existsSync(target) ? ' (the previous snapshot stays)' : '');
  // set once the copy is whole: what fails after it is the rename onto the target
  let copied = false;
  let bytes: number;
  try {
    bytes = await writeBeside(
      target,
      async (temporary) => {
        logger.debug({ temporary }, 'snapshot: writing');
        await copyDatabase(db, temporary);
        copied = true;
        return statSync(temporary).size;
      },
      {
        writerCreates: true,
        rename: options.rename,
        onStaleRemoved: (removed) =>
          logger.info({ removed }, 'snapshot: removed the temporary copy a stopped job left behind'),
      },
    );
  } catch (error) {
    if (copied) return notPublished(`cannot put it in place of ${target} (${(error as Error).message})${kept()}`);
    const failure = describeSystemError(error, { database: db.path, snapshot: target });
    if (!failure) throw error;
    return notPublished(`${failure.message}${kept()}`);
  }
  const ms = Date.now() - started;
  logger.debug({ snapshot: target, bytes, ms }, 'snapshot published');
  return { status: 'published', path: target, bytes, ms };
}

/**
 * A copy of the database into a new file, with the database's read bits and group.
 * Once checkpointed, the database file holds everything and DuckDB does not write it
 * until the next commit, which this job does not make while it copies (it is the only
 * writer, and waits here): a copy of the file's bytes is the database, at the cost of
 * a file copy (under a second for 500 MB) instead of DuckDB rewriting every table
 * (COPY FROM DATABASE, 12 s for the same file). If the log is not empty after the
 * checkpoint (another transaction held it back), DuckDB copies table by table.
 *
 * On a file system that shares blocks between files (XFS, Btrfs: COPYFILE_FICLONE) the
 * copy shares the database's blocks until DuckDB rewrites them, and takes milliseconds
 * whatever the size; elsewhere (ext4) it is a copy of the bytes.
 */
async function copyDatabase(db: Database, file: string): Promise<void> {
  await db.run('CHECKPOINT');
  if (walIsEmpty(db.path)) copyFileSync(db.path, file, constants.COPYFILE_FICLONE);
  else await copyTableByTable(db, file);
  // Readable by whoever reads the database, no one else: its mode and, where the owner may set it, its
  // group. Without the write bits: DuckDB then refuses to open it read-write, so no session leaves a WAL
  // beside it that a reader of the next snapshot would find.
  const dbStat = statSync(db.path);
  chmodSync(file, dbStat.mode & 0o444);
  try {
    chownSync(file, statSync(file).uid, dbStat.gid);
  } catch {
    // not a member of the database's group: the file keeps the owner's group, and the database's mode
  }
}

/** Whether the database's write-ahead log is absent or empty: everything committed is in the file. */
function walIsEmpty(dbPath: string): boolean {
  try {
    return statSync(`${dbPath}.wal`).size === 0;
  } catch {
    return true;
  }
}

/** DuckDB's copy of every table, with its data, into a new file, checkpointed. */
async function copyTableByTable(db: Database, file: string): Promise<void> {
  const source = (await db.one<{ name: string }>('SELECT current_database() AS name'))!.name;
  await db.run(`ATTACH ${quoteLiteral(file)} AS ${quoteIdent(ALIAS)}`);
  try {
    await db.run(`COPY FROM DATABASE ${quoteIdent(source)} TO ${quoteIdent(ALIAS)}`);
    // Everything into the file itself: a reader opening it read-only gets no WAL to replay.
    await db.run(`CHECKPOINT ${quoteIdent(ALIAS)}`);
  } finally {
    await db.run(`DETACH DATABASE IF EXISTS ${quoteIdent(ALIAS)}`);
  }
}
