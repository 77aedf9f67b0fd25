import { z } from 'zod';
import { parseOptions } from './support/parseOptions.js';
import { printResult } from './support/printResult.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';

export const StatusOptions = z.object({});
export type StatusOptions = z.input<typeof StatusOptions> & GlobalOptions;

/** `status`: batches, row counts and data-quality warnings. */
export async function run(options: StatusOptions, deps: Deps): Promise<number> {
  parseOptions('status', StatusOptions, {});
  return withDb(deps, options, { mustExist: true }, async (db) => {
    const batches = await db.all(`
      SELECT batch_id::INTEGER AS batch_id, kind, file_name, status, rows_read::INTEGER AS rows_read, rows_loaded::INTEGER AS rows_loaded,
             rows_rejected::INTEGER AS rows_rejected, rows_repeated::INTEGER AS rows_repeated, rows_conflicting::INTEGER AS rows_conflicting,
             strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS started_at, error
      FROM batches ORDER BY batch_id`);
    const warnings = await db.all(
      'SELECT batch_id::INTEGER AS batch_id, code, column_name, n::INTEGER AS n, message FROM batch_warnings ORDER BY batch_id, code',
    );
    const totals = await db.one(`
      SELECT (SELECT count(*) FROM co_comunicazioni)::INTEGER AS comunicazioni,
             (SELECT count(DISTINCT lavoratore_id) FROM co_comunicazioni)::INTEGER AS lavoratori,
             (SELECT strftime(max(data_invio), '%Y-%m-%d') FROM co_comunicazioni) AS ultimo_invio,
             (SELECT count(*) FROM rejects)::INTEGER AS righe_scartate_valori,
             ((SELECT count(*) FROM inps_beneficiari) + (SELECT count(*) FROM inps_beneficiari_regioni))::INTEGER AS righe_inps_beneficiari,
             (SELECT count(*) FROM inps_ore_cig)::INTEGER AS righe_inps_ore_cig,
             (SELECT count(*) FROM istat_residenti)::INTEGER AS righe_istat,
             (SELECT count(*) FROM excelsior_entrate)::INTEGER AS righe_excelsior`);
    const out: string[] = [`Database ${options.db}`];
    out.push(
      `  communications: ${totals?.comunicazioni}, workers: ${totals?.lavoratori}, latest data_invio: ${totals?.ultimo_invio ?? '-'}`,
    );
    out.push(
      `  INPS recipients rows: ${totals?.righe_inps_beneficiari}, INPS cassa integrazione hours rows: ${totals?.righe_inps_ore_cig}, ` +
        `ISTAT rows: ${totals?.righe_istat}, Excelsior rows: ${totals?.righe_excelsior}`,
    );
    out.push('', 'Batches:');
    if (!batches.length) out.push('  none yet: load extracts with `co-pipeline ingest co FILE...`');
    for (const b of batches) {
      out.push(
        b.status === 'failed'
          ? `  #${b.batch_id} ${b.kind} ${b.file_name} FAILED ${b.started_at}: ${b.error}`
          : `  #${b.batch_id} ${b.kind} ${b.file_name} ${b.started_at}: ${b.rows_read} read, ${b.rows_loaded} loaded, ` +
              `${b.rows_rejected} rejected, ${b.rows_repeated} repeats, ${b.rows_conflicting} conflicting`,
      );
    }
    out.push('', 'Data-quality warnings:');
    if (!warnings.length) out.push('  none');
    for (const w of warnings)
      out.push(`  #${w.batch_id} ${w.code}${w.column_name ? ` (${w.column_name})` : ''}: ${w.message}`);
    return printResult(
      deps,
      'status',
      0,
      { database: options.db, totals, batches, warnings },
      () => `${out.join('\n')}\n`,
    );
  });
}
