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
  load: readSql(new URL('./loadCo.sql', import.meta.url)),
  dedupe: readSql(new URL('./dedupeCo.sql', import.meta.url)),
  warnings: readSql(new URL('./warningsCo.sql', import.meta.url)),
};

export interface IngestCoOptions extends IngestOptions {
  key?: PseudonymKey;
}

const cfColumns = ['lavoratore_cf', 'datore_cf'] as const;
const zeroPad = new Uint8Array(64);

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

function coKind(key: PseudonymKey | undefined): FileKind<CoHeaderMatch> {
  return {
    kind: 'co',
    tempTables: ['co_pseudonyms', 'co_file_repeats', 'co_known'],
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
    async load({ db, batchId, match, scan, newlines, progress, timed, numberLines, writeRejects, recordSlots, lineSlots }) {
      // Pass 1: records, distinct codici fiscali (hashed once each), malformed and multi-line records.
      await timed('scan', () => runScript(db, fillTemplate(sql.scan, { missing_columns: missingColumns(match), newlines, ...recordSlots }), {
        ...scan, ipad: blobValue(key?.ipad ?? zeroPad), opad: blobValue(key?.opad ?? zeroPad),
      }));
      const records = Number((await db.one<{ n: string }>('SELECT records::VARCHAR AS n FROM ingest_scan'))?.n ?? 0);
      const { malformed, shifted } = await numberLines();
      await runScript(db, fillTemplate(sql.checked, { missing_columns: missingColumns(match), ...lineSlots(shifted) }));
      // DuckDB cannot estimate a CSV's row count and would build hash tables on the
      // file instead of on the small reference tables: keep the file on the probe side.
      await db.run("SET disabled_optimizers = 'build_side_probe_side'");
      try {
        await timed('load', () => withProgress(db, progress, () => runScript(db, sql.load, { ...scan, batch_id: batchId })));
      } finally {
        await db.run('RESET disabled_optimizers');
      }
      const loaded = await count(db, 'co_comunicazioni WHERE batch_id = $batch_id', { batch_id: batchId });
      if (loaded < records || malformed > 0) await writeRejects('co_checked');
      const found = await timed('warnings', () =>
        db.all<{ code: string; column_name: string; n: string; examples: string }>(sql.warnings, { batch_id: batchId }));
      await timed('dedupe', () => runScript(db, fillTemplate(sql.dedupe, sameContentSlots), { batch_id: batchId }));

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
  return ingestFile(db, file, coKind(options.key), options);
}
