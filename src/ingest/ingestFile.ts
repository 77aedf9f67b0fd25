import path from 'node:path';
import { structValue, type DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { fillTemplate, quoteIdent, readSql, runScript } from '../db/runScript.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Encoding, FileFacts } from './inspectFile.js';
import type { IngestResult, IngestWarning } from './IngestResult.js';
import { silentProgress, type Progress } from './progress.js';
import { disposePrepared, prepareFile, readableHeader, readPlan, type ReadAhead } from './prepareFile.js';
import { LINE_COLUMN } from './writeNumberedCopy.js';

const sql = {
  macros: readSql(new URL('./macros.sql', import.meta.url)),
  lines: readSql(new URL('./lineNumbers.sql', import.meta.url)),
  rejects: readSql(new URL('./rejects.sql', import.meta.url)),
};
const sharedTempTables = ['ingest_scan', 'ingest_bad', 'ingest_line_shift', 'ingest_bad_lines', 'ingest_failed',
  'ingest_rejects_errors', 'ingest_rejects_scan'];

export interface HeaderMatch {
  /** Name given to each file column, in file order (canonical name or extra_N). */
  readNames: string[];
  /** Columns the contract does not know, as written (ignored with a warning). */
  extras: string[];
}

export interface LoadStats {
  /** Well-formed records (pass 1); malformed ones are counted apart. */
  records: number;
  loaded: number;
  repeated?: number;
  conflicting?: number;
}

/** What a loader gets before the file's transaction (temporary tables only, nothing the database keeps). */
export interface PrepareContext<M extends HeaderMatch> {
  db: Database;
  file: string;
  match: M;
  facts: FileFacts;
  /** read_csv parameters: path (UTF-8), delim, columns. */
  scan: Record<string, DuckDBValue>;
  /** Identifier list turning each column into its count of line breaks (for line numbers). */
  newlines: string;
  logger: Logger;
  progress: Progress;
  timed: <T>(phase: string, work: () => Promise<T>) => Promise<T>;
  /** After pass 1 (which must create ingest_scan and ingest_rejects_errors): line-number tables. */
  numberLines: () => Promise<{ malformed: number; shifted: boolean }>;
  /**
   * How the SQL templates read records: {{rec}} and {{with_ordinality}} (see
   * recordSlots); {{trim}}: trim, or nothing when no value starts or ends with a space.
   */
  recordSlots: Record<string, string>;
  /** {{line_expr}} and {{line_join}} (and the record slots) for the checked-rows macro. */
  lineSlots: (shifted: boolean) => Record<string, string>;
}

/** What a loader gets inside the file's transaction. */
export interface LoadContext<M extends HeaderMatch> extends PrepareContext<M> {
  batchId: number;
  /** Writes the rejects of the rows {{checked}} flags, and the malformed records. */
  writeRejects: (checkedMacro: string) => Promise<void>;
}

/** One kind of extract: its header contract and how its rows are loaded. */
export interface FileKind<M extends HeaderMatch> {
  kind: 'co' | 'inps' | 'istat';
  matchHeader(file: string, names: string[]): M;
  /** Refuses a file before its transaction (for example raw codici fiscali without a key). */
  precheck?(file: string, match: M): void;
  /**
   * Work done before the file's transaction, in temporary tables only (a table created
   * and then read inside a transaction is read by a single thread).
   */
  prepare?(ctx: PrepareContext<M>): Promise<void>;
  load(ctx: LoadContext<M>): Promise<{ stats: LoadStats; warnings: IngestWarning[] }>;
  tempTables: string[];
}

export interface IngestOptions {
  strict?: boolean;
  encoding?: Encoding;
  logger: Logger;
  /** Files of the same command prepared ahead (see ReadAhead). */
  readAhead?: ReadAhead;
  progress?: (label: string, totalBytes: number) => Progress;
}

/**
 * Ingests one extract in one transaction: every row is loaded or rejected with its
 * line and reason; a file that cannot be read as this kind of extract fails whole
 * and leaves the database as it was; a file already loaded (same SHA-256) is skipped.
 */
export async function ingestFile<M extends HeaderMatch>(
  db: Database, file: string, kind: FileKind<M>, options: IngestOptions,
): Promise<IngestResult> {
  const { logger } = options;
  const started = new Date();
  const fileName = path.basename(file);
  const result: IngestResult = {
    file, sha256: null, status: 'failed', batch_id: null, rows_read: 0, rows_loaded: 0, rows_rejected: 0,
    rows_repeated: 0, rows_conflicting: 0, warnings: [], error: null,
  };
  const tempTables = [...sharedTempTables, ...kind.tempTables];
  const prepared = await (options.readAhead?.take(file) ?? prepareFile(file, { encoding: options.encoding, hashOnly: true }));
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
    const match = kind.matchHeader(file, readable.header.names);
    kind.precheck?.(file, match);
    const { encoding, header, readPath, numbered, padded } = await readPlan(prepared, readable);
    logger.debug({ file, kind: kind.kind, encoding, delimiter: header.delimiter, extras: match.extras, numbered, padded }, 'header accepted');

    const scan: Record<string, DuckDBValue> = {
      path: readPath,
      delim: header.delimiter,
      columns: structValue(Object.fromEntries([
        ...(numbered ? [[LINE_COLUMN, 'BIGINT']] : []), ...match.readNames.map((n) => [n, 'VARCHAR']),
      ])),
    };
    const records = { ...recordSlots(numbered), trim: padded ? 'trim' : '' };
    // Line breaks inside quoted fields shift line numbers; without any quote there can be none.
    const newlines = facts.hasQuotes
      ? match.readNames.map((n) => `coalesce(length(${quoteIdent(n)}) - length(replace(${quoteIdent(n)}, chr(10), '')), 0)`).join(' + ')
      : '0';
    const progress = (options.progress ?? (() => silentProgress))(fileName, facts.sizeBytes);
    await runScript(db, sql.macros);
    for (const t of tempTables) await db.run(`DROP TABLE IF EXISTS temp.${t}`);
    const timings: Record<string, number> = { inspect: prepared.ms, waited: Date.now() - started.getTime() };
    const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        timings[phase] = Math.round(performance.now() - t0);
      }
    };

    let malformed = 0;
    const prepareCtx: PrepareContext<M> = {
      db, file, match, facts, scan, newlines, logger, progress, timed,
      numberLines: async () => {
        await runScript(db, sql.lines);
        malformed = await count(db, 'ingest_bad_lines');
        return { malformed, shifted: (await count(db, 'ingest_line_shift')) > 0 };
      },
      recordSlots: records,
      lineSlots: (shifted) => ({ ...records, ...(numbered ? { line_expr: 'r.rec', line_join: '' } : lineSlots(shifted)) }),
    };
    await kind.prepare?.(prepareCtx);

    const transactionStarted = performance.now();
    const outcome = await db.transaction(async () => {
      const batch = await db.one<{ id: number }>("SELECT nextval('batch_id_seq')::INTEGER AS id");
      const batchId = batch!.id;
      await db.run(
        `INSERT INTO batches (batch_id, kind, file_name, file_path, sha256, size_bytes, encoding, delimiter, status, started_at)
         VALUES ($id, $kind, $name, $path, $sha, $size, $encoding, $delim, 'loaded', $started)`,
        { id: batchId, kind: kind.kind, name: fileName, path: prepared.absolute, sha: facts.sha256, size: facts.sizeBytes,
          encoding, delim: header.delimiter, started: started.toISOString() },
      );
      logger.debug({ file, batch_id: batchId }, 'transaction open');
      const ctx: LoadContext<M> = {
        ...prepareCtx, batchId,
        writeRejects: (checked) => timed('rejects', () =>
          runScript(db, fillTemplate(sql.rejects, { checked }), { ...scan, batch_id: batchId, file_name: fileName })),
      };
      const { stats: s, warnings } = await kind.load(ctx);
      const rejected = s.records - s.loaded + malformed;
      const stats = { read: s.records + malformed, loaded: s.loaded, rejected, repeated: s.repeated ?? 0, conflicting: s.conflicting ?? 0 };
      if (match.extras.length) {
        warnings.unshift({ code: 'extra_columns', column: null, n: match.extras.length, message: `columns not in the ${kind.kind.toUpperCase()} contract, ignored: ${match.extras.join(', ')}` });
      }
      if (stats.read === 0) warnings.push({ code: 'no_rows', column: null, n: 0, message: 'the file has a header but no data rows' });
      if (options.strict && rejected > 0) {
        throw new UserError(`${file}: ${rejected} rows rejected and --strict is set, so the file was not loaded. See the reasons with \`co-pipeline rejects\` after a run without --strict, or fix the file.`);
      }
      for (const w of warnings) {
        await db.run('INSERT INTO batch_warnings VALUES ($id, $code, $col, $n, $message, NULL)',
          { id: batchId, code: w.code, col: w.column, n: w.n, message: w.message });
      }
      await db.run(
        `UPDATE batches SET rows_read = $read, rows_loaded = $loaded, rows_rejected = $rejected, rows_repeated = $repeated,
           rows_conflicting = $conflicting, finished_at = $finished WHERE batch_id = $id`,
        { ...stats, finished: new Date().toISOString(), id: batchId },
      );
      timings.body = Math.round(performance.now() - transactionStarted);
      return { batchId, stats, warnings };
    });
    timings.commit = Math.round(performance.now() - transactionStarted) - timings.body!;
    logger.debug({ file, timings_ms: timings }, 'ingest phases');
    logger.info({ file, kind: kind.kind, batch_id: outcome.batchId, ...outcome.stats, warnings: outcome.warnings.length,
      seconds: (Date.now() - started.getTime()) / 1000 }, 'file loaded');
    return {
      ...result, status: 'loaded', batch_id: outcome.batchId, rows_read: outcome.stats.read, rows_loaded: outcome.stats.loaded,
      rows_rejected: outcome.stats.rejected, rows_repeated: outcome.stats.repeated, rows_conflicting: outcome.stats.conflicting,
      warnings: outcome.warnings,
    };
  } catch (error) {
    const message = error instanceof UserError ? error.message : `${file}: unexpected error: ${(error as Error).message}`;
    if (error instanceof UserError) logger.error({ file }, message);
    else logger.error({ file, err: error }, message);
    await db.run(
      `INSERT INTO batches (batch_id, kind, file_name, file_path, sha256, size_bytes, status, error, started_at, finished_at)
       VALUES (nextval('batch_id_seq'), $kind, $name, $path, $sha, $size, 'failed', $error, $started, $finished)`,
      { kind: kind.kind, name: fileName, path: prepared.absolute, sha: facts?.sha256 ?? '', size: facts?.sizeBytes ?? 0, error: message,
        started: started.toISOString(), finished: new Date().toISOString() },
    ).catch(() => undefined);
    return { ...result, status: 'failed', error: message, exitCode: error instanceof UserError ? error.exitCode : 1 };
  } finally {
    for (const t of tempTables) await db.run(`DROP TABLE IF EXISTS temp.${t}`).catch(() => undefined);
    disposePrepared(prepared);
  }
}

/**
 * How the SQL templates number records: by the line column of a numbered copy
 * (writeNumberedCopy), or by ordinality (record 1 is on line 2, shifted by
 * malformed and multi-line records before it: lineNumbers.sql).
 */
export const recordSlots = (numbered: boolean): Record<string, string> => numbered
  ? { rec: quoteIdent(LINE_COLUMN), with_ordinality: '' }
  : { rec: 'ordinality', with_ordinality: 'WITH ORDINALITY' };

/** The line of a record numbered by ordinality is rec + 1 unless malformed or multi-line records came before it. */
export const lineSlots = (shifted: boolean) => shifted
  ? { line_expr: 'r.rec + 1 + coalesce(x.shift, 0)', line_join: 'ASOF LEFT JOIN ingest_line_shift x ON r.rec >= x.pos' }
  : { line_expr: 'r.rec + 1', line_join: '' };

/** Row count of a fixed table expression of the ingest modules (values bound, never pasted). */
export async function count(db: Database, from: string, params: Record<string, DuckDBValue> = {}): Promise<number> {
  const row = await db.one<{ n: string }>(`SELECT count(*)::VARCHAR AS n FROM ${from}`, params);
  return Number(row?.n ?? 0);
}

/** Runs a statement while drawing DuckDB's own progress (rows, percentage) on the terminal. */
export async function withProgress<T>(db: Database, progress: Progress, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    const { percentage, rows_processed: rows } = db.progress();
    if (percentage >= 0) progress.update(percentage / 100, `${Number(rows).toLocaleString('it-IT')} righe`);
  }, 250);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    progress.done();
  }
}
