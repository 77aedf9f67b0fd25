import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../runtime/processAlive.js';

export interface StaleSibling {
  path: string;
  /** tmp: a folder or file being written; old: the previous folder, being replaced. */
  role: 'tmp' | 'old';
}

/** Longer than any write beside a target takes: a temporary this old is no running write's, whatever has its id now. */
const TEMPORARY_STALE_AFTER_MS = 24 * 3600 * 1000;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The temporary names beside a target (`<name>.tmp-<pid>`, `<name>.tmp-<pid>-<random>`,
 * `<name>.old-<pid>`) whose process no longer runs: what a killed command left. A
 * temporary last changed more than a day ago is stale too, as process ids are reused;
 * an old folder is not told by its age, since the rename that makes it keeps its time.
 */
export function staleSiblings(target: string): StaleSibling[] {
  const dir = path.dirname(target);
  const pattern = new RegExp(`^${escapeRegExp(path.basename(target))}\\.(tmp|old)-(\\d+)(-[A-Za-z0-9]{6})?$`);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const m = pattern.exec(entry);
    if (!m) return [];
    const full = path.join(dir, entry);
    const role = m[1] as 'tmp' | 'old';
    const changed = lstatSync(full).mtimeMs;
    const dayOld = role === 'tmp' && Date.now() - changed > TEMPORARY_STALE_AFTER_MS;
    if (!dayOld && processAlive(Number(m[2]), changed)) return [];
    return [{ path: full, role }];
  });
}
