import { z } from 'zod';
import { areaColumns } from '../marts/areaLevels.js';
import { materializeFlags } from '../marts/flagList.js';
import { materializeFlagsByArea } from '../marts/flagsByArea.js';
import { ensurePointInTime } from '../transform/ensureBuilt.js';
import { checkOutputPath, checkReplaceable, outputFormat } from '../output/outputFile.js';
import { quoteIdent } from '../db/runScript.js';
import { asOfOrLatest } from './support/asOfOrLatest.js';
import { checkAreas } from './support/checkAreas.js';
import { checkProvince } from './support/checkProvince.js';
import { asOfOption, byOption, optionDefaults, outOption, provinceOption } from './support/options.js';
import { parseOptions } from './support/parseOptions.js';
import { printResult } from './support/printResult.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';
import type { Database } from '../db/Database.js';
import type { AreaBelowProvince } from '../marts/areaLevels.js';

/** The formats flags writes (--format; else from the --out extension). */
export const flagFormats = ['csv', 'parquet', 'json'] as const;

export const FlagsOptions = z.object({
  asOf: asOfOption,
  horizonDays: z.coerce.number().int().min(0).max(3650).default(optionDefaults.horizonDays),
  jobSeekingMonths: z.coerce.number().int().min(0).max(120).default(optionDefaults.jobSeekingMonths),
  province: provinceOption,
  out: outOption('FILE'),
  format: z.enum(flagFormats).optional(),
  by: byOption,
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
    await checkAreas(db, 'flags', o.by);
    const params = {
      as_of: asOf,
      horizon_days: o.horizonDays,
      job_seeking_months: o.jobSeekingMonths,
      province: o.province ?? null,
    };
    await ensurePointInTime(db, asOf, deps.logger);
    await materializeFlags(db, 'flag_list', params);
    if (o.by !== 'provincia') {
      await materializeFlagsByArea(db, 'flag_list', 'flag_list_area', o.by);
      return writeByArea(deps, o, format, asOf, db, o.by);
    }
    // the list by province as it always was: the municipality is for the lists by area
    const list = { sql: 'SELECT * EXCLUDE (comune) FROM flag_list', params: {} };
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

/**
 * Writes the flag list by CPI or ambito (flag_list_area) and prints its counts by area,
 * with the rows whose municipality the mapping does not have: kept in the list with an
 * empty area and counted, never dropped.
 */
async function writeByArea(
  deps: Deps,
  o: z.output<typeof FlagsOptions>,
  format: (typeof flagFormats)[number],
  asOf: string,
  db: Database,
  by: AreaBelowProvince,
): Promise<number> {
  const list = { sql: 'SELECT * FROM flag_list_area', params: {} };
  await checkReplaceable(db, o.out, format, list, 'flags');
  await deps.files.query(db, list.sql, list.params, o.out, { format, ownerOnly: true });
  const { codice, nome } = areaColumns(by);
  const [c, n] = [quoteIdent(codice), quoteIdent(nome)];
  const counts = await db.all<
    Record<string, string | number | null> & { flag: string; reason: string | null; n: number }
  >(`SELECT ${c}, ${n}, flag, reason, count(*)::INTEGER AS n FROM flag_list_area GROUP BY ALL ORDER BY ALL`);
  const unmapped = (await db.one<{ rows: number; municipalities: number; codes: string[] }>(
    `SELECT count(*)::INTEGER AS rows, count(DISTINCT comune)::INTEGER AS municipalities,
            list(DISTINCT comune ORDER BY comune) FILTER (WHERE comune IS NOT NULL) AS codes
     FROM flag_list_area WHERE ${c} IS NULL`,
  ))!;
  const total = counts.reduce((s, r) => s + r.n, 0);
  const [what, toOne] = by === 'cpi' ? ['CPI', 'a CPI'] : ['ambito', 'an ambito'];
  if (unmapped.rows > 0) {
    deps.logger.warn(
      { rows: unmapped.rows, municipalities: unmapped.codes },
      `flags not mapped to ${toOne}: their municipality is not in aree_comuni.csv (or the rapporto has none); they are in the list with an empty ${codice}`,
    );
  }
  deps.logger.info({ as_of: asOf, out: o.out, by, rows: total }, 'flags written');
  return printResult(
    deps,
    'flags',
    0,
    {
      as_of: asOf,
      horizon_days: o.horizonDays,
      out: o.out,
      format,
      rows: total,
      by,
      counts,
      unmapped: { rows: unmapped.rows, municipalities: unmapped.municipalities },
    },
    () =>
      `Flags on ${asOf} (horizon ${o.horizonDays} days) by ${what}: ${total} rows written to ${o.out}\n` +
      counts
        .map(
          (r) =>
            `  ${r[codice] ?? '--'} ${r[nome] ?? '(not mapped)'}  ${r.flag}${r.reason ? ` ${r.reason}` : ''}: ${r.n}\n`,
        )
        .join('') +
      `  Not mapped to ${toOne}: ${unmapped.rows} rows, ${unmapped.municipalities} municipalities not in aree_comuni.csv\n`,
  );
}
