import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { fillTemplate, quoteIdent, readSql, runScript } from '../db/runScript.js';
import { count, ingestFile, lineSlots, type FileKind, type IngestOptions } from './ingestFile.js';
import type { IngestResult, IngestWarning } from './IngestResult.js';
import { inpsColumns, knownPrestazioni, matchInpsHeader, type InpsHeaderMatch } from './inpsColumns.js';

const sql = {
  scan: readSql(new URL('./scanRecords.sql', import.meta.url)),
  checked: readSql(new URL('./checkedInps.sql', import.meta.url)),
  load: readSql(new URL('./loadInps.sql', import.meta.url)),
};

const inpsKind: FileKind<InpsHeaderMatch> = {
  kind: 'inps',
  tempTables: [],
  matchHeader: matchInpsHeader,
  async load({ db, batchId, match, scan, newlines, timed, numberLines, writeRejects }) {
    await timed('scan', () => runScript(db, fillTemplate(sql.scan, { newlines }), scan));
    const records = Number((await db.one<{ n: string }>('SELECT records::VARCHAR AS n FROM ingest_scan'))?.n ?? 0);
    const { malformed, shifted } = await numberLines();
    const missing = inpsColumns.filter((c) => !match.present.has(c)).map((c) => `, NULL::VARCHAR AS ${quoteIdent(c)}`).join('');
    await runScript(db, fillTemplate(sql.checked, { missing_columns: missing, ...lineSlots(shifted) }));
    await timed('load', () => runScript(db, sql.load, { ...scan, batch_id: batchId }));
    const loaded = await count(db, 'inps_beneficiari WHERE batch_id = $batch_id', { batch_id: batchId });
    if (loaded < records || malformed > 0) await writeRejects('inps_checked');
    const unknown = await db.all<{ prestazione: string; n: string }>(
      `SELECT prestazione, count(*)::VARCHAR AS n FROM inps_beneficiari
       WHERE batch_id = $batch_id AND NOT list_contains($known, prestazione) GROUP BY prestazione ORDER BY prestazione`,
      { batch_id: batchId, known: listValue(knownPrestazioni) }, { known: LIST(VARCHAR) });
    const warnings: IngestWarning[] = unknown.length
      ? [{ code: 'unknown_prestazione', column: 'prestazione', n: unknown.reduce((s, u) => s + Number(u.n), 0),
          message: `benefit codes not among those the spec names, loaded as written: ${unknown.map((u) => u.prestazione).join(', ')}` }]
      : [];
    return { stats: { records, loaded }, warnings };
  },
};

/** Ingests one INPS extract of income-support recipients. */
export function ingestInpsFile(db: Database, file: string, options: IngestOptions): Promise<IngestResult> {
  return ingestFile(db, file, inpsKind, options);
}
