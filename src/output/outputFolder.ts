import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { usageError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import { version } from '../runtime/version.js';
import { outputStat } from './outputStat.js';
import { staleSiblings } from './staleSiblings.js';

/** What a folder holds: a command writes only into a new or empty folder, or one of its own kind. */
const kindNames = {
  'semiannual-report': 'a semi-annual report',
  'semiannual-report-editions': 'the editions of a semi-annual report (region and provinces)',
  'annual-report': 'an annual report',
  'crisis-basins': 'crisis basins',
  'risk-indicators': 'risk indicators by CPI or ambito',
} as const;
export type OutputKind = keyof typeof kindNames;
const outputKinds = Object.keys(kindNames) as [OutputKind, ...OutputKind[]];

/** The marker file: written last, it says the folder is ours and complete, and lists its files. */
export const OUTPUT_MARKER = '.co-pipeline-output.json';

const Marker = z.object({
  written_by: z.literal('co-pipeline'),
  kind: z.enum(outputKinds),
  version: z.string(),
  written_at: z.string(),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative() })),
});
type Marker = z.infer<typeof Marker>;

/** The files under dir, as paths relative to it with /, and their sizes. */
function listFiles(dir: string, under = ''): { path: string; bytes: number }[] {
  return readdirSync(path.join(dir, under), { withFileTypes: true })
    .flatMap((e) => {
      const relative = under ? `${under}/${e.name}` : e.name;
      if (e.isDirectory()) return listFiles(dir, relative);
      return [{ path: relative, bytes: lstatSync(path.join(dir, relative)).size }];
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

function readMarker(dir: string): Marker | undefined {
  try {
    return Marker.parse(JSON.parse(readFileSync(path.join(dir, OUTPUT_MARKER), 'utf8')));
  } catch {
    return undefined;
  }
}

/** Whether dir is a folder we wrote whole: its marker lists exactly the files it holds, at their sizes. */
export function isCompleteOutput(dir: string): boolean {
  const marker = readMarker(dir);
  if (!marker) return false;
  const present = listFiles(dir).filter((f) => f.path !== OUTPUT_MARKER);
  return JSON.stringify(present) === JSON.stringify(marker.files);
}

/**
 * Refuses (exit 2) a target the command may not replace: a file, a link, the folder
 * the user is in (or one holding it), a folder that holds files we did not write.
 * A missing or empty folder, or one of ours of this kind, may be replaced.
 */
export function checkOutputFolder(target: string, kind: OutputKind, option = '--out'): void {
  const absolute = path.resolve(target);
  const inside = path.relative(absolute, process.cwd());
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) {
    throw usageError(
      `${option} ${target}: this folder holds the current directory, and the output replaces its folder whole. Give a new folder, e.g. ${option} out/${kind}.`,
    );
  }
  const stat = outputStat(absolute, `${option} ${target}`, 'Give a folder path.');
  if (!stat) return;
  if (stat.isSymbolicLink())
    throw usageError(`${option} ${target} is a symbolic link; give the folder itself (the output replaces it whole).`);
  if (!stat.isDirectory())
    throw usageError(
      `${option} ${target} is a file, not a folder. Give a new folder name: the output is a folder of files.`,
    );
  const entries = readdirSync(absolute);
  if (entries.length === 0) return;
  const marker = readMarker(absolute);
  if (!marker) {
    throw usageError(
      `${option} ${target} is a folder that co-pipeline did not write (no ${OUTPUT_MARKER} in it), and the output replaces its folder whole. ` +
        'Give a new or empty folder.',
    );
  }
  if (marker.kind !== kind) {
    throw usageError(
      `${option} ${target} holds ${kindNames[marker.kind]}, not ${kindNames[kind]}. Give another folder.`,
    );
  }
  const ours = new Set([OUTPUT_MARKER, ...marker.files.map((f) => f.path)]);
  const foreign = listFiles(absolute)
    .map((f) => f.path)
    .filter((f) => !ours.has(f));
  if (foreign.length) {
    throw usageError(
      `${option} ${target} holds files co-pipeline did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}), ` +
        'and the output replaces its folder whole. Move them away or give another folder.',
    );
  }
}

/**
 * Puts back what a killed command left beside the target: when the target is missing
 * between the two renames of a swap, the complete new folder (or else the old one) is
 * renamed into place; every other leftover is removed. Each step is logged.
 */
function recoverOutputFolder(target: string, logger: Logger): void {
  const absolute = path.resolve(target);
  const stale = staleSiblings(absolute);
  if (!existsSync(absolute)) {
    const restore =
      stale.find((s) => s.role === 'tmp' && isCompleteOutput(s.path)) ??
      stale.find((s) => s.role === 'old' && isCompleteOutput(s.path));
    if (restore) {
      renameSync(restore.path, absolute);
      logger.warn(
        { folder: absolute, from: restore.path },
        'a stopped run left this folder between two renames: put back in place',
      );
    }
  }
  for (const s of stale) {
    if (!existsSync(s.path)) continue;
    rmSync(s.path, { recursive: true, force: true });
    logger.warn({ removed: s.path }, 'removed what a stopped run left beside the output folder');
  }
}

export interface OutputFolderOptions {
  kind: OutputKind;
  logger: Logger;
  /** The command's clock (deps.now): the marker's written_at. */
  now: () => Date;
}

/**
 * Writes an output folder whole: `write` fills a new folder beside the target, the
 * marker is written last, then the old folder is renamed away, the new one into place,
 * and the old removed. A kill leaves the old folder or the new one at the target (or,
 * between the two renames, neither: the next command puts the new one back).
 */
export async function writeOutputFolder<T>(
  target: string,
  folder: OutputFolderOptions,
  write: (dir: string) => Promise<T>,
): Promise<T> {
  const { kind, logger } = folder;
  const absolute = path.resolve(target);
  recoverOutputFolder(absolute, logger);
  checkOutputFolder(target, kind);
  mkdirSync(path.dirname(absolute), { recursive: true });
  const temporary = `${absolute}.tmp-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary);
  try {
    const result = await write(temporary);
    const marker: Marker = {
      written_by: 'co-pipeline',
      kind,
      version,
      written_at: folder.now().toISOString(),
      files: listFiles(temporary),
    };
    writeFileSync(path.join(temporary, OUTPUT_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    const old = `${absolute}.old-${process.pid}`;
    if (existsSync(absolute)) renameSync(absolute, old);
    renameSync(temporary, absolute);
    rmSync(old, { recursive: true, force: true });
    return result;
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}
