import { z } from 'zod';
import { quoteIdent } from '../db/runScript.js';
import { areaColumns } from '../marts/areaLevels.js';
import { employerListQuery } from '../marts/risk/employerList.js';
import { riskDefaults } from '../marts/risk/riskOptions.js';
import { parseSemester, stageOrimTables } from '../marts/orimTables.js';
import { checkOutputPath, checkReplaceable, outputFormat } from '../output/outputFile.js';
import { checkProvince } from './support/checkProvince.js';
import { flagFormats } from './flags.js';
import { checkAreas } from './support/checkAreas.js';
import { byOption, outOption, provinceOption, semesterOption } from './support/options.js';
import { parseOptions } from './support/parseOptions.js';
import { printResult } from './support/printResult.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';

export const RiskEmployersOptions = z.object({
  semester: semesterOption,
  province: provinceOption,
  out: outOption('FILE'),
  format: z.enum(flagFormats).optional(),
  quickExitDays: z.coerce.number().int().min(1).max(365).default(riskDefaults.uscita_giorni),
  employerMin: z.coerce.number().int().min(1).max(100000).default(riskDefaults.datore_min),
  employerShare: z.coerce.number().min(0).max(1).default(riskDefaults.datore_quota),
  hireRatio: z.coerce.number().min(0).max(1000).default(riskDefaults.datore_rapporto),
  by: byOption,
});
export type RiskEmployersOptions = z.input<typeof RiskEmployersOptions> & GlobalOptions;

/**
 * `risk-employers`: the employer units (employer x province) of a semester with a
 * pattern of risk of exploitation (many hires for the rapporti they had, many quick
 * exits, many rapporti of a few days: docs/risk-indicators.md), for the labour
 * inspectorate's regional table. Not for publication: written owner-only like the flag
 * list, and only when asked for by this command; it names employers by their
 * pseudonym (or upstream id) and no worker.
 */
export async function run(options: RiskEmployersOptions, deps: Deps): Promise<number> {
  const o = parseOptions('risk-employers', RiskEmployersOptions, options);
  const semester = parseSemester(o.semester);
  const format = outputFormat(o.out, o.format);
  checkOutputPath(o.out, 'risk-employers', format);
  return withDb(deps, options, { mustExist: true }, async (db) => {
    await checkProvince(db, 'risk-employers', o.province);
    await checkAreas(db, 'risk-employers', o.by);
    await stageOrimTables(db, semester, deps.logger, []);
    const thresholds = {
      ...riskDefaults,
      uscita_giorni: o.quickExitDays,
      datore_min: o.employerMin,
      datore_quota: o.employerShare,
      datore_rapporto: o.hireRatio,
    };
    const { sql, params } = await employerListQuery(db, semester, thresholds, o.province ?? null, o.by);
    await db.run(`CREATE OR REPLACE TEMP TABLE risk_employers AS ${sql}`, params);
    const list = { sql: 'SELECT * FROM risk_employers', params: {} };
    await checkReplaceable(db, o.out, format, list, 'risk-employers');
    await deps.files.query(db, list.sql, list.params, o.out, { format, ownerOnly: true });
    const area = o.by === 'provincia' ? 'provincia' : areaColumns(o.by).codice;
    const counts = await db.all<{
      area: string;
      unita: number;
      molte_assunzioni: number;
      uscite_rapide: number;
      molti_brevissimi: number;
    }>(
      `SELECT ${quoteIdent(area)} AS area, count(*)::INTEGER AS unita, count(*) FILTER (WHERE molte_assunzioni)::INTEGER AS molte_assunzioni,
              count(*) FILTER (WHERE uscite_rapide)::INTEGER AS uscite_rapide,
              count(*) FILTER (WHERE molti_brevissimi)::INTEGER AS molti_brevissimi
       FROM risk_employers GROUP BY ALL ORDER BY ALL`,
    );
    const total = counts.reduce((s, c) => s + c.unita, 0);
    // units whose municipality the mapping does not have: listed in area ?, and counted
    const unmapped = o.by === 'provincia' ? undefined : (counts.find((c) => c.area === '?')?.unita ?? 0);
    deps.logger.info({ semestre: semester.semestre, out: o.out, rows: total }, 'risk employers written');
    return printResult(
      deps,
      'risk-employers',
      0,
      {
        semester: semester.semestre,
        out: o.out,
        format,
        by: o.by,
        rows: total,
        thresholds,
        counts,
        ...(unmapped === undefined ? {} : { unmapped }),
      },
      () =>
        `Employer units with a pattern of risk in ${semester.semestre}: ${total} written to ${o.out} (owner-only, not for publication)\n` +
        counts
          .map(
            (c) =>
              `  ${c.area}  ${c.unita} units: ${c.molte_assunzioni} many hires, ${c.uscite_rapide} quick exits, ${c.molti_brevissimi} many rapporti of at most 3 days\n`,
          )
          .join('') +
        (unmapped === undefined
          ? ''
          : `  Not mapped to a ${o.by === 'cpi' ? 'CPI' : 'ambito'} (area ?): ${unmapped} units\n`),
    );
  });
}
