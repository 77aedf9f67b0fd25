import { z } from 'zod';
import { findChromium } from '../output/printPdf.js';
import { UserError } from '../runtime/errors.js';
import { checkOutputFolder } from '../output/outputFolder.js';
import { parseYear } from '../marts/orimTables.js';
import { coverage } from '../marts/report/semesters.js';
import { latestCoveredYear, yearCoverage } from '../marts/report/years.js';
import { writeAnnualReport } from '../reports/annual/writeAnnualReport.js';
import { asOfOrLatest } from './support/asOfOrLatest.js';
import { checkProvince } from './support/checkProvince.js';
import { authorOption, isoDateOption, minCellOption, outOption, provinceOption } from './support/options.js';
import { parseOptions } from './support/parseOptions.js';
import { printResult } from './support/printResult.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';
import { notCovered } from './support/notCovered.js';
import { reportDay } from './support/reportDay.js';

export const ReportAnnualOptions = z.object({
  year: z.string().regex(/^(\d{4}|latest)$/, 'write the year as YYYY (e.g. 2024), or latest'),
  province: provinceOption,
  minCell: minCellOption,
  out: outOption('DIR'),
  date: isoDateOption.optional(),
  excel: z.boolean().default(false),
  allowPartial: z.boolean().default(false),
  author: authorOption,
  /** --no-pdf sets it false; with it, report.pdf is printed when there is a Chromium. */
  pdf: z.boolean().default(true),
});
export type ReportAnnualOptions = z.input<typeof ReportAnnualOptions> & GlobalOptions;

/**
 * `report annual`: the annual report and the ORIM tables of a year (docs/report.md,
 * "Annual report"); `--year latest` is the latest year the data cover. A year is
 * covered when both its semesters are (semesterCoverage); one the data or the province
 * do not cover is refused with exit 1, naming its months, unless --allow-partial: then
 * the page opens with the warning.
 */
export async function run(options: ReportAnnualOptions, deps: Deps): Promise<number> {
  const o = parseOptions('report annual', ReportAnnualOptions, options);
  checkOutputFolder(o.out, 'annual-report');
  return withDb(deps, options, { mustExist: true }, async (db) => {
    // the report has no as-of date: the latest data_invio only proves that something is loaded
    await asOfOrLatest(db, 'report annual');
    await checkProvince(db, 'report annual', o.province);
    const cov = await coverage(db);
    const year = o.year === 'latest' ? await latestCoveredYear(db) : parseYear(o.year);
    if (!year) {
      throw new UserError(
        `report annual: the data (sent ${cov.primoInvio} to ${cov.ultimoInvio}) cover no whole year yet ` +
          '(both semesters, each month in normal volume). Load the missing monthly extracts, or name a year with ' +
          '--year YYYY --allow-partial to write it with a warning.',
      );
    }
    const gaps = [
      await yearCoverage(db, year),
      ...(o.province ? [await yearCoverage(db, year, o.province)] : []),
    ].filter((c) => !c.covered);
    for (const c of gaps) {
      if (!o.allowPartial)
        throw new UserError(
          `report annual: ${notCovered(c)}. Load the extracts of those months, or pass --allow-partial to write the report with a warning saying so at the top of the page.`,
        );
      deps.logger.warn(
        { anno: year.semestre, provincia: c.province ?? null, missing: c.missing, thin: c.thin },
        `${notCovered(c)}: written anyway (--allow-partial), the page opens with the warning`,
      );
    }
    const written = await writeAnnualReport(db, {
      semester: year,
      ...(o.province ? { province: o.province } : {}),
      minCell: o.minCell,
      out: o.out,
      logger: deps.logger,
      today: o.date ?? reportDay(deps),
      now: deps.now,
      writeFolder: deps.files.folder,
      coverage: cov,
      excel: o.excel,
      ...(o.author ? { author: o.author } : {}),
      pdf: o.pdf && findChromium(deps.env),
    });
    const { semestre, ...rest } = written;
    const result = { anno: semestre, ...rest };
    deps.logger.info(result, 'annual report written');
    return printResult(
      deps,
      'report annual',
      0,
      result,
      () =>
        `Annual report ${result.anno}${o.province ? ` (${o.province})` : ''}: ${result.html}, ${result.markdown}, ` +
        `${result.tables} ORIM tables in ${o.out}/tables (${result.suppressed} cells suppressed)` +
        `${result.provisional ? '; re-employment within 90 days is provisional' : ''}\n`,
    );
  });
}
