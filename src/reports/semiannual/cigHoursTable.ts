import { reportRegion } from '../../marts/report/reportRegion.js';
import { sources } from '../page/sources.js';
import { reportQuery } from './prepareReportData.js';
import type { ReportContext } from './reportContext.js';
import type { CellValue, ReportTable } from '../page/reportModel.js';

/** Managements in the order INPS publishes them; others after, alphabetically. */
const gestioneOrder = ['CIGO', 'CIGS', 'CIGD', 'FIS', 'FONDI'];
const gestioneLabel: Record<string, string> = {
  CIGO: 'CIGO (ordinaria)',
  CIGS: 'CIGS (straordinaria)',
  CIGD: 'CIGD (in deroga)',
  FIS: 'FIS (Fondo di integrazione salariale)',
  FONDI: 'Altri fondi di solidarietà',
};

/**
 * Hours of cassa integrazione INPS authorised in the semester, by management: the
 * sum of the report's provinces and, for the region's report, INPS's own regional
 * total beside it (never added to the provinces). Hours are not people: the table
 * is not a count and does not go through the small-count rule (docs/report.md),
 * and it shares no figure with the tables of recipients. Undefined when no hours
 * are loaded for the semester.
 */
export async function cigHoursTable(ctx: ReportContext): Promise<ReportTable | undefined> {
  const rows = await reportQuery<{ gestione: string; livello: string; ore: number }>(
    ctx.db,
    'ore_cig',
    { ...ctx.params, regione: reportRegion.codice },
    ctx.tables,
  );
  if (rows.length === 0) return undefined;
  const levels = ['provincia', 'regione'].filter((l) => rows.some((r) => r.livello === l));
  const gestioni = [...new Set(rows.map((r) => r.gestione))].sort(
    (a, b) => (gestioneOrder.indexOf(a) + 1 || 99) - (gestioneOrder.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  // n.d. where INPS gives no hours of that management at that level (not 0)
  const hours = (g: string | null, l: string): number | null => {
    const cells = rows.filter((r) => r.livello === l && (g === null || r.gestione === g));
    return cells.length === 0 ? null : Math.round(cells.reduce((s, r) => s + Number(r.ore), 0));
  };
  const label = (l: string) =>
    l === 'provincia'
      ? ctx.province
        ? `Ore autorizzate, ${ctx.labels.provincia(ctx.province)}`
        : 'Ore autorizzate, somma delle province'
      : `Ore autorizzate, dato regionale INPS (${reportRegion.nome})`;
  const body: CellValue[][] = [...gestioni, null].map((g) => [
    g === null ? 'Totale' : (gestioneLabel[g] ?? g),
    ...levels.map((l) => hours(g, l)),
  ]);
  return {
    title: `Cassa integrazione: ore autorizzate nel ${ctx.semester.semestre}, per gestione (ore, non persone)`,
    source: sources.inps,
    columns: [{ label: 'Gestione', kind: 'text' }, ...levels.map((l) => ({ label: label(l), kind: 'count' as const }))],
    rows: body,
    totalRow: true,
    suppressed: 0,
    note:
      `Ore autorizzate da INPS nei mesi ${ctx.wording.ofThe}, arrotondate all’ora: non sono ore effettivamente utilizzate né persone, ` +
      'e non si sommano ai beneficiari. Il dato regionale INPS è tenuto a parte e non si somma alle province. ' +
      'Le ore non contano persone: la tavola non è soggetta alla soppressione delle celle piccole.',
  };
}
