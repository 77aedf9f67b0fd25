import { mkdtempSync, rmSync, accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { blobValue, structValue, type DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { fillTemplate, quoteIdent, readSql, runScript } from '../db/runScript.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { coColumns } from './coColumns.js';
import { matchCoHeader, type HeaderMatch } from './coColumns.js';
import { inspectFile, type Encoding, type FileFacts } from './inspectFile.js';
import type { PseudonymKey } from './pseudonymKey.js';
import { silentProgress, type Progress } from './progress.js';
import { readHeader } from './readHeader.js';
import { transcodeToUtf8 } from './transcodeToUtf8.js';
import type { IngestResult, IngestWarning } from './IngestResult.js';

const sql = {
  macros: readSql(new URL('./macros.sql', import.meta.url)),
  scan: readSql(new URL('./scanCo.sql', import.meta.url)),
  checked: readSql(new URL('./checkedCo.sql', import.meta.url)),
  load: readSql(new URL('./loadCo.sql', import.meta.url)),
  rejects: readSql(new URL('./rejectsCo.sql', import.meta.url)),
  dedupe: readSql(new URL('./dedupeCo.sql', import.meta.url)),
  warnings: readSql(new URL('./warningsCo.sql', import.meta.url)),
};

export interface IngestCoOptions {
  key?: PseudonymKey;
  strict?: boolean;
  encoding?: Encoding;
  logger: Logger;
  /** Progress display for a file of the given size (a no-op without a terminal). */
  progress?: (label: string, totalBytes: number) => Progress;
}

const cfColumns = ['lavoratore_cf', 'datore_cf'] as const;
const tempTables = ['co_scan', 'co_pseudonyms', 'co_bad', 'co_line_shift', 'co_bad_lines', 'co_failed', 'co_file_repeats',
  'co_known', 'co_rejects_errors', 'co_rejects_scan'];
const zeroPad = new Uint8Array(64);

/** Columns whose values make a communication's content (all but provenance). */
const contentColumns = ['tipo_comunicazione', 'codice_comunicazione_prec', 'tipo_evento', 'data_invio', 'lavoratore_id',
  'sesso', 'data_nascita', 'cittadinanza', 'titolo_soggiorno', 'motivo_permesso', 'scadenza_permesso', 'datore_id',
  'datore_ateco', 'sede_comune', 'data_inizio', 'data_fine', 'data_evento', 'tipo_contratto', 'codice_trasformazione',
  'motivo_cessazione', 'tipo_orario', 'qualifica'];
const sameContent = (other: string) =>
  contentColumns.map((c) => `n.${quoteIdent(c)} IS NOT DISTINCT FROM ${other}.${quoteIdent(c)}`).join(' AND ');
const sameContentSlots = { same_content_w: sameContent('w'), same_content_o: sameContent('o') };

/** Identifier lists for the SQL templates, from the contract and the header (never from values). */
function scanSlots(match: HeaderMatch, facts: FileFacts) {
  const missing = coColumns.filter((c) => !match.present.has(c));
  return {
    missing_columns: missing.map((c) => `, NULL::VARCHAR AS ${quoteIdent(c)}`).join(''),
    // Line breaks inside quoted fields shift line numbers; without any quote there can be none.
    newlines: facts.hasQuotes
      ? match.readNames
          .map((n) => `coalesce(length(${quoteIdent(n)}) - length(replace(${quoteIdent(n)}, chr(10), '')), 0)`)
          .join(' + ')
      : '0',
  };
}

/** The line of a record is rec + 1 unless malformed or multi-line records came before it. */
function lineSlots(shifted: boolean) {
  return shifted
    ? { line_expr: 'r.rec + 1 + coalesce(x.shift, 0)', line_join: 'ASOF LEFT JOIN co_line_shift x ON r.rec >= x.pos' }
    : { line_expr: 'r.rec + 1', line_join: '' };
}

/** Row count of a fixed table expression of this module (values bound, never pasted). */
async function count(db: Database, from: string, params: Record<string, DuckDBValue> = {}): Promise<number> {
  const row = await db.one<{ n: string }>(`SELECT count(*)::VARCHAR AS n FROM ${from}`, params);
  return Number(row?.n ?? 0);
}

/** Runs the staging statement, reporting DuckDB's own progress on the terminal. */
async function withProgress<T>(db: Database, progress: Progress, work: () => Promise<T>): Promise<T> {
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

/**
 * Ingests one CO extract in one transaction: every row is loaded or rejected with
 * its line and reason; a file that cannot be read as a CO extract fails whole and
 * leaves the database as it was; a file already loaded (same SHA-256) is skipped.
 */
export async function ingestCoFile(db: Database, file: string, options: IngestCoOptions): Promise<IngestResult> {
  const { logger } = options;
  const started = new Date();
  const absolute = path.resolve(file);
  const fileName = path.basename(file);
  const result: IngestResult = {
    file, sha256: null, status: 'failed', batch_id: null, rows_read: 0, rows_loaded: 0, rows_rejected: 0,
    rows_repeated: 0, rows_conflicting: 0, warnings: [], error: null,
  };
  let facts: FileFacts | undefined;
  let tempDir: string | undefined;
  try {
    try {
      accessSync(absolute, constants.R_OK);
    } catch {
      throw new UserError(`${file}: file not found or not readable. Check the path.`);
    }
    facts = await inspectFile(absolute);
    result.sha256 = facts.sha256;
    const previous = await db.one<{ batch_id: number }>(
      "SELECT batch_id FROM batches WHERE sha256 = $sha AND kind = 'co' AND status = 'loaded' ORDER BY batch_id LIMIT 1",
      { sha: facts.sha256 },
    );
    if (previous) {
      logger.info({ file, batch_id: previous.batch_id }, 'already loaded (same content): skipped, nothing changed');
      return { ...result, status: 'skipped', batch_id: previous.batch_id };
    }
    if (facts.sizeBytes === 0) throw new UserError(`${file}: the file is empty (no header row). Check the export.`);
    if (facts.binary) throw new UserError(`${file}: not a CSV text file (it contains binary data). Check that this is a CO extract.`);
    const encoding = options.encoding ?? facts.encoding;
    const header = readHeader(absolute, encoding);
    if (!header) throw new UserError(`${file}: the first line is empty, so there is no header row. Check the export.`);
    const match = matchCoHeader(file, header.names);
    const hasCf = cfColumns.some((c) => match.present.has(c));
    if (hasCf && !options.key) {
      throw new UserError(
        `${file}: holds raw codici fiscali (${cfColumns.filter((c) => match.present.has(c)).join(', ')}) but no pseudonym key is set. ` +
          'Set CO_PSEUDONYM_KEY or pass --key-file: raw codici fiscali are never stored.',
        2,
      );
    }
    let readPath = absolute;
    if (encoding === 'windows-1252') {
      tempDir = mkdtempSync(path.join(tmpdir(), 'co-pipeline-'));
      readPath = path.join(tempDir, 'utf8.csv');
      await transcodeToUtf8(absolute, readPath);
    }
    logger.debug({ file, encoding, delimiter: header.delimiter, extras: match.extras }, 'header accepted');

    const slots = scanSlots(match, facts);
    const scan: Record<string, DuckDBValue> = {
      path: readPath,
      delim: header.delimiter,
      columns: structValue(Object.fromEntries(match.readNames.map((n) => [n, 'VARCHAR']))),
    };
    const progress = (options.progress ?? (() => silentProgress))(fileName, facts.sizeBytes);
    await runScript(db, sql.macros);
    // Rows carry their file line, so the table need not keep the file's order.
    await db.run('SET preserve_insertion_order = false');
    for (const t of tempTables) await db.run(`DROP TABLE IF EXISTS temp.${t}`);
    const timings: Record<string, number> = { inspect: Date.now() - started.getTime() };
    const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        timings[name] = Math.round(performance.now() - t0);
      }
    };

    const transactionStarted = performance.now();
    const outcome = await db.transaction(async () => {
      const batch = await db.one<{ id: number }>("SELECT nextval('batch_id_seq')::INTEGER AS id");
      const batchId = batch!.id;
      await db.run(
        `INSERT INTO batches (batch_id, kind, file_name, file_path, sha256, size_bytes, encoding, delimiter, status, started_at)
         VALUES ($id, 'co', $name, $path, $sha, $size, $encoding, $delim, 'loaded', $started)`,
        { id: batchId, name: fileName, path: absolute, sha: facts!.sha256, size: facts!.sizeBytes, encoding,
          delim: header.delimiter, started: started.toISOString() },
      );
      logger.debug({ file, batch_id: batchId }, 'transaction open');
      await timed('scan', () => runScript(db, fillTemplate(sql.scan, slots), {
        ...scan, ipad: blobValue(options.key?.ipad ?? zeroPad), opad: blobValue(options.key?.opad ?? zeroPad),
      }));
      const records = Number((await db.one<{ n: string }>('SELECT records::VARCHAR AS n FROM co_scan'))?.n ?? 0);
      const malformed = await count(db, 'co_bad_lines');
      const shifted = (await count(db, 'co_line_shift')) > 0;
      await runScript(db, fillTemplate(sql.checked, { missing_columns: slots.missing_columns, ...lineSlots(shifted) }));
      const load = { ...scan, batch_id: batchId, file_name: fileName };
      // DuckDB cannot estimate a CSV's row count and would build hash tables on the
      // file instead of on the small reference tables: keep the file on the probe side.
      await db.run("SET disabled_optimizers = 'build_side_probe_side'");
      await timed('load', () => withProgress(db, progress, () => runScript(db, sql.load, load)));
      await db.run('RESET disabled_optimizers');
      const inserted = await count(db, 'co_comunicazioni WHERE batch_id = $batch_id', { batch_id: batchId });
      if (inserted < records || malformed > 0) await timed('rejects', () => runScript(db, sql.rejects, load));
      const found = await timed('warnings', () =>
        db.all<{ code: string; column_name: string; n: string; examples: string }>(sql.warnings, { batch_id: batchId }));
      await timed('dedupe', () => runScript(db, fillTemplate(sql.dedupe, sameContentSlots), { batch_id: batchId }));

      const warnings: IngestWarning[] = [];
      if (match.extras.length) {
        warnings.push({ code: 'extra_columns', column: null, n: match.extras.length, message: `columns not in the CO contract, ignored: ${match.extras.join(', ')}` });
      }
      for (const w of found) {
        warnings.push({ code: w.code, column: w.column_name, n: Number(w.n), message: `${w.n} rows with codes not in the reference list, loaded as ALTRO/unknown: ${w.examples}` });
      }
      const repeats = await db.one<Record<string, string>>(`
        SELECT count(*) FILTER (WHERE esito = 'identica')::VARCHAR AS repeated,
               count(*) FILTER (WHERE esito = 'diversa')::VARCHAR AS conflicting
        FROM co_ripetizioni WHERE batch_id = $id`, { id: batchId });
      const read = records + malformed;
      const rejected = records - inserted + malformed;
      const stats = { read, loaded: inserted, rejected, repeated: Number(repeats!.repeated), conflicting: Number(repeats!.conflicting) };
      if (read === 0) warnings.push({ code: 'no_rows', column: null, n: 0, message: 'the file has a header but no data rows' });
      if (stats.conflicting > 0) {
        warnings.push({ code: 'conflicting_repeats', column: null, n: stats.conflicting, message: `${stats.conflicting} communications already loaded arrived again with different content: this file's version wins (see co_ripetizioni)` });
      }
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
    logger.info({ file, batch_id: outcome.batchId, ...outcome.stats, warnings: outcome.warnings.length,
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
    await recordFailure(db, { file, absolute, fileName, facts, started, message });
    return { ...result, status: 'failed', error: message, exitCode: error instanceof UserError ? error.exitCode : 1 };
  } finally {
    await db.run('RESET disabled_optimizers').catch(() => undefined);
    await db.run('RESET preserve_insertion_order').catch(() => undefined);
    for (const t of tempTables) await db.run(`DROP TABLE IF EXISTS temp.${t}`).catch(() => undefined);
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

async function recordFailure(
  db: Database,
  f: { file: string; absolute: string; fileName: string; facts?: FileFacts; started: Date; message: string },
): Promise<void> {
  await db.run(
    `INSERT INTO batches (batch_id, kind, file_name, file_path, sha256, size_bytes, status, error, started_at, finished_at)
     VALUES (nextval('batch_id_seq'), 'co', $name, $path, $sha, $size, 'failed', $error, $started, $finished)`,
    { name: f.fileName, path: f.absolute, sha: f.facts?.sha256 ?? '', size: f.facts?.sizeBytes ?? 0, error: f.message,
      started: f.started.toISOString(), finished: new Date().toISOString() },
  ).catch(() => undefined);
}
