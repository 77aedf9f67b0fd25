import { sources } from '../page/sources.js';
import { categoryTable } from '../page/publishTables.js';
import { grandeGruppoLabel } from '../page/labels.js';
import { flowKey } from './figureKeys.js';
import { reportQuery } from './prepareReportData.js';
import { sharePercent } from './rates.js';
import { n, type ReportContext } from './reportContext.js';
import type { CellValue, ReportChart, ReportSection, ReportTable } from '../page/reportModel.js';
import { barChart } from '../page/barChart.js';

type Estimate = string | null;
type Estimates = {
  entrate_previste: Estimate;
  entrate_immigrati: Estimate;
  entrate_difficile_reperimento: Estimate;
};
type HiresRow = Estimates & { provincia: string };
type GroupRow = Estimates & { grande_gruppo: string; attivazioni_nue: string };

/** Every CP2011 major group, listed whatever the data hold (a row missing would tell a withheld zero), then '?'. */
const groups = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '?'];

/** An Excelsior figure: null (n.d.) where Excelsior does not give it. */
const estimate = (v: Estimate | undefined): number | null => (v === null || v === undefined ? null : Number(v));
/** The sum of figures that are all given, else null (n.d.). */
const sumGiven = (values: (number | null)[]): number | null =>
  values.length === 0 || values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + v!, 0);

/** The months of the report's period (six for a semester, twelve for a year), YYYY-MM. */
function periodMonths(inizio: string, fine: string): string[] {
  const year = inizio.slice(0, 4);
  const first = Number(inizio.slice(5, 7));
  const count = Number(fine.slice(5, 7)) - first + 1;
  return Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/**
 * Labour demand (Domanda di lavoro): Excelsior's planned hires of the semester's months
 * by province, with the immigrants' and the hard-to-find shares, and by CP2011 major
 * group beside the non-EU activations of the same groups from the CO. Excelsior's
 * figures are survey estimates, shown as computed; the activations are counts of our
 * records, built with categoryTable (disclosure control, the registry: their total is
 * the non-EU activations the flow tables show). Without Excelsior rows for the
 * semester's months the section says so (docs/report.md, "Labour demand").
 */
export async function demandSection(ctx: ReportContext): Promise<ReportSection> {
  const months = await reportQuery<{ provincia: string; mese: string }>(
    ctx.db,
    'mesi_excelsior',
    ctx.params,
    ctx.tables,
  );
  const all = periodMonths(ctx.semester.inizio, ctx.semester.fine);
  const where = ctx.province ? ` per la provincia di ${ctx.labels.provincia(ctx.province)}` : '';
  const section = (paragraphs: string[], tables: ReportTable[] = [], charts: ReportChart[] = []): ReportSection => ({
    id: 'domanda',
    title: 'Domanda di lavoro: entrate previste dalle imprese e attivazioni per professione',
    paragraphs,
    tables,
    charts,
  });
  if (months.length === 0)
    return section([
      `Nessun dato mensile Excelsior caricato per i mesi ${ctx.wording.ofThe} (da ${all[0]} a ${all.at(-1)})${where}: non ci sono entrate previste da confrontare con le attivazioni.`,
    ]);

  const hires = await reportQuery<HiresRow>(ctx.db, 'entrate_previste', ctx.params, ctx.tables);
  const byGroup = await reportQuery<GroupRow>(ctx.db, 'professioni', ctx.params, ctx.tables);
  const tables: ReportTable[] = [];
  const paragraphs = [
    'Le **entrate previste** sono le assunzioni che le imprese dell’industria e dei servizi con almeno un dipendente programmano per i mesi indicati, rilevate dall’indagine Excelsior (Unioncamere - Ministero del Lavoro) presso le imprese: sono intenzioni dichiarate, non assunzioni avvenute. Le attivazioni delle CO sono invece i rapporti di lavoro effettivamente avviati.',
    'I valori Excelsior sono stime arrotondate alle decine: sono pubblicati come calcolati, senza la soppressione delle celle piccole, che protegge i conteggi di persone; per ogni mese, provincia e voce vale l’ultimo estratto caricato.',
    monthsText(ctx, months, all),
  ];
  if (hires.length > 0) tables.push(hiresTable(ctx, hires));
  else paragraphs.push(`Gli estratti Excelsior non danno le entrate previste di tutti i settori${where}.`);
  const groupTable = occupationTable(ctx, byGroup);
  tables.push(groupTable);
  return section(paragraphs, tables, occupationChart(groupTable));
}

/** Which months the figures sum, and the provinces that lack some of them. */
function monthsText(ctx: ReportContext, months: { provincia: string; mese: string }[], all: string[]): string {
  const given = all.filter((m) => months.some((r) => r.mese === m));
  const span =
    given.length === all.length
      ? `tutti i ${all.length} mesi ${ctx.wording.ofThe} (da ${all[0]} a ${all.at(-1)})`
      : `${given.length} mesi su ${all.length} (${given.join(', ')})`;
  const provinces = [...new Set(months.map((r) => r.provincia))].sort();
  const gaps = provinces
    .map((p) => ({ p, missing: given.filter((m) => !months.some((r) => r.provincia === p && r.mese === m)) }))
    .filter((g) => g.missing.length > 0)
    .map((g) => `${ctx.labels.provincia(g.p)} (${g.missing.join(', ')})`);
  return (
    `Dati Excelsior per ${span}: le entrate previste ${ctx.wording.ofThe} sono la somma di questi mesi.` +
    (gaps.length > 0 ? ` Per alcune province mancano dei mesi, e la loro somma ne ha meno: ${gaps.join('; ')}.` : '')
  );
}

/** Planned hires for all sectors with their two parts and shares, by province (the region's report) or of the province. */
function hiresTable(ctx: ReportContext, hires: HiresRow[]): ReportTable {
  const line = (label: string, entrate: number | null, immigrati: number | null, difficili: number | null) => [
    label,
    entrate,
    immigrati,
    sharePercent(immigrati, entrate),
    difficili,
    sharePercent(difficili, entrate),
  ];
  const rows: CellValue[][] = hires.map((r) =>
    line(
      ctx.labels.provincia(r.provincia),
      estimate(r.entrate_previste),
      estimate(r.entrate_immigrati),
      estimate(r.entrate_difficile_reperimento),
    ),
  );
  const total = !ctx.province;
  if (total)
    rows.push(
      line(
        'Totale',
        sumGiven(hires.map((r) => estimate(r.entrate_previste))),
        sumGiven(hires.map((r) => estimate(r.entrate_immigrati))),
        sumGiven(hires.map((r) => estimate(r.entrate_difficile_reperimento))),
      ),
    );
  return {
    title: `Entrate previste dalle imprese nel ${ctx.semester.semestre}${total ? ', per provincia' : ''} (Excelsior)`,
    source: sources.excelsior,
    columns: [
      { label: 'Provincia', kind: 'text' },
      { label: 'Entrate previste', kind: 'count' },
      { label: 'di cui immigrati', kind: 'count' },
      { label: 'Immigrati (%)', kind: 'percent' },
      { label: 'di cui di difficile reperimento', kind: 'count' },
      { label: 'Difficile reperimento (%)', kind: 'percent' },
    ],
    rows,
    totalRow: total,
    suppressed: 0,
    note:
      `Somma dei mesi ${ctx.wording.ofThe}, tutti i settori` +
      (total
        ? '; il totale è la somma delle province e può differire dal dato regionale di Excelsior, arrotondato a parte'
        : '') +
      '. Immigrati come li indicano le imprese, senza distinguere cittadini UE e non UE; n.d. dove un mese non riporta il dato. Stime, non conteggi di persone: non soggette alla soppressione delle celle piccole.',
  };
}

/**
 * Planned hires by CP2011 major group (exact) beside the non-EU activations of the same
 * groups (counts under disclosure control), each with its share of its own total.
 */
function occupationTable(ctx: ReportContext, byGroup: GroupRow[]): ReportTable {
  const of = new Map(byGroup.map((r) => [r.grande_gruppo, r]));
  const rows = groups.map((g) => ({
    key: g,
    label: `${g} ${grandeGruppoLabel[g]}`,
    counts: [n(of.get(g)?.attivazioni_nue)],
  }));
  const co = categoryTable({
    title: `Entrate previste (Excelsior) e attivazioni di lavoratori non UE (CO) nel ${ctx.semester.semestre}, per grande gruppo professionale`,
    source: sources.excelsiorCo,
    keyLabel: 'Grande gruppo professionale (CP2011)',
    columns: [{ label: 'Attivazioni non UE (CO)', kind: 'count' }],
    rows,
    total: { counts: [rows.reduce((a, r) => a + r.counts[0]!, 0)] },
    minCell: ctx.minCell,
    published: ctx.published,
    // the total is the non-EU activations of the flow tables, shown as they show it
    keyOf: (line) =>
      line === rows.length
        ? flowKey('NUE', 'attivazioni')
        : flowKey('NUE', 'attivazioni', ['grande_gruppo', groups[line]!]),
  });
  const figures = (r: GroupRow | undefined) => ({
    entrate: estimate(r?.entrate_previste),
    immigrati: estimate(r?.entrate_immigrati),
    difficili: estimate(r?.entrate_difficile_reperimento),
  });
  const cells = groups.map((g) => figures(of.get(g)));
  const given = cells.filter((c) => c.entrate !== null);
  const totals = {
    entrate: given.length ? given.reduce((a, c) => a + c.entrate!, 0) : null,
    immigrati: sumGiven(given.map((c) => c.immigrati)),
    difficili: sumGiven(given.map((c) => c.difficili)),
  };
  const activationsTotal = co.rows.at(-1)![1]!;
  const body = [...cells, totals].map((c, i): CellValue[] => [
    co.rows[i]![0]!,
    c.entrate,
    sharePercent(c.entrate, totals.entrate),
    sharePercent(c.immigrati, c.entrate),
    sharePercent(c.difficili, c.entrate),
    co.rows[i]![1]!,
    sharePercent(co.rows[i]![1]!, activationsTotal),
  ]);
  return {
    ...co,
    columns: [
      co.columns[0]!,
      { label: 'Entrate previste', kind: 'count' },
      { label: 'Quota sulle entrate (%)', kind: 'percent' },
      { label: 'di cui immigrati (%)', kind: 'percent' },
      { label: 'di cui di difficile reperimento (%)', kind: 'percent' },
      co.columns[1]!,
      { label: 'Quota sulle attivazioni (%)', kind: 'percent' },
    ],
    rows: body,
    note:
      `Entrate previste: somma dei mesi ${ctx.wording.ofThe} per tutti i settori, per grande gruppo della professione richiesta (stime Excelsior, pubblicate come calcolate; n.d. dove Excelsior non dà il gruppo: le forze armate non sono rilevate); il totale è la somma dei gruppi, arrotondati ciascuno, e può differire di qualche decina da quello per provincia. ` +
      `Attivazioni: rapporti avviati ${ctx.wording.inThe} da lavoratori non UE, per grande gruppo della qualifica comunicata (CP2011); «Qualifica non indicata o non valida» raccoglie le qualifiche mancanti o che non sono codici CP2011. ` +
      'Le due fonti misurano cose diverse (intenzioni di assunzione delle imprese dell’industria e dei servizi con dipendenti, per lavoratori di ogni cittadinanza; rapporti avviati da ogni datore di lavoro con lavoratori non UE): le quote ne confrontano la composizione per professione, non i livelli.',
  };
}

/** The two shares by major group, as the table shows them: a withheld share is marked n.p., one not available n.d. */
function occupationChart(table: ReportTable): ReportChart[] {
  const lines = table.rows.slice(0, -1);
  if (lines.length < 2) return [];
  const chart = barChart({
    id: 'professioni',
    title: 'Entrate previste e attivazioni non UE per grande gruppo professionale (% sul totale di ciascuna fonte)',
    description:
      'Grafico a barre orizzontali: per ogni grande gruppo professionale, la quota sulle entrate previste Excelsior e la quota sulle attivazioni di lavoratori non UE.',
    bars: lines.flatMap((row) => [
      { category: String(row[0]), series: 'Entrate previste (Excelsior)', value: row[2]! },
      { category: String(row[0]), series: 'Attivazioni non UE (CO)', value: row[6]! },
    ]),
    orientation: 'horizontal',
    valueTitle: '% sul totale della fonte',
    kind: 'percent',
  });
  return chart ? [chart] : [];
}
