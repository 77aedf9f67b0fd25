import { seedRegistry } from './figureKeys.js';
import type { Database } from '../../db/Database.js';
import type { Logger } from '../../runtime/logger.js';
import type { Semester } from '../../marts/orimTables.js';
import { careersSection } from './careersSection.js';
import { exploitationSection } from './exploitationSection.js';
import { citizenshipSection } from './citizenshipSection.js';
import { contextSection } from './contextSection.js';
import { definitionsSection } from './definitionsSection.js';
import { demandSection } from './demandSection.js';
import { flowSection, flowShown } from './flowSections.js';
import { labourForceSection } from './labourForceSection.js';
import { methodologySection } from './methodologySection.js';
import { loadLabels } from '../page/labels.js';
import { prepareReportData } from './prepareReportData.js';
import { permitsSection } from './permitsSection.js';
import { qualitySection, type SuppressionNote } from './qualitySection.js';
import { reemploymentSection } from './reemploymentSection.js';
import type { ReportContext } from './reportContext.js';
import type { ReportPage, ReportSection } from '../page/reportModel.js';
import { riskSection } from './riskSection.js';
import { coverageWarning } from './coverageWarning.js';
import { type Coverage, comparedPeriods, semesterCoverage } from '../../marts/report/semesters.js';
import { yearCoverage } from '../../marts/report/years.js';
import { periodWording } from './periodWording.js';
import type { FlowSection } from './flowSections.js';
import { stockSection } from './stockSection.js';

export interface ReportRequest {
  semester: Semester;
  province?: string;
  minCell: number;
  logger: Logger;
  /** Disclosure control of the ORIM tables written beside the report. */
  orimSuppression: SuppressionNote[];
  /** What the ORIM tables of the same run publish, figure by figure (writeOrimTables): the report shows each shared figure as they do. */
  orimFigures?: ReadonlyMap<string, boolean>;
  /** The tables of the ORIM tables' exact figures, by slot (writeOrimTables' `exact`). */
  orimTables: Record<string, string>;
  /** The report's date (ISO), passed in so that tests pin it. */
  today: string;
  /** The period the CO data were sent in (coverage), as the command measured it. */
  coverage: Coverage;
  /**
   * Sections a report of this kind adds after the flows (the annual report's series of
   * the years), built with the report's context and what the flow tables published.
   */
  afterFlows?: (ctx: ReportContext, flows: FlowSection) => Promise<ReportSection[]>;
  /** Who publishes the report, shown under its title (--author). */
  author?: string;
}

/**
 * The semi-annual report of spec reports.md as data: every figure comes from DuckDB
 * (the ORIM tables of the semester, whose exact figures writeOrimTables kept in the
 * tables req.orimTables names, and the queries of this folder); tables and headline figures go through disclosure control.
 */
export async function buildSemiannualReport(
  db: Database,
  req: ReportRequest,
): Promise<{ report: ReportPage; provisional: boolean; suppressed: number }> {
  const { semester, province } = req;
  const compared = comparedPeriods(semester);
  // the region's months, and the province's too for a province report (comparisons included);
  // a year is covered when both its semesters are
  const measure = semester.kind === 'year' ? yearCoverage : semesterCoverage;
  const covered = async (s: typeof semester) => [
    await measure(db, s),
    ...(province ? [await measure(db, s, province)] : []),
  ];
  const semesterCovered = await covered(semester);
  const labels = await loadLabels(db);
  const wording = periodWording(semester);
  const ctx: ReportContext = {
    db,
    logger: req.logger,
    semester,
    wording,
    compared: [],
    coverage: req.coverage,
    minCell: req.minCell,
    ...(province ? { province } : {}),
    labels,
    params: {
      semestre: semester.semestre,
      inizio: semester.inizio,
      fine: semester.fine,
      province: province ?? null,
      semestre_prec: compared[0]?.semestre ?? null,
      semestre_anno_prec: compared[1]?.semestre ?? null,
    },
    published: seedRegistry(req.orimFigures, province),
    tables: { ...req.orimTables, ...(await prepareReportData(db, [semester, ...compared], province)) },
  };
  // one at a time: the coverage queries share their temporary table
  for (const period of compared)
    ctx.compared.push({ period, covered: (await covered(period)).every((c) => c.covered) });
  const flows = await flowSection(ctx);
  const added = req.afterFlows ? await req.afterFlows(ctx, flows) : [];
  const citizenships = await citizenshipSection(ctx, flows.totals.get('NUE'));
  const careers = await careersSection(ctx, flows.totals);
  // the indicators are of a semester (indicatori_rischio is not in the annual edition)
  const exploitation = semester.kind === 'semester' ? [await exploitationSection(ctx)] : [];
  const stock = await stockSection(ctx);
  const reemployment = await reemploymentSection(ctx);
  const risk = await riskSection(ctx);
  const context = await contextSection(ctx);
  const labourForce = await labourForceSection(ctx);
  const permits = await permitsSection(ctx, risk.people);
  const demand = await demandSection(ctx);
  const figures = [
    flows.section,
    ...added,
    citizenships,
    careers,
    ...exploitation,
    stock.section,
    reemployment.section,
    risk.section,
    context.section,
    labourForce,
    permits,
    demand,
  ];
  const reportSuppressed = figures.flatMap((s) => s.tables).reduce((a, t) => a + t.suppressed, 0);
  const cells = figures.flatMap((s) => s.tables).reduce((a, t) => a + t.rows.length * (t.columns.length - 1), 0);
  const suppression: SuppressionNote[] = [
    { output: 'Tavole di questo rapporto', cells, suppressed: reportSuppressed },
    ...req.orimSuppression,
  ];
  const quality = await qualitySection(ctx, suppression);

  const nue = flows.totals.get('NUE');
  const where = province ? ctx.labels.provincia(province) : 'Lombardia';
  const report: ReportPage = {
    title: `Il lavoro dei cittadini non UE in ${province ? `provincia di ${where}` : where}: ${wording.title}`,
    ...(req.author ? { author: req.author } : {}),
    subtitle: `Comunicazioni Obbligatorie, INPS e ISTAT, dal ${semester.inizio} al ${semester.fine}. Rapporto generato il ${req.today}.`,
    warnings: semesterCovered.flatMap((c) => coverageWarning(c, labels) ?? []),
    headline: [
      // each figure as the tables published it (a headline must not show what a table withholds)
      // rapporti, then the distinct workers they concern
      {
        label: 'Attivazioni (rapporti) di lavoratori non UE',
        value: nue ? flowShown(ctx, 'NUE', 'attivazioni', nue) : 0,
        kind: 'count',
      },
      {
        label: 'Lavoratori non UE attivati',
        value: nue ? flowShown(ctx, 'NUE', 'lavoratori_attivati', nue) : 0,
        kind: 'count',
      },
      {
        label: 'Cessazioni (rapporti, comunicate e implicite)',
        value: nue ? flowShown(ctx, 'NUE', 'cessazioni', nue) : 0,
        kind: 'count',
      },
      {
        label: 'Lavoratori non UE cessati',
        value: nue ? flowShown(ctx, 'NUE', 'lavoratori_cessati', nue) : 0,
        kind: 'count',
      },
      { label: 'Saldo (rapporti)', value: nue ? flowShown(ctx, 'NUE', 'saldo', nue) : 0, kind: 'count' },
      { label: `Rapporti attivi al ${semester.fine}`, value: stock.nueRapporti, kind: 'count' },
      {
        label: 'Rioccupati entro 90 giorni',
        value: reemployment.share,
        kind: 'percent',
        ...(reemployment.provisional ? { note: 'provvisorio' } : {}),
      },
      { label: `Lavoratori segnalati al ${semester.fine}`, value: risk.flagged, kind: 'count', note: 'persone' },
      {
        label: `Segnalazioni al ${semester.fine}`,
        value: risk.flags,
        kind: 'count',
        note: 'un lavoratore può averne due',
      },
      { label: 'Nei bacini di crisi', value: risk.basin, kind: 'count' },
      { label: 'Attivazioni per 1.000 residenti non UE', value: context.rate ?? null, kind: 'decimal' },
    ],
    sections: [...figures, quality, methodologySection(ctx, [...figures, quality]), definitionsSection(ctx)],
    generated: req.today,
  };
  return { report, provisional: reemployment.provisional, suppressed: reportSuppressed };
}
