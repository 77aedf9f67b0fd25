import { lstatSync, type Stats } from 'node:fs';
import { usageError } from '../runtime/errors.js';

/**
 * What is at an output path (lstat: a link is seen as a link), or undefined when
 * nothing is; a path through a file is a usage error (exit 2), `named` the option and
 * path as the user gave them and `hint` what to give instead.
 */
export function outputStat(path: string, named: string, hint: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw usageError(`${named}: a part of this path is a file, not a folder. ${hint}`);
    throw error;
  }
}
