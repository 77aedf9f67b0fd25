import { closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { staleSiblings } from './staleSiblings.js';

export interface WriteBesideOptions {
  /** Files that name individuals or hold row values: the temporary is created 0600 before anything is written into it. */
  ownerOnly?: boolean;
  /**
   * The writer creates the temporary itself (DuckDB refuses to attach an empty file):
   * it is not created beforehand, and has the mode the writer gives it, in the private folder.
   */
  writerCreates?: boolean;
  /** Told of each leftover of a killed write that is removed beside the target. */
  onStaleRemoved?: (leftover: string) => void;
  /** The rename onto the target; a test passes one that fails as some systems do while a reader holds the file. */
  rename?: (from: string, to: string) => void;
}

/**
 * The one atomic write of a file: `write` fills a temporary file in a private folder
 * (0700, mkdtemp) beside the target, on the same file system, which is then renamed
 * onto the target, so a reader never sees half a file and a kill leaves the old file.
 * The temporary is created 0666 (the umask decides, as for any file the program
 * writes) or 0600 (ownerOnly) before `write` runs, unless the writer creates it. What
 * a killed write left beside the target (`<name>.tmp-<pid>-<random>`, staleSiblings)
 * is removed first. Folders are written whole by writeOutputFolder.
 */
export async function writeBeside<T>(
  target: string,
  write: (temporary: string) => Promise<T> | T,
  options: WriteBesideOptions = {},
): Promise<T> {
  const absolute = path.resolve(target);
  mkdirSync(path.dirname(absolute), { recursive: true });
  for (const stale of staleSiblings(absolute)) {
    rmSync(stale.path, { recursive: true, force: true });
    options.onStaleRemoved?.(stale.path);
  }
  const privateDir = mkdtempSync(`${absolute}.tmp-${process.pid}-`);
  const temporary = path.join(privateDir, path.basename(absolute));
  try {
    if (!options.writerCreates) closeSync(openSync(temporary, 'wx', options.ownerOnly ? 0o600 : 0o666));
    const result = await write(temporary);
    (options.rename ?? renameSync)(temporary, absolute);
    return result;
  } finally {
    rmSync(privateDir, { recursive: true, force: true });
  }
}
