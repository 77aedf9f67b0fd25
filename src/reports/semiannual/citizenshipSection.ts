import { sources } from '../page/sources.js';
import { categoryTable, small } from '../page/publishTables.js';
import { reportQuery } from './prepareReportData.js';
import { change, n, type ReportContext } from './reportContext.js';
import { flowKey } from './figureKeys.js';
import type { FlowRow } from './flowSections.js';
import { barChart } from '../page/barChart.js';
import { isSuppressed, SUPPRESSED, type Column, type ReportSection } from '../page/reportModel.js';

type TopRow = {
  cittadinanza: string;
  nome: string;
  attivazioni: string;
  cessazioni: string;
  saldo: string;
  attivazioni_prec: string | null;
  attivazioni_anno_prec: string | null;
};

/** The ten largest non-EU citizenships by activations, with the changes in activations. */
export async function citizenshipSection(ctx: ReportContext, nue: FlowRow | undefined): Promise<ReportSection> {
  const rows = await reportQuery<TopRow>(ctx.db, 'cittadinanze_principali', ctx.params, ctx.tables);
  // A change next to a shown count gives the earlier count away: withheld when that one is small.
  const pct = (cur: number, before: string | null, covered: boolean) =>
    !covered
      ? null
      : small(cur, ctx.minCell) || small(n(before), ctx.minCell)
        ? SUPPRESSED
        : change(cur, before === null ? 0 : n(before));
  const top = rows.map((r) => ({
    key: r.cittadinanza,
    label: r.nome,
    counts: [n(r.attivazioni), n(r.cessazioni)],
    derived: [n(r.saldo)],
  }));
  // The other citizenships and the non-EU total close the table: without them, ten rows
  // that hold every non-EU worker of a small province would add up to the published total.
  const total = { counts: [n(nue?.attivazioni), n(nue?.cessazioni)], derived: [n(nue?.saldo)] };
  const rest = total.counts.map((v, i) => v - top.reduce((a, r) => a + r.counts[i]!, 0));
  const lines = [
    ...top,
    { key: '*', label: 'Altre cittadinanze non UE', counts: rest, derived: [rest[0]! - rest[1]!] },
  ];
  const names = ['attivazioni', 'cessazioni', 'saldo'];
  const table = categoryTable({
    title: 'Le dieci principali cittadinanze non UE per attivazioni',
    source: sources.co,
    keyLabel: 'Cittadinanza',
    columns: [
      { label: 'Attivazioni (rapporti)', kind: 'count' },
      { label: 'Cessazioni (rapporti)', kind: 'count' },
      { label: 'Saldo (rapporti)', kind: 'count' },
    ],
    rows: lines,
    total,
    minCell: ctx.minCell,
    derivedAs: [{ 0: 1, 1: -1 }],
    published: ctx.published,
    keyOf: (line, column) =>
      line === lines.length
        ? flowKey('NUE', names[column]!)
        : line < top.length
          ? flowKey('NUE', names[column]!, ['cittadinanza', top[line]!.key])
          : undefined,
  });
  // the query's columns of the periods compared, in ctx.compared's order ($semestre_prec, $semestre_anno_prec)
  const before = (r: TopRow, i: number) => (i === 0 ? r.attivazioni_prec : r.attivazioni_anno_prec);
  table.columns.push(
    ...ctx.compared.map(({ period: p }): Column => ({ label: `Var. % attivazioni su ${p.semestre}`, kind: 'change' })),
  );
  table.rows.forEach((line, i) => {
    const r = rows[i];
    const hidden = line.some(isSuppressed);
    line.push(
      ...ctx.compared.map(({ covered }, c) =>
        !r ? null : hidden ? SUPPRESSED : pct(n(r.attivazioni), before(r, c), covered),
      ),
    );
  });
  table.note = `Cittadinanza del lavoratore (codice ISTAT del paese); rapporti: cessazioni comunicate (una per rapporto) e implicite. n.d.: ${ctx.wording.noun} di confronto non coperto dai dati o senza attivazioni.`;
  return {
    id: 'cittadinanze',
    title: 'Principali cittadinanze non UE',
    paragraphs: [
      `Le cittadinanze non UE con più attivazioni ${ctx.wording.inThe}, con la variazione delle attivazioni rispetto ${ctx.wording.toCompared}.`,
    ],
    tables: [table],
    // no chart of nothing: without a listed citizenship (or a shown figure) the table says it alone
    charts: [
      barChart({
        id: 'cittadinanze',
        title: 'Attivazioni per cittadinanza (prime dieci non UE)',
        description: `Grafico a barre orizzontali: attivazioni di rapporti ${ctx.wording.inThe} per le cittadinanze non UE con più attivazioni, dalla prima.`,
        orientation: 'horizontal',
        valueTitle: 'Attivazioni',
        step: 20,
        bars: table.rows.slice(0, top.length).map((line) => ({ category: String(line[0]), value: line[1]! })),
      }),
    ].filter((c) => c !== undefined),
  };
}
