import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../db/Database.js';
import { UserError } from '../errors.js';
import { inspectFile, type Encoding, type FileFacts } from './inspectFile.js';
import { readHeader, type Header } from './readHeader.js';
import { transcodeToUtf8 } from './transcodeToUtf8.js';
import { writeNumberedCopy } from './writeNumberedCopy.js';

/** How DuckDB is to read a file: the header, and the UTF-8 file to scan. */
export interface ReadPlan {
  encoding: Encoding;
  header: Header;
  /** The file, or its UTF-8 or numbered copy in a private temporary folder. */
  readPath: string;
  /** Each line carries its number in a first column (writeNumberedCopy). */
  numbered: boolean;
  /** Some value may start or end with a space, so values are trimmed. */
  padded: boolean;
}

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
  /**
   * Only hash the file: its header is checked and its copies written by readPlan,
   * after the caller has accepted the header (so a refused file is never copied).
   */
  hashOnly?: boolean;
}

/**
 * Hashes a file, reads its header and writes the copy DuckDB will scan (UTF-8, and
 * numbered when it has no quote). Never throws: a problem is kept in `error`.
 */
export async function prepareFile(file: string, options: PrepareOptions = {}): Promise<PreparedFile> {
  const t0 = performance.now();
  const prepared: PreparedFile = { file, absolute: path.resolve(file), ms: 0 };
  try {
    try {
      accessSync(prepared.absolute, constants.R_OK);
    } catch {
      throw new UserError(`${file}: file not found or not readable. Check the path.`);
    }
    prepared.facts = await inspectFile(prepared.absolute);
    if (!options.hashOnly && !options.loaded?.has(prepared.facts.sha256)) {
      await planRead(prepared, readableHeader(prepared, options.encoding));
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
  return { encoding, header };
}

/** The read plan, its copies written now if they were not written ahead (`readable`: from readableHeader). */
export async function readPlan(prepared: PreparedFile, readable = readableHeader(prepared)): Promise<ReadPlan> {
  if (!prepared.plan) await planRead(prepared, readable);
  return prepared.plan!;
}

/** Removes the file's temporary copies (they may hold raw codici fiscali). */
export function disposePrepared(prepared: PreparedFile): void {
  if (prepared.tempDir) rmSync(prepared.tempDir, { recursive: true, force: true });
  prepared.tempDir = undefined;
}

async function planRead(prepared: PreparedFile, { encoding, header }: Readable): Promise<void> {
  const { absolute, facts } = prepared;
  const tempDir = () => (prepared.tempDir ??= mkdtempSync(path.join(tmpdir(), 'co-pipeline-')));
  let readPath = absolute;
  if (encoding === 'windows-1252') {
    readPath = path.join(tempDir(), 'utf8.csv');
    await transcodeToUtf8(absolute, readPath);
  }
  // Without any quote a record is one line: a copy that carries each line's number
  // lets DuckDB read the file in parallel (numbering by ordinality serialises it).
  let numbered = false;
  let padded = true;
  if (!facts!.hasQuotes) {
    const copy = path.join(tempDir(), 'numbered.csv');
    const written = await writeNumberedCopy(readPath, copy, header.delimiter);
    if (written.written) {
      numbered = true;
      readPath = copy;
      padded = written.padded;
    } else rmSync(copy, { force: true });
  }
  prepared.plan = { encoding, header, readPath, numbered, padded };
}

/**
 * Prepares the next files of a command while the current one loads: hashing and
 * copying a file is JavaScript and disk work, which runs while DuckDB's threads
 * are busy with the file before it.
 */
export class ReadAhead {
  private readonly pending = new Map<string, Promise<PreparedFile>>();

  /** `accept`: whether a file may be prepared ahead (copied before its header is checked). */
  constructor(private readonly options: PrepareOptions, private readonly accept: (file: string) => boolean = () => true) {}

  /** Starts preparing a file (at most once until it is taken), if accepted. */
  start(file: string): void {
    if (!this.pending.has(file) && this.accept(file)) this.pending.set(file, prepareFile(file, this.options));
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
    "SELECT DISTINCT sha256 FROM batches WHERE coalesce(kind = $kind, true) AND status = 'loaded'", { kind: kind ?? null });
  return new Set(rows.map((r) => r.sha256));
}
