import { blobValue } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { fillTemplate, quoteIdent, readSql, runScript } from '../db/runScript.js';
import { UserError } from '../errors.js';
import { coColumns, matchCoHeader, type CoHeaderMatch } from './coColumns.js';
import { count, ingestFile, withProgress, type FileKind, type IngestOptions } from './ingestFile.js';
import type { IngestResult, IngestWarning } from './IngestResult.js';
import type { PseudonymKey } from './pseudonymKey.js';

const sql = {
  scan: readSql(new URL('./scanCo.sql', import.meta.url)),
  checked: readSql(new URL('./checkedCo.sql', import.meta.url)),
  stage: readSql(new URL('./stageCo.sql', import.meta.url)),
  load: readSql(new URL('./loadCo.sql', import.meta.url)),
  dedupe: readSql(new URL('./dedupeCo.sql', import.meta.url)),
  warnings: readSql(new URL('./warningsCo.sql', import.meta.url)),
};

export interface IngestCoOptions extends IngestOptions {
  key?: PseudonymKey;
  /** Most codici fiscali kept in the pseudonym cache (default PSEUDONYM_CACHE_LIMIT). */
  cacheLimit?: number;
}

const cfColumns = ['lavoratore_cf', 'datore_cf'] as const;
const zeroPad = new Uint8Array(64);

/** The key each connection's pseudonym cache (scanCo.sql) was filled with. */
const cacheKeys = new WeakMap<Database, Uint8Array>();

/**
 * Most codici fiscali the cache keeps (about 80 bytes each in memory): past it, the
 * cache starts again, so memory stays bounded however many files a command reads.
 * The 10-million-row benchmark meets 4.2 million.
 */
export const PSEUDONYM_CACHE_LIMIT = 6_000_000;

/** Drops the connection's pseudonym cache when it was filled with another key, or is full. */
async function keepPseudonymCache(db: Database, key: PseudonymKey | undefined, limit: number): Promise<void> {
  const ipad = key?.ipad ?? zeroPad;
  const previous = cacheKeys.get(db);
  // Read from the catalog, so a table a failed scan never created (scanCo.sql) counts
  // as empty; the cache only grows, so its estimated size is its row count.
  const row = await db.one<{ n: string }>(`SELECT coalesce(sum(estimated_size), 0)::VARCHAR AS n FROM duckdb_tables()
    WHERE temporary AND table_name = 'co_pseudonym_cache'`);
  const size = Number(row?.n ?? 0);
  if (previous && (Buffer.compare(previous, ipad) !== 0 || size > limit)) await db.run('DROP TABLE IF EXISTS temp.co_pseudonym_cache');
  cacheKeys.set(db, ipad);
}

/** Columns whose values make a communication's content (all but provenance). */
const contentColumns = ['tipo_comunicazione', 'codice_comunicazione_prec', 'tipo_evento', 'data_invio', 'lavoratore_id',
  'sesso', 'data_nascita', 'cittadinanza', 'titolo_soggiorno', 'motivo_permesso', 'scadenza_permesso', 'datore_id',
  'datore_ateco', 'sede_comune', 'data_inizio', 'data_fine', 'data_evento', 'tipo_contratto', 'codice_trasformazione',
  'motivo_cessazione', 'tipo_orario', 'qualifica'];
const sameContent = (other: string) =>
  contentColumns.map((c) => `n.${quoteIdent(c)} IS NOT DISTINCT FROM ${other}.${quoteIdent(c)}`).join(' AND ');
const sameContentSlots = { same_content_w: sameContent('w'), same_content_o: sameContent('o') };

/** Missing optional columns read as NULL (identifiers from the contract, never from the file). */
const missingColumns = (match: CoHeaderMatch) =>
  coColumns.filter((c) => !match.present.has(c)).map((c) => `, NULL::VARCHAR AS ${quoteIdent(c)}`).join('');

function coKind(key: PseudonymKey | undefined, cacheLimit: number): FileKind<CoHeaderMatch> {
  let records = 0;
  let malformed = 0;
  let found: { code: string; column_name: string; n: string; examples: string }[] = [];
  return {
    kind: 'co',
    tempTables: ['ingest_pass1', 'co_file_cf', 'co_pseudonyms', 'co_pseudonyms_new', 'co_stage', 'co_file_repeats', 'co_known_codes', 'co_known'],
    matchHeader: matchCoHeader,
    precheck(file, match) {
      const present = cfColumns.filter((c) => match.present.has(c));
      if (present.length && !key) {
        throw new UserError(
          `${file}: holds raw codici fiscali (${present.join(', ')}) but no pseudonym key is set. ` +
            'Set CO_PSEUDONYM_KEY or pass --key-file: raw codici fiscali are never stored.',
          2,
        );
      }
    },
    // Everything up to R2's decisions works in temporary tables, before the file's
    // transaction: DuckDB reads a table created inside a transaction several times
    // more slowly (measured: R2's decisions 0.5 s instead of 0.05 s per 370,000 rows).
    async prepare({ db, match, scan, newlines, progress, timed, numberLines, recordSlots, lineSlots }) {
      // Pass 1: records, distinct codici fiscali (hashed once each), malformed and multi-line records.
      await keepPseudonymCache(db, key, cacheLimit);
      await timed('scan', () => runScript(db, fillTemplate(sql.scan, { missing_columns: missingColumns(match), newlines, ...recordSlots }), {
        ...scan, ipad: blobValue(key?.ipad ?? zeroPad), opad: blobValue(key?.opad ?? zeroPad),
      }));
      records = Number((await db.one<{ n: string }>('SELECT records::VARCHAR AS n FROM ingest_scan'))?.n ?? 0);
      const lines = await numberLines();
      malformed = lines.malformed;
      await runScript(db, fillTemplate(sql.checked, { missing_columns: missingColumns(match), ...lineSlots(lines.shifted) }));
      // DuckDB cannot estimate a CSV's row count and would build hash tables on the
      // file instead of on the small reference tables: keep the file on the probe side.
      await db.run("SET disabled_optimizers = 'build_side_probe_side'");
      try {
        await timed('stage', () => withProgress(db, progress, () => runScript(db, sql.stage, scan)));
      } finally {
        await db.run('RESET disabled_optimizers');
      }
      found = await timed('warnings', () =>
        db.all<{ code: string; column_name: string; n: string; examples: string }>(sql.warnings));
      await timed('dedupe', () => runScript(db, fillTemplate(sql.dedupe, sameContentSlots)));
    },
    async load({ db, batchId, timed, writeRejects }) {
      const loaded = await count(db, 'co_stage');
      if (loaded < records || malformed > 0) await writeRejects('co_checked');
      await timed('load', () => runScript(db, sql.load, { batch_id: batchId }));

      const warnings: IngestWarning[] = found.map((w) => ({
        code: w.code, column: w.column_name, n: Number(w.n),
        message: `${w.n} rows with codes not in the reference list, loaded as ALTRO/unknown: ${w.examples}`,
      }));
      const repeats = await db.one<Record<string, string>>(`
        SELECT count(*) FILTER (WHERE esito = 'identica')::VARCHAR AS repeated,
               count(*) FILTER (WHERE esito = 'diversa')::VARCHAR AS conflicting
        FROM co_ripetizioni WHERE batch_id = $id`, { id: batchId });
      const conflicting = Number(repeats!.conflicting);
      if (conflicting > 0) {
        warnings.push({ code: 'conflicting_repeats', column: null, n: conflicting, message: `${conflicting} communications already loaded arrived again with different content: this file's version wins (see co_ripetizioni)` });
      }
      return { stats: { records, loaded, repeated: Number(repeats!.repeated), conflicting }, warnings };
    },
  };
}

/** Ingests one CO extract (see docs/ingest.md). */
export function ingestCoFile(db: Database, file: string, options: IngestCoOptions): Promise<IngestResult> {
  return ingestFile(db, file, coKind(options.key, options.cacheLimit ?? PSEUDONYM_CACHE_LIMIT), options);
}
