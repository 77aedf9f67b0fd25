import { seriesYears, SERIES_YEARS } from '../../marts/report/years.js';
import { small } from '../page/publishTables.js';
import { isSuppressed, SUPPRESSED, type CellValue, type ReportSection, type ReportTable } from '../page/reportModel.js';
import { barChart } from '../page/barChart.js';
import { sources } from '../page/sources.js';
import type { FlowSection } from '../semiannual/flowSections.js';
import { reportQuery } from '../semiannual/prepareReportData.js';
import { n, type ReportContext } from '../semiannual/reportContext.js';

type SeriesRow = {
  anno: string;
  attivazioni: string;
  cessazioni: string;
  saldo: string;
  lavoratori_attivati: string;
};

const measures = [
  ['attivazioni', 'Attivazioni (rapporti)'],
  ['cessazioni', 'Cessazioni (rapporti)'],
  ['saldo', 'Saldo (rapporti)'],
  ['lavoratori_attivati', 'Lavoratori attivati'],
] as const;

/**
 * The annual report's series: non-EU activations, cessations, saldo and distinct workers
 * hired in each year the data cover (both semesters, seriesYears), the last ten up to
 * the report's year, each computed over its own 1 January to 31 December
 * (serie_annuale.sql), never added up from semesters. The report's year and the year it
 * is compared with show each figure as the flow section and the comparison published it
 * (flows.shownTotal); the other years, which no other table shows, under the small-count
 * rule, saldo withheld with activations or cessations. The years of the span the data do
 * not cover are named in the note.
 */
export async function seriesSection(ctx: ReportContext, flows: FlowSection): Promise<ReportSection> {
  const years = await seriesYears(ctx.db, ctx.semester, ctx.province);
  const rows: SeriesRow[] = [];
  for (const y of years.covered) {
    const params = { ...ctx.params, semestre: y.semestre, inizio: y.inizio, fine: y.fine };
    rows.push(...(await reportQuery<SeriesRow>(ctx.db, 'serie_annuale', params, ctx.tables)));
  }
  let suppressed = 0;
  const body = rows.map((r): CellValue[] => {
    const own = (m: (typeof measures)[number][0]): CellValue => (small(n(r[m]), ctx.minCell) ? SUPPRESSED : n(r[m]));
    const line = measures.map(([m]) => flows.shownTotal(r.anno, 'NUE', m) ?? own(m));
    // saldo = attivazioni − cessazioni: withheld with either
    if ((isSuppressed(line[0]!) || isSuppressed(line[1]!)) && flows.shownTotal(r.anno, 'NUE', 'saldo') === undefined)
      line[2] = SUPPRESSED;
    suppressed += line.filter(isSuppressed).length;
    return [r.anno, ...line];
  });
  const where = ctx.province ? ` nella provincia di ${ctx.labels.provincia(ctx.province)}` : '';
  const missing = years.notCovered.map((c) => c.semester.semestre);
  const missingNote =
    missing.length > 0
      ? `Non ${missing.length === 1 ? 'è nella serie il' : 'sono nella serie gli anni'} ${missing.join(', ')}: i dati caricati non ` +
        `${missing.length === 1 ? 'lo coprono' : 'li coprono'} per intero${where} (non tutti i mesi in volume normale).`
      : '';
  const span = rows.length > 1 ? `${rows[0]!.anno}-${rows.at(-1)!.anno}` : (rows[0]?.anno ?? '');
  const paragraphs = [
    `Lavoratori non UE${where}: attivazioni, cessazioni e saldo dei rapporti e lavoratori attivati (persone distinte) di ciascun anno ` +
      `coperto dai dati fino al ${ctx.semester.semestre}, al più gli ultimi ${SERIES_YEARS}. Ogni anno è calcolato sui dati dal 1° gennaio al 31 dicembre, ` +
      'non sommando i semestri: un lavoratore assunto in entrambi i semestri è un lavoratore dell’anno.',
    ...(rows.length === 0
      ? [
          `Nessun anno fino al ${ctx.semester.semestre} è coperto per intero dai dati caricati${where}: la serie non è disponibile. ${missingNote}`,
        ]
      : []),
  ];
  if (rows.length === 0) return { id: 'serie', title: 'Serie annuale', paragraphs, tables: [], charts: [] };
  const table: ReportTable = {
    title: `Lavoratori non UE: attivazioni, cessazioni, saldo e lavoratori attivati per anno, ${span}`,
    source: sources.co,
    columns: [{ label: 'Anno', kind: 'text' }, ...measures.map(([, label]) => ({ label, kind: 'count' as const }))],
    rows: body,
    suppressed,
    note:
      'Lavoratori attivati: persone distinte con almeno un’attivazione nell’anno. Cessazioni comunicate e implicite, una per rapporto.' +
      (missingNote ? ` ${missingNote}` : ''),
  };
  const chart = barChart({
    id: 'serie-annuale',
    title: 'Lavoratori non UE: attivazioni, cessazioni, saldo e lavoratori attivati per anno',
    description:
      'Grafico a barre verticali: per ogni anno della serie, attivazioni, cessazioni e saldo dei rapporti di lavoratori non UE e lavoratori attivati.',
    bars: body.flatMap((line) =>
      measures.map(([, label], i) => ({ category: String(line[0]), series: label, value: line[i + 1]! })),
    ),
    orientation: 'vertical',
    step: 90,
  });
  return {
    id: 'serie',
    title: `Serie annuale ${span}`,
    paragraphs,
    tables: [table],
    charts: chart ? [chart] : [],
  };
}
