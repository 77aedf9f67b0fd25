import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { readSql } from '../db/runScript.js';
import { ingestFile, type FileKind, type IngestOptions } from './ingestFile.js';
import type { IngestResult, IngestWarning } from './IngestResult.js';
import { inpsColumns, knownPrestazioni, matchInpsHeader, type InpsHeaderMatch } from './inpsColumns.js';
import { loadCheckedRows } from './loadCheckedRows.js';

const checkedSql = readSql(new URL('./checkedInps.sql', import.meta.url));
const loadSql = readSql(new URL('./loadInps.sql', import.meta.url));

export const inpsFileKind: FileKind<InpsHeaderMatch> = {
  kind: 'inps',
  tempTables: [],
  matchHeader: matchInpsHeader,
  async load(ctx) {
    const stats = await loadCheckedRows(ctx, {
      columns: inpsColumns, checkedSql, macro: 'inps_checked', loadSql, table: 'inps_beneficiari',
    });
    const unknown = await ctx.db.all<{ prestazione: string; n: string }>(
      `SELECT prestazione, count(*)::VARCHAR AS n FROM inps_beneficiari
       WHERE batch_id = $batch_id AND NOT list_contains($known, prestazione) GROUP BY prestazione ORDER BY prestazione`,
      { batch_id: ctx.batchId, known: listValue(knownPrestazioni) }, { known: LIST(VARCHAR) });
    const warnings: IngestWarning[] = unknown.length
      ? [{ code: 'unknown_prestazione', column: 'prestazione', n: unknown.reduce((s, u) => s + Number(u.n), 0),
          message: `benefit codes not among those the spec names, loaded as written: ${unknown.map((u) => u.prestazione).join(', ')}` }]
      : [];
    return { stats, warnings };
  },
};

/** Ingests one INPS extract of income-support recipients. */
export function ingestInpsFile(db: Database, file: string, options: IngestOptions): Promise<IngestResult> {
  return ingestFile(db, file, inpsFileKind, options);
}
