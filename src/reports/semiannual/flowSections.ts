import { sources } from '../page/sources.js';
import { flowKey } from './figureKeys.js';
import { categoryTable, shownAs, small, type CategoryRow, type Published } from '../page/publishTables.js';
import type { Semester } from '../../marts/orimTables.js';
import { barChart } from '../page/barChart.js';
import { formatIt } from '../page/formatIt.js';
import { classeEtaOrder, contrattoLabel, gruppoLabel, sessoLabel } from '../page/labels.js';
import { reportQuery } from './prepareReportData.js';
import { change, n, type ReportContext } from './reportContext.js';
import {
  isSuppressed,
  SUPPRESSED,
  type CellValue,
  type Column,
  type ReportChart,
  type ReportSection,
  type ReportTable,
} from '../page/reportModel.js';

export type FlowRow = {
  semestre: string;
  gruppo: string;
  dimensione: string;
  valore: string;
  attivazioni: string;
  lavoratori_attivati: string;
  cessazioni_comunicate: string;
  cessazioni_a_termine: string;
  cessazioni: string;
  lavoratori_cessati: string;
  trasformazioni_ti: string;
  trasformazioni_nette: string;
  proroghe: string;
  saldo: string;
};

/**
 * The columns of a flow table: rapporti (events) and, beside activations and
 * cessations, the distinct workers they concern (counted from the events, never
 * added up from cells: the workers of the rows need not add up to the total).
 */
const flowColumns: Column[] = [
  { label: 'Attivazioni (rapporti)', kind: 'count' },
  { label: 'Lavoratori attivati', kind: 'count' },
  { label: 'Cessazioni comunicate (rapporti)', kind: 'count' },
  { label: 'Cessazioni a termine (implicite, rapporti)', kind: 'count' },
  { label: 'Lavoratori cessati', kind: 'count' },
  { label: 'Trasformazioni a tempo indeterminato', kind: 'count' },
  { label: 'Proroghe', kind: 'count' },
  { label: 'Saldo (rapporti)', kind: 'count' },
];
/** Where the transformations are in a flow table's counts. */
const TRANSFORMATIONS = 5;
const contractColumns: Column[] = [...flowColumns];
contractColumns[TRANSFORMATIONS] = {
  label: 'Trasformazioni a tempo indeterminato (+ verso TI, − dal gruppo di partenza)',
  kind: 'count',
};
/** saldo = attivazioni − cessazioni comunicate − cessazioni a termine (+ the net transformations, by contract). */
const saldoOf = (byContract: boolean): Record<number, number> =>
  byContract ? { 0: 1, 2: -1, 3: -1, [TRANSFORMATIONS]: 1 } : { 0: 1, 2: -1, 3: -1 };

/**
 * Counts then saldo. Transformations: their number, except in the contract table, where
 * they are the net effect on each group's balance (+ in TI, − in the group left).
 */
const measures = (r: FlowRow, byContract = false) => ({
  counts: [
    n(r.attivazioni),
    n(r.lavoratori_attivati),
    n(r.cessazioni_comunicate),
    n(r.cessazioni_a_termine),
    n(r.lavoratori_cessati),
    n(byContract ? r.trasformazioni_nette : r.trasformazioni_ti),
    n(r.proroghe),
  ],
  derived: [n(r.saldo)],
});

const byDimension: {
  dim: string;
  title: string;
  keyLabel: string;
  label: (ctx: ReportContext, v: string) => string;
  order?: string[];
}[] = [
  { dim: 'provincia', title: 'per provincia', keyLabel: 'Provincia', label: (ctx, v) => ctx.labels.provincia(v) },
  { dim: 'sesso', title: 'per sesso', keyLabel: 'Sesso', label: (_, v) => sessoLabel[v] ?? v },
  {
    dim: 'classe_eta',
    title: "per classe d'età",
    keyLabel: 'Classe di età',
    label: (_, v) => v,
    order: classeEtaOrder,
  },
  {
    dim: 'ateco_sezione',
    title: 'per sezione ATECO',
    keyLabel: 'Sezione ATECO 2007',
    label: (ctx, v) => ctx.labels.ateco(v),
  },
  {
    dim: 'gruppo_contratto',
    title: 'per tipo di contratto',
    keyLabel: 'Contratto',
    label: (_, v) => contrattoLabel[v] ?? v,
    order: ['TI', 'TD', 'AP', 'ALTRO'],
  },
];

/** What the flow section built: the section, the totals of the report's period, and the earlier periods' totals as published. */
export interface FlowSection {
  section: ReportSection;
  totals: Map<string, FlowRow>;
  /**
   * A total of a citizenship group (NUE, TOTALE) in the report's period or in one it is
   * compared with, as the flow tables of that period published it (that period's own
   * registry for an earlier one); undefined for another period or one not covered.
   */
  shownTotal: (semestre: string, gruppo: string, measure: string) => CellValue | undefined;
}

/** Section 1 of reports.md: CO flows in the period, their breakdowns and changes. */
export async function flowSection(ctx: ReportContext): Promise<FlowSection> {
  const rows = await reportQuery<FlowRow>(ctx.db, 'flussi_dimensioni', ctx.params, ctx.tables);
  const tables: ReportTable[] = [];
  const charts: ReportChart[] = [];
  const chart = (c: ReportChart | undefined) => {
    if (c) charts.push(c);
  };
  const { breakdowns, byGroup, totals } = publishFlowTables(ctx, rows, ctx.semester.semestre, ctx.published);
  for (const [d, table] of breakdowns) {
    if (d.dim === 'provincia' || (d.dim === 'ateco_sezione' && ctx.province))
      chart(
        flowsChart(
          `flussi-${d.dim}`,
          `Lavoratori non UE: attivazioni e cessazioni di rapporti ${d.title}`,
          d.title,
          table,
        ),
      );
    if (d.dim === 'gruppo_contratto') chart(saldoChart(table));
  }
  tables.push(byGroup);
  // What the reports of the compared periods published (the same tables, same threshold):
  // the comparison must not show what those reports withheld.
  const earlier = new Map<string, Published>();
  for (const { period: s } of ctx.compared) {
    const registry: Published = new Map();
    publishFlowTables(ctx, rows, s.semestre, registry);
    earlier.set(s.semestre, registry);
  }
  tables.push(comparisonTable(ctx, rows, earlier), ...breakdowns.map(([, t]) => t));
  // a year's report has the series of the years instead (reports/annual/seriesSection.ts)
  if (ctx.semester.kind === 'semester') chart(semestersChart(ctx, rows, earlier));

  const nue = totals.get('NUE');
  const w = ctx.wording;
  const paragraphs = [
    `Attivazioni: rapporti di lavoro iniziati ${w.inThe} (comunicazioni di assunzione effettive, dopo rettifiche e annullamenti). ` +
      `Cessazioni: rapporti finiti ${w.inThe}, uno per rapporto anche se ne sono state comunicate più cessazioni (conta la prima): quelli con una cessazione comunicata e, a parte, ` +
      `i rapporti a termine giunti alla data di fine prevista senza comunicazione di cessazione (cessazioni implicite). ` +
      `Lavoratori attivati e lavoratori cessati: persone distinte con almeno un’attivazione, o un rapporto finito, ${w.inThe} e nella riga; ` +
      `un lavoratore assunto due volte conta due attivazioni e un lavoratore, e un lavoratore presente in due righe (due province, per esempio) conta in ciascuna: le righe non si sommano al totale dei lavoratori. ` +
      `Saldo = attivazioni − cessazioni (rapporti). Trasformazioni a tempo indeterminato: il numero delle trasformazioni ${w.inThe}; ` +
      `spostano un rapporto tra gruppi di contratto senza cambiare il saldo complessivo.`,
  ];
  if (nue) {
    const f = (v: CellValue) => formatIt(v, 'count');
    paragraphs.push(
      `Nel ${w.label} i lavoratori non UE hanno avuto ${f(flowShown(ctx, 'NUE', 'attivazioni', nue))} attivazioni ` +
        `(${f(flowShown(ctx, 'NUE', 'lavoratori_attivati', nue))} lavoratori) e ` +
        `${f(flowShown(ctx, 'NUE', 'cessazioni', nue))} cessazioni di rapporti (di cui ${f(flowShown(ctx, 'NUE', 'cessazioni_a_termine', nue))} implicite; ` +
        `${f(flowShown(ctx, 'NUE', 'lavoratori_cessati', nue))} lavoratori), saldo ${f(flowShown(ctx, 'NUE', 'saldo', nue))}.`,
    );
  }
  const shownTotal = (semestre: string, gruppo: string, measure: string): CellValue | undefined => {
    const current = semestre === ctx.semester.semestre;
    const registry = current ? ctx.published : earlier.get(semestre);
    const covered = current || ctx.compared.some((c) => c.period.semestre === semestre && c.covered);
    if (!registry || !covered) return undefined;
    const r = rows.find((x) => x.semestre === semestre && x.gruppo === gruppo && x.dimensione === 'totale');
    return r ? flowShown(ctx, gruppo, measure, r, registry) : 0;
  };
  return {
    section: { id: 'flussi', title: 'Flussi: attivazioni, cessazioni, trasformazioni', paragraphs, tables, charts },
    totals,
    shownTotal,
  };
}

/**
 * The flow tables of one semester published into a registry: the non-EU breakdowns
 * first (their totals are the non-EU row of the table by citizenship group, which
 * must then protect its small groups with others), then the table by group.
 */
function publishFlowTables(ctx: ReportContext, rows: FlowRow[], semestre: string, published: Published) {
  const current = rows.filter((r) => r.semestre === semestre);
  const totals = new Map(
    ['ITA', 'UE', 'NUE', 'TOTALE'].flatMap((g) => {
      const r = current.find((x) => x.gruppo === g && x.dimensione === 'totale');
      return r ? [[g, r] as const] : [];
    }),
  );
  const nue = totals.get('NUE');
  const breakdowns: [(typeof byDimension)[number], ReportTable][] = [];
  for (const d of byDimension) {
    if (d.dim === 'provincia' && ctx.province) continue;
    const byContract = d.dim === 'gruppo_contratto';
    const cells = current
      .filter((r) => r.gruppo === 'NUE' && r.dimensione === d.dim)
      .sort((a, b) => order(d.order, a.valore) - order(d.order, b.valore) || a.valore.localeCompare(b.valore));
    const names = measureNames(byContract);
    breakdowns.push([
      d,
      categoryTable({
        title: `Lavoratori non UE: flussi ${d.title}`,
        source: sources.co,
        keyLabel: d.keyLabel,
        columns: byContract ? contractColumns : flowColumns,
        rows: cells.map((r) => ({ key: r.valore, label: d.label(ctx, r.valore), ...measures(r, byContract) })),
        ...(nue ? { total: measures(nue, byContract) } : {}),
        minCell: ctx.minCell,
        derivedAs: [saldoOf(byContract)],
        published,
        keyOf: (line, column) =>
          line === cells.length
            ? flowKey('NUE', names[column]!)
            : // the TI row's net transformations are all of them: the figure the other tables total
              byContract && column === TRANSFORMATIONS && cells[line]!.valore === 'TI'
              ? flowKey('NUE', 'trasformazioni_ti')
              : flowKey('NUE', names[column]!, [d.dim, cells[line]!.valore]),
        ...(byContract
          ? {
              note: 'Una trasformazione a tempo indeterminato (da tempo determinato, apprendistato o altro contratto) conta +1 nel saldo del tempo indeterminato e −1 in quello del gruppo di partenza; la riga del tempo indeterminato ne dà il numero. Attivazioni, cessazioni e lavoratori sono nel gruppo del contratto attivato o cessato.',
            }
          : {}),
      }),
    ]);
  }
  const groups = ['ITA', 'UE', 'NUE']
    .filter((g) => totals.has(g))
    .map((g): CategoryRow => ({ key: g, label: gruppoLabel[g]!, ...measures(totals.get(g)!) }));
  const all = totals.get('TOTALE');
  const names = measureNames(false);
  const byGroup = categoryTable({
    title: 'Flussi per gruppo di cittadinanza',
    source: sources.co,
    keyLabel: 'Cittadinanza',
    columns: flowColumns,
    rows: groups,
    ...(all ? { total: measures(all) } : {}),
    minCell: ctx.minCell,
    derivedAs: [saldoOf(false)],
    published,
    keyOf: (line, column) => flowKey(line === groups.length ? 'TOTALE' : groups[line]!.key, names[column]!),
  });
  // cessazioni (communicated plus implied) is shown where both parts are
  for (const g of ['NUE', 'TOTALE']) {
    const parts = ['cessazioni_comunicate', 'cessazioni_a_termine'].map((m) => published.get(flowKey(g, m)) === true);
    published.set(flowKey(g, 'cessazioni'), parts.some(Boolean) || small(n(totals.get(g)?.cessazioni), ctx.minCell));
  }
  return { breakdowns, byGroup, totals };
}

const order = (list: string[] | undefined, v: string) => (list ? list.indexOf(v) + 1 || 99 : 0);

/** The measures of a flow table's columns, naming its figures in the registry. */
const measureNames = (byContract: boolean) => [
  'attivazioni',
  'lavoratori_attivati',
  'cessazioni_comunicate',
  'cessazioni_a_termine',
  'lavoratori_cessati',
  byContract ? 'trasformazioni_nette' : 'trasformazioni_ti',
  'proroghe',
  'saldo',
];

/**
 * A flow total of the semester as the report's tables published it; cessazioni
 * (communicated plus implied) is withheld with either part.
 */
export function flowShown(
  ctx: ReportContext,
  gruppo: string,
  measure: string,
  r: FlowRow,
  published: Published = ctx.published,
): CellValue {
  return shownAs(published, flowKey(gruppo, measure), n(r[measure as keyof FlowRow]), ctx.minCell);
}

const comparisonLabel = {
  attivazioni: 'Attivazioni (rapporti)',
  lavoratori_attivati: 'Lavoratori attivati',
  cessazioni: 'Cessazioni (rapporti)',
  lavoratori_cessati: 'Lavoratori cessati',
  saldo: 'Saldo (rapporti)',
};

/** Activations, cessations (rapporti and workers) and balance against the periods compared (ctx.compared). */
function comparisonTable(ctx: ReportContext, rows: FlowRow[], earlier: Map<string, Published>): ReportTable {
  let suppressed = 0;
  const body: CellValue[][] = [];
  for (const [gruppo, label] of [
    ['NUE', 'non UE'],
    ['TOTALE', 'tutti i lavoratori'],
  ] as const) {
    // each semester's figures as its own report published them (its tables and registry)
    const at = (s: Semester, covered: boolean, m: string): { shown: CellValue; value: number } | null => {
      if (!covered) return null;
      const r = rows.find((x) => x.semestre === s.semestre && x.gruppo === gruppo && x.dimensione === 'totale');
      if (!r) return { shown: 0, value: 0 };
      return {
        shown: flowShown(ctx, gruppo, m, r, earlier.get(s.semestre) ?? ctx.published),
        value: n(r[m as keyof FlowRow]),
      };
    };
    for (const m of ['attivazioni', 'lavoratori_attivati', 'cessazioni', 'lavoratori_cessati', 'saldo'] as const) {
      const cur = at(ctx.semester, true, m)!;
      const before = ctx.compared.map((c) => at(c.period, c.covered, m));
      suppressed += [cur, ...before].filter((v) => v !== null && isSuppressed(v.shown)).length;
      const pct = (b: { shown: CellValue; value: number } | null): CellValue =>
        m === 'saldo' || b === null
          ? null
          : isSuppressed(cur.shown) || isSuppressed(b.shown)
            ? SUPPRESSED
            : change(cur.value, b.value);
      body.push([`${comparisonLabel[m]} (${label})`, cur.shown, ...before.flatMap((b) => [b?.shown ?? null, pct(b)])]);
    }
  }
  return {
    title: ctx.wording.comparedTitle,
    source: sources.co,
    columns: [
      { label: 'Indicatore', kind: 'text' },
      { label: ctx.semester.semestre, kind: 'count' },
      ...ctx.compared.flatMap(({ period: p }): Column[] => [
        { label: p.semestre, kind: 'count' },
        { label: `Var. % su ${p.semestre}`, kind: 'change' },
      ]),
    ],
    rows: body,
    suppressed,
    note: `n.d.: ${ctx.wording.noun} non coperto dai dati caricati (o variazione non calcolabile: saldo, base zero).`,
  };
}

/** The rows of a published table, its total row left out. */
const bodyRows = (table: ReportTable) => (table.totalRow ? table.rows.slice(0, -1) : table.rows);

/** The sum of published counts: withheld when one of them is (the sum would give it away), n.d. when one is. */
function sumShown(values: CellValue[]): CellValue {
  if (values.some(isSuppressed)) return SUPPRESSED;
  if (values.some((v) => v === null)) return null;
  return values.reduce<number>((a, v) => a + Number(v), 0);
}

function flowsChart(id: string, title: string, what: string, table: ReportTable): ReportChart | undefined {
  // cessations: communicated + implied, shown where both parts are
  return barChart({
    id,
    title,
    description: `Grafico a barre orizzontali: attivazioni e cessazioni di rapporti di lavoratori non UE nel semestre, ${what}.`,
    orientation: 'horizontal',
    bars: bodyRows(table).flatMap((r) => [
      { category: String(r[0]), series: 'Attivazioni', value: r[1]! },
      { category: String(r[0]), series: 'Cessazioni', value: sumShown([r[3]!, r[4]!]) },
    ]),
  });
}

function saldoChart(table: ReportTable): ReportChart | undefined {
  return barChart({
    id: 'saldo-contratto',
    title: 'Lavoratori non UE: saldo per tipo di contratto (trasformazioni incluse)',
    description:
      'Grafico a barre orizzontali: saldo tra attivazioni e cessazioni di rapporti di lavoratori non UE nel semestre, per tipo di contratto, con le trasformazioni a tempo indeterminato (in rosso i saldi negativi).',
    orientation: 'horizontal',
    valueTitle: 'Saldo',
    negativeRed: true,
    step: 24,
    bars: bodyRows(table).map((r) => ({ category: String(r[0]), value: r.at(-1)! })),
  });
}

function semestersChart(ctx: ReportContext, rows: FlowRow[], earlier: Map<string, Published>): ReportChart | undefined {
  // oldest first: the same semester a year before, the previous one, the report's
  const semesters = [
    ...ctx.compared.map((c) => [c.period, c.covered] as const).reverse(),
    [ctx.semester, true] as const,
  ];
  const bars = semesters.flatMap(([s, covered]) => {
    const r = rows.find((x) => x.semestre === s.semestre && x.gruppo === 'NUE' && x.dimensione === 'totale');
    // a semester the data do not cover is not available (n.d.), not zero
    const shown = (m: 'attivazioni' | 'cessazioni'): CellValue =>
      !covered ? null : !r ? 0 : flowShown(ctx, 'NUE', m, r, earlier.get(s.semestre) ?? ctx.published);
    return [
      { category: s.semestre, series: 'Attivazioni', value: shown('attivazioni') },
      { category: s.semestre, series: 'Cessazioni', value: shown('cessazioni') },
    ];
  });
  return barChart({
    id: 'semestri',
    title: 'Lavoratori non UE: attivazioni e cessazioni di rapporti nei semestri a confronto',
    description: `Grafico a barre verticali: attivazioni e cessazioni di rapporti di lavoratori non UE nel ${ctx.semester.semestre}, nel semestre precedente e nello stesso semestre dell’anno prima.`,
    orientation: 'vertical',
    bars,
  });
}
