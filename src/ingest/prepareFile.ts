import { accessSync, constants, rmSync, statSync } from 'node:fs';
import { createPrivateTempDir } from '../runtime/privateTempDir.js';
import path from 'node:path';
import type { Database } from '../db/Database.js';
import { UserError } from '../runtime/errors.js';
import { inspectFile, type Encoding, type FileFacts } from './inspectFile.js';
import { readHeader, type Header } from './readHeader.js';
import type { PseudonymCache } from './pseudonymCache.js';
import { writeSafeCopy, type CopyRules, type SafeCopy } from './writeSafeCopy.js';

/** How DuckDB is to read a file: the header, and the safe copy to scan. */
export interface ReadPlan extends Readable {
  /** The copy DuckDB reads (writeSafeCopy), in a private temporary folder. */
  readPath: string;
  /** Beside it, the lines that are not records. */
  badPath: string;
  /** What the copy holds: records, rejected lines, padding, encodings met. */
  copy: SafeCopy;
}

/**
 * What the copy of a file with this header must do (its rules, and the pseudonym
 * cache for raw codici fiscali); throws a UserError when the header is refused, so a
 * refused file is never copied.
 */
export type CopyPlanner = (header: Header) => { rules: CopyRules; pseudonyms?: PseudonymCache };

/** What can be learnt about a file without the database: read ahead while the file before it loads. */
export interface PreparedFile {
  file: string;
  absolute: string;
  /** Undefined when the file cannot be read; then error says why. */
  facts?: FileFacts;
  /** Undefined when the file is not a readable CSV (error says why), or when reading it was put off. */
  plan?: ReadPlan;
  /** The first problem met, raised when the file's turn comes (after the already-loaded check). */
  error?: unknown;
  /** Time spent preparing, in milliseconds. */
  ms: number;
  tempDir?: string;
}

export interface PrepareOptions {
  /** Overrides the detected encoding. */
  encoding?: Encoding;
  /** Content hashes already loaded: such a file is only hashed (it will most likely be skipped). */
  loaded?: ReadonlySet<string>;
  /** How to copy the file: without it the file is only hashed, and readPlan copies it later. */
  planner?: CopyPlanner;
}

/**
 * Hashes a file, reads its header and, given a planner, writes the copy DuckDB will
 * scan (writeSafeCopy). Never throws: a problem is kept in `error`.
 */
export async function prepareFile(file: string, options: PrepareOptions = {}): Promise<PreparedFile> {
  const t0 = performance.now();
  const prepared: PreparedFile = { file, absolute: path.resolve(file), ms: 0 };
  try {
    try {
      accessSync(prepared.absolute, constants.R_OK);
    } catch {
      throw new UserError(`${file}: file not found or not readable. Check the path.`, 2);
    }
    if (statSync(prepared.absolute).isDirectory()) {
      throw new UserError(`${file} is a folder, not an extract. Name the files, e.g. ${path.join(file, '*.csv')}.`, 2);
    }
    prepared.facts = await inspectFile(prepared.absolute);
    if (options.planner && !options.loaded?.has(prepared.facts.sha256)) {
      const readable = readableHeader(prepared, options.encoding);
      await planRead(prepared, readable, options.planner(readable.header));
    }
  } catch (error) {
    prepared.error = error;
  }
  prepared.ms = Math.round(performance.now() - t0);
  return prepared;
}

/** A file's encoding and header line. */
export interface Readable {
  encoding: Encoding;
  /** The encoding was given (--encoding), not detected: every line is read in it. */
  forced: boolean;
  header: Header;
}

/** The file's encoding and header: throws when the file is empty, binary or has no header line. */
export function readableHeader(prepared: PreparedFile, encodingOverride?: Encoding): Readable {
  if (prepared.error) throw prepared.error;
  if (prepared.plan) return prepared.plan;
  const { file, absolute, facts } = prepared;
  if (facts!.sizeBytes === 0) throw new UserError(`${file}: the file is empty (no header row). Check the export.`);
  if (facts!.binary) throw new UserError(`${file}: not a CSV text file (it contains binary data). Check the export.`);
  const encoding = encodingOverride ?? facts!.encoding;
  const header = readHeader(absolute, encoding);
  if (!header) throw new UserError(`${file}: the first line is empty, so there is no header row. Check the export.`);
  return { encoding, forced: encodingOverride !== undefined, header };
}

/** The read plan, its copy written now if it was not written ahead (`readable`: from readableHeader). */
export async function readPlan(
  prepared: PreparedFile,
  readable: Readable,
  planned: ReturnType<CopyPlanner>,
): Promise<ReadPlan> {
  if (!prepared.plan) await planRead(prepared, readable, planned);
  return prepared.plan!;
}

/** Removes the file's temporary copy. */
export function disposePrepared(prepared: PreparedFile): void {
  if (prepared.tempDir) rmSync(prepared.tempDir, { recursive: true, force: true });
  prepared.tempDir = undefined;
}

async function planRead(
  prepared: PreparedFile,
  { encoding, forced, header }: Readable,
  planned: ReturnType<CopyPlanner>,
): Promise<void> {
  prepared.tempDir ??= createPrivateTempDir();
  const readPath = path.join(prepared.tempDir, 'copy.csv');
  const badPath = path.join(prepared.tempDir, 'bad.csv');
  const lineEncoding = forced
    ? encoding === 'windows-1252'
      ? 'forced-windows-1252'
      : 'forced-utf-8'
    : encoding === 'windows-1252'
      ? 'windows-1252'
      : 'utf-8';
  const copy = await writeSafeCopy(prepared.absolute, readPath, {
    delimiter: header.delimiter,
    encoding: lineEncoding,
    badPath,
    ...planned,
  });
  prepared.plan = { encoding, forced, header, readPath, badPath, copy };
}

/**
 * Prepares the next files of a command while the current one loads: hashing and
 * copying a file is JavaScript and disk work, which runs while DuckDB's threads
 * are busy with the file before it.
 */
export class ReadAhead {
  private readonly pending = new Map<string, Promise<PreparedFile>>();

  /** `plannerOf`: how a file is copied, or undefined when it is not to be prepared ahead. */
  constructor(
    private readonly options: PrepareOptions,
    private readonly plannerOf: (file: string) => CopyPlanner | undefined,
  ) {}

  /** Starts preparing a file (at most once until it is taken), if it has a planner. */
  start(file: string): void {
    const planner = this.plannerOf(file);
    if (!this.pending.has(file) && planner) this.pending.set(file, prepareFile(file, { ...this.options, planner }));
  }

  /** Before ingesting files[i]: starts preparing it and the file after it. */
  startAt(files: readonly string[], i: number): void {
    for (const file of files.slice(i, i + 2)) this.start(file);
  }

  /** The file's preparation, if one was started; the caller then owns its copies. */
  take(file: string): Promise<PreparedFile> | undefined {
    const prepared = this.pending.get(file);
    this.pending.delete(file);
    return prepared;
  }

  /** Removes the copies of files prepared but never taken; returns those files. */
  async dispose(): Promise<PreparedFile[]> {
    const untaken = await Promise.all(this.pending.values());
    this.pending.clear();
    for (const prepared of untaken) disposePrepared(prepared);
    return untaken;
  }
}

/** Content hashes of the files (of a kind, or any) already loaded: ReadAhead only hashes such a file. */
export async function loadedHashes(db: Database, kind?: string): Promise<Set<string>> {
  const rows = await db.all<{ sha256: string }>(
    "SELECT DISTINCT sha256 FROM batches WHERE coalesce(kind = $kind, true) AND status = 'loaded'",
    { kind: kind ?? null },
  );
  return new Set(rows.map((r) => r.sha256));
}
