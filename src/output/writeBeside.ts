import { closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { staleSiblings } from './staleSiblings.js';

/**
 * The one atomic write of a file: `write` fills a temporary file in a private folder
 * (0700, mkdtemp) beside the target, on the same file system, which is then renamed
 * onto the target, so a reader never sees half a file and a kill leaves the old file.
 * ownerOnly (files that name individuals or hold row values) creates the temporary
 * 0600 before anything is written into it. What a killed write left beside the target
 * (`<name>.tmp-<pid>-<random>`) is removed first. Folders are written whole by
 * writeOutputFolder.
 */
export async function writeBeside(
  target: string,
  write: (temporary: string) => Promise<void> | void,
  options: { ownerOnly?: boolean } = {},
): Promise<void> {
  const absolute = path.resolve(target);
  mkdirSync(path.dirname(absolute), { recursive: true });
  for (const stale of staleSiblings(absolute)) rmSync(stale.path, { recursive: true, force: true });
  const privateDir = mkdtempSync(`${absolute}.tmp-${process.pid}-`);
  const temporary = path.join(privateDir, path.basename(absolute));
  try {
    // 0666 lets the umask decide, as for any file the program writes.
    closeSync(openSync(temporary, 'wx', options.ownerOnly ? 0o600 : 0o666));
    await write(temporary);
    renameSync(temporary, absolute);
  } finally {
    rmSync(privateDir, { recursive: true, force: true });
  }
}
