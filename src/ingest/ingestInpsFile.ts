import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { readScript } from '../db/runScript.js';
import type { FileKind } from './ingestFile.js';
import type { IngestWarning } from './IngestResult.js';
import { inpsColumns, knownPrestazioni, matchInpsHeader, type InpsHeaderMatch } from './inpsColumns.js';
import { loadCheckedRows } from './loadCheckedRows.js';
import { numberStyle } from './numberStyle.js';

const checkedSql = readScript(new URL('./checked_inps.sql', import.meta.url));
const loadSql = readScript(new URL('./load_inps.sql', import.meta.url));

export const inpsFileKind: FileKind<InpsHeaderMatch> = {
  kind: 'inps',
  tempTables: [],
  matchHeader: matchInpsHeader,
  async load(ctx) {
    const numbers = await numberStyle(ctx, ['beneficiari', 'ore_autorizzate']);
    const stats = await loadCheckedRows(ctx, {
      columns: inpsColumns,
      checkedSql,
      macro: 'inps_checked',
      loadSql,
      table: 'inps_beneficiari',
      alsoTables: ['inps_beneficiari_regioni'],
      slots: { number_style: numbers.slot },
    });
    const unknown = await ctx.db.all<{ prestazione: string; n: string }>(
      `SELECT prestazione, count(*)::VARCHAR AS n
       FROM (SELECT batch_id, prestazione FROM inps_beneficiari UNION ALL SELECT batch_id, prestazione FROM inps_beneficiari_regioni)
       WHERE batch_id = $batch_id AND NOT list_contains($known, prestazione) GROUP BY prestazione ORDER BY prestazione`,
      { batch_id: ctx.batchId, known: listValue(knownPrestazioni) },
      { known: LIST(VARCHAR) },
    );
    const regions = await ctx.db.one<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM inps_beneficiari_regioni WHERE batch_id = $batch_id',
      { batch_id: ctx.batchId },
    );
    const warnings: IngestWarning[] = [...numbers.warnings];
    if (unknown.length) {
      warnings.push({
        code: 'unknown_prestazione',
        column: 'prestazione',
        n: unknown.reduce((s, u) => s + Number(u.n), 0),
        message: `benefit codes not among those the spec names, loaded as written: ${unknown.map((u) => u.prestazione).join(', ')}`,
      });
    }
    if (regions && regions.n > 0) {
      warnings.push({
        code: 'region_totals',
        column: 'provincia',
        n: regions.n,
        message: `${regions.n} rows are for a whole region (e.g. Lombardia): kept apart in inps_beneficiari_regioni, not added to the provinces`,
      });
    }
    return { stats, warnings };
  },
};
