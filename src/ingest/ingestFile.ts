import path from 'node:path';
import { structValue, type DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { fillScript, readScript, runScript } from '../db/runScript.js';
import { UserError } from '../runtime/errors.js';
import { describeSystemError } from '../runtime/systemError.js';
import { localDay } from '../runtime/localDay.js';
import type { Logger } from '../runtime/logger.js';
import type { Encoding, FileFacts } from './inspectFile.js';
import type { IngestResult, IngestWarning } from './IngestResult.js';
import { recordKeyFingerprint } from './keyFingerprint.js';
import { silentProgress, type Progress } from '../runtime/progress.js';
import {
  disposePrepared,
  prepareFile,
  readableHeader,
  readPlan,
  type CopyPlanner,
  type ReadAhead,
} from './prepareFile.js';
import { maskIdentifiers } from './codiceFiscale.js';
import type { IdentifierRule, PseudonymCache } from './pseudonymCache.js';
import type { Header } from './readHeader.js';
import type { KindName } from './kindNames.js';
import { BAD_LINE_COLUMNS, FINDINGS_COLUMN, LINE_COLUMN, type SafeCopy } from './writeSafeCopy.js';

const sql = {
  macros: readScript(new URL('./macros.sql', import.meta.url)),
  rejects: readScript(new URL('./rejects.sql', import.meta.url)),
  rejectLines: readScript(new URL('./reject_lines.sql', import.meta.url)),
};
const sharedTempTables = ['ingest_failed'];

export interface HeaderMatch {
  /** Name given to each file column, in file order (canonical name or extra_N). */
  readNames: string[];
  /** Columns the contract does not know, as written (ignored with a warning). */
  extras: string[];
}

interface LoadStats {
  /** Records of the copy; malformed lines are counted apart. */
  records: number;
  loaded: number;
  repeated?: number;
  conflicting?: number;
}

/** What a loader gets before the file's transaction (temporary tables only, nothing the database keeps). */
interface PrepareContext<M extends HeaderMatch> {
  db: Database;
  file: string;
  match: M;
  facts: FileFacts;
  /** read_csv parameters of the safe copy: path, delim, columns. */
  scan: Record<string, DuckDBValue>;
  /** What the copy holds (records, rejected lines). */
  copy: SafeCopy;
  logger: Logger;
  progress: Progress;
  timed: <T>(phase: string, work: () => Promise<T>) => Promise<T>;
  /** {{trim}}: trim, or nothing when no value of the copy starts or ends with a space. */
  trimSlot: Record<string, string>;
  /** The ingest day (ISO date, the machine's calendar): a row sent after it is dated in the future. */
  today: string;
}

/** What a loader gets inside the file's transaction; `staged` is what the kind's prepare returned. */
export interface LoadContext<M extends HeaderMatch, P = undefined> extends PrepareContext<M> {
  batchId: number;
  staged: P;
  /** Writes the rejects of the rows {{checked}} flags; returns how many rows it flagged. */
  writeRejects: (checkedMacro: string) => Promise<number>;
}

/**
 * One kind of extract: its header contract and how its rows are loaded. What
 * prepare finds (P) is handed to load as ctx.staged, so the two share nothing else.
 */
export interface FileKind<M extends HeaderMatch, P = undefined> {
  kind: KindName;
  matchHeader(file: string, names: string[]): M;
  /** Refuses a file before it is copied (for example raw codici fiscali without a key). */
  precheck?(file: string, match: M, hasKey: boolean): void;
  /** Columns of raw codici fiscali, pseudonymised in the copy. */
  identifierColumns?: Readonly<Record<string, IdentifierRule>>;
  /** Columns of digit codes, where only a person's codice fiscale is masked (not 11 digits). */
  digitCodeColumns?: readonly string[];
  /** The row's sex and birth-date columns a worker's code (rule 'person') is checked against, in the copy. */
  workerCheckColumns?: { sex: string; birth: string };
  /**
   * Work done before the file's transaction, in temporary tables only (a table created
   * and then read inside a transaction is read by a single thread).
   */
  prepare?(ctx: PrepareContext<M>): Promise<P>;
  load(ctx: LoadContext<M, P>): Promise<{ stats: LoadStats; warnings: IngestWarning[] }>;
  tempTables: string[];
}

export interface IngestOptions {
  strict?: boolean;
  encoding?: Encoding;
  logger: Logger;
  /** Files of the same command prepared ahead (see ReadAhead). */
  readAhead?: ReadAhead;
  /** The command's pseudonym cache (the operator's key); without it raw codici fiscali are refused. */
  pseudonyms?: PseudonymCache;
  progress?: (label: string, totalBytes: number) => Progress;
  /** The command's clock (deps.now): the batch's start and end times, and the ingest day (the day it starts). */
  now: () => Date;
}

/**
 * Ingests one extract in one transaction: every row is loaded or rejected with its
 * line and reason; a file that cannot be read as this kind of extract fails whole
 * and leaves the database as it was; a file already loaded (same SHA-256) is skipped.
 */
export async function ingestFile<M extends HeaderMatch, P>(
  db: Database,
  file: string,
  kind: FileKind<M, P>,
  options: IngestOptions,
): Promise<IngestResult> {
  const { logger } = options;
  const started = options.now();
  // durations for the log, on the monotonic clock (the command's clock may be pinned)
  const startedMs = performance.now();
  const fileName = path.basename(file);
  const result: IngestResult = {
    file,
    sha256: null,
    status: 'failed',
    batch_id: null,
    rows_read: 0,
    rows_loaded: 0,
    rows_rejected: 0,
    rows_repeated: 0,
    rows_conflicting: 0,
    warnings: [],
    error: null,
  };
  const tempTables = [...sharedTempTables, ...kind.tempTables];
  const prepared = await (options.readAhead?.take(file) ?? prepareFile(file, { encoding: options.encoding }));
  const { facts } = prepared;
  try {
    if (!facts) throw prepared.error;
    result.sha256 = facts.sha256;
    const previous = await db.one<{ batch_id: number }>(
      "SELECT batch_id FROM batches WHERE sha256 = $sha AND kind = $kind AND status = 'loaded' ORDER BY batch_id LIMIT 1",
      { sha: facts.sha256, kind: kind.kind },
    );
    if (previous) {
      logger.info({ file, batch_id: previous.batch_id }, 'already loaded (same content): skipped, nothing changed');
      return { ...result, status: 'skipped', batch_id: previous.batch_id };
    }
    const readable = readableHeader(prepared, options.encoding);
    const { match, ...planned } = planCopy(kind, file, options.pseudonyms)(readable.header);
    const { encoding, header, readPath, badPath, copy } = await readPlan(prepared, readable, planned);
    // Another key is refused by the command, before any file (refuseOtherKey); the first file it pseudonymises records it.
    const fingerprint = planned.rules.identifiers.size > 0 ? planned.pseudonyms?.fingerprint : undefined;
    logger.debug(
      { file, kind: kind.kind, encoding, delimiter: header.delimiter, extras: match.extras, padded: copy.padded },
      'header accepted',
    );

    const scan: Record<string, DuckDBValue> = {
      path: readPath,
      delim: header.delimiter,
      columns: structValue(
        Object.fromEntries([
          [LINE_COLUMN, 'BIGINT'],
          ...match.readNames.map((n) => [n, 'VARCHAR']),
          ...(planned.rules.workerChecks ? [[FINDINGS_COLUMN, 'VARCHAR']] : []),
        ]),
      ),
    };
    const progress = (options.progress ?? (() => silentProgress))(fileName, facts.sizeBytes);
    await runScript(db, sql.macros);
    for (const t of tempTables) await db.run(`DROP TABLE IF EXISTS temp.${t}`);
    const timings: Record<string, number> = { inspect: prepared.ms, waited: Math.round(performance.now() - startedMs) };
    const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        timings[phase] = Math.round(performance.now() - t0);
      }
    };
    const malformed = copy.rejected;
    const prepareCtx: PrepareContext<M> = {
      db,
      file,
      match,
      facts,
      scan,
      copy,
      logger,
      progress,
      timed,
      trimSlot: { trim: copy.padded ? 'trim' : '' },
      today: localDay(started),
    };
    // a kind without prepare has P = undefined
    const staged = (await kind.prepare?.(prepareCtx)) as P;

    const transactionStarted = performance.now();
    const outcome = await db.transaction(async () => {
      const batch = await db.one<{ id: number }>("SELECT nextval('batch_id_seq')::INTEGER AS id");
      const batchId = batch!.id;
      await db.run(
        `INSERT INTO batches (batch_id, kind, file_name, file_path, sha256, size_bytes, encoding, delimiter, status, started_at)
         VALUES ($id, $kind, $name, $path, $sha, $size, $encoding, $delim, 'loaded', $started)`,
        {
          id: batchId,
          kind: kind.kind,
          name: fileName,
          path: prepared.absolute,
          sha: facts.sha256,
          size: facts.sizeBytes,
          encoding,
          delim: header.delimiter,
          started: started.toISOString(),
        },
      );
      logger.debug({ file, batch_id: batchId }, 'transaction open');
      if (fingerprint) await recordKeyFingerprint(db, fingerprint);
      const ctx: LoadContext<M, P> = {
        ...prepareCtx,
        batchId,
        staged,
        writeRejects: (checked) =>
          timed('rejects', async () => {
            await runScript(db, fillScript(sql.rejects, { checked }), {
              ...scan,
              batch_id: batchId,
              file_name: fileName,
            });
            return count(db, 'ingest_failed');
          }),
      };
      if (copy.rejected > 0) {
        await runScript(db, sql.rejectLines, {
          batch_id: batchId,
          file_name: fileName,
          bad_path: badPath,
          bad_columns: structValue(BAD_LINE_COLUMNS),
        });
      }
      const { stats: s, warnings } = await kind.load(ctx);
      if (s.records !== copy.records) {
        throw new Error(
          `${file}: DuckDB read ${s.records} records of the copy where ${copy.records} were written (a bug: nothing was loaded)`,
        );
      }
      const rejected = s.records - s.loaded + malformed;
      const stats = {
        read: s.records + malformed,
        loaded: s.loaded,
        rejected,
        repeated: s.repeated ?? 0,
        conflicting: s.conflicting ?? 0,
      };
      if (match.extras.length) {
        warnings.unshift({
          code: 'extra_columns',
          column: null,
          n: match.extras.length,
          message: `columns not in the ${kind.kind.toUpperCase()} contract, ignored: ${match.extras.join(', ')}`,
        });
      }
      warnings.push(...copyWarnings(copy));
      if (stats.read === 0)
        warnings.push({ code: 'no_rows', column: null, n: 0, message: 'the file has a header but no data rows' });
      if (options.strict && rejected > 0) {
        throw new UserError(
          `${file}: ${rejected} rows rejected and --strict is set, so the file was not loaded. See the reasons with \`co-pipeline rejects\` after a run without --strict, or fix the file.`,
        );
      }
      for (const w of warnings) {
        await db.run('INSERT INTO batch_warnings VALUES ($id, $code, $col, $n, $message, NULL)', {
          id: batchId,
          code: w.code,
          col: w.column,
          n: w.n,
          message: w.message,
        });
      }
      await db.run(
        `UPDATE batches SET rows_read = $read, rows_loaded = $loaded, rows_rejected = $rejected, rows_repeated = $repeated,
           rows_conflicting = $conflicting, finished_at = $finished WHERE batch_id = $id`,
        { ...stats, finished: options.now().toISOString(), id: batchId },
      );
      timings.body = Math.round(performance.now() - transactionStarted);
      return { batchId, stats, warnings };
    });
    timings.commit = Math.round(performance.now() - transactionStarted) - timings.body!;
    logger.debug({ file, timings_ms: timings }, 'ingest phases');
    logger.info(
      {
        file,
        kind: kind.kind,
        batch_id: outcome.batchId,
        ...outcome.stats,
        warnings: outcome.warnings.length,
        seconds: Math.round(performance.now() - startedMs) / 1000,
      },
      'file loaded',
    );
    const loaded: IngestResult = {
      ...result,
      status: 'loaded',
      batch_id: outcome.batchId,
      rows_read: outcome.stats.read,
      rows_loaded: outcome.stats.loaded,
      rows_rejected: outcome.stats.rejected,
      rows_repeated: outcome.stats.repeated,
      rows_conflicting: outcome.stats.conflicting,
      warnings: outcome.warnings,
    };
    if (outcome.stats.read === 0 || outcome.stats.rejected < outcome.stats.read) return loaded;
    // Every row rejected: the batch and its rejects are kept (so the reasons can be read), but the file failed.
    const error =
      `${file}: all ${outcome.stats.read} rows were rejected, nothing was loaded. See why with ` +
      `\`co-pipeline rejects --batch ${outcome.batchId} --out rejects.csv\`, fix the file and ingest it again.`;
    logger.error({ file, batch_id: outcome.batchId }, error);
    return { ...loaded, status: 'failed', error, exitCode: 1 };
  } catch (caught) {
    // Disk full and the like are the user's to fix: said so, naming the disk (the temporary copy or the database).
    const error = caught instanceof UserError ? caught : (describeSystemError(caught, { database: db.path }) ?? caught);
    // Masked: an error may quote a line of the file.
    const message = maskIdentifiers(
      error instanceof UserError
        ? error.message.startsWith(file)
          ? error.message
          : `${file}: ${error.message}`
        : `${file}: unexpected error (a bug): ${(error as Error).message}`,
    );
    logger.error({ file }, message);
    // The stack only for a bug, and only when asked for; the stack alone, not the error's other fields (a parser's holds the record).
    if (!(error instanceof UserError))
      logger.debug({ file, stack: maskIdentifiers(String((error as Error).stack)) }, 'stack trace');
    await db
      .run(
        `INSERT INTO batches (batch_id, kind, file_name, file_path, sha256, size_bytes, status, error, started_at, finished_at)
       VALUES (nextval('batch_id_seq'), $kind, $name, $path, $sha, $size, 'failed', $error, $started, $finished)`,
        {
          kind: kind.kind,
          name: fileName,
          path: prepared.absolute,
          sha: facts?.sha256 ?? '',
          size: facts?.sizeBytes ?? 0,
          error: message,
          started: started.toISOString(),
          finished: options.now().toISOString(),
        },
      )
      .catch(() => undefined);
    return { ...result, status: 'failed', error: message, exitCode: error instanceof UserError ? error.exitCode : 1 };
  } finally {
    for (const t of tempTables) await db.run(`DROP TABLE IF EXISTS temp.${t}`).catch(() => undefined);
    disposePrepared(prepared);
  }
}

/** How the copy of a file of this kind is made; the header is matched against the kind's contract first. */
export function planCopy<M extends HeaderMatch, P>(kind: FileKind<M, P>, file: string, pseudonyms?: PseudonymCache) {
  return (header: Header): ReturnType<CopyPlanner> & { match: M } => {
    const match = kind.matchHeader(file, header.names);
    kind.precheck?.(file, match, pseudonyms !== undefined);
    const identifiers = new Map<number, IdentifierRule>();
    const digitCodes = new Set<number>();
    match.readNames.forEach((name, i) => {
      const rule = kind.identifierColumns?.[name];
      if (rule) identifiers.set(i, rule);
      if (kind.digitCodeColumns?.includes(name)) digitCodes.add(i);
    });
    // The worker's code is checked against its row when the file has the worker's column and both others.
    const worker = [...identifiers].find(([, rule]) => rule === 'person');
    const sex = kind.workerCheckColumns ? match.readNames.indexOf(kind.workerCheckColumns.sex) : -1;
    const birth = kind.workerCheckColumns ? match.readNames.indexOf(kind.workerCheckColumns.birth) : -1;
    const workerChecks = worker && sex >= 0 && birth >= 0 ? { sex, birth } : undefined;
    return { match, rules: { readNames: match.readNames, identifiers, digitCodes, workerChecks }, pseudonyms };
  };
}

const lineList = (s: { n: number; first: number[] }) => `${s.first.join(', ')}${s.n > s.first.length ? ', ...' : ''}`;

/** Warnings about the file's lines: blank lines skipped, and a file that mixes UTF-8 and Windows-1252. */
function copyWarnings(copy: SafeCopy): IngestWarning[] {
  const warnings: IngestWarning[] = [];
  const { 'utf-8': utf8, 'windows-1252': cp1252, both } = copy.readAs;
  if ((utf8.n > 0 && cp1252.n > 0) || both.n > 0) {
    warnings.push({
      code: 'mixed_encoding',
      column: null,
      n: Math.min(utf8.n, cp1252.n) + both.n,
      message:
        `the file mixes encodings: ${utf8.n} lines read as UTF-8 (${lineList(utf8)}) and ${cp1252.n} as Windows-1252 ` +
        `(${lineList(cp1252)}), each line in its own` +
        (both.n ? `; ${both.n} lines hold both and were read as Windows-1252 (${lineList(both)})` : '') +
        '; check those lines, and export the file in one encoding',
    });
  }
  if (copy.blank.n > 0) {
    warnings.push({
      code: 'blank_lines',
      column: null,
      n: copy.blank.n,
      message: `${copy.blank.n} blank lines skipped (${lineList(copy.blank)})`,
    });
  }
  return warnings;
}

/** Row count of a fixed table expression of the ingest modules (values bound, never pasted). */
export async function count(db: Database, from: string, params: Record<string, DuckDBValue> = {}): Promise<number> {
  const row = await db.one<{ n: string }>(`SELECT count(*)::VARCHAR AS n FROM ${from}`, params);
  return Number(row?.n ?? 0);
}
