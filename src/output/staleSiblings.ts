import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../runtime/processAlive.js';

export interface StaleSibling {
  path: string;
  /** tmp: a folder or file being written; old: the previous folder, being replaced. */
  role: 'tmp' | 'old';
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The temporary names beside a target (`<name>.tmp-<pid>`, `<name>.tmp-<pid>-<random>`,
 * `<name>.old-<pid>`) whose process no longer runs: what a killed command left.
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
    if (processAlive(Number(m[2]), lstatSync(full).mtimeMs)) return [];
    return [{ path: full, role: m[1] as 'tmp' | 'old' }];
  });
}
