import { z } from 'zod';
import { UserError } from '../errors.js';
import { checkOutputFolder } from '../output/outputFolder.js';
import { writeCrisisBasins } from '../reports/writeCrisisBasins.js';
import { defaultAsOf } from './defaultAsOf.js';
import { isoDateOption, parseOptions } from './parseOptions.js';
import { printResult } from './printResult.js';
import type { Deps, GlobalOptions } from './context.js';

export const CrisisBasinsOptions = z.object({
  asOf: isoDateOption.optional(),
  lookbackMonths: z.coerce.number().int().min(1).max(120).default(12),
  minCell: z.coerce.number().int().min(1).max(1000).default(5),
  out: z.string().min(1, '--out DIR is required'),
});
export type CrisisBasinsOptions = z.input<typeof CrisisBasinsOptions> & GlobalOptions;

/** `crisis-basins`: the basins of unemployed non-EU workers and the company crises on a date. */
export async function run(options: CrisisBasinsOptions, deps: Deps): Promise<number> {
  const o = parseOptions('crisis-basins', CrisisBasinsOptions, options);
  checkOutputFolder(o.out, 'crisis-basins');
  const db = await deps.openDb(options.db, options.referenceDir, { mustExist: true });
  try {
    const asOf = o.asOf ?? (await defaultAsOf(db));
    if (!asOf) throw new UserError('crisis-basins: no communications loaded yet. Load extracts with `co-pipeline ingest co FILE...` first.');
    const result = await writeCrisisBasins(db, { asOf, lookbackMonths: o.lookbackMonths, minCell: o.minCell, out: o.out, logger: deps.logger });
    deps.logger.info({ as_of: asOf, out: o.out, ...result }, 'crisis basins written');
    return printResult(deps, 'crisis-basins', 0, { as_of: asOf, out: o.out, ...result }, () =>
      `Crisis basins on ${asOf}: ${result.basins} rows in 4 tables (${result.suppressed} counts withheld), ${result.companies} company crises, written to ${o.out}\n`);
  } finally {
    db.close();
  }
}
