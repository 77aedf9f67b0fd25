import type { Database } from '../db/Database.js';
import { readSql } from '../db/runScript.js';
import { ingestFile, type FileKind, type IngestOptions } from './ingestFile.js';
import type { IngestResult, IngestWarning } from './IngestResult.js';
import { istatColumns, matchIstatHeader, type IstatHeaderMatch } from './istatColumns.js';
import { loadCheckedRows } from './loadCheckedRows.js';

const checkedSql = readSql(new URL('./checkedIstat.sql', import.meta.url));
const loadSql = readSql(new URL('./loadIstat.sql', import.meta.url));
const warningsSql = readSql(new URL('./warningsIstat.sql', import.meta.url));

export const istatFileKind: FileKind<IstatHeaderMatch> = {
  kind: 'istat',
  tempTables: [],
  matchHeader: matchIstatHeader,
  async load(ctx) {
    const stats = await loadCheckedRows(ctx, {
      columns: istatColumns, checkedSql, macro: 'istat_checked', loadSql, table: 'istat_residenti',
      slots: { is_sdmx: ctx.match.layout === 'sdmx' ? 'true' : 'false' }, params: { layout: ctx.match.layout },
    });
    const incoherent = await ctx.db.all<{ riga: string; anno: number; sesso: string; residenti: string; somma: string }>(
      warningsSql, { batch_id: ctx.batchId });
    const warnings: IngestWarning[] = incoherent.length
      ? [{ code: 'totale_incoerente', column: 'residenti', n: incoherent.length,
          message: `region totals that differ from the sum of their provinces (kept apart, not added): ${incoherent.slice(0, 5)
            .map((r) => `line ${r.riga} (${r.anno}, ${r.sesso}): ${r.residenti} vs ${r.somma}`).join('; ')}` }]
      : [];
    return { stats, warnings };
  },
};

/** Ingests one ISTAT extract of resident population (SDMX-CSV or long layout). */
export function ingestIstatFile(db: Database, file: string, options: IngestOptions): Promise<IngestResult> {
  return ingestFile(db, file, istatFileKind, options);
}
