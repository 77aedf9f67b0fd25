import { z } from 'zod';
import { checkOutputFolder } from '../output/outputFolder.js';
import { writeCrisisBasins } from '../reports/crisis/writeCrisisBasins.js';
import { asOfOrLatest } from './support/asOfOrLatest.js';
import { checkAreas } from './support/checkAreas.js';
import {
  asOfOption,
  authorOption,
  byOption,
  lookbackMonthsOption,
  minCellOption,
  outOption,
} from './support/options.js';
import { parseOptions } from './support/parseOptions.js';
import { printResult } from './support/printResult.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';
import { reportDay } from './support/reportDay.js';

export const CrisisBasinsOptions = z.object({
  asOf: asOfOption,
  lookbackMonths: lookbackMonthsOption,
  minCell: minCellOption,
  out: outOption('DIR'),
  author: authorOption,
  by: byOption,
});
export type CrisisBasinsOptions = z.input<typeof CrisisBasinsOptions> & GlobalOptions;

/** `crisis-basins`: the basins of unemployed non-EU workers and the company crises on a date. */
export async function run(options: CrisisBasinsOptions, deps: Deps): Promise<number> {
  const o = parseOptions('crisis-basins', CrisisBasinsOptions, options);
  checkOutputFolder(o.out, 'crisis-basins');
  return withDb(deps, options, { mustExist: true }, async (db) => {
    const asOf = await asOfOrLatest(db, 'crisis-basins', o.asOf);
    await checkAreas(db, 'crisis-basins', o.by);
    const result = await writeCrisisBasins(db, {
      asOf,
      lookbackMonths: o.lookbackMonths,
      minCell: o.minCell,
      out: o.out,
      logger: deps.logger,
      today: reportDay(deps),
      now: deps.now,
      writeFolder: deps.files.folder,
      by: o.by,
      ...(o.author ? { author: o.author } : {}),
    });
    deps.logger.info({ as_of: asOf, out: o.out, ...result }, 'crisis basins written');
    return printResult(
      deps,
      'crisis-basins',
      0,
      { as_of: asOf, out: o.out, ...result },
      () =>
        `Crisis basins on ${asOf}${o.by === 'provincia' ? '' : ` by ${o.by === 'cpi' ? 'CPI' : 'ambito'}`}: ${result.basins} rows in 4 tables (${result.suppressed} counts withheld), ${result.companies} company crises, written to ${o.out}\n` +
        (result.unmapped
          ? `  Not mapped (area ?): ${result.unmapped.workers} workers, ${result.unmapped.municipalities} municipalities not in aree_comuni.csv\n`
          : ''),
    );
  });
}
