import type { FileKind } from './ingestFile.js';
import type { IngestWarning } from './IngestResult.js';
import { inpsCigColumns, matchInpsCigHeader, type InpsCigHeaderMatch } from './inpsCigColumns.js';
import { loadCheckedRows } from './loadCheckedRows.js';
import { numberStyle } from './numberStyle.js';
import { readScript } from '../db/runScript.js';

const checkedSql = readScript(new URL('./checked_inps_cig.sql', import.meta.url));
const loadSql = readScript(new URL('./load_inps_cig.sql', import.meta.url));

/**
 * INPS open data on cassa integrazione: hours authorised by month, territory,
 * management and sector, into inps_ore_cig (its own table: hours are not people).
 * `ingest inps` and `run` recognise it from its header (isInpsCigHeader).
 */
export const inpsCigFileKind: FileKind<InpsCigHeaderMatch> = {
  kind: 'inps-cig',
  tempTables: [],
  matchHeader: matchInpsCigHeader,
  async load(ctx) {
    const numbers = await numberStyle(ctx, ['ore_autorizzate']);
    const stats = await loadCheckedRows(ctx, {
      columns: inpsCigColumns,
      checkedSql,
      macro: 'inps_cig_checked',
      loadSql,
      table: 'inps_ore_cig',
      slots: { number_style: numbers.slot, has_provincia: ctx.match.present.has('provincia') ? 'true' : 'false' },
    });
    const warnings: IngestWarning[] = [...numbers.warnings];
    const unknown = await ctx.db.all<{ gestione: string; n: number }>(
      `SELECT gestione_scritta AS gestione, count(*)::INTEGER AS n FROM inps_ore_cig
       WHERE batch_id = $batch_id AND gestione NOT IN (SELECT gestione FROM ref_inps_gestioni_cig)
       GROUP BY ALL ORDER BY ALL`,
      { batch_id: ctx.batchId },
    );
    if (unknown.length) {
      warnings.push({
        code: 'unknown_gestione',
        column: 'gestione',
        n: unknown.reduce((s, u) => s + u.n, 0),
        message: `managements not in reference/inps_gestioni_cig.csv, loaded as written (upper case): ${unknown.map((u) => u.gestione).join(', ')}`,
      });
    }
    const regions = await ctx.db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM inps_ore_cig WHERE batch_id = $batch_id AND livello = 'regione'",
      { batch_id: ctx.batchId },
    );
    if (regions && regions.n > 0 && ctx.match.present.has('provincia')) {
      warnings.push({
        code: 'region_totals',
        column: 'provincia',
        n: regions.n,
        message: `${regions.n} rows are for a whole region: kept apart (livello regione), not added to the provinces`,
      });
    }
    return { stats, warnings };
  },
};
