import type { Database } from '../../db/Database.js';
import {
  type SemiannualReportOptions,
  type SemiannualReportWritten,
  writeSemiannualReport,
} from '../semiannual/writeSemiannualReport.js';
import { seriesSection } from './seriesSection.js';

/**
 * `report annual`: the report of a year, written as the semi-annual report is (the ORIM
 * tables of the year in out/tables, their period column `anno`; report.html, report.md,
 * the charts) into a folder of kind annual-report. Its period (o.semester) is a year
 * (parseYear): every section of the semi-annual report runs over 1 January to 31
 * December, compared with the previous year, and the series of the years the data cover
 * follows the flows.
 */
export async function writeAnnualReport(
  db: Database,
  o: Omit<SemiannualReportOptions, 'folderKind' | 'afterFlows'>,
): Promise<SemiannualReportWritten> {
  if (o.semester.kind !== 'year') throw new Error(`writeAnnualReport: ${o.semester.semestre} is not a year`);
  return writeSemiannualReport(db, {
    ...o,
    folderKind: 'annual-report',
    afterFlows: async (ctx, flows) => [await seriesSection(ctx, flows)],
  });
}
