import path from 'node:path';
import type { Database } from '../../db/Database.js';
import type { Logger } from '../../runtime/logger.js';
import type { Semester } from '../../marts/orimTables.js';
import type { Coverage } from '../../marts/report/semesters.js';
import { buildSemiannualReport, type ReportRequest } from './buildSemiannualReport.js';
import { renderChart } from '../page/renderChart.js';
import { renderHtml } from '../page/renderHtml.js';
import { renderMarkdown } from '../page/renderMarkdown.js';
import {
  decideOrimTables,
  type OrimDecision,
  writeDecidedOrimTables,
  writeOrimTables,
} from '../../output/writeOrimTables.js';
import { writeFileAtomically } from '../../output/writeFileAtomically.js';
import type { writeOutputFolder } from '../../output/outputFolder.js';
import { chromiumHint, PdfPrintError, printPdf } from '../../output/printPdf.js';

export interface SemiannualReportOptions {
  semester: Semester;
  province?: string;
  minCell: number;
  out: string;
  logger: Logger;
  /** The report's date (ISO). */
  today: string;
  /** The command's clock (deps.now), for the folder's marker. */
  now: () => Date;
  /** Writes the output folder whole (deps.files.folder: output/outputFolder.ts). */
  writeFolder: typeof writeOutputFolder;
  /** The period the CO data were sent in (coverage). */
  coverage: Coverage;
  /** Also the tables for Excel: tables/excel/*.csv (Italian CSV) and tables/tavole.xlsx. */
  excel?: boolean;
  /** The folder's kind: a semi-annual report, or the annual report of a year (reports/annual/). */
  folderKind?: 'semiannual-report' | 'annual-report';
  /** Sections the report adds after the flows (buildSemiannualReport's afterFlows). */
  afterFlows?: ReportRequest['afterFlows'];
  /** Who publishes the report, shown under its title (--author); none by default. */
  author?: string;
  /** The Chromium report.pdf is printed with (findChromium), or false for no PDF (--no-pdf). */
  pdf: { path: string; found: boolean } | false;
}

export interface SemiannualReportWritten {
  semestre: string;
  province: string | null;
  out: string;
  html: string;
  markdown: string;
  /** report.pdf, or null when none was written (no Chromium, --no-pdf, or Chromium failed: the log says which). */
  pdf: string | null;
  tables: number;
  suppressed: number;
  provisional: boolean;
}

/**
 * `report semiannual`: the ORIM tables of the semester in out/tables (CSV, Parquet,
 * Arrow, datapackage.json), then report.html (self-contained, charts as inline SVG),
 * report.md and the charts as SVG files for the Markdown, and report.pdf printed from
 * report.html when there is a Chromium. The folder is written whole
 * beside the target and swapped in (writeOutputFolder): a reader sees the old report or
 * the new one.
 */
export async function writeSemiannualReport(
  db: Database,
  o: SemiannualReportOptions,
): Promise<SemiannualReportWritten> {
  return o.writeFolder(o.out, { kind: o.folderKind ?? 'semiannual-report', logger: o.logger, now: o.now }, (dir) =>
    writeInto(db, o, dir),
  );
}

/** The folder of the region's edition among the editions of `--province all`. */
const REGION_EDITION = 'regione';

export interface SemiannualEditionsWritten {
  semestre: string;
  out: string;
  /** The region's edition first, then each province's, each in its own folder. */
  editions: SemiannualReportWritten[];
}

/**
 * `report semiannual --province all`: one folder holding the region's report
 * (regione/) and one per province (MI/, BG/, ...), each a whole report with its ORIM
 * tables. The models, the state on the semester's last day and the disclosure
 * decision of the ORIM tables are built once, on the region's figures, for every
 * edition: the editions together publish no more than the region's tables do.
 */
export async function writeSemiannualEditions(
  db: Database,
  o: Omit<SemiannualReportOptions, 'province'> & { provinces: readonly string[] },
): Promise<SemiannualEditionsWritten> {
  return o.writeFolder(o.out, { kind: 'semiannual-report-editions', logger: o.logger, now: o.now }, async (dir) => {
    const decided = await decideOrimTables(db, o.semester, o.minCell, o.logger);
    const editions: SemiannualReportWritten[] = [];
    for (const province of [undefined, ...o.provinces]) {
      const name = province ?? REGION_EDITION;
      const edition = { ...o, out: path.join(o.out, name), ...(province ? { province } : {}) };
      editions.push(await writeInto(db, edition, path.join(dir, name), decided));
      o.logger.debug({ semestre: o.semester.semestre, edition: name }, 'report edition written');
    }
    return { semestre: o.semester.semestre, out: o.out, editions };
  });
}

async function writeInto(
  db: Database,
  o: SemiannualReportOptions,
  dir: string,
  decided?: OrimDecision,
): Promise<SemiannualReportWritten> {
  const tablesDir = path.join(dir, 'tables');
  const excel = { excel: o.excel ?? false };
  const written = decided
    ? await writeDecidedOrimTables(db, decided, tablesDir, o.logger, o.province, excel)
    : await writeOrimTables(db, o.semester, tablesDir, o.minCell, o.logger, o.province, undefined, excel);
  const { report, provisional, suppressed } = await buildSemiannualReport(db, {
    semester: o.semester,
    ...(o.province ? { province: o.province } : {}),
    minCell: o.minCell,
    logger: o.logger,
    today: o.today,
    coverage: o.coverage,
    orimSuppression: written.tables.map((t) => ({
      output: `ORIM ${t.name}`,
      cells: t.cells,
      suppressed: t.suppressed,
    })),
    orimFigures: written.figures,
    orimTables: written.exact,
    ...(o.afterFlows ? { afterFlows: o.afterFlows } : {}),
    ...(o.author ? { author: o.author } : {}),
  });
  const charts = new Map<string, string>();
  for (const chart of report.sections.flatMap((s) => s.charts)) {
    const svg = await renderChart(chart);
    charts.set(chart.id, svg);
    await writeFileAtomically(path.join(dir, 'charts', `${chart.id}.svg`), svg);
  }
  await writeFileAtomically(path.join(dir, 'report.md'), renderMarkdown(report));
  const html = path.join(dir, 'report.html');
  await writeFileAtomically(html, renderHtml(report, charts));
  const pdf = await writePdf(html, path.join(dir, 'report.pdf'), o);
  return {
    semestre: o.semester.semestre,
    province: o.province ?? null,
    out: o.out,
    html: path.join(o.out, 'report.html'),
    markdown: path.join(o.out, 'report.md'),
    pdf: pdf ? path.join(o.out, 'report.pdf') : null,
    tables: written.tables.length,
    suppressed: suppressed + written.tables.reduce((a, t) => a + t.suppressed, 0),
    provisional,
  };
}

/**
 * report.pdf beside the page, printed from the report.html just written into the
 * folder being written (so the marker lists it). Without Chromium, or when it fails,
 * the folder is complete without it and the log says why; a failure to write the
 * file itself (a full disk) fails the report as any other file would.
 */
async function writePdf(html: string, pdf: string, o: SemiannualReportOptions): Promise<boolean> {
  if (o.pdf === false) {
    o.logger.debug('report.pdf not written (--no-pdf)');
    return false;
  }
  if (!o.pdf.found) {
    o.logger.info({ chromium: o.pdf.path }, `report.pdf not written: no Chromium at ${o.pdf.path}; ${chromiumHint}`);
    return false;
  }
  let bytes: Uint8Array;
  try {
    bytes = await printPdf(html, o.pdf.path);
  } catch (error) {
    if (!(error instanceof PdfPrintError)) throw error;
    o.logger.warn({ chromium: o.pdf.path }, `report.pdf not written: ${error.message}`);
    return false;
  }
  await writeFileAtomically(pdf, bytes);
  o.logger.debug({ pdf, bytes: bytes.length }, 'report.pdf written');
  return true;
}
