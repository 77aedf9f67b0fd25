import type { Database } from '../db/Database.js';
import { loadMonthlyVolume } from '../db/loadMonthlyVolume.js';
import { fillScript, quoteIdent, readScript, readSql, runScript } from '../db/runScript.js';
import { UserError } from '../runtime/errors.js';
import { coColumns, matchCoHeader, type CoColumn, type CoHeaderMatch } from './coColumns.js';
import { withProgress } from '../runtime/progress.js';
import { count, ingestFile, type FileKind, type IngestOptions } from './ingestFile.js';
import type { IngestResult, IngestWarning } from './IngestResult.js';
import { FINDINGS_COLUMN } from './writeSafeCopy.js';

const sql = {
  checked: readScript(new URL('./checked_co.sql', import.meta.url)),
  stage: readScript(new URL('./stage_co.sql', import.meta.url)),
  load: readScript(new URL('./load_co.sql', import.meta.url)),
  dedupe: readScript(new URL('./dedupe_co.sql', import.meta.url)),
  warnings: readSql(new URL('./warnings_co.sql', import.meta.url)),
};

/**
 * Columns whose values make a communication's content: all of the extract's but its
 * code (provenance) and the raw codici fiscali, which the pseudonyms stand for.
 */
const contentColumns = coColumns.filter((c) => !['codice_comunicazione', 'lavoratore_cf', 'datore_cf'].includes(c));
const sameContent = (other: string) =>
  contentColumns.map((c) => `n.${quoteIdent(c)} IS NOT DISTINCT FROM ${other}.${quoteIdent(c)}`).join(' AND ');
const sameContentSlots = { same_content_w: sameContent('w'), same_content_o: sameContent('o') };

/**
 * Missing optional columns read as NULL (identifiers from the contract, never from
 * the file); so do the worker-code findings of a file that has no lavoratore_cf
 * (sesso and data_nascita are required, so the copy has them when it has the code).
 */
const missingColumns = (match: CoHeaderMatch) =>
  [...coColumns.filter((c) => !match.present.has(c)), ...(match.present.has('lavoratore_cf') ? [] : [FINDINGS_COLUMN])]
    .map((c) => `, NULL::VARCHAR AS ${quoteIdent(c)}`)
    .join('');

/** The warning each worker-code finding gives (warnings_co.sql, cf_<finding>); examples are line numbers. */
const findingMessages: Record<string, (n: string, lines: string) => string> = {
  cf_provvisorio: (n, lines) =>
    `${n} rows whose worker has a provisional codice fiscale (11 digits, check digit right), ` +
    `loaded and pseudonymised like the others; lines ${lines}`,
  cf_data_impossibile: (n, lines) =>
    `${n} rows whose worker's codice fiscale writes a birth day that cannot exist ` +
    `(loaded; check the code with the worker); lines ${lines}`,
  cf_comune_impossibile: (n, lines) =>
    `${n} rows whose worker's codice fiscale writes a birth place that is neither a ` +
    `municipality nor a foreign state of the reference tables (loaded; check the code); lines ${lines}`,
  cf_sesso_incoerente: (n, lines) =>
    `${n} rows whose worker's codice fiscale says the other sex than sesso (loaded; ` +
    `one of the two is wrong); lines ${lines}`,
  cf_data_nascita_incoerente: (n, lines) =>
    `${n} rows whose worker's codice fiscale writes another birth day, month or ` +
    `year (last two digits) than data_nascita (loaded; one of the two is wrong); lines ${lines}`,
};

/** The warnings of communications dated after the extract's period or after the ingest day (warnings_co.sql). */
const dateMessages: Record<
  string,
  (w: { n: string; examples: string; ultimo_mese: string | null }, today: string) => string
> = {
  data_invio_after_period: (w) =>
    `${w.n} communications sent after the extract's period (its last month in normal volume is ` +
    `${w.ultimo_mese}), in ${w.examples}: loaded, but they do not make those months covered for the semi-annual report; ` +
    'check their data_invio with the sender, or expect the extract of those months to follow',
  data_invio_future: (w, today) =>
    `${w.n} communications dated after today (${today}), in ${w.examples}: a data_invio ` +
    'in the future is an error of the sending system or of the extract; loaded as written, check them with the sender',
};

/** What prepare leaves for load: the valid rows staged in co_stage, counted before the transaction. */
interface CoStaged {
  stagedRows: number;
}

/** A CO extract: raw codici fiscali are pseudonymised in the copy DuckDB reads (writeSafeCopy). */
export const coFileKind: FileKind<CoHeaderMatch, CoStaged> = {
  kind: 'co',
  tempTables: ['co_stage', 'co_file_repeats', 'co_known_codes', 'co_known'],
  matchHeader: matchCoHeader,
  identifierColumns: { lavoratore_cf: 'person', datore_cf: 'person-or-company' },
  digitCodeColumns: ['codice_comunicazione', 'codice_comunicazione_prec'],
  workerCheckColumns: { sex: 'sesso', birth: 'data_nascita' },
  precheck(file, match, hasKey) {
    const present = ['lavoratore_cf', 'datore_cf'].filter((c) => match.present.has(c as CoColumn));
    if (present.length && !hasKey) {
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
  async prepare({ db, match, scan, progress, timed, trimSlot }) {
    await loadMonthlyVolume(db);
    await runScript(db, fillScript(sql.checked, { missing_columns: missingColumns(match), ...trimSlot }));
    // DuckDB cannot estimate a CSV's row count and would build hash tables on the
    // file instead of on the small reference tables: keep the file on the probe side.
    await db.run("SET disabled_optimizers = 'build_side_probe_side'");
    try {
      await timed('stage', () => withProgress(db, progress, () => runScript(db, sql.stage, scan)));
    } finally {
      await db.run('RESET disabled_optimizers');
    }
    await timed('dedupe', () => runScript(db, fillScript(sql.dedupe, sameContentSlots)));
    return { stagedRows: await count(db, 'co_stage') };
  },
  async load({ db, batchId, timed, writeRejects, copy, today, staged }) {
    const loaded = staged.stagedRows;
    const failed = loaded < copy.records ? await writeRejects('co_checked') : 0;
    await timed('load', () => runScript(db, sql.load, { batch_id: batchId }));
    const found = await timed('warnings', () =>
      db.all<{ code: string; column_name: string; n: string; examples: string; ultimo_mese: string | null }>(
        sql.warnings,
        { oggi: today },
      ),
    );
    const warnings: IngestWarning[] = found.map((w) => ({
      code: w.code,
      column: w.column_name,
      n: Number(w.n),
      message:
        findingMessages[w.code]?.(w.n, w.examples) ??
        dateMessages[w.code]?.(w, today) ??
        `${w.n} rows with codes not in the reference list, loaded as ALTRO/unknown: ${w.examples}`,
    }));
    const repeats = await db.one<Record<string, string>>(
      `
      SELECT count(*) FILTER (WHERE esito = 'identica')::VARCHAR AS repeated,
             count(*) FILTER (WHERE esito = 'diversa')::VARCHAR AS conflicting
      FROM co_ripetizioni WHERE batch_id = $id`,
      { id: batchId },
    );
    const conflicting = Number(repeats!.conflicting);
    if (conflicting > 0) {
      warnings.push({
        code: 'conflicting_repeats',
        column: null,
        n: conflicting,
        message: `${conflicting} communications already loaded arrived again with different content: this file's version wins (see co_ripetizioni)`,
      });
    }
    return { stats: { records: loaded + failed, loaded, repeated: Number(repeats!.repeated), conflicting }, warnings };
  },
};

/** Ingests one CO extract (see docs/ingest.md). */
export function ingestCoFile(db: Database, file: string, options: IngestOptions): Promise<IngestResult> {
  return ingestFile(db, file, coFileKind, options);
}
