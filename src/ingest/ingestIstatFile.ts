import type { Database } from '../db/Database.js';
import { fillTemplate, quoteIdent, readSql, runScript } from '../db/runScript.js';
import { count, ingestFile, lineSlots, type FileKind, type IngestOptions } from './ingestFile.js';
import type { IngestResult, IngestWarning } from './IngestResult.js';
import { istatColumns, matchIstatHeader, type IstatHeaderMatch } from './istatColumns.js';

const sql = {
  scan: readSql(new URL('./scanRecords.sql', import.meta.url)),
  checked: readSql(new URL('./checkedIstat.sql', import.meta.url)),
  load: readSql(new URL('./loadIstat.sql', import.meta.url)),
  warnings: readSql(new URL('./warningsIstat.sql', import.meta.url)),
};

const istatKind: FileKind<IstatHeaderMatch> = {
  kind: 'istat',
  tempTables: [],
  matchHeader: matchIstatHeader,
  async load({ db, batchId, match, scan, newlines, timed, numberLines, writeRejects }) {
    await timed('scan', () => runScript(db, fillTemplate(sql.scan, { newlines }), scan));
    const records = Number((await db.one<{ n: string }>('SELECT records::VARCHAR AS n FROM ingest_scan'))?.n ?? 0);
    const { malformed, shifted } = await numberLines();
    const missing = istatColumns.filter((c) => !match.present.has(c)).map((c) => `, NULL::VARCHAR AS ${quoteIdent(c)}`).join('');
    await runScript(db, fillTemplate(sql.checked, {
      missing_columns: missing, ...lineSlots(shifted), is_sdmx: match.layout === 'sdmx' ? 'true' : 'false',
    }));
    await timed('load', () => runScript(db, sql.load, { ...scan, batch_id: batchId, layout: match.layout }));
    const loaded = await count(db, 'istat_residenti WHERE batch_id = $batch_id', { batch_id: batchId });
    if (loaded < records || malformed > 0) await writeRejects('istat_checked');
    const incoherent = await db.all<{ riga: string; codice_regione: string; anno: number; sesso: string; residenti: string; somma: string }>(
      sql.warnings, { batch_id: batchId });
    const warnings: IngestWarning[] = incoherent.length
      ? [{ code: 'totale_incoerente', column: 'residenti', n: incoherent.length,
          message: `region totals that differ from the sum of their provinces (kept apart, not added): ${incoherent.slice(0, 5)
            .map((r) => `line ${r.riga} (${r.anno}, ${r.sesso}): ${r.residenti} vs ${r.somma}`).join('; ')}` }]
      : [];
    return { stats: { records, loaded }, warnings };
  },
};

/** Ingests one ISTAT extract of resident population (SDMX-CSV or long layout). */
export function ingestIstatFile(db: Database, file: string, options: IngestOptions): Promise<IngestResult> {
  return ingestFile(db, file, istatKind, options);
}
