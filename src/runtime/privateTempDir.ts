import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from './logger.js';
import { processAlive } from './processAlive.js';

/** co-pipeline-<pid>-<random>: the pid says whether the process that made it still runs. */
const prefix = 'co-pipeline-';
const named = /^co-pipeline-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * A private temporary folder (0700, mkdtemp) under the system's temporary folder, for
 * copies that hold an extract's raw values. Named after this process, so that if it is
 * killed the next command finds the folder and removes it (removeStaleTempDirs).
 */
export function createPrivateTempDir(): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}${process.pid}-`));
}

/**
 * Removes the private temporary folders left by co-pipeline processes that no longer
 * run (a kill leaves their copies behind, raw codici fiscali included), and says so.
 * Only folders of this user are touched: another user's are not ours to remove.
 */
export function removeStaleTempDirs(logger: Logger, dir: string = tmpdir()): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const uid = process.getuid?.();
  for (const entry of entries) {
    const pid = named.exec(entry)?.[1];
    if (!pid) continue;
    const full = path.join(dir, entry);
    try {
      const stat = lstatSync(full);
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || processAlive(Number(pid), stat.mtimeMs))
        continue;
      rmSync(full, { recursive: true, force: true });
      removed.push(full);
    } catch (error) {
      logger.warn(
        { dir: full, error: String(error) },
        'cannot remove a temporary folder left by a stopped run: remove it by hand',
      );
    }
  }
  if (removed.length)
    logger.warn({ removed }, `removed ${removed.length} temporary folder(s) left by a run that was stopped`);
  return removed;
}
