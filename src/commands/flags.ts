import { z } from 'zod';
import { materializeFlags } from '../marts/flagList.js';
import { runModels } from '../transform/runModels.js';
import { checkOutputPath, checkReplaceable, outputFormat } from '../output/outputFile.js';
import { asOfOrLatest } from './support/asOfOrLatest.js';
import { checkProvince } from './support/checkProvince.js';
import { asOfOption, optionDefaults, outOption, provinceOption } from './support/options.js';
import { parseOptions } from './support/parseOptions.js';
import { printResult } from './support/printResult.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';

/** The formats flags writes (--format; else from the --out extension). */
export const flagFormats = ['csv', 'parquet', 'json'] as const;

export const FlagsOptions = z.object({
  asOf: asOfOption,
  horizonDays: z.coerce.number().int().min(0).max(3650).default(optionDefaults.horizonDays),
  jobSeekingMonths: z.coerce.number().int().min(0).max(120).default(optionDefaults.jobSeekingMonths),
  province: provinceOption,
  out: outOption('FILE'),
  format: z.enum(flagFormats).optional(),
});
export type FlagsOptions = z.input<typeof FlagsOptions> & GlobalOptions;

/**
 * `flags`: the non-EU workers whose contracts end, or whose permit is at risk,
 * within the horizon, as known on the as-of date (communications sent on or
 * before it). Written with owner-only permissions: the file names individuals.
 */
export async function run(options: FlagsOptions, deps: Deps): Promise<number> {
  const o = parseOptions('flags', FlagsOptions, options);
  const format = outputFormat(o.out, o.format);
  checkOutputPath(o.out, 'flags', format);
  return withDb(deps, options, { mustExist: true }, async (db) => {
    const asOf = await asOfOrLatest(db, 'flags', o.asOf);
    await checkProvince(db, 'flags', o.province);
    const params = {
      as_of: asOf,
      horizon_days: o.horizonDays,
      job_seeking_months: o.jobSeekingMonths,
      province: o.province ?? null,
    };
    await runModels(db, { target: 'pit', asOf, logger: deps.logger });
    await materializeFlags(db, 'flag_list', params);
    const list = { sql: 'SELECT * FROM flag_list', params: {} };
    await checkReplaceable(db, o.out, format, list, 'flags');
    await deps.files.query(db, list.sql, list.params, o.out, { format, ownerOnly: true });
    const counts = await db.all<{ provincia: string | null; flag: string; reason: string | null; n: number }>(
      'SELECT provincia, flag, reason, count(*)::INTEGER AS n FROM flag_list GROUP BY ALL ORDER BY ALL',
    );
    const total = counts.reduce((s, c) => s + c.n, 0);
    deps.logger.info({ as_of: asOf, out: o.out, rows: total }, 'flags written');
    return printResult(
      deps,
      'flags',
      0,
      { as_of: asOf, horizon_days: o.horizonDays, out: o.out, format, rows: total, counts },
      () =>
        `Flags on ${asOf} (horizon ${o.horizonDays} days): ${total} rows written to ${o.out}\n` +
        counts.map((c) => `  ${c.provincia ?? '--'}  ${c.flag}${c.reason ? ` ${c.reason}` : ''}: ${c.n}\n`).join(''),
    );
  });
}
