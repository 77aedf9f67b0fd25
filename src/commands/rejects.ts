import { z } from 'zod';
import { UserError } from '../runtime/errors.js';
import { checkOutputPath, checkReplaceable, outputFormat } from '../output/outputFile.js';
import { parseOptions } from './support/parseOptions.js';
import { outOption } from './support/options.js';
import { printResult } from './support/printResult.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';

export const RejectsOptions = z.object({
  batch: z.coerce.number().int().positive().optional(),
  out: outOption('FILE.csv'),
});
export type RejectsOptions = z.input<typeof RejectsOptions> & GlobalOptions;

/**
 * `rejects [--batch ID] --out FILE.csv`: file, line, column, value, reason of every
 * rejected row. Owner-only (0600), like the flags: a rejected value is a value of
 * the extract's row, and can belong to a person.
 */
export async function run(options: RejectsOptions, deps: Deps): Promise<number> {
  const { batch, out } = parseOptions('rejects', RejectsOptions, options);
  checkOutputPath(out, 'rejects', outputFormat(out, undefined, ['csv']));
  return withDb(deps, options, { mustExist: true }, async (db) => {
    if (batch !== undefined && !(await db.one('SELECT 1 FROM batches WHERE batch_id = $batch', { batch }))) {
      throw new UserError(`rejects: there is no batch ${batch}. See the batches with \`co-pipeline status\`.`);
    }
    const where = batch === undefined ? '' : 'WHERE batch_id = $batch';
    const params: Record<string, number> = batch === undefined ? {} : { batch };
    const query = `SELECT batch_id, file_name AS file, line, column_name AS "column", value, reason_code, reason
       FROM rejects ${where} ORDER BY batch_id, line, column_name`;
    await checkReplaceable(db, out, 'csv', { sql: query, params }, 'rejects');
    await deps.files.query(db, query, params, out, { ownerOnly: true });
    const n = (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM rejects ${where}`, params))?.n ?? 0;
    deps.logger.info({ out, rejects: n }, 'rejects exported');
    return printResult(deps, 'rejects', 0, { out, rejects: n }, () => `${n} rejected values written to ${out}\n`);
  });
}
