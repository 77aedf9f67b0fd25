import { sources } from '../page/sources.js';
import { reportQuery } from './prepareReportData.js';
import type { ReportContext } from './reportContext.js';
import type { CellValue, Column, ReportChart, ReportSection, ReportTable } from '../page/reportModel.js';
import { barChart } from '../page/barChart.js';

type RateRow = {
  periodo: string;
  provincia: string;
  indicatore: string;
  sesso: string;
  eta: string;
  stranieri: number | null;
  italiani: number | null;
  totale: number | null;
  divario: number | null;
};

/** Lombardy's own estimate in the ORIM table (istat_forze_lavoro.sql). */
const REGION = 'TOTALE';

const indicatorLabel: Record<string, string> = {
  EMP_R: 'Tasso di occupazione',
  UNEM_R: 'Tasso di disoccupazione',
  ACT_R: 'Tasso di attività',
};
const sexLabel: Record<string, string> = { M: 'maschi', F: 'femmine' };

/** ISTAT's age class in words: Y15-64 is 15-64 anni, Y_GE15 15 anni e più. */
function ageClassLabel(eta: string): string {
  const range = /^Y(\d+)-(\d+)$/.exec(eta);
  if (range) return `${range[1]}-${range[2]} anni`;
  const open = /^Y_GE(\d+)$/.exec(eta);
  if (open) return `${open[1]} anni e più`;
  return eta;
}

const rateColumns: Column[] = [
  { label: 'Stranieri (%)', kind: 'percent' },
  { label: 'Italiani (%)', kind: 'percent' },
  { label: 'Totale (%)', kind: 'percent' },
  { label: 'Divario stranieri − italiani (punti)', kind: 'decimal' },
];
const rates = (r: RateRow): CellValue[] => [r.stranieri, r.italiani, r.totale, r.divario];

const sampleNote =
  'Le stime provinciali della Rilevazione sulle forze di lavoro poggiano su un campione piccolo, tanto più per gli stranieri: ' +
  'hanno intervalli di confidenza ampi, e il divario di una provincia piccola è indicativo. La stima della Lombardia è la più precisa.';
const gapNote =
  'Divario: tasso degli stranieri meno tasso degli italiani, in punti percentuali, calcolato sui tassi ISTAT non arrotondati ' +
  '(può differire di un decimo dalla differenza dei tassi come sono mostrati).';

/**
 * The labour-force section: ISTAT's employment, unemployment and activity rates of
 * foreigners and Italians (RCFL), the latest year loaded up to the semester's, and the
 * gap in points. Rates are ISTAT's estimates, shown as ISTAT publishes them (no
 * small-count rule: they count none of our records). The region's report shows
 * Lombardy's own estimate by sex, then each rate by province; a province's report its
 * province's rates.
 */
export async function labourForceSection(ctx: ReportContext): Promise<ReportSection> {
  const rows = await reportQuery<RateRow>(ctx.db, 'forze_lavoro', ctx.params, ctx.tables);
  const year = ctx.semester.inizio.slice(0, 4);
  const section = (paragraphs: string[], tables: ReportTable[], charts: ReportChart[] = []): ReportSection => ({
    id: 'forze-lavoro',
    title: 'Popolazione attiva: occupazione, disoccupazione e attività di stranieri e italiani',
    paragraphs,
    tables,
    charts,
  });
  if (rows.length === 0) {
    return section(
      [`Nessun tasso annuale della Rilevazione sulle forze di lavoro ISTAT (RCFL) caricato fino al ${year}.`],
      [],
    );
  }
  const years = [...new Set(rows.map((r) => r.periodo))].sort();
  const when =
    years.length === 1
      ? `anno ${years[0]}${years[0] === year ? '' : ' (ultimo dato disponibile)'}`
      : 'ultimo anno disponibile per ciascun tasso';
  const indicators = Object.keys(indicatorLabel).filter((i) => rows.some((r) => r.indicatore === i));
  const label = (r: RateRow) =>
    `${indicatorLabel[r.indicatore]} (${ageClassLabel(r.eta)})${r.sesso === 'T' ? '' : `, ${sexLabel[r.sesso] ?? r.sesso}`}`;
  const territory = ctx.province ?? REGION;
  const place = ctx.province ? ctx.labels.provincia(ctx.province) : 'Lombardia';
  const tables: ReportTable[] = [];
  const own = rows.filter((r) => r.provincia === territory);
  if (own.length > 0) {
    tables.push({
      title: `${place}: tassi di stranieri e italiani, ${when}`,
      source: sources.istatRcfl,
      columns: [{ label: 'Indicatore', kind: 'text' }, { label: 'Anno', kind: 'text' }, ...rateColumns],
      rows: own.map((r) => [label(r), r.periodo, ...rates(r)]),
      suppressed: 0,
      note: ctx.province ? `${gapNote} ${sampleNote}` : gapNote,
    });
  }
  const charts: ReportChart[] = [];
  if (!ctx.province) {
    for (const indicator of indicators) {
      const sorted = rows
        .filter((r) => r.indicatore === indicator && r.sesso === 'T' && r.provincia !== REGION)
        .sort((a, b) => a.provincia.localeCompare(b.provincia));
      if (sorted.length === 0) continue;
      const region = rows.find((r) => r.indicatore === indicator && r.sesso === 'T' && r.provincia === REGION);
      // one year and one age class per rate (forze_lavoro.sql)
      const first = sorted[0]!;
      tables.push({
        title: `${indicatorLabel[indicator]} (${ageClassLabel(first.eta)}) per provincia, anno ${first.periodo}`,
        source: sources.istatRcfl,
        columns: [{ label: 'Provincia', kind: 'text' }, ...rateColumns],
        rows: [
          ...sorted.map((r) => [ctx.labels.provincia(r.provincia), ...rates(r)]),
          ...(region ? [['Lombardia (stima regionale)', ...rates(region)]] : []),
        ],
        // Lombardy's row is ISTAT's estimate for the region, not a sum of the provinces
        totalRow: Boolean(region),
        suppressed: 0,
        note: sampleNote,
      });
      if (indicator === 'EMP_R') {
        const bars = sorted.flatMap((r) =>
          [
            { series: 'Stranieri', value: r.stranieri },
            { series: 'Italiani', value: r.italiani },
          ].map((v) => ({ category: ctx.labels.provincia(r.provincia), ...v })),
        );
        const chart = bars.filter((b) => b.value !== null).length > 1 ? employmentChart(bars, first) : undefined;
        if (chart) charts.push(chart);
      }
    }
  }
  const paragraphs = [
    `Tassi della Rilevazione sulle forze di lavoro ISTAT per cittadinanza (stranieri e italiani), ${when}: ` +
      'ISTAT pubblica le stime annuali nei mesi successivi alla fine dell’anno, e le province hanno solo stime annuali. ' +
      'Sono stime campionarie di ISTAT, riportate come ISTAT le pubblica.',
    ...(ctx.province ? [] : [sampleNote]),
  ];
  return section(paragraphs, tables, charts);
}

/** Rates of foreigners and Italians by province; a rate ISTAT does not give is marked n.d., not drawn. */
function employmentChart(bars: { category: string; series: string; value: number | null }[], row: RateRow) {
  return barChart({
    id: 'tasso-occupazione',
    title: `Tasso di occupazione (${ageClassLabel(row.eta)}) di stranieri e italiani per provincia, anno ${row.periodo}`,
    description: `Grafico a barre orizzontali: tasso di occupazione per cento di stranieri e italiani in ogni provincia, anno ${row.periodo}.`,
    bars,
    orientation: 'horizontal',
    valueTitle: 'per cento',
    kind: 'decimal',
  });
}
