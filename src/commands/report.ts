import { z } from 'zod';
import type { Database } from '../db/Database.js';
import { UserError } from '../runtime/errors.js';
import { checkOutputFolder } from '../output/outputFolder.js';
import { parseSemester } from '../marts/orimTables.js';
import { coverage, latestCoveredSemester, semesterCoverage } from '../marts/report/semesters.js';
import { reportRegion } from '../marts/report/reportRegion.js';
import { writeSemiannualEditions, writeSemiannualReport } from '../reports/semiannual/writeSemiannualReport.js';
import { asOfOrLatest } from './support/asOfOrLatest.js';
import { checkProvince } from './support/checkProvince.js';
import { authorOption, isoDateOption, minCellOption, outOption } from './support/options.js';
import { findChromium } from '../output/printPdf.js';
import { parseOptions } from './support/parseOptions.js';
import { printResult } from './support/printResult.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';
import { notCovered } from './support/notCovered.js';
import { reportDay } from './support/reportDay.js';

export const ReportOptions = z.object({
  semester: z
    .string()
    .regex(/^(\d{4}-H[12]|latest)$/, 'write the semester as YYYY-H1 or YYYY-H2 (e.g. 2025-H1), or latest'),
  province: z
    .string()
    .regex(/^([A-Za-z]{2}|all)$/i, 'a 2-letter province code such as MI, or all (the region and each of its provinces)')
    .transform((s) => s.toUpperCase())
    .optional(),
  minCell: minCellOption,
  out: outOption('DIR'),
  date: isoDateOption.optional(),
  excel: z.boolean().default(false),
  allowPartial: z.boolean().default(false),
  author: authorOption,
  /** --no-pdf sets it false; with it, report.pdf is printed when there is a Chromium. */
  pdf: z.boolean().default(true),
});
export type ReportOptions = z.input<typeof ReportOptions> & GlobalOptions;

/**
 * `report semiannual`: the semi-annual report and the ORIM tables of a semester
 * (spec reports.md); `--semester latest` is the latest semester the data cover. A
 * semester or a province the data do not cover (a month missing or thin, see
 * semesterCoverage) is refused with exit 1, unless --allow-partial: then the page
 * opens with the warning.
 */
export async function run(options: ReportOptions, deps: Deps): Promise<number> {
  const o = parseOptions('report semiannual', ReportOptions, options);
  const editions = o.province === ALL;
  checkOutputFolder(o.out, editions ? 'semiannual-report-editions' : 'semiannual-report');
  return withDb(deps, options, { mustExist: true }, async (db) => {
    // the report has no as-of date: the latest data_invio only proves that something is loaded
    await asOfOrLatest(db, 'report semiannual');
    if (!editions) await checkProvince(db, 'report semiannual', o.province);
    const cov = await coverage(db);
    const semester = o.semester === 'latest' ? await latestCoveredSemester(db) : parseSemester(o.semester);
    if (!semester) {
      throw new UserError(
        `report semiannual: the data (sent ${cov.primoInvio} to ${cov.ultimoInvio}) cover no semester yet ` +
          '(each of its six months in normal volume). Load the missing monthly extracts, or name a semester with ' +
          '--semester YYYY-Hn --allow-partial to write it with a warning.',
      );
    }
    const gaps = [
      await semesterCoverage(db, semester),
      ...(o.province && !editions ? [await semesterCoverage(db, semester, o.province)] : []),
    ].filter((c) => !c.covered);
    for (const c of gaps) {
      if (!o.allowPartial)
        throw new UserError(
          `report semiannual: ${notCovered(c)}. Load the extracts of those months, or pass --allow-partial to write the report with a warning saying so at the top of the page.`,
        );
      deps.logger.warn(
        { semestre: semester.semestre, provincia: c.province ?? null, missing: c.missing, thin: c.thin },
        `${notCovered(c)}: written anyway (--allow-partial), the page opens with the warning`,
      );
    }
    const common = {
      semester,
      minCell: o.minCell,
      logger: deps.logger,
      today: o.date ?? reportDay(deps),
      now: deps.now,
      writeFolder: deps.files.folder,
      coverage: cov,
      excel: o.excel,
      ...(o.author ? { author: o.author } : {}),
      pdf: o.pdf && findChromium(deps.env),
    };
    if (editions) return writeEditions(db, deps, { ...common, out: o.out }, o.allowPartial);
    const result = await writeSemiannualReport(db, {
      ...common,
      ...(o.province ? { province: o.province } : {}),
      out: o.out,
    });
    deps.logger.info(result, 'semi-annual report written');
    return printResult(
      deps,
      'report semiannual',
      0,
      result,
      () =>
        `Semi-annual report ${result.semestre}${o.province ? ` (${o.province})` : ''}: ${result.html}, ${result.markdown}, ` +
        `${result.pdf ? `${result.pdf}, ` : ''}` +
        `${result.tables} ORIM tables in ${o.out}/tables (${result.suppressed} cells suppressed)` +
        `${result.provisional ? '; re-employment within 90 days is provisional' : ''}\n`,
    );
  });
}

/** `--province all`: the region's edition and one per province of the report's region. */
const ALL = 'ALL';

/**
 * The editions of `--province all`: the region's and one for each province of the
 * report's region the data cover (each month in normal volume for that province); a
 * province they do not cover is left out and named (with --allow-partial it is
 * written, opening with the warning).
 */
async function writeEditions(
  db: Database,
  deps: Deps,
  o: Omit<Parameters<typeof writeSemiannualEditions>[1], 'provinces'>,
  allowPartial: boolean,
): Promise<number> {
  const all = await db.all<{ provincia: string }>(
    'SELECT provincia FROM ref_province WHERE codice_regione = $regione ORDER BY codice_provincia',
    { regione: reportRegion.codice },
  );
  const provinces: string[] = [];
  const skipped: { province: string; reason: string }[] = [];
  for (const { provincia } of all) {
    const c = await semesterCoverage(db, o.semester, provincia);
    if (c.covered || allowPartial) provinces.push(provincia);
    else skipped.push({ province: provincia, reason: notCovered(c) });
    if (!c.covered)
      deps.logger.warn(
        { semestre: o.semester.semestre, provincia, missing: c.missing, thin: c.thin },
        `${notCovered(c)}: ${allowPartial ? 'written anyway (--allow-partial)' : 'no edition for it'}`,
      );
  }
  const result = await writeSemiannualEditions(db, { ...o, provinces });
  deps.logger.info(
    { semestre: result.semestre, editions: result.editions.length },
    'semi-annual report editions written',
  );
  return printResult(deps, 'report semiannual', 0, { ...result, skipped }, () =>
    [
      `Semi-annual report ${result.semestre}: ${result.editions.length} editions in ${result.out}\n`,
      ...result.editions.map((e) => `  ${e.province ?? 'regione'}: ${e.html} (${e.suppressed} cells suppressed)\n`),
      ...skipped.map((s) => `  ${s.province}: not written, ${s.reason}\n`),
    ].join(''),
  );
}
