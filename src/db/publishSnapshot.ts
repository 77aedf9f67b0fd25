import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import type { Logger } from '../runtime/logger.js';
import { describeSystemError } from '../runtime/systemError.js';
import type { Database } from './Database.js';
import { quoteIdent, quoteLiteral } from './runScript.js';

export type SnapshotResult =
  | { status: 'published'; path: string; bytes: number; ms: number }
  | { status: 'not published'; path: string; reason: string; ms: number };

/** The alias the temporary snapshot is attached under while DuckDB writes it. */
const ALIAS = 'co_pipeline_snapshot';

/** A stale temporary is one whose process is gone, or older than any snapshot takes to write. */
const STALE_AFTER_MS = 24 * 3600 * 1000;

const alive = (pid: number): boolean => {
  if (pid === process.pid) return false; // one snapshot at a time per process: a leftover of ours is stale
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes the private folders `<snapshot>.tmp-PID-xxxxxx` a killed job left beside
 * the snapshot (they hold a half-written copy of the database), saying so in the log.
 */
function removeStaleTemporaries(target: string, logger: Logger): void {
  const dir = path.dirname(target);
  const prefix = `${path.basename(target)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no folder yet: nothing left there
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) ? /^(\d+)-/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (pid === undefined) continue;
    const leftover = path.join(dir, name);
    const old = Date.now() - lstatSync(leftover).mtimeMs > STALE_AFTER_MS;
    if (alive(Number(pid)) && !old) continue;
    rmSync(leftover, { recursive: true, force: true });
    logger.info({ removed: leftover }, 'snapshot: removed the temporary copy a stopped job left behind');
  }
}

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
 * of the database itself would stop the job). DuckDB writes the copy itself
 * (COPY FROM DATABASE: every table, with its data) into a private folder (0700)
 * beside the target, so the half-written file and its WAL are the owner's only; it
 * is checkpointed, detached, given the database's mode (read bits only) and group, and renamed into
 * place. A reader opens the old snapshot or the new one, never half of one, and a
 * reader holding the old one open keeps reading it (on Linux the rename leaves its
 * inode alone). A kill leaves the old snapshot and a `.tmp-PID-` folder, which the
 * next publication removes.
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
  removeStaleTemporaries(target, logger);
  const refused = refusal(target);
  if (refused) return notPublished(refused);
  // checked above: what is at the target, if anything, is an earlier snapshot
  const kept = () => (existsSync(target) ? ' (the previous snapshot stays)' : '');
  let privateDir: string | undefined;
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    // Beside the target, on the same file system, so that the rename is atomic.
    privateDir = mkdtempSync(`${target}.tmp-${process.pid}-`);
    const temporary = path.join(privateDir, path.basename(target));
    logger.debug({ temporary }, 'snapshot: writing');
    const source = (await db.one<{ name: string }>('SELECT current_database() AS name'))!.name;
    await db.run(`ATTACH ${quoteLiteral(temporary)} AS ${quoteIdent(ALIAS)}`);
    try {
      await db.run(`COPY FROM DATABASE ${quoteIdent(source)} TO ${quoteIdent(ALIAS)}`);
      // Everything into the file itself: a reader opening it read-only gets no WAL to replay.
      await db.run(`CHECKPOINT ${quoteIdent(ALIAS)}`);
    } finally {
      await db.run(`DETACH DATABASE IF EXISTS ${quoteIdent(ALIAS)}`);
    }
    // Readable by whoever reads the database, no one else: its mode and, where the owner may set it, its
    // group. Without the write bits: DuckDB then refuses to open it read-write, so no session leaves a WAL
    // beside it that a reader of the next snapshot would find.
    const dbStat = statSync(db.path);
    chmodSync(temporary, dbStat.mode & 0o444);
    try {
      chownSync(temporary, statSync(temporary).uid, dbStat.gid);
    } catch {
      // not a member of the database's group: the file keeps the owner's group, and the database's mode
    }
    const bytes = statSync(temporary).size;
    try {
      (options.rename ?? renameSync)(temporary, target);
    } catch (error) {
      return notPublished(`cannot put it in place of ${target} (${(error as Error).message})${kept()}`);
    }
    const ms = Date.now() - started;
    logger.debug({ snapshot: target, bytes, ms }, 'snapshot published');
    return { status: 'published', path: target, bytes, ms };
  } catch (error) {
    const failure = describeSystemError(error, { database: db.path, snapshot: target });
    if (!failure) throw error;
    return notPublished(`${failure.message}${kept()}`);
  } finally {
    if (privateDir) rmSync(privateDir, { recursive: true, force: true });
  }
}
